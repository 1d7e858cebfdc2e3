"""A modal's private_metadata is signed by Bryggan: a correctly signed Slack request carrying forged
metadata is refused in Swedish beside the field, and nothing is stored."""

from __future__ import annotations

import json
from urllib.parse import quote

import pytest
from sqlalchemy import func, select

from bot.app import Bryggan
from bot.meetings import Target
from handlers.ids import Field
from handlers.ids import View as ViewId
from localslack import Driver, LocalSlack, Message, Workspace
from localslack.grants import ResponseUrl, new_token
from storage.models import AgendaItem, Consultation, School
from tests.e2e.test_consultations import CLEAN
from tests.e2e.test_meetings import Eht, _button
from tests.slackbed import CHANNELS, PEOPLE, TEAM

OUTSIDER = "U0OUTSIDE"  # staff at Berzeliusskolan only: not a member of Ekholmsskolan's channel
FORGED = "Formuläret kunde inte kontrolleras: det har ändrats på vägen eller öppnats av någon annan."


@pytest.fixture
def eht(driver: Driver, workspace: Workspace, bryggan: Bryggan) -> Eht:
    """Both schools linked, each with a contact and a weekly EHT meeting; the outsider in one channel."""
    workspace.add_user(id=OUTSIDER, name="larare", real_name="Lärare Utanför")
    with workspace.cond:
        workspace.channels[CHANNELS.berzelius].members.append(OUTSIDER)
    eht = Eht(driver, workspace, bryggan)
    for channel, school, contact in (
        (CHANNELS.berzelius, "Berzeliusskolan", "@sara"),
        (CHANNELS.ekholm, "Ekholmsskolan", "@omar"),
    ):
        eht(PEOPLE.admin, channel, f"koppla {school}")
        eht(PEOPLE.admin, channel, f"tilldela {contact}")
        eht.eht(PEOPLE.rektor, "schema onsdag 10:00", channel=channel)
    eht.deliver_all()
    return eht


def _open_consultation(driver: Driver, workspace: Workspace, user: str, channel: str) -> dict:
    before = len(workspace.views_of(user))
    assert driver.command(user=user, channel=channel, command="/konsultation", text="").status == 200
    return workspace.wait_for(lambda ws: ws.views_of(user)[before:] or None)[-1]


def _forge(workspace: Workspace, user: str, metadata: str) -> None:
    """What an insider would send: the user's open modal, its metadata changed."""
    with workspace.cond:
        workspace.view_store.top(user)["private_metadata"] = metadata


def _count(bryggan: Bryggan, model: type) -> int:
    with bryggan.sessions.begin() as session:
        return session.scalar(select(func.count()).select_from(model))


def _submit_as(driver: Driver, user: str) -> dict:
    values = {
        "grade": {"grade": {"type": "static_select", "selected_option": {"value": "8"}}},
        "areas": {"areas": {"type": "multi_static_select", "selected_options": [{"value": "franvaro"}]}},
        "description": {"description": {"type": "plain_text_input", "value": CLEAN}},
        "reach": {"reach": {"type": "static_select", "selected_option": {"value": "dm"}}},
    }
    ack = driver.view_submission(user=user, values=values)
    assert ack.status == 200
    return ack.body


@pytest.mark.parametrize("forgery", ["plain", "altered", "replayed"])
def test_a_consultation_cannot_be_moved_to_another_school(
    eht: Eht, driver: Driver, workspace: Workspace, bryggan: Bryggan, forgery: str
) -> None:
    theirs = _open_consultation(driver, workspace, PEOPLE.rektor, CHANNELS.ekholm)["private_metadata"]
    mine = _open_consultation(driver, workspace, OUTSIDER, CHANNELS.berzelius)["private_metadata"]
    signature = mine.partition(".")[0]
    _forge(
        workspace,
        OUTSIDER,
        {"plain": CHANNELS.ekholm, "altered": f"{signature}.{CHANNELS.ekholm}", "replayed": theirs}[forgery],
    )
    answer = _submit_as(driver, OUTSIDER)
    assert answer["response_action"] == "errors"
    assert answer["errors"]["description"].startswith(FORGED)
    assert _count(bryggan, Consultation) == 0


def test_the_same_consultation_unforged_is_stored_at_its_own_school(
    eht: Eht, driver: Driver, workspace: Workspace, bryggan: Bryggan
) -> None:
    _open_consultation(driver, workspace, OUTSIDER, CHANNELS.berzelius)
    assert _submit_as(driver, OUTSIDER)["response_action"] == "update"
    with bryggan.sessions.begin() as session:
        case = session.scalars(select(Consultation)).one()
        assert session.get(School, case.school_id).channel_id == CHANNELS.berzelius


