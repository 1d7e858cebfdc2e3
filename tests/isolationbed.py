"""The isolation test bed: two municipalities installed through OAuth into one Bryggan, each with
its school, people, an open case, a meeting series, an agenda item and notes; and how to read what
each workspace holds and what it was shown."""

from __future__ import annotations

import json
import time
from collections.abc import Iterator
from dataclasses import dataclass, field
from datetime import UTC, date, datetime, timedelta
from typing import Any

import pytest
from sqlalchemy import select

from bot.app import Bryggan, build
from bot.clock import FakeClock
from bot.meetings import Target
from localslack import Driver, LocalSlack, Workspace
from localslack.browser import Browser
from storage.meetings import save_note
from storage.models import Assignment, Base, Consultation, MeetingNote, School
from tests.e2e.test_consultations import CLEAN
from tests.slackbed import (
    OAUTH_CLIENT_ID,
    OAUTH_CLIENT_SECRET,
    OAUTH_SIGNING_SECRET,
    add_oauth_workspace,
    oauth_test_settings,
)

CLIENT_ID, CLIENT_SECRET, SECRET = OAUTH_CLIENT_ID, OAUTH_CLIENT_SECRET, OAUTH_SIGNING_SECRET


@dataclass
class Side:
    """One municipality: its workspace, people, school channel and what it has stored."""

    ws: Workspace
    school: str
    admin: str  # a Slack workspace admin: an administrator of Bryggan in this workspace only
    rektor: str
    contact: str
    deputy: str
    channel: str
    spare: str  # a channel not linked to any school
    description: str
    item: str
    notes: str
    driver: Driver | None = None
    school_id: int = 0
    case_id: int = 0
    assignment_id: int = 0
    meeting: Target | None = None

    @property
    def team(self) -> str:
        return self.ws.team_id

    def name(self, user: str) -> str:
        return self.ws.users[user].name

    def secrets(self) -> list[str]:
        """What the other workspace must never be shown."""
        people = [self.admin, self.rektor, self.contact, self.deputy]
        return [self.team, self.school, self.channel, self.description, self.item, self.notes, *people]


@dataclass
class World:
    bryggan: Bryggan
    slack: LocalSlack
    url: str
    a: Side
    b: Side
    outputs: list[str] = field(default_factory=list)  # ack bodies the second workspace got


def _side(slack: LocalSlack, key: str, name: str, school: str) -> Side:
    team = f"T0{key}001"
    ws = add_oauth_workspace(slack, team, name=f"{name} kommun", domain=name.lower(), bot_key=key)
    side = Side(
        ws=ws,
        school=school,
        admin=f"U0ADM{key}",
        rektor=f"U0REK{key}",
        contact=f"U0SOC{key}",
        deputy=f"U0DEP{key}",
        channel=f"C0SKO{key}",
        spare=f"C0PER{key}",
        description=f"{CLEAN} Det gäller {name}.",
        item=f"Rutiner för frånvaro i {name}",
        notes=f"Beslut om rastvakter i {name}",
    )
    ws.add_user(id=side.admin, name=f"admin{key.lower()}", real_name=f"Admin {name}", is_admin=True)
    ws.add_user(id=side.rektor, name=f"rektor{key.lower()}", real_name=f"Rektor {name}")
    ws.add_user(id=side.contact, name=f"soc{key.lower()}", real_name=f"Socialsekreterare {name}")
    ws.add_user(id=side.deputy, name=f"dep{key.lower()}", real_name=f"Ersättare {name}")
    everyone = [side.admin, side.rektor, side.contact, side.deputy]
    ws.add_channel(id=side.channel, name="skolan", members=everyone)
    ws.add_channel(id=side.spare, name="personalrum", members=everyone)
    return side


# A test module takes its fixtures as `clock = wall_clock()` and `world = two_municipalities()`.
def wall_clock() -> Any:
    """A `clock` fixture at the wall clock's time, for a bed that installs through OAuth."""

    @pytest.fixture(name="clock")
    def clock() -> FakeClock:
        # Bolt and slack_sdk count token lifetimes on the wall clock: start there, never move.
        return FakeClock(datetime.fromtimestamp(int(time.time()), UTC))

    return clock


def two_municipalities() -> Any:
    """A `world` fixture: Norrköping and Finspång installed through OAuth, each furnished (`_furnish`)."""

    @pytest.fixture(name="world")
    def world(database_url: str, slack: LocalSlack, clock: FakeClock) -> Iterator[World]:
        a = _side(slack, "NORR", "Norrköping", "Hagebyskolan")
        b = _side(slack, "FINS", "Finspång", "Nyhemsskolan")
        settings = oauth_test_settings(
            database_url=database_url,
            api_url=slack.api_url,
            admin_users=[],  # the administrators are each workspace's own Slack admins
            public_url="https://bryggan.example.se",  # each school may have a calendar feed
        )
        app = build(settings, clock=clock, run_migrations=False)
        with app.serving() as url:
            slack.register_oauth_app(CLIENT_ID, CLIENT_SECRET, f"{url}/slack/oauth_redirect")
            world = World(app, slack, url, a, b)
            for side in (a, b):
                _furnish(world, side)
            yield world
        app.close()

    return world


