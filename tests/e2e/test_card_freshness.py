"""`/kontakt` after a write: the card's read is kept, and no write through this process is answered by it.

The bound for other processes' writes is set to an hour here, so only the invalidation can make these
cards new: a card that followed a write because the kept read had merely aged could not pass.
"""

from __future__ import annotations

import json
from collections.abc import Callable
from datetime import timedelta

import pytest

import storage.cards
from bot.actors import Actor
from bot.app import Bryggan
from bot.clock import FakeClock
from localslack import Driver, Workspace
from storage.db import make_engine, make_sessions
from storage.models import School
from tests.slackbed import CHANNELS, PEOPLE, TEAM

Card = Callable[[], str]  # /kontakt in the school's channel: the answer's text and blocks
ADMIN = Actor(team_id=TEAM, user_id=PEOPLE.admin, is_admin=True)


@pytest.fixture(autouse=True)
def _kept_for_an_hour(monkeypatch: pytest.MonkeyPatch) -> None:
    # autouse: set before the app (and its kept reads) are built.
    monkeypatch.setattr(storage.cards, "OTHER_WRITERS_SECONDS", 3600.0)


@pytest.fixture
def school(bryggan: Bryggan) -> Bryggan:
    changes = bryggan.services.contacts.changes
    changes.link(ADMIN, channel_id=CHANNELS.berzelius, name="Berzeliusskolan", create=True)
    changes.assign(ADMIN, channel_id=CHANNELS.berzelius, person_id=PEOPLE.sara)
    return bryggan


@pytest.fixture
def card(driver: Driver, workspace: Workspace, school: Bryggan) -> Card:
    def shown() -> str:
        before = len(workspace.ephemerals_to(PEOPLE.rektor))
        driver.command(user=PEOPLE.rektor, channel=CHANNELS.berzelius, command="/kontakt", text="")
        [reply] = workspace.wait_for(lambda ws: ws.ephemerals_to(PEOPLE.rektor)[before:] or None)
        return reply.text + json.dumps(reply.blocks, ensure_ascii=False)

    first = shown()
    assert "er kontaktperson är <@U0SARA001>" in first
    assert shown() == first  # kept: nothing changed
    return shown


def test_a_new_contact_assigned_over_slack_shows_at_once(
    driver: Driver, workspace: Workspace, card: Card
) -> None:
    driver.command(user=PEOPLE.admin, channel=CHANNELS.berzelius, command="/kontakt", text="tilldela @omar")
    workspace.wait_for(lambda ws: ws.ephemerals_to(PEOPLE.admin) or None)
    assert "er kontaktperson är <@U0OMAR001>" in card()


def test_a_deputy_a_profile_and_an_absence_show_at_once(
    school: Bryggan, clock: FakeClock, card: Card
) -> None:
    contacts = school.services.contacts
    contacts.changes.set_deputy(ADMIN, channel_id=CHANNELS.berzelius, person_id=PEOPLE.omar)
    assert "<@U0OMAR001>" in card()
    sara = Actor(team_id=TEAM, user_id=PEOPLE.sara, is_admin=False)
    contacts.changes.save_profile(sara, title="Socialsekreterare", phone="013-12 34 56", reachable="")
    assert "Socialsekreterare" in card()
    today = clock.now().astimezone(school.settings.zone).date()
    contacts.absences.register_absence(ADMIN, person_id=PEOPLE.sara, first_day=today, last_day=today)
    assert "Under tiden är <@U0OMAR001> er kontakt (ersättare)" in card()


def test_a_write_through_another_engine_of_the_process_shows_at_once(school: Bryggan, card: Card) -> None:
    """As `bryggan schools import` or another tool in this process would write: its own engine."""
    engine = make_engine(school.settings.database_url)
    try:
        with make_sessions(engine).begin() as session:
            found = session.query(School).filter_by(team_id=TEAM, channel_id=CHANNELS.berzelius).one()
            found.name = "Berzeliusskolan F–9"
        assert "Berzeliusskolan F–9" in card()
    finally:
        engine.dispose()


def test_an_absence_from_tomorrow_shows_when_tomorrow_comes(
    school: Bryggan, clock: FakeClock, card: Card
) -> None:
    contacts = school.services.contacts
    contacts.changes.set_deputy(ADMIN, channel_id=CHANNELS.berzelius, person_id=PEOPLE.omar)
    tomorrow = clock.now().astimezone(school.settings.zone).date() + timedelta(days=1)
    contacts.absences.register_absence(ADMIN, person_id=PEOPLE.sara, first_day=tomorrow, last_day=tomorrow)
    assert "Under tiden" not in card()
    clock.advance(timedelta(days=1))
    assert "Under tiden är <@U0OMAR001> er kontakt (ersättare)" in card()
