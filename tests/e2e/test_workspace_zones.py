"""A time zone per workspace through the stand-in: two municipalities installed through OAuth, the
first on the environment's Europe/Stockholm, the second set to America/New_York in its App Home modal.
The same `/eht schema onsdag 10:00` is 10:00 on each one's own wall clock: each reminder is owed and
sent at 08:00 there, and "today" (`/kontakt frånvaro idag`) is each one's own calendar day; the
weekly digest comes at 07:00 and the acknowledgement reminder after working hours of each one's own."""

from __future__ import annotations

import json
import time
from collections.abc import Iterator
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from typing import Any
from zoneinfo import ZoneInfo

import pytest
import slack_sdk.oauth.token_rotation.rotator as slack_rotator
from sqlalchemy import select

from bot.actors import Actor
from bot.app import Bryggan, build
from bot.clock import FakeClock
from bot.notices import Notice
from bot.setting_checks import Key
from bot.workhours import WorkingHours, is_working_day
from handlers.ids import Action
from localslack import Driver, LocalSlack, Workspace
from localslack.browser import Browser
from storage.models import DeliveryStatus, OutboxMessage, WorkspaceSetting
from tests.conftest import STOCKHOLM
from tests.e2e.test_consultations import CLEAN
from tests.slackbed import (
    OAUTH_CLIENT_ID,
    OAUTH_CLIENT_SECRET,
    add_oauth_workspace,
    oauth_test_settings,
)

NEW_YORK = ZoneInfo("America/New_York")
EIGHT = (8, 0)


@dataclass
class Side:
    ws: Workspace
    driver: Driver
    admin: str
    rektor: str
    channel: str

    @property
    def team(self) -> str:
        return self.ws.team_id

    def command(self, user: str, command: str, text: str) -> str:
        ack = self.driver.command(user=user, channel=self.channel, command=command, text=text)
        assert ack.status == 200, ack.body
        return json.dumps(ack.body, ensure_ascii=False)


@dataclass
class World:
    bryggan: Bryggan
    slack: LocalSlack
    clock: FakeClock
    a: Side  # Europe/Stockholm: the environment's zone
    b: Side  # America/New_York: its own setting


@pytest.fixture
def clock() -> FakeClock:
    # Bolt and slack_sdk count token lifetimes on the wall clock: start there (the test moves it with
    # Bolt's rotator patched onto it, and the outbox refreshes tokens as it would after a weekend).
    return FakeClock(datetime.fromtimestamp(int(time.time()), UTC))


@pytest.fixture
def world(
    database_url: str, slack: LocalSlack, clock: FakeClock, monkeypatch: pytest.MonkeyPatch
) -> Iterator[World]:
    monkeypatch.setattr(slack_rotator, "time", clock.timestamp)
    settings = oauth_test_settings(database_url=database_url, api_url=slack.api_url, admin_users=[])
    assert settings.timezone == "Europe/Stockholm"
    app = build(settings, clock=clock, run_migrations=False)
    with app.serving() as url:
        slack.register_oauth_app(OAUTH_CLIENT_ID, OAUTH_CLIENT_SECRET, f"{url}/slack/oauth_redirect")
        sides = [_install(slack, url, key) for key in ("NORR", "NEWY")]
        yield World(app, slack, clock, *sides)
    app.close()


def _install(slack: LocalSlack, url: str, key: str) -> Side:
    team = f"T0{key}001"
    ws = add_oauth_workspace(slack, team, name=f"{key} kommun", domain=key.lower(), bot_key=key)
    admin, rektor, channel = f"U0ADM{key}", f"U0REK{key}", f"C0SKO{key}"
    ws.add_user(id=admin, name=f"admin{key.lower()}", real_name=f"Admin {key}", is_admin=True)
    ws.add_user(id=rektor, name=f"rektor{key.lower()}", real_name=f"Rektor {key}")
    ws.add_channel(id=channel, name="skolan", members=[admin, rektor])
    page = Browser().install(
        f"{url}/slack/install", consent_url=f"{slack.url}/oauth/v2/authorize", team_id=team, user_id=admin
    )
    assert page.status == 200, page.body
    side = Side(ws, Driver(slack, team_id=team, url=f"{url}/slack/events"), admin, rektor, channel)
    side.command(admin, "/kontakt", "koppla Skolan")
    return side


