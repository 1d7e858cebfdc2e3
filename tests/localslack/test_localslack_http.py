"""The HTTP driver against a real Bolt App: signed requests, acks, response_url, trigger_id, modals."""

from __future__ import annotations

import json
import queue
import time
from typing import Any

import pytest
from slack_bolt import Ack, App, BoltResponse, Respond
from slack_sdk import WebClient, WebhookClient
from slack_sdk.errors import SlackApiError
from slack_sdk.signature import SignatureVerifier

from localslack import Driver, LateAck, SlackFault, Workspace
from localslack.transport import signed_headers

COMMAND_FIELDS = {
    "token",
    "team_id",
    "team_domain",
    "channel_id",
    "channel_name",
    "user_id",
    "user_name",
    "command",
    "text",
    "response_url",
    "trigger_id",
    "api_app_id",
    "is_enterprise_install",
}


def plain(text: str) -> dict[str, Any]:
    return {"type": "plain_text", "text": text}


def consult_modal(callback_id: str = "consult", **extra: Any) -> dict[str, Any]:
    field = {"type": "plain_text_input", "action_id": "text"}
    return {
        "type": "modal",
        "callback_id": callback_id,
        "title": plain("Konsultation"),
        "submit": plain("Skicka"),
        "blocks": [{"type": "input", "block_id": "beskrivning", "label": plain("Beskriv"), "element": field}],
        **extra,
    }


def info_modal() -> dict[str, Any]:
    return {"type": "modal", "callback_id": "info", "title": plain("Info"), "blocks": [{"type": "divider"}]}


def test_command_carries_every_field_escaped_text_and_ack_reply(
    bolt_app: App, driver: Driver, ws: Workspace
) -> None:
    seen: dict[str, Any] = {}

    @bolt_app.command("/kontakt")
    def handle(ack: Ack, command: dict[str, Any]) -> None:
        seen.update(command)
        ack("Tack! Vi hör av oss.")

    result = driver.command(
        user="U01", channel="C01", command="/kontakt", text="@anna i #berzeliusskolan & <b>"
    )
    assert result.status == 200
    assert set(seen) >= COMMAND_FIELDS
    assert seen["text"] == "<@U02|anna> i <#C01|berzeliusskolan> &amp; &lt;b&gt;"
    assert (seen["user_name"], seen["channel_name"], seen["is_enterprise_install"]) == (
        "rektor",
        "berzeliusskolan",
        "false",
    )
    (reply,) = ws.ephemerals_to("U01")
    assert (reply.text, reply.via, reply.channel) == ("Tack! Vi hör av oss.", "ack", "C01")


def test_an_ack_body_with_blocks_in_channel_is_shown_to_the_channel_as_slack_shows_it(
    bolt_app: App, driver: Driver, ws: Workspace
) -> None:
    blocks = [{"type": "section", "text": {"type": "mrkdwn", "text": "*Kontakt:* <@U02>"}}]

    @bolt_app.command("/kontakt")
    def handle(ack: Ack) -> None:
        ack(text="Kontakt", blocks=blocks, response_type="in_channel")

    driver.command(user="U01", channel="C01", command="/kontakt")
    (reply,) = ws.messages_in("C01")
    assert (reply.text, reply.blocks, reply.via, reply.response_type) == (
        "Kontakt",
        blocks,
        "ack",
        "in_channel",
    )
    assert ws.ephemerals_to("U01") == []


def test_an_ack_body_is_read_as_a_message_only_when_sent_as_json(
    bolt_app: App, driver: Driver, ws: Workspace
) -> None:
    @bolt_app.middleware
    def as_text(next_: Any) -> BoltResponse:
        return BoltResponse(status=200, body='{"text": "hej"}', headers={"content-type": "text/plain"})

    driver.command(user="U01", channel="C01", command="/kontakt")
    (reply,) = ws.ephemerals_to("U01")
    assert reply.text == '{"text": "hej"}'  # Slack shows a text/plain body as it stands


def test_an_ack_body_with_blocks_slack_refuses_is_a_fault(bolt_app: App, driver: Driver) -> None:
    @bolt_app.command("/kontakt")
    def handle(ack: Ack) -> None:
        ack(text="x", blocks=[{"type": "section"}])

    with pytest.raises(SlackFault, match="invalid_blocks"):
        driver.command(user="U01", channel="C01", command="/kontakt")