def test_an_agenda_item_cannot_be_put_on_another_schools_meeting(
    eht: Eht, driver: Driver, workspace: Workspace, bryggan: Bryggan
) -> None:
    (reminder,) = [m for m in eht.channel("EHT-möte") if m.channel == CHANNELS.berzelius]
    driver.block_action(user=OUTSIDER, action_id=_button(reminder)["action_id"], message=reminder)
    view = workspace.wait_for(lambda ws: ws.views_of(OUTSIDER) or None)[-1]
    signature, _, value = view["private_metadata"].partition(".")
    ours = Target.decode(value)
    with bryggan.sessions.begin() as session:
        ekholm = session.scalars(select(School).where(School.channel_id == CHANNELS.ekholm)).one()
    theirs = Target(ekholm.id, ours.day).encode()
    item = {"item": {"item": {"type": "plain_text_input", "value": "Rutiner för frånvaro i åk 8"}}}
    for forged in (theirs, f"{signature}.{theirs}"):
        _forge(workspace, OUTSIDER, forged)
        answer = driver.view_submission(user=OUTSIDER, values=item)
        assert answer.body["errors"]["item"].startswith(FORGED)
    assert _count(bryggan, AgendaItem) == 0


def test_a_signed_submission_with_non_numeric_metadata_is_answered_not_failed(
    driver: Driver, workspace: Workspace, bryggan: Bryggan
) -> None:
    payload = {
        "type": "view_submission",
        "team": {"id": TEAM, "domain": "testkommun"},
        "user": {"id": PEOPLE.sara, "team_id": TEAM},
        "api_app_id": "A0BRYGGAN",
        "trigger_id": "1.2.3",
        "view": {
            "id": "V0FORGED1",
            "type": "modal",
            "callback_id": ViewId.CONSULTATION_REPLY,
            "private_metadata": "not-a-number",
            "state": {"values": {Field.REPLY: {Field.REPLY: {"type": "plain_text_input", "value": "Hej"}}}},
        },
    }
    body = b"payload=" + quote(json.dumps(payload)).encode()
    answer = driver.send_raw(body, {"Content-Type": "application/x-www-form-urlencoded"})
    assert answer.status == 200
    assert answer.body["response_action"] == "errors"
    assert answer.body["errors"][Field.REPLY].startswith(FORGED)


def _click_with_value(slack: LocalSlack, driver: Driver, reminder: Message, target: Target) -> None:
    """A correctly signed click on the channel's reminder button, its value naming `target`."""
    button = _button(reminder)
    grant = ResponseUrl(new_token(), TEAM, reminder.channel, OUTSIDER, 0.0)
    slack.grants.issue_response_url(grant)
    payload = {
        "type": "block_actions",
        "team": {"id": TEAM, "domain": "testkommun"},
        "user": {"id": OUTSIDER, "team_id": TEAM},
        "api_app_id": "A0BRYGGAN",
        "trigger_id": slack.grants.issue_trigger(TEAM, OUTSIDER),
        "channel": {"id": reminder.channel, "name": "berzeliusskolan"},
        "container": {"type": "message", "channel_id": reminder.channel, "message_ts": reminder.ts},
        "response_url": f"{slack.url}/respond/{grant.token}",
        "actions": [
            {
                "type": "button",
                "action_id": button["action_id"],
                "block_id": "b1",
                "value": json.dumps({"id": target.encode()}),
                "action_ts": reminder.ts,
            }
        ],
    }
    body = b"payload=" + quote(json.dumps(payload)).encode()
    assert driver.send_raw(body, {"Content-Type": "application/x-www-form-urlencoded"}).status == 200


def test_a_meeting_button_naming_another_school_opens_nothing(
    eht: Eht, slack: LocalSlack, driver: Driver, workspace: Workspace, bryggan: Bryggan
) -> None:
    (reminder,) = [m for m in eht.channel("EHT-möte") if m.channel == CHANNELS.berzelius]
    ours = Target.decode(json.loads(_button(reminder)["value"])["id"])
    with bryggan.sessions.begin() as session:
        ekholm = session.scalars(select(School).where(School.channel_id == CHANNELS.ekholm)).one()

    _click_with_value(slack, driver, reminder, Target(ekholm.id, ours.day))
    [refusal] = workspace.wait_for(lambda ws: ws.ephemerals_to(OUTSIDER) or None)
    assert refusal.text.startswith("Mötet hör till en annan skola än kanalen där du klickade")
    assert workspace.views_of(OUTSIDER) == []

    _click_with_value(slack, driver, reminder, ours)  # the same click for its own school opens the form
    workspace.wait_for(lambda ws: ws.views_of(OUTSIDER) or None)
