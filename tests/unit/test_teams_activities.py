"""Reading Teams activities: where they come from, removals, and the text as a command line."""

from __future__ import annotations

from typing import Any

from handlers.teams.activities import command_text, mentioned, removes_bot, trusted, where
from storage.teams_addresses import internal_id

BOT = {"id": "28:app", "name": "Bryggan"}


def _message(text: str, *mentions: tuple[str, str], channel: bool = True) -> dict[str, Any]:
    entities = [{"type": "clientInfo", "locale": "sv-SE"}]
    entities += [
        {"type": "mention", "text": f"<at>{name}</at>", "mentioned": {"id": i, "name": name}}
        for i, name in mentions
    ]
    conversation = {"id": "19:c@thread.tacv2;messageid=17", "conversationType": "channel", "tenantId": "t"}
    return {
        "type": "message",
        "text": text,
        "from": {"id": "29:rita", "name": "Rita Rektor"},
        "recipient": BOT,
        "conversation": conversation if channel else {"id": "a:chat", "conversationType": "personal"},
        "channelData": {"tenant": {"id": "t"}, "team": {"id": "19:t"}, "channel": {"id": "19:c@thread.tacv2"}}
        if channel
        else {"tenant": {"id": "t"}},
        "entities": entities,
        "serviceUrl": "https://smba.example/teams",
        "locale": "sv-SE",
        "channelId": "msteams",
    }


def test_the_bots_mention_goes_and_another_becomes_a_person_the_tables_read() -> None:
    activity = _message(
        "<at>Bryggan</at> kontakt tilldela <at>Sam S</at>", ("28:app", "Bryggan"), ("29:sam", "Sam S")
    )
    assert command_text(activity) == f"kontakt tilldela <@{internal_id('user', '29:sam')}>"


def test_typed_markup_is_escaped_as_slack_hands_it_over() -> None:
    activity = _message("<at>Bryggan</at> kontakt koppla <Skola> & <@U0ADMIN01>", ("28:app", "Bryggan"))
    assert command_text(activity) == "kontakt koppla &lt;Skola&gt; &amp; &lt;@U0ADMIN01&gt;"


def test_a_mention_typed_without_its_entity_stays_text() -> None:
    assert (
        command_text(_message("kontakt tilldela <at>Sam S</at>"))
        == "kontakt tilldela &lt;at&gt;Sam S&lt;/at&gt;"
    )


def test_where_a_channel_message_comes_from() -> None:
    found = where(_message("kontakt"))
    assert (found.tenant, found.user, found.kind, found.channel, found.team) == (
        "t",
        "29:rita",
        "channel",
        "19:c@thread.tacv2",
        "19:t",
    )
    assert found.channel_id == internal_id("channel", "19:c@thread.tacv2")  # the thread is not the channel
    assert (found.team_id, found.user_id) == (internal_id("tenant", "t"), internal_id("user", "29:rita"))
    assert not found.personal


def test_where_a_personal_chat_comes_from() -> None:
    found = where(_message("hjälp", channel=False))
    assert (found.kind, found.channel, found.conversation, found.personal) == (
        "personal",
        None,
        "a:chat",
        True,
    )


def test_removals() -> None:
    assert removes_bot({"type": "installationUpdate", "action": "remove"})
    assert not removes_bot({"type": "installationUpdate", "action": "add"})
    left = {"type": "conversationUpdate", "recipient": BOT, "membersRemoved": [BOT]}
    assert removes_bot(left)
    someone_else = {"type": "conversationUpdate", "recipient": BOT, "membersRemoved": [{"id": "29:sam"}]}
    assert not removes_bot(someone_else)
    assert not removes_bot(_message("kontakt"))


def test_the_people_a_message_mentions_are_everyone_but_the_bot() -> None:
    activity = _message("<at>Bryggan</at> x <at>Sam S</at>", ("28:app", "Bryggan"), ("29:sam", "Sam S"))
    assert mentioned(activity) == {"29:sam": "Sam S"}


def test_only_a_teams_activity_with_a_tenant_may_act_for_a_person() -> None:
    activity = _message("kontakt")
    assert trusted(activity, where(activity), None)
    assert trusted(activity, where(activity), "t")
    assert not trusted(activity, where(activity), "another-tenant")
    for channel in ("directline", "webchat", None):
        forged = {**activity, "channelId": channel}
        assert not trusted(forged, where(forged), None)
    no_tenant = {**activity, "channelData": {}, "conversation": {"id": "a:x", "conversationType": "personal"}}
    assert not trusted(no_tenant, where(no_tenant), None)
    no_type = {**activity, "conversation": {"id": "a:x", "tenantId": "t"}}
    assert not trusted(no_type, where(no_type), None)
    no_url = {**activity, "serviceUrl": ""}
    assert not trusted(no_url, where(no_url), None)


def test_mentions_of_a_channel_or_without_an_id_name_nobody() -> None:
    activity = _message("<at>Bryggan</at> kontakt tilldela <at>General</at>", ("28:app", "Bryggan"))
    activity["entities"].append({"type": "mention", "text": "<at>General</at>", "mentioned": {"id": "19:c"}})
    activity["entities"].append({"type": "mention", "text": "<at>Ghost</at>"})
    assert mentioned(activity) == {}
    assert command_text(activity) == "kontakt tilldela &lt;at&gt;General&lt;/at&gt;"


def test_two_people_shown_with_one_name_stay_two() -> None:
    activity = _message(
        "<at>Bryggan</at> kontakt tilldela <at>Sam</at> <at>Sam</at>",
        ("28:app", "Bryggan"),
        ("29:sam1", "Sam"),
        ("29:sam2", "Sam"),
    )
    first, second = internal_id("user", "29:sam1"), internal_id("user", "29:sam2")
    assert command_text(activity) == f"kontakt tilldela <@{first}> <@{second}>"
