"""The Web API answers a real slack_sdk WebClient exactly as Slack does, errors included."""

from __future__ import annotations

import json
import urllib.request
from concurrent.futures import ThreadPoolExecutor

import pytest
from slack_sdk import WebClient
from slack_sdk.errors import SlackApiError

from localslack import LocalSlack, Workspace


def error_of(call: object, *args: object, **kwargs: object) -> dict:
    """The body of the SlackApiError a WebClient method raises."""
    with pytest.raises(SlackApiError) as caught:
        call(*args, **kwargs)  # type: ignore[operator]
    return caught.value.response.data  # type: ignore[return-value]


def test_auth_test_has_slacks_shape(client: WebClient) -> None:
    body = client.auth_test().data
    assert body["ok"] is True
    assert body["url"] == "https://linkoping.slack.com/"
    assert (body["team"], body["team_id"], body["user_id"], body["bot_id"]) == (
        "Linköpings kommun",
        "T01",
        "UBRYGGAN",
        "BBRYGGAN",
    )
    assert body["user"]


def test_tokens_are_checked(slack: LocalSlack, ws: Workspace) -> None:
    bot_token, app_token = ws.bot_token, ws.app_token
    no_token = WebClient(base_url=slack.api_url, retry_handlers=[])
    assert error_of(no_token.auth_test)["error"] == "not_authed"
    wrong = WebClient(token="xoxb-nope", base_url=slack.api_url, retry_handlers=[])
    assert error_of(wrong.auth_test)["error"] == "invalid_auth"
    app_level = WebClient(token=app_token, base_url=slack.api_url, retry_handlers=[])
    assert error_of(app_level.chat_postMessage, channel="C01", text="x")["error"] == "not_allowed_token_type"
    bot = WebClient(token=bot_token, base_url=slack.api_url, retry_handlers=[])
    assert error_of(bot.apps_connections_open, app_token=bot_token)["error"] == "not_allowed_token_type"
    ws.token_revoked = True
    assert error_of(bot.auth_test)["error"] == "token_revoked"


def test_token_in_a_json_body_is_ignored_as_slack_does(slack: LocalSlack, ws: Workspace) -> None:
    body = json.dumps({"token": ws.bot_token, "channel": "C01", "text": "x"}).encode()
    request = urllib.request.Request(
        slack.api_url + "chat.postMessage", data=body, headers={"Content-Type": "application/json"}
    )
    with urllib.request.urlopen(request) as answer:
        assert json.loads(answer.read())["error"] == "not_authed"


def test_unknown_method(client: WebClient) -> None:
    body = error_of(client.api_call, "chat.postMesage", json={"channel": "C01"})
    assert body["error"] == "unknown_method"


def test_missing_scope_names_needed_and_provided(slack: LocalSlack) -> None:
    slack.add_workspace(
        team_id="T02", bot_token="xoxb-t2", app_token="xapp-t2", scopes=frozenset({"chat:write"})
    )
    narrow = WebClient(token="xoxb-t2", base_url=slack.api_url, retry_handlers=[])
    body = error_of(narrow.users_info, user="UBRYGGAN")
    assert body["error"] == "missing_scope"
    assert body["needed"] == "users:read"
    assert body["provided"] == "chat:write"


def test_channel_errors(client: WebClient) -> None:
    assert error_of(client.chat_postMessage, channel="C99", text="x")["error"] == "channel_not_found"
    assert error_of(client.chat_postMessage, channel="C02", text="x")["error"] == "not_in_channel"
    assert error_of(client.chat_postMessage, channel="C03", text="x")["error"] == "is_archived"
    # A private channel the bot is not in is invisible to it.
    assert error_of(client.chat_postMessage, channel="G01", text="x")["error"] == "channel_not_found"
    assert error_of(client.conversations_info, channel="G01")["error"] == "channel_not_found"


def test_message_body_errors(client: WebClient) -> None:
    with pytest.warns(UserWarning, match="text"):
        assert error_of(client.chat_postMessage, channel="C01")["error"] == "no_text"
    assert error_of(client.chat_postMessage, channel="C01", text="x" * 40_001)["error"] == "msg_too_long"
    client.chat_postMessage(channel="C01", text="x" * 40_000)


