"""The Bot Connector calls: conversations, activities, rosters and channels, and Teams' refusals."""

from __future__ import annotations

import base64
from typing import Any

import pytest

from localteams import Driver, LocalTeams
from tests.localteams.teamsbed import CHANNEL, OUTSIDER, RITA, SAM, TEAM, TENANT, Reply, call, message

PNG_URL = "data:image/png;base64," + base64.b64encode(b"\x89PNG\r\n\x1a\n" + bytes(30)).decode()


def picture(kind: str, url: str | None) -> dict[str, Any]:
    return {"contentType": kind, "contentUrl": url, "name": "a.png"}


def v3(teams: LocalTeams, path: str, token: str, method: str = "POST", body: Any = None) -> Reply:
    return call(f"{teams.service_url}/v3/{path}", method, json_body=body, token=token)


def personal(user: str) -> dict[str, Any]:
    return {"isGroup": False, "members": [{"id": user}], "tenantId": TENANT, "bot": {"id": "28:app"}}


def test_personal_conversation_needs_the_app_installed_for_the_user(
    teams: LocalTeams, driver: Driver, token: str
) -> None:
    refused = v3(teams, "conversations", token, body=personal(RITA))
    assert (refused.status, refused.body["error"]["code"]) == (403, "ForbiddenOperationException")
    conv = driver.install_personal(RITA)
    created = v3(teams, "conversations", token, body={**personal(RITA), "activity": message("Välkommen")})
    assert created.status == 201
    assert created.body["id"] == conv.id
    assert [(a.id, a.text) for a in teams.posted(conv.id)] == [(created.body["activityId"], "Välkommen")]


def test_create_refuses_unknown_members_and_group_chats(
    teams: LocalTeams, driver: Driver, token: str
) -> None:
    driver.install_personal(RITA)
    for body in (
        personal("29:okänd"),
        {**personal(RITA), "tenantId": "en-annan-tenant"},
        {**personal(RITA), "members": [{"id": RITA}, {"id": SAM}]},
        "inte ett objekt",
    ):
        reply = v3(teams, "conversations", token, body=body)
        assert reply.status == 400, body
    assert v3(teams, "conversations", token, body={**personal(RITA), "isGroup": True}).status == 400


def test_channel_needs_the_app_in_the_team_and_threads_stay_in_their_channel(
    teams: LocalTeams, driver: Driver, token: str
) -> None:
    thread = {"isGroup": True, "channelData": {"channel": {"id": CHANNEL}}, "activity": message("Dagordning")}
    refused = v3(teams, "conversations", token, body=thread)
    assert (refused.status, refused.body["error"]["code"]) == (403, "BotNotInConversationRoster")
    driver.install_in_team(TEAM, by=RITA)
    created = v3(teams, "conversations", token, body=thread).body
    assert created["id"] == f"{CHANNEL};messageid={created['activityId']}"
    assert (
        v3(teams, f"conversations/{created['id']}/activities", token, body=message("Punkt 1")).status == 201
    )
    assert [a.text for a in teams.posted(created["id"])] == ["Dagordning", "Punkt 1"]
    missing_root = v3(teams, f"conversations/{CHANNEL};messageid=999/activities", token, body=message())
    assert (missing_root.status, missing_root.body["error"]["code"]) == (404, "ConversationNotFound")
    assert v3(teams, "conversations", token, body={**thread, "activity": None}).status == 400


def test_uninstall_makes_every_call_there_forbidden(teams: LocalTeams, driver: Driver, token: str) -> None:
    conv = driver.install_personal(RITA)
    driver.install_in_team(TEAM, by=SAM)
    driver.uninstall_personal(RITA)
    driver.uninstall_from_team(TEAM, by=SAM)
    for path, method in (
        (f"conversations/{conv.id}/activities", "POST"),
        (f"conversations/{CHANNEL}/activities", "POST"),
        (f"conversations/{CHANNEL}/members", "GET"),
        (f"teams/{TEAM}/conversations", "GET"),
    ):
        reply = v3(teams, path, token, method, body=message() if method == "POST" else None)
        assert (reply.status, reply.body["error"]["code"]) == (403, "BotNotInConversationRoster"), path


def test_reply_update_and_delete_own_activities_only(teams: LocalTeams, driver: Driver, token: str) -> None:
    conv = driver.install_personal(RITA)
    users_message = driver.message(RITA, conv.id, "Hej Bryggan").activity["id"]
    reply = v3(teams, f"conversations/{conv.id}/activities/{users_message}", token, body=message("Hej Rita"))
    posted = reply.body["id"]
    assert teams.posted(conv.id)[0].body["replyToId"] == users_message
    one = f"conversations/{conv.id}/activities/{posted}"
    assert v3(teams, one, token, "PUT", message("Hej igen")).status == 200
    (edited,) = teams.posted(conv.id)
    assert (edited.text, edited.edits, edited.body["replyToId"]) == ("Hej igen", 1, users_message)
    theirs = v3(teams, f"conversations/{conv.id}/activities/{users_message}", token, "PUT", message("x"))
    assert theirs.status == 403
    assert v3(teams, one, token, "DELETE").status == 200
    assert teams.posted(conv.id) == []
    for method, body in (("DELETE", None), ("PUT", message()), ("POST", message())):
        gone = v3(teams, one, token, method, body)
        assert (gone.status, gone.body["error"]["code"]) == (404, "ActivityNotFoundInConversation"), method


