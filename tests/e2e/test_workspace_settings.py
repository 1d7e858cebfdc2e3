"""Settings per workspace through the stand-in: two municipalities installed through OAuth; the first's
administrator changes its settings in the App Home modal, and the second keeps the environment's."""

from __future__ import annotations

import json
import time
from collections.abc import Iterator
from dataclasses import dataclass
from datetime import UTC, date, datetime
from typing import Any

import pytest
from sqlalchemy import select

from bot.app import Bryggan, build
from bot.clock import FakeClock
from handlers import stamps
from handlers.ids import Action
from handlers.ids import View as ViewId
from localslack import Driver, LocalSlack, Workspace
from localslack.browser import Browser
from localslack.payloads import interaction_base
from localslack.transport import Delivery, encode
from storage.models import AuditEvent, Consultation, WorkspaceSetting
from tests.e2e.test_consultations import CLEAN
from tests.slackbed import (
    OAUTH_CLIENT_ID,
    OAUTH_CLIENT_SECRET,
    OAUTH_SIGNING_SECRET,
    add_oauth_workspace,
    oauth_test_settings,
)

CLIENT_ID, CLIENT_SECRET, SECRET = OAUTH_CLIENT_ID, OAUTH_CLIENT_SECRET, OAUTH_SIGNING_SECRET
ENV_INTAKE = "Ring mottagningen via kommunens växel."
A_INTAKE = "Ring Norrköpings mottagning på 011-15 00 00."
NOT_PERMITTED = "Det här får bara Bryggans administratörer göra, så ingenting ändrades."


@dataclass
class Side:
    ws: Workspace
    driver: Driver
    admin: str  # a Slack workspace admin, so Bryggan's administrator there only
    rektor: str
    channel: str
    fallback: str

    @property
    def team(self) -> str:
        return self.ws.team_id


@dataclass
class World:
    bryggan: Bryggan
    slack: LocalSlack
    a: Side
    b: Side


@pytest.fixture
def clock() -> FakeClock:
    # Bolt and slack_sdk count token lifetimes on the wall clock: start there, never move.
    return FakeClock(datetime.fromtimestamp(int(time.time()), UTC))


def _workspace(slack: LocalSlack, key: str) -> Workspace:
    team = f"T0{key}001"
    ws = add_oauth_workspace(slack, team, name=f"{key} kommun", domain=key.lower(), bot_key=key)
    ws.add_user(id=f"U0ADM{key}", name=f"admin{key.lower()}", real_name=f"Admin {key}", is_admin=True)
    ws.add_user(id=f"U0REK{key}", name=f"rektor{key.lower()}", real_name=f"Rektor {key}")
    members = [f"U0ADM{key}", f"U0REK{key}"]
    ws.add_channel(id=f"C0SKO{key}", name="skolan", members=members)
    ws.add_channel(id=f"C0RES{key}", name="reserv", members=members)
    return ws


@pytest.fixture
def world(database_url: str, slack: LocalSlack, clock: FakeClock) -> Iterator[World]:
    spaces = [_workspace(slack, key) for key in ("NORR", "FINS")]
    settings = oauth_test_settings(
        database_url=database_url,
        api_url=slack.api_url,
        admin_users=[],
        intake_text=ENV_INTAKE,
        fallback_channel=None,
    )
    app = build(settings, clock=clock, run_migrations=False)
    with app.serving() as url:
        slack.register_oauth_app(CLIENT_ID, CLIENT_SECRET, f"{url}/slack/oauth_redirect")
        sides = []
        for ws in spaces:
            key = ws.team_id[2:6]
            page = Browser().install(
                f"{url}/slack/install",
                consent_url=f"{slack.url}/oauth/v2/authorize",
                team_id=ws.team_id,
                user_id=f"U0ADM{key}",
            )
            assert page.status == 200, page.body
            driver = Driver(slack, team_id=ws.team_id, url=f"{url}/slack/events")
            side = Side(ws, driver, f"U0ADM{key}", f"U0REK{key}", f"C0SKO{key}", f"C0RES{key}")
            # A school without a contact: its card shows the intake text, its cases go to the fallback.
            assert driver.command(
                user=side.admin, channel=side.channel, command="/kontakt", text="koppla Skolan"
            )
            sides.append(side)
        yield World(app, slack, *sides)
    app.close()


def _card(side: Side) -> str:
    ack = side.driver.command(user=side.rektor, channel=side.channel, command="/kontakt", text="")
    assert ack.status == 200
    return json.dumps(ack.body, ensure_ascii=False)


def _open_settings(side: Side, user: str) -> dict[str, Any] | None:
    """The user opens the Home tab and presses the settings button; the modal opened, if any."""
    side.driver.app_home_opened(user=user)
    home = side.ws.wait_for(lambda ws: ws.home_of(user))
    assert side.ws.views_of(user) == []
    ack = side.driver.block_action(user=user, action_id=Action.SETTINGS_OPEN, view=home)
    assert ack.status == 200
    opened = side.ws.views_of(user)
    return opened[-1] if opened else None