def test_post_to_a_user_id_uses_the_stable_dm(client: WebClient, ws: Workspace) -> None:
    posted = client.chat_postMessage(channel="U01", text="Hej Rita")
    opened = client.conversations_open(users="U01")
    assert posted["channel"] == opened["channel"]["id"]
    assert posted["channel"].startswith("D")
    assert [m.text for m in ws.dm_messages_to("U01")] == ["Hej Rita"]
    assert error_of(client.chat_postMessage, channel="U03", text="x")["error"] == "user_disabled"
    assert error_of(client.conversations_open, users="U99")["error"] == "user_not_found"


def test_post_message_shape_threads_and_unfurl(client: WebClient, ws: Workspace) -> None:
    parent = client.chat_postMessage(channel="C01", text="Förälder")
    reply = client.chat_postMessage(
        channel="C01", text="Svar", thread_ts=parent["ts"], unfurl_links=False, unfurl_media=False
    )
    assert reply["message"]["thread_ts"] == parent["ts"]
    assert reply["message"]["bot_id"] == "BBRYGGAN"
    stored = ws.messages_in("C01")[-1]
    assert (stored.thread_ts, stored.unfurl_links, stored.via) == (parent["ts"], False, "chat.postMessage")
    assert float(reply["ts"]) > float(parent["ts"])  # unique even on a frozen clock
    bad = error_of(client.chat_postMessage, channel="C01", text="x", thread_ts="igår")
    assert bad["error"] == "invalid_thread_ts"


def test_a_thread_ts_must_name_a_message_of_the_same_conversation(client: WebClient, ws: Workspace) -> None:
    in_channel = client.chat_postMessage(channel="C01", text="Ärende i kanalen")
    dm = client.chat_postMessage(channel="U01", text="Hej Rita")
    # A thread of another conversation: refused, and nothing is stored in the DM.
    foreign = error_of(client.chat_postMessage, channel="U01", text="Svar", thread_ts=in_channel["ts"])
    assert foreign["error"] == "thread_not_found"
    assert [m.text for m in ws.dm_messages_to("U01")] == ["Hej Rita"]
    nowhere = error_of(client.chat_postMessage, channel="C01", text="Svar", thread_ts="1.000001")
    assert nowhere["error"] == "thread_not_found"
    # A reply's ts threads under its parent; a deleted parent leaves the reply at the top level.
    first = client.chat_postMessage(channel=dm["channel"], text="Svar 1", thread_ts=dm["ts"])
    second = client.chat_postMessage(channel=dm["channel"], text="Svar 2", thread_ts=first["ts"])
    assert second["message"]["thread_ts"] == dm["ts"]
    client.chat_delete(channel="C01", ts=in_channel["ts"])
    alone = client.chat_postMessage(channel="C01", text="Sent svar", thread_ts=in_channel["ts"])
    assert "thread_ts" not in alone["message"]
    assert ws.messages_in("C01")[-1].thread_ts is None


def test_ephemeral_needs_a_member(client: WebClient, ws: Workspace) -> None:
    client.chat_postEphemeral(channel="C01", user="U02", text="bara för dig")
    assert [m.text for m in ws.ephemerals_to("U02")] == ["bara för dig"]
    assert ws.messages_in("C01") == []
    ws.add_user(id="U04", name="utanfor")
    body = error_of(client.chat_postEphemeral, channel="C01", user="U04", text="x")
    assert body["error"] == "user_not_in_channel"


def test_update_and_delete_own_messages(client: WebClient, ws: Workspace) -> None:
    ts = client.chat_postMessage(channel="C01", text="v1")["ts"]
    client.chat_update(channel="C01", ts=ts, text="v2")
    assert [(m.text, m.via) for m in ws.messages_in("C01")] == [("v2", "chat.update")]
    assert [m.text for m in ws.history] == ["v1", "v2"]
    client.chat_delete(channel="C01", ts=ts)
    assert ws.messages_in("C01") == []
    assert (
        error_of(client.chat_update, channel="C01", ts="1.000001", text="x")["error"] == "message_not_found"
    )


