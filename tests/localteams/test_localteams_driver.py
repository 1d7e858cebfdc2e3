"""The driver plays the user: messages, card clicks and invokes as Teams sends them and reads answers."""

from __future__ import annotations

import time
from typing import Any

import pytest

import localteams.delivery
from localteams import Activity, Driver, LateAnswer, LocalTeams, TeamsFault
from tests.localteams.teamsbed import (
    APP_ID,
    CHANNEL,
    OUTSIDER,
    RITA,
    TEAM,
    TENANT,
    RecordingBot,
    call,
    card_attachment,
    message,
)

CARD = {
    "type": "AdaptiveCard",
    "version": "1.5",
    "body": [
        {"type": "TextBlock", "text": "Ny konsultation"},
        {"type": "Input.Text", "id": "svar", "isRequired": True},
        {"type": "Input.Toggle", "id": "akut", "title": "Akut", "value": "false"},
    ],
    "actions": [
        {"type": "Action.Execute", "title": "Jag tar den", "verb": "acknowledge", "data": {"case": 7}},
        {"type": "Action.Submit", "title": "Öppna", "data": {"msteams": {"type": "task/fetch"}, "case": 7}},
        {"type": "Action.Submit", "title": "Skicka", "data": {"case": 7}},
        {"type": "Action.OpenUrl", "title": "Läs mer", "url": "https://example.se"},
        {"type": "Action.ToggleVisibility", "title": "Visa", "targetElements": ["svar"]},
    ],
}
TAKEN = {"type": "AdaptiveCard", "version": "1.5", "body": [{"type": "TextBlock", "text": "Tagen av Rita"}]}


def post_card(teams: LocalTeams, conversation: str, token: str) -> Activity:
    url = f"{teams.service_url}/v3/conversations/{conversation}/activities"
    assert call(url, json_body=message(attachments=[card_attachment(CARD)]), token=token).status == 201
    return teams.posted(conversation)[-1]


def test_personal_message_carries_what_teams_sends(
    teams: LocalTeams, driver: Driver, bot: RecordingBot
) -> None:
    conv = driver.install_personal(RITA)
    install, update = bot.received
    assert (install["type"], install["action"], install["conversation"]["id"]) == (
        "installationUpdate",
        "add",
        conv.id,
    )
    assert update["type"] == "conversationUpdate"
    assert update["membersAdded"] == [{"id": f"28:{APP_ID}", "name": "Bryggan"}]
    driver.message(RITA, conv.id, "hjälp")
    sent = bot.received[-1]
    assert sent["text"] == "hjälp"
    assert sent["serviceUrl"] == teams.service_url
    assert (sent["channelId"], sent["recipient"]["id"]) == ("msteams", f"28:{APP_ID}")
    assert sent["from"] == teams.directory.users[RITA].account()
    assert sent["conversation"] == {"id": conv.id, "conversationType": "personal", "tenantId": TENANT}
    assert sent["channelData"]["tenant"] == {"id": TENANT}


def test_channel_message_mentions_the_bot_and_names_its_thread(driver: Driver, bot: RecordingBot) -> None:
    driver.install_in_team(TEAM, by=RITA)
    install, update = bot.received
    assert install["conversation"] == {
        "id": TEAM,
        "conversationType": "channel",
        "tenantId": TENANT,
        "isGroup": True,
    }
    assert update["channelData"]["eventType"] == "teamMemberAdded"
    first = driver.message(RITA, CHANNEL, "schema").activity
    assert first["text"] == "<at>Bryggan</at> schema"
    assert first["entities"][-1]["mentioned"] == {"id": f"28:{APP_ID}", "name": "Bryggan"}
    assert first["conversation"]["id"] == f"{CHANNEL};messageid={first['id']}"
    assert first["channelData"]["team"] == {"id": TEAM, "name": "Berzeliusskolan"}
    reply = driver.message(RITA, CHANNEL, "och sen?", reply_to=first["id"]).activity
    assert reply["conversation"]["id"] == f"{CHANNEL};messageid={first['id']}"
    with pytest.raises(TeamsFault, match="to reply to"):
        driver.message(RITA, CHANNEL, "x", reply_to="404")


def test_users_write_only_where_they_and_the_app_are(driver: Driver) -> None:
    conv = driver.install_personal(RITA)
    with pytest.raises(TeamsFault, match="cannot write"):
        driver.message(OUTSIDER, conv.id, "hej")
    with pytest.raises(TeamsFault, match="not installed"):
        driver.message(RITA, CHANNEL, "hej")
    with pytest.raises(TeamsFault, match="not a member"):
        driver.install_in_team(TEAM, by=OUTSIDER)


def test_execute_sends_adaptive_card_action_and_shows_the_answered_card(
    teams: LocalTeams, driver: Driver, bot: RecordingBot, token: str
) -> None:
    conv = driver.install_personal(RITA)
    posted = post_card(teams, conv.id, token)
    bot.respond = lambda a: (
        200,
        {"statusCode": 200, "type": "application/vnd.microsoft.card.adaptive", "value": TAKEN},
    )
    driver.click(RITA, posted, "acknowledge", inputs={"svar": "Ring mig"})
    invoke = bot.received[-1]
    assert (invoke["type"], invoke["name"], invoke["replyToId"]) == (
        "invoke",
        "adaptiveCard/action",
        posted.id,
    )
    assert invoke["value"] == {
        "action": {
            "type": "Action.Execute",
            "verb": "acknowledge",
            "data": {"case": 7, "svar": "Ring mig", "akut": "false"},
        },
        "trigger": "manual",
    }
    assert teams.posted(conv.id)[-1].cards == [TAKEN]
    with pytest.raises(TeamsFault, match="no action"):
        driver.click(RITA, posted, "acknowledge", inputs={"svar": "x"})  # the card was replaced


