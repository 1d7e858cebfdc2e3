"""Where a slash command's answer travels: in the ack body when ready at once, else through response_url."""

from __future__ import annotations

import json

from bot.app import Bryggan, build
from bot.clock import FakeClock
from bot.settings import Settings
from localslack import Driver, LocalSlack, Workspace
from tests.slackbed import CHANNELS, PEOPLE, TEAM, link_school


def _vias(workspace: Workspace) -> list[str]:
    with workspace.cond:
        return [message.via for message in workspace.history]


def test_an_immediate_reply_comes_in_the_ack_body_and_no_response_url_is_called(
    driver: Driver, workspace: Workspace, bryggan: Bryggan, clock: FakeClock
) -> None:
    link_school(bryggan, name="Berzeliusskolan", channel_id=CHANNELS.berzelius, at=clock.now())
    ack = driver.command(user=PEOPLE.rektor, channel=CHANNELS.berzelius, command="/kontakt", text="")
    assert ack.status == 200
    assert ack.headers.get("Content-Type", "").startswith("application/json")
    assert isinstance(ack.body, dict)
    assert ack.body["text"] == "Kontaktperson för Berzeliusskolan"
    assert "Berzeliusskolan" in json.dumps(ack.body["blocks"], ensure_ascii=False)
    assert "response_type" not in ack.body  # ephemeral, as Slack defaults it
    [reply] = workspace.ephemerals_to(PEOPLE.rektor)  # shown already when the ack returned
    assert reply.via == "ack"
    assert _vias(workspace) == ["ack"]  # nothing reached the stand-in through response_url


def test_a_refusal_comes_in_the_ack_body_too(driver: Driver, workspace: Workspace) -> None:
    ack = driver.command(user=PEOPLE.rektor, channel=CHANNELS.berzelius, command="/kontakt", text="lista")
    assert isinstance(ack.body, dict)
    assert "administratör" in ack.body["text"]
    assert _vias(workspace) == ["ack"]


def test_slow_work_acks_empty_and_answers_through_response_url(driver: Driver, workspace: Workspace) -> None:
    ack = driver.command(user=PEOPLE.admin, channel=CHANNELS.personalrum, command="/uppföljning", text="")
    assert ack.status == 200
    assert ack.body is None  # acked at once; the charts take a while
    [reply] = workspace.wait_for(lambda ws: ws.ephemerals_to(PEOPLE.admin) or None)
    assert reply.via == "response_url"
    assert "Uppföljning" in reply.text


def test_socket_mode_carries_the_reply_in_the_envelope_ack(
    slack: LocalSlack, workspace: Workspace, settings: Settings, clock: FakeClock
) -> None:
    app = build(settings, clock=clock, run_migrations=False)
    handler = app.socket_mode_handler()
    handler.connect()
    try:
        driver = Driver(slack, team_id=TEAM, target="socket")
        ack = driver.command(user=PEOPLE.rektor, channel=CHANNELS.personalrum, command="/kontakt", text="")
        assert isinstance(ack.body, dict)
        assert ack.body["text"] == "Kanalen är inte kopplad till någon skola."
        [reply] = workspace.ephemerals_to(PEOPLE.rektor)
        assert reply.via == "ack"
        assert _vias(workspace) == ["ack"]
    finally:
        handler.close()
        app.close()