def _set_zone(side: Side, zone: str) -> dict[str, Any]:
    """The administrator types `zone` into the settings modal's time zone field and saves."""
    side.driver.app_home_opened(user=side.admin)
    home = side.ws.wait_for(lambda ws: ws.home_of(side.admin))
    assert side.driver.block_action(user=side.admin, action_id=Action.SETTINGS_OPEN, view=home).status == 200
    modal = side.ws.wait_for(lambda ws: ws.views_of(side.admin) or None)[-1]
    values: dict[str, dict[str, Any]] = {}
    for block in modal["blocks"]:
        element = block.get("element") or {}
        if element.get("type") == "plain_text_input":
            text = zone if block["block_id"] == "timezone" else element.get("initial_value") or ""
            values[block["block_id"]] = {block["block_id"]: {"type": "plain_text_input", "value": text}}
        elif element.get("type") == "multi_users_select":
            chosen = {"type": "multi_users_select", "selected_users": element.get("initial_users") or []}
            values[block["block_id"]] = {block["block_id"]: chosen}
    ack = side.driver.view_submission(user=side.admin, values=values)
    assert ack.status == 200
    side.driver.view_closed(user=side.admin)
    return ack.body


def _owed(bryggan: Bryggan, side: Side, notice: Notice) -> list[datetime]:
    """When the side's rows of `notice` are due, whatever their status."""
    with bryggan.sessions.begin() as session:
        rows = session.scalars(
            select(OutboxMessage.due_at).where(
                OutboxMessage.team_id == side.team, OutboxMessage.template == notice
            )
        )
        return list(rows)


def _consult(side: Side) -> None:
    side.command(side.rektor, "/konsultation", "")
    side.ws.wait_for(lambda ws: ws.views_of(side.rektor) or None)
    values = {
        "grade": {"grade": {"type": "static_select", "selected_option": {"value": "8"}}},
        "areas": {"areas": {"type": "multi_static_select", "selected_options": [{"value": "franvaro"}]}},
        "description": {"description": {"type": "plain_text_input", "value": CLEAN}},
        "reach": {"reach": {"type": "static_select", "selected_option": {"value": "dm"}}},
    }
    ack = side.driver.view_submission(user=side.rektor, values=values)
    assert ack.status == 200
    assert ack.body["response_action"] == "update", ack.body


def _day_before(bryggan: Bryggan, side: Side) -> dict[str, datetime]:
    """The side's pending day-before reminders: each meeting's local start (as shown) to its due instant."""
    with bryggan.sessions.begin() as session:
        rows = session.scalars(
            select(OutboxMessage).where(
                OutboxMessage.team_id == side.team,
                OutboxMessage.template == Notice.EHT_DAY_BEFORE,
                OutboxMessage.status == DeliveryStatus.PENDING,
            )
        )
        return {row.args["starts"]: row.due_at for row in rows}


def _wall(instant: datetime, zone: ZoneInfo) -> tuple[int, int]:
    local = instant.astimezone(zone)
    return local.hour, local.minute


def _posted(side: Side) -> list[str]:
    return [m.text for m in side.ws.messages_in(side.channel) if "EHT" in m.text]


def test_each_workspace_meets_is_reminded_and_counts_its_days_on_its_own_clock(world: World) -> None:
    a, b, bryggan, clock = world.a, world.b, world.bryggan, world.clock
    a.command(a.rektor, "/eht", "schema onsdag 10:00")
    b.command(b.rektor, "/eht", "schema onsdag 10:00")
    before = _day_before(bryggan, b)  # owed while B was on the environment's zone, like A
    assert before
    assert all(_wall(due, STOCKHOLM) == EIGHT for due in before.values())

    # An unknown zone is refused beside its field in Swedish; nothing is stored.
    refused = _set_zone(b, "America/Nya_York")
    assert refused == {
        "response_action": "errors",
        "errors": {
            "timezone": '"America/Nya_York" är ingen tidszon jag känner till. Skriv till exempel '
            "Europe/Stockholm. Ingenting ändrades."
        },
    }
    with bryggan.sessions.begin() as session:
        assert session.scalars(select(WorkspaceSetting)).all() == []
    assert _day_before(bryggan, b) == before

    saved = _set_zone(b, "America/New_York")
    assert saved["response_action"] == "update", saved
    # The ticker's next sync: B's meetings keep their wall-clock time, so their reminders move.
    bryggan.services.meetings.reminders.materialise()
    owed_a, owed_b = _day_before(bryggan, a), _day_before(bryggan, b)
    assert all(_wall(due, STOCKHOLM) == EIGHT for due in owed_a.values())
    assert all(_wall(due, NEW_YORK) == EIGHT for due in owed_b.values())
    # The same local 10:00s (a meeting tomorrow may have a reminder owed in one and past in the other).
    ahead = clock.now() + timedelta(days=2)
    walls_a = [s[:16] for s in sorted(owed_a) if datetime.fromisoformat(s) > ahead]
    walls_b = [s[:16] for s in sorted(owed_b) if datetime.fromisoformat(s) > ahead]
    assert walls_a
    assert walls_a == walls_b
    assert all(s.endswith(("-05:00", "-04:00")) for s in owed_b)
    assert all(s.endswith(("+01:00", "+02:00")) for s in owed_a)

    # The first meeting far enough ahead that neither reminder is due yet (a day-before reminder of a
    # meeting tomorrow may be past already).
    starts = min(s for s in owed_a if owed_a[s] > clock.now() + timedelta(hours=1))
    twin = next(s for s in owed_b if s[:16] == starts[:16])
    due_a, due_b = owed_a[starts], owed_b[twin]
    assert due_b - due_a in (timedelta(hours=6), timedelta(hours=5))  # 08:00 in New York is later
    shown = f"kl. {starts[11:16]}"
    assert shown == "kl. 10:00"

    clock.set(due_a - timedelta(minutes=1))
    bryggan.dispatcher.drain()
    assert (_posted(a), _posted(b)) == ([], [])
    clock.set(due_a)
    bryggan.dispatcher.drain()
    assert any(shown in text for text in _posted(a)), _posted(a)
    assert _posted(b) == []  # 02:00 or 03:00 in New York
    clock.set(due_b - timedelta(minutes=1))
    bryggan.dispatcher.drain()
    assert _posted(b) == []
    clock.set(due_b)
    bryggan.dispatcher.drain()
    assert any(shown in text for text in _posted(b)), _posted(b)

    # 03:00 on the meeting day in Stockholm is still the evening before in New York.
    meeting_day = datetime.fromisoformat(starts).date()
    clock.set(datetime.combine(meeting_day, datetime.min.time(), tzinfo=STOCKHOLM) + timedelta(hours=3))
    day_a, day_b = meeting_day.isoformat(), (meeting_day - timedelta(days=1)).isoformat()
    said_a = a.command(a.rektor, "/kontakt", "frånvaro idag")
    said_b = b.command(b.rektor, "/kontakt", "frånvaro idag")
    assert f"Din frånvaro {day_a}–{day_a} är registrerad." in said_a, said_a
    assert f"Din frånvaro {day_b}–{day_b} är registrerad." in said_b, said_b