def test_submit_opens_a_dialog_or_sends_a_message_with_value(
    teams: LocalTeams, driver: Driver, bot: RecordingBot, token: str
) -> None:
    conv = driver.install_personal(RITA)
    posted = post_card(teams, conv.id, token)
    dialog = {"contentType": "application/vnd.microsoft.card.adaptive", "content": TAKEN}
    bot.respond = lambda a: (200, {"task": {"type": "continue", "value": {"title": "Svar", "card": dialog}}})
    driver.click(RITA, posted, "Öppna", inputs={"svar": "x"})
    assert (bot.received[-1]["name"], bot.received[-1]["value"]["data"]["case"]) == ("task/fetch", 7)
    bot.respond = lambda a: (200, None)
    driver.submit_task(RITA, conv.id, {"svar": "klart"})
    assert bot.received[-1]["value"]["data"] == {"svar": "klart"}
    driver.click(RITA, posted, "Skicka", inputs={"svar": "ja"})
    sent = bot.received[-1]
    assert (sent["type"], sent["value"], sent["replyToId"]) == (
        "message",
        {"case": 7, "svar": "ja", "akut": "false"},
        posted.id,
    )
    assert driver.click(RITA, posted, "Läs mer") is None


def test_clicks_a_user_cannot_make(teams: LocalTeams, driver: Driver, token: str) -> None:
    conv = driver.install_personal(RITA)
    posted = post_card(teams, conv.id, token)
    with pytest.raises(TeamsFault, match="no action"):
        driver.click(RITA, posted, "Finns inte")
    with pytest.raises(TeamsFault, match="no input"):
        driver.click(RITA, posted, "Skicka", inputs={"annat": "x"})
    with pytest.raises(TeamsFault, match="required inputs"):
        driver.click(RITA, posted, "Skicka")
    with pytest.raises(TeamsFault, match="inside the client"):
        driver.click(RITA, posted, "Visa")
    call(f"{teams.service_url}/v3/conversations/{conv.id}/activities/{posted.id}", "DELETE", token=token)
    with pytest.raises(TeamsFault, match="gone"):
        driver.click(RITA, posted, "Skicka", inputs={"svar": "x"})


@pytest.mark.parametrize(
    ("name", "status", "body", "why"),
    [
        ("adaptiveCard/action", 500, None, "HTTP 500"),
        ("adaptiveCard/action", 200, {"type": "application/vnd.microsoft.activity.message"}, "statusCode"),
        (
            "adaptiveCard/action",
            200,
            {"statusCode": 200, "type": "text/plain", "value": "x"},
            "answers a message",
        ),
        (
            "adaptiveCard/action",
            200,
            {"statusCode": 400, "type": "application/vnd.microsoft.activity.message"},
            "error",
        ),
        (
            "adaptiveCard/action",
            200,
            {
                "statusCode": 200,
                "type": "application/vnd.microsoft.card.adaptive",
                "value": {**TAKEN, "version": "1.6"},
            },
            "would not render",
        ),
        ("task/fetch", 200, None, "must answer"),
        (
            "task/fetch",
            200,
            {"task": {"type": "continue", "value": {"title": "x"}}},
            "card attachment or a url",
        ),
        ("task/submit", 200, {"task": {"type": "message", "value": {"text": "x"}}}, "value is the text"),
    ],
)
def test_invoke_answers_teams_would_show_as_errors(
    driver: Driver, bot: RecordingBot, name: str, status: int, body: Any, why: str
) -> None:
    conv = driver.install_personal(RITA)
    bot.respond = lambda a: (status, body)
    with pytest.raises(TeamsFault, match=why):
        driver.invoke(RITA, conv.id, name, {"data": {}})


def test_good_invoke_answers_pass(driver: Driver, bot: RecordingBot) -> None:
    conv = driver.install_personal(RITA)
    bot.respond = lambda a: (
        200,
        {"statusCode": 200, "type": "application/vnd.microsoft.activity.message", "value": "Klart"},
    )
    assert driver.invoke(RITA, conv.id, "adaptiveCard/action", {"action": {}}).body["value"] == "Klart"
    bot.respond = lambda a: (200, {"task": {"type": "message", "value": "Tack"}})
    assert driver.invoke(RITA, conv.id, "task/submit", {"data": {}}).status == 200


def test_a_slow_bot_is_late(driver: Driver, bot: RecordingBot, monkeypatch: pytest.MonkeyPatch) -> None:
    conv = driver.install_personal(RITA)
    monkeypatch.setattr(localteams.delivery, "ANSWER_TIMEOUT", 0.2)

    def slow(activity: dict[str, Any]) -> tuple[int, Any]:
        time.sleep(0.5)
        return 200, None

    bot.respond = slow
    with pytest.raises(LateAnswer):
        driver.message(RITA, conv.id, "hallå?")