def test_signature_is_slacks_v0_over_the_exact_bytes(ws: Workspace) -> None:
    body = b"token=x&text=%C3%A5%C3%A4%C3%B6"
    headers = signed_headers(ws.signing_secret, body)
    assert SignatureVerifier(ws.signing_secret).is_valid_request(body, headers)
    assert not SignatureVerifier("another").is_valid_request(body, headers)


def test_bad_signature_stale_timestamp_and_unsigned_are_refused(bolt_app: App, driver: Driver) -> None:
    calls: list[str] = []

    @bolt_app.event("app_mention")
    def mention(event: dict[str, Any]) -> None:
        calls.append(event["text"])

    body = json.dumps({"type": "event_callback", "team_id": "T01", "event": {"type": "app_mention"}}).encode()
    assert driver.send_raw(body, signature="v0=" + "0" * 64).status == 401
    assert driver.send_raw(body, timestamp_offset=-301).status == 401
    assert driver.unsigned(body).status == 401
    assert calls == []


def test_late_ack_raises(bolt_app: App, driver: Driver) -> None:
    # Slow before the listener, not in it: Bolt gives up waiting for ack() after its own 3 s on the wall
    # clock and answers, which a wall clock adjusted under the test can make a little under the stand-in's
    # 3 s (monotonic). A slow middleware holds the answer itself.
    @bolt_app.middleware
    def slow(next_: Any) -> None:
        time.sleep(3.3)  # deliberately slower than Slack's 3 s
        next_()

    @bolt_app.command("/seg")
    def handle(ack: Ack) -> None:
        ack()

    with pytest.raises(LateAck):
        driver.command(user="U01", channel="C01", command="/seg")


def test_response_url_five_uses_then_used_url(
    bolt_app: App, driver: Driver, ws: Workspace, clock: Any
) -> None:
    urls: list[str] = []

    @bolt_app.command("/kontakt")
    def handle(ack: Ack, command: dict[str, Any]) -> None:
        urls.append(command["response_url"])
        ack()

    driver.command(user="U01", channel="C01", command="/kontakt")
    webhook = WebhookClient(urls[0])
    for i in range(4):
        assert webhook.send(text=f"svar {i}").status_code == 200
    assert webhook.send(text="till alla", response_type="in_channel").status_code == 200
    refused = webhook.send(text="sjätte")
    assert (refused.status_code, refused.body) == (404, "used_url")
    assert [m.via for m in ws.ephemerals_to("U01")] == ["response_url"] * 4
    assert [m.text for m in ws.messages_in("C01")] == ["till alla"]

    driver.command(user="U01", channel="C01", command="/kontakt")
    clock.advance(30 * 60 + 1)
    expired = WebhookClient(urls[1]).send(text="för sent")
    assert (expired.status_code, expired.body) == (404, "expired_url")


def test_block_action_in_a_message_and_replace_original(
    bolt_app: App, driver: Driver, ws: Workspace, client: WebClient
) -> None:
    picked: list[dict[str, Any]] = []

    @bolt_app.action("take")
    def take(ack: Ack, body: dict[str, Any], respond: Respond) -> None:
        ack()
        picked.append(body)
        respond(replace_original=True, text="Tagen av <@U02>")

    button = {"type": "button", "action_id": "take", "text": plain("Jag tar den"), "value": "7"}
    blocks = [{"type": "actions", "block_id": "k7", "elements": [button]}]
    client.chat_postMessage(channel="C01", text="Ny konsultation", blocks=blocks)
    (original,) = ws.messages_in("C01")
    assert driver.block_action(user="U02", action_id="take", message=original).status == 200
    action = picked[0]["actions"][0]
    assert (action["value"], action["block_id"], action["type"]) == ("7", "k7", "button")
    assert picked[0]["container"] == {
        "type": "message",
        "message_ts": original.ts,
        "channel_id": "C01",
        "is_ephemeral": False,
    }
    ws.wait_for(lambda w: w.messages_in("C01")[0].replace_original)
    (replaced,) = ws.messages_in("C01")
    assert (replaced.ts, replaced.text, replaced.replace_original) == (original.ts, "Tagen av <@U02>", True)
    with pytest.raises(SlackFault):
        driver.block_action(user="U02", action_id="no-such-button", message=replaced)