def test_history_with_metadata_window_and_cursor(client: WebClient, clock: object) -> None:
    metadata = {"event_type": "consultation_posted", "event_payload": {"id": 7}}
    stamps = [client.chat_postMessage(channel="C01", text=f"m{i}", metadata=metadata)["ts"] for i in range(3)]
    plain = client.conversations_history(channel="C01")
    assert [m["text"] for m in plain["messages"]] == ["m2", "m1", "m0"]
    assert all("metadata" not in m for m in plain["messages"])
    full = client.conversations_history(channel="C01", include_all_metadata=True, limit=2)
    assert [m["metadata"] for m in full["messages"]] == [metadata, metadata]
    assert full["has_more"] is True
    rest = client.conversations_history(channel="C01", cursor=full["response_metadata"]["next_cursor"])
    assert [m["text"] for m in rest["messages"]] == ["m0"]
    window = client.conversations_history(channel="C01", oldest=stamps[0], latest=stamps[2])
    assert [m["text"] for m in window["messages"]] == ["m1"]
    assert error_of(client.conversations_history, channel="C02")["error"] == "not_in_channel"
    bad = error_of(client.chat_postMessage, channel="C01", text="x", metadata={"event_type": "a"})
    assert bad["error"] == "invalid_metadata_format"


def test_users_info_locale_only_when_asked(client: WebClient) -> None:
    user = client.users_info(user="U02")["user"]
    assert "locale" not in user
    assert (user["tz"], user["tz_offset"]) == ("Europe/Stockholm", 7200)  # June on the fake clock
    assert user["tz_label"] == "Central European Summer Time"
    assert client.users_info(user="U02", include_locale=True)["user"]["locale"] == "en-GB"
    rita = client.users_info(user="U01")["user"]
    assert (rita["profile"]["title"], rita["is_admin"], rita["deleted"]) == ("Rektor", False, False)
    assert client.users_info(user="U03")["user"]["deleted"] is True
    assert error_of(client.users_info, user="U99")["error"] == "user_not_found"
    everyone = client.users_list(limit=2)
    assert len(everyone["members"]) == 2
    assert everyone["response_metadata"]["next_cursor"]


def test_conversation_info_and_members_pages(client: WebClient) -> None:
    info = client.conversations_info(channel="C01")["channel"]
    assert (info["name"], info["is_member"], info["is_private"]) == ("berzeliusskolan", True, False)
    first = client.conversations_members(channel="C01", limit=2)
    second = client.conversations_members(channel="C01", cursor=first["response_metadata"]["next_cursor"])
    assert first["members"] + second["members"] == ["U01", "U02", "UBRYGGAN"]
    assert second["response_metadata"]["next_cursor"] == ""
    assert error_of(client.conversations_members, channel="C01", cursor="bogus")["error"] == "invalid_cursor"


def test_file_upload_pair(client: WebClient, ws: Workspace) -> None:
    content = b"BEGIN:VCALENDAR\r\nEND:VCALENDAR\r\n"
    done = client.files_upload_v2(
        channel="C01", content=content, filename="mote.ics", title="Möte", initial_comment="Kallelse"
    )
    assert done["file"]["title"] == "Möte"
    (uploaded,) = ws.files
    assert (uploaded.name, uploaded.content, uploaded.channels) == ("mote.ics", content, ["C01"])
    assert ws.messages_in("C01")[-1].text == "Kallelse"
    assert ws.messages_in("C01")[-1].files == (uploaded.id,)
    never_sent = client.files_getUploadURLExternal(filename="x.txt", length=3)
    body = error_of(
        client.files_completeUploadExternal, files=[{"id": never_sent["file_id"]}], channel_id="C01"
    )
    assert body["error"] == "file_not_found"


def test_wait_for_wakes_on_change_and_times_out(client: WebClient, ws: Workspace) -> None:
    client.chat_postMessage(channel="C01", text="klart")
    found = ws.wait_for(lambda w: w.messages_in("C01"), timeout=1)
    assert found[0].text == "klart"
    with pytest.raises(AssertionError, match="still false"):
        ws.wait_for(lambda w: w.messages_in("C02"), timeout=0.05)


def test_concurrent_senders_get_unique_ts(slack: LocalSlack, ws: Workspace) -> None:
    slack.rate_limits_enabled = False
    for i in range(8):
        ws.add_user(id=f"UX{i}", name=f"x{i}")

    def send(i: int) -> list[str]:
        sender = WebClient(token=ws.bot_token, base_url=slack.api_url, retry_handlers=[])
        return [sender.chat_postMessage(channel=f"UX{i}", text=str(n))["ts"] for n in range(10)]

    with ThreadPoolExecutor(max_workers=8) as pool:
        stamps = [ts for batch in pool.map(send, range(8)) for ts in batch]
    assert len(set(stamps)) == 80
    assert len(ws.messages) == 80