def test_unknown_conversation_is_not_found(teams: LocalTeams, registration: object, token: str) -> None:
    reply = v3(teams, "conversations/a:okand/activities", token, body=message())
    assert (reply.status, reply.body["error"]["code"]) == (404, "ConversationNotFound")
    assert v3(teams, "teams/19:okant@thread.tacv2/conversations", token, "GET").status == 404


@pytest.mark.parametrize(
    ("body", "status", "code"),
    [
        ({"type": "event", "name": "x"}, 400, "BadArgument"),
        (message(""), 400, "BadArgument"),
        (message("x", attachments=[{"content": {}}]), 400, "BadArgument"),
        (message("x", textFormat="html"), 400, "BadArgument"),
        (message("å" * 15_000), 413, "MessageSizeTooBig"),
        (message("x", attachments=[picture("image/bmp", "data:image/bmp;base64,Qk0=")]), 400, "BadArgument"),
        (message("x", attachments=[picture("image/png", None)]), 400, "BadArgument"),
        (message("x", attachments=[picture("image/png", "http://example.com/a.png")]), 400, "BadArgument"),
        (
            message("x", attachments=[picture("image/png", "data:image/png;base64,not base64!")]),
            400,
            "BadArgument",
        ),
        (
            message("x", attachments=[picture("image/png", "data:image/png;base64,R0lGODlh")]),
            400,
            "BadArgument",
        ),
        (message("x", attachments=[picture("image/png", PNG_URL + "A" * 30_000)]), 413, "MessageSizeTooBig"),
    ],
)
def test_activities_teams_refuses(
    teams: LocalTeams, driver: Driver, token: str, body: dict[str, Any], status: int, code: str
) -> None:
    conv = driver.install_personal(RITA)
    reply = v3(teams, f"conversations/{conv.id}/activities", token, body=body)
    assert (reply.status, reply.body["error"]["code"]) == (status, code)
    assert teams.posted(conv.id) == []


def test_an_inline_picture_at_a_data_or_https_url_is_accepted(
    teams: LocalTeams, driver: Driver, token: str
) -> None:
    conv = driver.install_personal(RITA)
    for url in (PNG_URL, "https://example.com/a.png"):
        sent = v3(
            teams,
            f"conversations/{conv.id}/activities",
            token,
            body=message("Diagram", attachments=[picture("image/png", url)]),
        )
        assert sent.status == 201
    assert [a.images[0]["contentUrl"] for a in teams.posted(conv.id)] == [
        PNG_URL,
        "https://example.com/a.png",
    ]


def test_a_body_that_is_not_json_is_bad_syntax(teams: LocalTeams, driver: Driver, token: str) -> None:
    conv = driver.install_personal(RITA)
    reply = call(
        f"{teams.service_url}/v3/conversations/{conv.id}/activities", form={"text": "x"}, token=token
    )
    assert (reply.status, reply.body["error"]["code"]) == (400, "BadSyntax")


def test_typing_is_accepted_but_not_kept(teams: LocalTeams, driver: Driver, token: str) -> None:
    conv = driver.install_personal(RITA)
    assert v3(teams, f"conversations/{conv.id}/activities", token, body={"type": "typing"}).status == 201
    assert teams.posted(conv.id) == []


def test_rosters_and_team_channels(teams: LocalTeams, driver: Driver, token: str) -> None:
    driver.install_in_team(TEAM, by=RITA)
    members = v3(teams, f"conversations/{CHANNEL}/members", token, "GET").body
    assert [(m["id"], m["tenantId"], m["userRole"]) for m in members] == [
        (RITA, TENANT, "user"),
        (SAM, TENANT, "user"),
    ]
    assert {"aadObjectId", "email", "userPrincipalName", "name"} <= set(members[0])
    assert v3(teams, f"conversations/{CHANNEL}/members/{SAM}", token, "GET").body == members[1]
    stranger = v3(teams, f"conversations/{CHANNEL}/members/{OUTSIDER}", token, "GET")
    assert (stranger.status, stranger.body["error"]["code"]) == (404, "MemberNotFoundInConversation")
    channels = v3(teams, f"teams/{TEAM}/conversations", token, "GET").body["conversations"]
    assert channels == [{"id": TEAM, "name": None}, {"id": CHANNEL, "name": "Elevhälsa"}]


def test_paged_members_continue_until_the_roster_ends(teams: LocalTeams, driver: Driver, token: str) -> None:
    for i in range(5):
        teams.add_user(TENANT, f"29:elev{i}", f"Person {i}")
    teams.add_team(
        TENANT, "19:stor@thread.tacv2", "Stora", [RITA, SAM, OUTSIDER] + [f"29:elev{i}" for i in range(5)]
    )
    driver.install_in_team("19:stor@thread.tacv2", by=RITA)
    seen: list[str] = []
    query = "pageSize=3"
    while True:
        page = v3(teams, f"conversations/19:stor@thread.tacv2/pagedMembers?{query}", token, "GET").body
        seen += [m["id"] for m in page["members"]]
        if "continuationToken" not in page:
            break
        query = f"pageSize=3&continuationToken={page['continuationToken']}"
    assert len(seen) == 8 == len(set(seen))
    bad = v3(teams, "conversations/19:stor@thread.tacv2/pagedMembers?pageSize=tre", token, "GET")
    assert bad.status == 400