def test_trigger_id_three_seconds_and_single_use(
    bolt_app: App, driver: Driver, client: WebClient, clock: Any
) -> None:
    triggers: list[str] = []

    @bolt_app.command("/kontakt")
    def handle(ack: Ack, command: dict[str, Any]) -> None:
        triggers.append(command["trigger_id"])
        ack()

    for _ in range(2):
        driver.command(user="U01", channel="C01", command="/kontakt")
    client.views_open(trigger_id=triggers[0], view=consult_modal())
    with pytest.raises(SlackApiError, match="trigger_exchanged"):
        client.views_open(trigger_id=triggers[0], view=consult_modal())
    clock.advance(3.1)
    with pytest.raises(SlackApiError, match="expired_trigger_id"):
        client.views_open(trigger_id=triggers[1], view=consult_modal())
    with pytest.raises(SlackApiError, match="invalid_trigger_id"):
        client.views_open(trigger_id="1.2.bogus", view=consult_modal())


def test_modal_submission_errors_push_update_and_close(bolt_app: App, driver: Driver, ws: Workspace) -> None:
    @bolt_app.command("/kontakt")
    def open_modal(ack: Ack, command: dict[str, Any], client: WebClient) -> None:
        ack()
        client.views_open(trigger_id=command["trigger_id"], view=consult_modal())

    @bolt_app.view("consult")
    def submit(ack: Ack, view: dict[str, Any]) -> None:
        text = view["state"]["values"]["beskrivning"]["text"]["value"]
        if text == "kort":
            ack(response_action="errors", errors={"beskrivning": "Skriv lite mer"})
        elif text == "mer":
            ack(response_action="push", view=info_modal())
        else:
            ack(response_action="update", view=info_modal())

    @bolt_app.view("info")
    def close_info(ack: Ack) -> None:
        ack()

    driver.command(user="U01", channel="C01", command="/kontakt")
    (opened,) = ws.wait_for(lambda w: w.views_of("U01"))
    with pytest.raises(SlackFault, match="required input"):
        driver.view_submission(user="U01", values={})
    driver.view_submission(user="U01", values={"beskrivning": {"text": {"value": "kort"}}})
    assert [v["id"] for v in ws.views_of("U01")] == [opened["id"]]
    assert ws.modal_errors_of("U01") == {"beskrivning": "Skriv lite mer"}
    driver.view_submission(user="U01", values={"beskrivning": {"text": {"value": "mer"}}})
    assert [v["callback_id"] for v in ws.views_of("U01")] == ["consult", "info"]
    driver.view_submission(user="U01")  # plain ack closes the pushed view only
    assert [v["callback_id"] for v in ws.views_of("U01")] == ["consult"]
    driver.view_submission(user="U01", values={"beskrivning": {"text": {"value": "klar"}}})
    (updated,) = ws.views_of("U01")
    assert (updated["id"], updated["callback_id"]) == (opened["id"], "info")
    driver.view_submission(user="U01")
    assert ws.views_of("U01") == []
    with pytest.raises(SlackFault):
        driver.view_submission(user="U01", view_id=opened["id"])


def test_events_replay_with_retry_headers_and_same_event_id(
    bolt_app: App, driver: Driver, served: Any
) -> None:
    ids: queue.Queue[str] = queue.Queue()

    @bolt_app.event("app_mention")
    def mention(body: dict[str, Any]) -> None:
        ids.put(body["event_id"])

    event = {
        "type": "app_mention",
        "user": "U01",
        "text": "<@UBRYGGAN> hej",
        "channel": "C01",
        "ts": "1.000001",
    }
    first = driver.event(event)
    assert first.status == 200
    driver.replay(first, retry_num=2, retry_reason="http_timeout")
    assert ids.get(timeout=5) == ids.get(timeout=5)
    retried = served.headers_seen[-1]
    assert (retried["HTTP_X_SLACK_RETRY_NUM"], retried["HTTP_X_SLACK_RETRY_REASON"]) == ("2", "http_timeout")


def test_url_verification_ssl_check_and_home(bolt_app: App, driver: Driver, ws: Workspace) -> None:
    @bolt_app.event("app_home_opened")
    def home(event: dict[str, Any], client: WebClient) -> None:
        blocks = [{"type": "section", "text": {"type": "mrkdwn", "text": "Välkommen"}}]
        client.views_publish(user_id=event["user"], view={"type": "home", "blocks": blocks})

    assert driver.url_verification("utmaning").body == {"challenge": "utmaning"}
    checked = driver.ssl_check()
    assert (checked.status, checked.body) == (200, None)
    driver.app_home_opened("U01")
    home_view = ws.wait_for(lambda w: w.home_of("U01"))
    assert home_view["blocks"][0]["text"]["text"] == "Välkommen"