def _furnish(world: World, side: Side) -> None:
    """Install, link the school, appoint its contact and deputy, schedule EHT, raise a case and an item."""
    page = Browser().install(
        f"{world.url}/slack/install",
        consent_url=f"{world.slack.url}/oauth/v2/authorize",
        team_id=side.team,
        user_id=side.admin,
    )
    assert page.status == 200, page.body
    side.driver = Driver(world.slack, team_id=side.team, url=f"{world.url}/slack/events")
    _command(side, side.admin, "/kontakt", f"koppla {side.school}")
    _command(side, side.admin, "/kontakt", f"tilldela @{side.name(side.contact)}")
    _command(side, side.admin, "/kontakt", f"ersättare @{side.name(side.deputy)}")
    _command(side, side.rektor, "/eht", "schema onsdag 10:00")
    _command(side, side.rektor, "/eht", f"punkt {side.item}")
    _command(side, side.rektor, "/eht", "prenumerera")
    _command(side, side.rektor, "/konsultation", "")
    side.ws.wait_for(lambda ws: ws.views_of(side.rektor) or None)
    values = {
        "grade": {"grade": {"type": "static_select", "selected_option": {"value": "8"}}},
        "areas": {"areas": {"type": "multi_static_select", "selected_options": [{"value": "franvaro"}]}},
        "description": {"description": {"type": "plain_text_input", "value": side.description}},
        "reach": {"reach": {"type": "static_select", "selected_option": {"value": "dm"}}},
    }
    ack = side.driver.view_submission(user=side.rektor, values=values)
    assert ack.status == 200
    assert ack.body["response_action"] == "update", ack.body  # "Tack! Konsultationen … är skickad"
    world.bryggan.dispatcher.run_once()
    with world.bryggan.sessions.begin() as session:
        school = session.scalars(select(School).where(School.team_id == side.team)).one()
        case = session.scalars(select(Consultation).where(Consultation.team_id == side.team)).one()
        contact = session.scalars(
            select(Assignment).where(Assignment.team_id == side.team, Assignment.person_id == side.contact)
        ).one()
        side.school_id, side.case_id, side.assignment_id = school.id, case.id, contact.id
        # Notes of a past meeting: written straight to the database (time does not move here).
        day = world.bryggan.services.clock.now().date() - timedelta(days=7)
        note = MeetingNote(
            team_id=side.team,
            school_id=school.id,
            day=day,
            decisions=side.notes,
            author_id=side.rektor,
            recorded_at=world.bryggan.services.clock.now(),
        )
        save_note(session, note)
    side.meeting = Target(side.school_id, _next_wednesday(world.bryggan.services.clock.now().date()))


def _next_wednesday(today: date) -> date:
    return today + timedelta(days=(2 - today.weekday()) % 7 or 7)


def _command(side: Side, user: str, command: str, text: str) -> None:
    assert side.driver is not None
    ack = side.driver.command(user=user, channel=side.channel, command=command, text=text)
    assert ack.status == 200, ack.body


# --- what the first workspace holds, and what the second one saw -------------------------------------


def _rows_of(bryggan: Bryggan, team: str) -> dict[str, list[tuple[Any, ...]]]:
    """Every row of every Bryggan table that belongs to `team`, column by column."""
    rows: dict[str, list[tuple[Any, ...]]] = {}
    with bryggan.engine.connect() as connection:
        for table in Base.metadata.sorted_tables:
            if "team_id" not in table.c or table.name == "processed_events":
                continue
            found = connection.execute(select(table).where(table.c.team_id == team)).all()
            rows[table.name] = sorted((tuple(row) for row in found), key=repr)
    return rows


def _seen_by(world: World, side: Side) -> str:
    """Everything the workspace shows its people: messages (every version), modals, Home tabs, files."""
    ws = side.ws
    people = [side.admin, side.rektor, side.contact, side.deputy]
    seen = [repr(m) for m in ws.history]
    seen += [json.dumps(ws.views_of(p), ensure_ascii=False) for p in people]
    seen += [json.dumps(ws.home_of(p), ensure_ascii=False) for p in people]
    seen += [json.dumps(ws.modal_errors_of(p), ensure_ascii=False) for p in people]
    seen += [f"{f.name} {f.title} {(f.content or b'').decode('utf-8', 'replace')}" for f in ws.files]
    if side is world.b:
        seen += world.outputs  # answers in the ack body are the second workspace's too
    return "\n".join(seen)


def _leaks(seen: str, secrets: list[str], typed: str = "") -> list[str]:
    # What the second workspace typed itself may come back to it; anything else of the first may not.
    return [s for s in secrets if s in seen and s not in typed]


def _setup_is_real(world: World) -> None:
    """The first workspace really holds what the second must not see (else the test proves nothing)."""
    rows = _rows_of(world.bryggan, world.a.team)
    for table in (
        "schools",
        "assignments",
        "consultations",
        "meeting_series",
        "agenda_items",
        "meeting_notes",
        "calendar_feeds",
    ):
        assert rows[table], table
    assert rows["audit_events"]
    assert world.a.description not in repr(rows)  # sealed at rest
    assert world.a.school in _seen_by(world, world.a)