def _text(value: str) -> dict[str, Any]:
    return {"type": "plain_text_input", "value": value}


def _values(view: dict[str, Any], **changed: str) -> dict[str, dict[str, Any]]:
    """The modal's fields as shown, with `changed` typed over them."""
    values: dict[str, dict[str, Any]] = {}
    for block in view["blocks"]:
        element = block.get("element") or {}
        if element.get("type") == "plain_text_input":
            text = changed.get(block["block_id"], element.get("initial_value") or "")
            values[block["block_id"]] = {block["block_id"]: _text(text)}
        elif element.get("type") == "multi_users_select":
            chosen = element.get("initial_users") or []
            values[block["block_id"]] = {
                block["block_id"]: {"type": "multi_users_select", "selected_users": chosen}
            }
    return values


def _rows(bryggan: Bryggan) -> list[tuple[str, str, str]]:
    with bryggan.sessions.begin() as session:
        rows = session.scalars(
            select(WorkspaceSetting).order_by(WorkspaceSetting.team_id, WorkspaceSetting.key)
        )
        return [(r.team_id, r.key, r.value) for r in rows]


def _settings_audit(bryggan: Bryggan) -> list[tuple[str, str, str, str | None, str | None]]:
    with bryggan.sessions.begin() as session:
        events = session.scalars(select(AuditEvent).where(AuditEvent.action.like("setting_%")))
        return [(e.team_id, e.actor_id, e.action, e.subject_id, e.detail) for e in events]


def _consult(side: Side) -> dict[str, Any]:
    assert side.driver.command(user=side.rektor, channel=side.channel, command="/konsultation", text="")
    side.ws.wait_for(lambda ws: ws.views_of(side.rektor) or None)
    values = {
        "grade": {"grade": {"type": "static_select", "selected_option": {"value": "8"}}},
        "areas": {"areas": {"type": "multi_static_select", "selected_options": [{"value": "franvaro"}]}},
        "description": {"description": _text(CLEAN)},
        "reach": {"reach": {"type": "static_select", "selected_option": {"value": "dm"}}},
    }
    ack = side.driver.view_submission(user=side.rektor, values=values)
    assert ack.status == 200
    return ack.body


def test_an_administrator_changes_her_workspaces_settings_and_the_other_keeps_the_defaults(
    world: World,
) -> None:
    a, b = world.a, world.b
    assert ENV_INTAKE in _card(a)
    assert ENV_INTAKE in _card(b)
    modal = _open_settings(a, a.admin)
    assert modal is not None
    ack = a.driver.view_submission(
        user=a.admin, values=_values(modal, fallback_channel=a.fallback, intake_text=A_INTAKE)
    )
    assert ack.status == 200
    assert ack.body["response_action"] == "update", ack.body
    assert "2 inställningar ändrades." in json.dumps(ack.body, ensure_ascii=False)
    assert _rows(world.bryggan) == [
        (a.team, "fallback_channel", a.fallback),
        (a.team, "intake_text", A_INTAKE),
    ]
    assert _settings_audit(world.bryggan) == [
        (a.team, a.admin, "setting_changed", "fallback_channel", None),
        (a.team, a.admin, "setting_changed", "intake_text", None),
    ]
    card_a, card_b = _card(a), _card(b)
    assert A_INTAKE in card_a
    assert ENV_INTAKE not in card_a
    assert ENV_INTAKE in card_b
    assert A_INTAKE not in card_b
    # A school without a contact: A's case goes to A's fallback channel; B has none, so B's is refused.
    assert _consult(a)["response_action"] == "update"
    with world.bryggan.sessions.begin() as session:
        [case] = session.scalars(select(Consultation))
        assert (case.team_id, case.routed_to) == (a.team, a.fallback)
    assert _consult(b)["response_action"] == "errors"
    # Closed and opened again, the modal shows A's own values.
    a.driver.view_closed(user=a.admin)
    again = _open_settings(a, a.admin)
    assert again is not None
    shown = _values(again)
    assert shown["fallback_channel"]["fallback_channel"]["value"] == a.fallback
    assert shown["intake_text"]["intake_text"]["value"] == A_INTAKE


def test_a_bad_value_gets_a_swedish_error_beside_its_field_and_changes_nothing(world: World) -> None:
    a = world.a
    modal = _open_settings(a, a.admin)
    assert modal is not None
    values = _values(modal, fallback_channel="#reserv", retention_days="0", intake_text=A_INTAKE)
    ack = a.driver.view_submission(user=a.admin, values=values)
    assert ack.status == 200
    assert ack.body == {
        "response_action": "errors",
        "errors": {
            "fallback_channel": '"#reserv" är inget Slack-kanal-id: det börjar med C eller G, till exempel '
            "C0123ABCD. Ingenting ändrades.",
            "retention_days": 'Lagringstiden ska vara ett helt antal dagar från 1 till 3650, inte "0". '
            "Ingenting ändrades.",
        },
    }
    assert _rows(world.bryggan) == []
    assert _settings_audit(world.bryggan) == []
    assert ENV_INTAKE in _card(a)


