"""Malformed requests: the signature is checked first, then the shape; never an HTTP 5xx, never a crash."""

from __future__ import annotations

import json
import uuid
from collections.abc import Iterator
from urllib.parse import quote

import pytest

from bot.app import Bryggan, build
from bot.clock import FakeClock
from bot.settings import Settings
from handlers.bodies import MAX_BODY_BYTES
from localslack import Driver, LocalSlack, Workspace
from tests.slackbed import APP_TOKEN, CHANNELS, PEOPLE, TEAM

FORM = {"Content-Type": "application/x-www-form-urlencoded"}


def _payload(value: object) -> bytes:
    return b"payload=" + quote(json.dumps(value)).encode()


def _view_submission(view: dict) -> dict:
    return {
        "type": "view_submission",
        "team": {"id": TEAM},
        "user": {"id": PEOPLE.rektor, "team_id": TEAM},
        "view": view,
    }


def _kontakt_still_answers(driver: Driver, workspace: Workspace) -> None:
    ack = driver.command(user=PEOPLE.rektor, channel=CHANNELS.personalrum, command="/kontakt", text="")
    assert ack.status == 200
    [reply] = workspace.wait_for(lambda ws: ws.ephemerals_to(PEOPLE.rektor) or None)
    assert reply.text == "Kanalen är inte kopplad till någon skola."


@pytest.mark.parametrize(
    ("body", "headers"),
    [(b"payload={not json", FORM), (b"{not json", {}), (_payload([1, 2]), FORM)],
    ids=["form", "json", "list"],
)
def test_an_unsigned_or_badly_signed_malformed_body_is_401(
    driver: Driver, workspace: Workspace, body: bytes, headers: dict[str, str]
) -> None:
    assert driver.send_raw(body, headers, sign=False).status == 401
    assert driver.send_raw(body, headers, signature="v0=" + "0" * 64).status == 401
    assert driver.send_raw(body, headers, timestamp_offset=-600).status == 401
    _kontakt_still_answers(driver, workspace)


@pytest.mark.parametrize(
    "timestamp", ["\u00b2", "9" * 5000, "", "12.5"], ids=["superscript", "long", "empty", "dot"]
)
def test_a_timestamp_that_is_no_plain_number_is_401(
    driver: Driver, workspace: Workspace, timestamp: str
) -> None:
    headers = {**FORM, "X-Slack-Request-Timestamp": timestamp, "X-Slack-Signature": "v0=" + "0" * 64}
    assert driver.send_raw(b"payload={}", headers, sign=False).status == 401
    _kontakt_still_answers(driver, workspace)


@pytest.mark.parametrize(
    ("body", "headers"),
    [
        (b"payload={not json", FORM),
        (b"{not json", {}),
        (b"\xff\xfe", {}),
        (_payload([1, 2]), FORM),
        (b"[1, 2]", {}),
        (_payload(_view_submission({"id": "V1", "callback_id": "consultation"})), FORM),
        (
            _payload(
                {**_view_submission({"id": "V1", "callback_id": "x", "state": {"values": {}}}), "team": "T"}
            ),
            FORM,
        ),
        (_payload({"type": "block_actions", "user": {"id": PEOPLE.rektor}, "actions": "x"}), FORM),
        (b'{"type": "event_callback", "event": []}', {}),
        (b"command=%2Fkontakt&user_id=U0REKTOR1", FORM),
    ],
    ids=["form", "json", "bytes", "list", "json-list", "no-state", "team-str", "actions", "event", "command"],
)
def test_a_signed_malformed_body_is_400(
    driver: Driver, workspace: Workspace, body: bytes, headers: dict[str, str]
) -> None:
    answer = driver.send_raw(body, headers)
    assert answer.status == 400
    assert isinstance(answer.body, dict)
    assert answer.body["error"].startswith("malformed request")
    _kontakt_still_answers(driver, workspace)


def test_a_body_over_the_limit_is_413_before_anything_else(driver: Driver, workspace: Workspace) -> None:
    body = b"payload=" + b"x" * MAX_BODY_BYTES
    assert driver.send_raw(body, FORM, sign=False).status == 413
    assert driver.send_raw(body, FORM).status == 413
    _kontakt_still_answers(driver, workspace)


@pytest.fixture
def socket_app(settings: Settings, clock: FakeClock) -> Iterator[Bryggan]:
    app = build(settings, clock=clock, run_migrations=False)
    handler = app.socket_mode_handler()
    handler.connect()
    yield app
    handler.close()
    app.close()


@pytest.mark.parametrize(
    "payload",
    [[1, 2], "x", _view_submission({"id": "V1", "callback_id": "consultation"}), {"command": 5}],
    ids=["list", "string", "no-state", "command"],
)
def test_a_malformed_socket_mode_envelope_is_acked_and_the_connection_lives(
    slack: LocalSlack, workspace: Workspace, socket_app: Bryggan, payload: object
) -> None:
    envelope = {"envelope_id": str(uuid.uuid4()), "type": "interactive", "payload": payload}
    ack, elapsed = slack.sockets.send(APP_TOKEN, envelope)  # raises LateAck when never acked
    assert ack["envelope_id"] == envelope["envelope_id"]
    assert elapsed < 3.0
    _kontakt_still_answers(Driver(slack, team_id=TEAM, target="socket"), workspace)