def test_the_weekly_digest_and_the_acknowledgement_hours_follow_each_workspaces_clock(world: World) -> None:
    a, b, bryggan, clock = world.a, world.b, world.bryggan, world.clock
    settings = bryggan.services.workspace
    for side in (a, b):  # each names its own administrator: the digest's recipient there
        settings.change(Actor(side.team, side.admin, is_admin=True), {Key.ADMIN_USERS: side.admin})
    settings.change(Actor(b.team, b.admin, is_admin=True), {Key.TIMEZONE: "America/New_York"})

    # The weekly digest (each school is vacant) is queued from Monday 07:00 on each one's own clock.
    today = clock.now().astimezone(STOCKHOLM).date()
    monday = today + timedelta(days=7 - today.weekday())
    while not is_working_day(monday + timedelta(days=1)):  # the Tuesday below is a working day
        monday += timedelta(days=7)
    at_seven_a = datetime.combine(monday, datetime.min.time(), tzinfo=STOCKHOLM) + timedelta(hours=7)
    at_seven_b = datetime.combine(monday, datetime.min.time(), tzinfo=NEW_YORK) + timedelta(hours=7)
    digest = bryggan.services.contacts.overviews.queue_weekly_digest
    clock.set(at_seven_a - timedelta(minutes=1))
    assert digest() == 0
    clock.set(at_seven_a)
    assert digest() == 1
    assert (_owed(bryggan, a, Notice.WEEKLY_DIGEST), _owed(bryggan, b, Notice.WEEKLY_DIGEST)) == (
        [at_seven_a],
        [],
    )
    clock.set(at_seven_b - timedelta(minutes=1))
    assert digest() == 0
    clock.set(at_seven_b)
    assert digest() == 1
    assert _owed(bryggan, b, Notice.WEEKLY_DIGEST) == [at_seven_b]

    # The same instant: 13:00 in Stockholm (four working hours left today), 07:00 in New York (the
    # working day not yet begun). Eight working hours each end at other instants: B's first.
    bryggan.dispatcher.drain()  # the tokens of a week ago are refreshed on the way
    clock.set(at_seven_b + timedelta(days=1))
    for side in (a, b):
        side.command(side.admin, "/kontakt", f"tilldela @{side.ws.users[side.rektor].name}")
        _consult(side)
    received = clock.now()
    due_a = WorkingHours(STOCKHOLM).add(received, 8)
    due_b = WorkingHours(NEW_YORK).add(received, 8)
    assert _wall(due_b, NEW_YORK) == (16, 0)  # 08:00–16:00 there the same day
    assert due_b < due_a
    upkeep = bryggan.services.consultations.upkeep
    reminded = {a.team: 0, b.team: 0}
    for due, side in ((due_b, b), (due_a, a)):
        clock.set(due - timedelta(minutes=1))
        assert upkeep.queue_ack_reminders() == 0
        clock.set(due)
        assert upkeep.queue_ack_reminders() == 1
        reminded[side.team] = 1
        assert {s.team: len(_owed(bryggan, s, Notice.CONSULTATION_REMINDER)) for s in (a, b)} == reminded