def test_someone_who_is_not_an_administrator_can_neither_open_nor_submit_the_modal(world: World) -> None:
    a = world.a
    a.driver.app_home_opened(user=a.rektor)
    home = a.ws.wait_for(lambda ws: ws.home_of(a.rektor))
    assert Action.SETTINGS_OPEN not in json.dumps(home)  # no button on a non-administrator's Home
    _press_settings_button(world, a.rektor)  # answered before its ack: a modal would be open by now
    assert a.ws.views_of(a.rektor) == []
    ack = _submit_signed(world, a.rektor, {"intake_text": {"intake_text": _text(A_INTAKE)}})
    assert ack == {"response_action": "errors", "errors": {"admin_users": NOT_PERMITTED}}
    assert _rows(world.bryggan) == []
    # The same press by the administrator does open it (the refusal above is about who pressed).
    _press_settings_button(world, a.admin)
    assert a.ws.wait_for(lambda ws: ws.views_of(a.admin) or None)[-1]["callback_id"] == ViewId.SETTINGS


def _press_settings_button(world: World, user: str, side: Side | None = None) -> None:
    """A signed block_actions request from the Home tab, whether or not the user's Home shows it."""
    a = side or world.a
    payload = interaction_base(
        a.ws, "block_actions", a.ws.users[user], world.slack.grants.issue_trigger(a.team, user)
    )
    payload.update(
        container={"type": "view", "view_id": "V0HOME"},
        view={"id": "V0HOME", "type": "home", "blocks": [], "state": {"values": {}}},
        actions=[
            {
                "action_id": Action.SETTINGS_OPEN,
                "block_id": "settings",
                "type": "button",
                "text": {"type": "plain_text", "text": "x"},
                "action_ts": a.ws.next_ts(),
            }
        ],
    )
    body, content_type = encode(Delivery("interactive", payload))
    assert a.driver.send_raw(body, {"Content-Type": content_type}).status == 200


def _submit_signed(world: World, user: str, values: dict[str, Any]) -> dict[str, Any]:
    """A settings modal Bryggan signed for `user`, submitted with `values`."""
    a = world.a
    signed = stamps.stamped(
        world.bryggan.services.stamp, {"callback_id": ViewId.SETTINGS}, team_id=a.team, user_id=user
    )
    payload = interaction_base(
        a.ws, "view_submission", a.ws.users[user], world.slack.grants.issue_trigger(a.team, user)
    )
    payload.update(
        view={
            "id": "V0SETTINGS",
            "type": "modal",
            "callback_id": ViewId.SETTINGS,
            "private_metadata": signed["private_metadata"],
            "blocks": [],
            "state": {"values": values},
            "hash": "1",
            "team_id": a.team,
            "app_id": a.ws.api_app_id,
            "bot_id": a.ws.bot_id,
        },
        response_urls=[],
    )
    body, content_type = encode(Delivery("interactive", payload, accepts_response_payload=True))
    ack = a.driver.send_raw(body, {"Content-Type": content_type})
    assert ack.status == 200
    return ack.body


def test_administrators_named_in_one_workspace_administer_there_only(world: World) -> None:
    a, b = world.a, world.b
    modal = _open_settings(a, a.admin)
    assert modal is not None
    values = _values(modal)
    values["admin_users"]["admin_users"]["selected_users"] = [a.rektor]
    ack = a.driver.view_submission(user=a.admin, values=values)
    assert ack.body["response_action"] == "update", ack.body
    assert _rows(world.bryggan) == [(a.team, "admin_users", a.rektor)]
    assert _open_settings(a, a.rektor) is not None  # A's principal now administers A
    b.driver.app_home_opened(user=b.rektor)
    assert Action.SETTINGS_OPEN not in json.dumps(b.ws.wait_for(lambda ws: ws.home_of(b.rektor)))
    _press_settings_button(world, b.rektor, b)
    assert b.ws.views_of(b.rektor) == []


def test_terms_and_report_channel_set_in_one_workspace_shape_its_term_figures_only(world: World) -> None:
    a, b = world.a, world.b
    modal = _open_settings(a, a.admin)
    assert modal is not None
    values = _values(modal, report_channel=a.fallback, terms="ht=09-10..11-30, vt=01-08..06-12")
    ack = a.driver.view_submission(user=a.admin, values=values)
    assert ack.body["response_action"] == "update", ack.body
    assert _rows(world.bryggan) == [
        (a.team, "report_channel", a.fallback),
        (a.team, "terms", "HT=09-10..11-30,VT=01-08..06-12"),
    ]
    workspace = world.bryggan.services.workspace
    assert workspace.values(a.team).report_channel == a.fallback
    assert workspace.values(b.team).report_channel is None  # B's term report goes to its administrators
    followup = world.bryggan.services.followup
    assert (followup.term(a.team, "VT2025").first, followup.term(a.team, "VT2025").last) == (
        date(2025, 1, 8),
        date(2025, 6, 12),
    )
    assert (followup.term(b.team, "VT2025").first, followup.term(b.team, "VT2025").last) == (
        date(2025, 1, 1),
        date(2025, 6, 30),
    )
