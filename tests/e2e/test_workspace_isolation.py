"""Two municipalities installed through OAuth share one Bryggan: from the second, every command,
every button and modal forged with the first's ids, the Home tab and the command-line exports see
nothing of the first's schools, cases, meetings, figures or audit log, and change none of it.

A forged gesture is also answered exactly as one naming an id that does not exist: a refusal must
not tell the second workspace that the first's row is there.
"""

from __future__ import annotations

import json
import os
import re
import subprocess
import sys
import time
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from datetime import UTC, date, datetime, timedelta
from pathlib import Path
from typing import Any

import pytest
from sqlalchemy import select

from bot.app import Bryggan, build
from bot.clock import FakeClock
from bot.meetings import Target
from handlers import stamps
from handlers.ids import Action, Field
from handlers.ids import View as ViewId
from localslack import Driver, LocalSlack, Workspace
from localslack.browser import Browser
from localslack.grants import ResponseUrl, new_token
from localslack.payloads import interaction_base
from localslack.transport import Delivery, encode
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
UNKNOWN = 987_654  # an id no table holds: the answer a forged id must look like


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


@pytest.fixture
def clock() -> FakeClock:
    # Bolt and slack_sdk count token lifetimes on the wall clock: start there, never move.
    return FakeClock(datetime.fromtimestamp(int(time.time()), UTC))


@pytest.fixture
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


def _b_calls(world: World, since: int) -> set[str | None]:
    return {team for method, team, _ in world.slack.calls[since:] if not method.startswith("oauth")}


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


# --- the gestures of the second workspace ----------------------------------------------------------


@dataclass(frozen=True)
class Ids:
    """The ids a forged gesture carries: the first workspace's, or ones that exist nowhere."""

    school: int
    case: int
    assignment: int
    channel: str
    person: str
    other_person: str
    person_name: str  # as typed after @ (Slack escapes it only for the workspace's own members)
    day: date

    @property
    def target(self) -> str:
        return Target(self.school, self.day).encode()


Gesture = Callable[["World", Ids], str]


def _ids_of(a: Side) -> Ids:
    assert a.meeting is not None
    return Ids(
        a.school_id,
        a.case_id,
        a.assignment_id,
        a.channel,
        a.contact,
        a.deputy,
        a.name(a.contact),
        a.meeting.day,
    )


def _unknown_ids(a: Side) -> Ids:
    assert a.meeting is not None
    return Ids(UNKNOWN, UNKNOWN, UNKNOWN, "C0NOWHERE", "U0NOBODY1", "U0NOBODY2", "nobody", a.meeting.day)


def _click(world: World, user: str, action_id: str, value: dict[str, Any]) -> None:
    """A signed block_actions request from the second workspace, carrying whatever value it likes."""
    b = world.b
    who = b.ws.users[user]
    payload = interaction_base(b.ws, "block_actions", who, world.slack.grants.issue_trigger(b.team, user))
    grant = ResponseUrl(new_token(), b.team, b.channel, user, 0.0)
    world.slack.grants.issue_response_url(grant)
    payload.update(
        container={
            "type": "message",
            "message_ts": b.ws.next_ts(),
            "channel_id": b.channel,
            "is_ephemeral": True,
        },
        channel={"id": b.channel, "name": "skolan"},
        state={"values": {}},
        response_url=f"{world.slack.url}/respond/{grant.token}",
        actions=[
            {
                "action_id": action_id,
                "block_id": "forged",
                "type": "button",
                "text": {"type": "plain_text", "text": "x"},
                "value": json.dumps(value),
                "action_ts": b.ws.next_ts(),
            }
        ],
    )
    _deliver(world, Delivery("interactive", payload))


def _submit(world: World, user: str, callback_id: str, metadata: str, values: dict[str, Any]) -> None:
    """A signed view_submission of a modal Bryggan signed for this person, carrying the first's ids."""
    b = world.b
    who = b.ws.users[user]
    view = stamps.stamped(
        world.bryggan.services.stamp,
        {"callback_id": callback_id, "private_metadata": metadata},
        team_id=b.team,
        user_id=user,
    )
    payload = interaction_base(b.ws, "view_submission", who, world.slack.grants.issue_trigger(b.team, user))
    payload.update(
        view={
            "id": f"V0FORGED{len(world.outputs)}",
            "type": "modal",
            "callback_id": callback_id,
            "private_metadata": view["private_metadata"],
            "blocks": [],
            "state": {"values": values},
            "hash": "1",
            "team_id": b.team,
            "app_id": b.ws.api_app_id,
            "bot_id": b.ws.bot_id,
        },
        response_urls=[],
    )
    _deliver(world, Delivery("interactive", payload, accepts_response_payload=True))


def _deliver(world: World, delivery: Delivery) -> None:
    assert world.b.driver is not None
    body, content_type = encode(delivery)
    ack = world.b.driver.send_raw(body, {"Content-Type": content_type})
    assert ack.status == 200, ack.body
    world.outputs.append(json.dumps(ack.body, ensure_ascii=False) if ack.body else "")


def _text(value: str) -> dict[str, Any]:
    return {"type": "plain_text_input", "value": value}


def _kontakt(text: str, user: str = "admin") -> Gesture:
    return _slash("/kontakt", text, user)


def _slash(
    command: str, text: str, user: str = "admin", channel: str = "channel", posts: bool = False
) -> Gesture:
    def run(world: World, ids: Ids) -> str:
        b = world.b
        typed = text.format(ids=ids, b=b)
        assert b.driver is not None
        who = getattr(b, user)
        # What answers: an ephemeral (the charts come before the figures), a modal, or a posted file.
        answered = (lambda ws: len(ws.history)) if posts else (lambda ws: len(ws.ephemerals_to(who)))
        answers, view = answered(b.ws), _top_view(b.ws, who)
        ack = b.driver.command(user=who, channel=getattr(b, channel), command=command, text=typed)
        assert ack.status == 200, ack.body
        world.outputs.append(json.dumps(ack.body, ensure_ascii=False) if ack.body else "")
        # A slow sub-command (a calendar file, the charts) answers later, through response_url.
        b.ws.wait_for(lambda ws: answered(ws) > answers or _top_view(ws, who) != view or None)
        return typed

    return run


def _button(
    action: Action, value: Callable[[Ids], dict[str, Any]], user: str = "admin", suffix: str = "x"
) -> Gesture:
    def run(world: World, ids: Ids) -> str:
        sent = value(ids)
        _click(world, getattr(world.b, user), f"{action}:{suffix}", sent)
        return json.dumps(sent)

    return run


def _opened_then_submitted(
    action: Action, value: Callable[[Ids], dict[str, Any]], values: dict[str, Any], user: str = "admin"
) -> Gesture:
    """Click a forged button; should a modal open, fill it in and submit it as Slack would."""

    def run(world: World, ids: Ids) -> str:
        who = getattr(world.b, user)
        before = _top_view(world.b.ws, who)
        sent = value(ids)
        _click(world, who, f"{action}:x", sent)
        if _top_view(world.b.ws, who) != before:
            assert world.b.driver is not None
            ack = world.b.driver.view_submission(user=who, values=values)
            assert ack.status == 200, ack.body
            world.outputs.append(json.dumps(ack.body, ensure_ascii=False) if ack.body else "")
        return json.dumps(sent)

    return run


def _top_view(ws: Workspace, user: str) -> str | None:
    views = ws.views_of(user)
    return views[-1]["id"] if views else None


def _modal(
    callback: ViewId, metadata: Callable[[Ids], str], values: dict[str, Any], user: str = "admin"
) -> Gesture:
    def run(world: World, ids: Ids) -> str:
        sent = metadata(ids)
        _submit(world, getattr(world.b, user), callback, sent, values)
        return sent

    return run


REPLY = {Field.REPLY: {Field.REPLY: _text("Ring mig gärna imorgon förmiddag.")}}
CLOSE = {
    Field.OUTCOME: {Field.OUTCOME: {"type": "static_select", "selected_option": {"value": "rad_lamnat"}}}
}
CALL = {
    Field.DAY: {Field.DAY: {"type": "datepicker", "selected_date": "2030-01-09"}},
    Field.TIME: {Field.TIME: {"type": "timepicker", "selected_time": "10:00"}},
}
FORWARD = {
    Field.FORWARD_TO: {Field.FORWARD_TO: {"type": "users_select", "selected_user": "U0DEPFINS"}},
    Field.NOTE: {Field.NOTE: _text("Kan du ta den här?")},
}
ADD = {Field.ADDITION: {Field.ADDITION: _text("Eleven har varit borta två dagar till.")}}
ITEM = {Field.ITEM: {Field.ITEM: _text("Skolans rutiner för sen ankomst")}}
NOTES = {
    Field.DECISIONS: {Field.DECISIONS: _text("Vi följer upp frånvaron.")},
    Field.ACTIONS: {Field.ACTIONS: _text("")},
    Field.FOLLOW_UP: {Field.FOLLOW_UP: _text("")},
}
NOTE = {Field.NOTE: {Field.NOTE: _text("Skolan har ett välfungerande elevhälsoteam.")}}
CONSULTATION = {
    "grade": {"grade": {"type": "static_select", "selected_option": {"value": "8"}}},
    "areas": {"areas": {"type": "multi_static_select", "selected_options": [{"value": "franvaro"}]}},
    "description": {"description": _text(CLEAN)},
    "reach": {"reach": {"type": "static_select", "selected_option": {"value": "dm"}}},
}


def _case(ids: Ids) -> dict[str, Any]:
    return {"id": ids.case}


GESTURES: dict[str, Gesture] = {
    # every command and sub-command, typed in the second workspace's school channel
    "kontakt": _kontakt(""),
    "kontakt historik": _kontakt("historik"),
    "kontakt frånvaro": _kontakt("frånvaro 28/12"),
    "kontakt frånvaro other's contact": _kontakt("frånvaro @{ids.person_name} 28/12"),
    "kontakt profil": _kontakt("profil", user="contact"),
    "kontakt koppla other's school": _slash("/kontakt", "koppla Hagebyskolan", channel="spare"),
    "kontakt koppla close name": _slash("/kontakt", "koppla Hagebyskola", channel="spare"),
    "kontakt tilldela other's contact": _kontakt("tilldela @{ids.person_name}"),
    "kontakt ersättare other's deputy": _kontakt("ersättare @{ids.person_name}"),
    "kontakt överlämna other's contact": _kontakt("överlämna @{ids.person_name} @depfins"),
    "kontakt lista": _kontakt("lista"),
    "kontakt hjälp": _kontakt("hjälp"),
    "konsultation": _slash("/konsultation", "", user="rektor"),
    "konsultation mina": _slash("/konsultation", "mina", user="contact"),
    "konsultation mina admin": _slash("/konsultation", "mina"),
    "eht": _slash("/eht", "", user="rektor"),
    "eht nästa": _slash("/eht", "nästa", user="rektor"),
    "eht schema": _slash("/eht", "schema torsdag 13:00", user="rektor"),
    "eht ställ in": _slash("/eht", "ställ in {ids.day:%d/%m}", user="rektor"),
    "eht flytta": _slash("/eht", "flytta {ids.day:%d/%m} torsdag 13:00", user="rektor"),
    "eht punkt": _slash("/eht", "punkt Skolans rutiner för sen ankomst", user="rektor"),
    "eht kalender": _slash("/eht", "kalender", user="rektor", posts=True),
    "eht anteckningar": _slash("/eht", "anteckningar", user="rektor"),
    "eht prenumerera": _slash("/eht", "prenumerera", user="rektor"),
    "eht prenumerera ny": _slash("/eht", "prenumerera ny", user="rektor"),
    "eht prenumerera stäng": _slash("/eht", "prenumerera stäng", user="rektor"),
    "eht hjälp": _slash("/eht", "hjälp", user="rektor"),
    "uppföljning": _slash("/uppföljning", ""),
    "uppföljning term": _slash("/uppföljning", "HT2026"),
    "uppföljning as staff": _slash("/uppföljning", "", user="rektor"),
    # buttons carrying the first workspace's ids
    "button take case": _button(Action.CONSULTATION_ACK, _case, user="contact"),
    "button reply": _opened_then_submitted(Action.CONSULTATION_REPLY_OPEN, _case, REPLY, user="contact"),
    "button close": _opened_then_submitted(Action.CONSULTATION_CLOSE_OPEN, _case, CLOSE, user="contact"),
    "button propose call": _opened_then_submitted(Action.CONSULTATION_CALL_OPEN, _case, CALL, user="contact"),
    "button forward": _opened_then_submitted(
        Action.CONSULTATION_FORWARD_OPEN, _case, FORWARD, user="contact"
    ),
    "button add to case": _opened_then_submitted(Action.CONSULTATION_ADD_OPEN, _case, ADD, user="rektor"),
    "button withdraw": _button(Action.CONSULTATION_WITHDRAW, _case, user="rektor"),
    "button snooze": _button(Action.CONSULTATION_SNOOZE, _case, user="contact"),
    "button accept call": _button(Action.CONSULTATION_CALL_ACCEPT, lambda i: {"id": i.case, "proposal": 1}),
    "button decline call": _button(Action.CONSULTATION_CALL_DECLINE, lambda i: {"id": i.case, "proposal": 1}),
    "button purge text": _button(Action.CONSULTATION_PURGE, lambda i: {"id": i.case, "replies": []}),
    "button purge reply": _button(Action.CONSULTATION_PURGE, lambda i: {"id": i.case, "reply": i.case}),
    "button agenda item": _opened_then_submitted(
        Action.EHT_ITEM_OPEN, lambda i: {"id": i.target}, ITEM, user="rektor"
    ),
    "button meeting notes": _opened_then_submitted(
        Action.EHT_NOTES_OPEN, lambda i: {"id": i.target}, NOTES, user="rektor"
    ),
    "button link school": _button(Action.LINK_PICK, lambda i: {"school_id": i.school, "name": ""}),
    "button move school": _button(Action.LINK_MOVE, lambda i: {"school_id": i.school, "name": ""}),
    "button handover": _button(Action.HANDOVER_CONFIRM, lambda i: {"from": i.person, "to": i.other_person}),
    "button handover note": _opened_then_submitted(
        Action.HANDOVER_NOTE_OPEN, lambda i: {"id": i.assignment}, NOTE, user="contact"
    ),
    "button list page": _button(Action.LIST_PAGE, lambda i: {"page": 2}),
    "button figures page": _button(Action.FOLLOWUP_PAGE, lambda i: {"term": "HT2026", "page": 2}),
    # modals Bryggan signed for the second workspace, carrying the first's ids (a check skipped on open)
    "modal consultation": _modal(ViewId.CONSULTATION, lambda i: i.channel, CONSULTATION, user="rektor"),
    "modal reply": _modal(ViewId.CONSULTATION_REPLY, lambda i: str(i.case), REPLY, user="contact"),
    "modal close": _modal(ViewId.CONSULTATION_CLOSE, lambda i: str(i.case), CLOSE, user="contact"),
    "modal call": _modal(ViewId.CONSULTATION_CALL, lambda i: str(i.case), CALL, user="contact"),
    "modal forward": _modal(ViewId.CONSULTATION_FORWARD, lambda i: str(i.case), FORWARD, user="contact"),
    "modal add": _modal(ViewId.CONSULTATION_ADD, lambda i: str(i.case), ADD, user="rektor"),
    "modal agenda item": _modal(ViewId.EHT_ITEM, lambda i: i.target, ITEM, user="rektor"),
    "modal meeting notes": _modal(ViewId.EHT_NOTES, lambda i: i.target, NOTES, user="rektor"),
    "modal handover note": _modal(
        ViewId.HANDOVER_NOTE, lambda i: json.dumps({"assignment_id": i.assignment}), NOTE, user="contact"
    ),
}


def _answers(world: World, mark: tuple[int, int], ids: Ids) -> list[str]:
    """What the second workspace was answered since `mark`, the ids it sent and numbers written out."""
    b = world.b
    said = [repr((m.text, m.blocks)) for m in b.ws.history[mark[0] :]] + world.outputs[mark[1] :]
    said += [repr(b.ws.modal_errors_of(p)) for p in (b.admin, b.rektor, b.contact, b.deputy)]
    names = {ids.channel: "<channel>", ids.person: "<person>", ids.other_person: "<other>"}
    for sent, placeholder in names.items():
        said = [text.replace(sent, placeholder) for text in said]
    return [re.sub(r"\d+", "#", text) for text in said]


def _mark(world: World) -> tuple[int, int]:
    return len(world.b.ws.history), len(world.outputs)


@pytest.mark.parametrize("gesture", list(GESTURES))
def test_the_second_workspace_neither_sees_nor_changes_the_first(world: World, gesture: str) -> None:
    a, b = world.a, world.b
    _setup_is_real(world)
    rows_before = _rows_of(world.bryggan, a.team)
    shown_to_a = _seen_by(world, a)
    calls = len(world.slack.calls)
    mark = _mark(world)

    typed = GESTURES[gesture](world, _ids_of(a))
    world.bryggan.dispatcher.run_once()  # whatever the gesture owed is delivered now

    assert _leaks(_seen_by(world, b), a.secrets(), typed) == []
    assert _rows_of(world.bryggan, a.team) == rows_before
    assert _seen_by(world, a) == shown_to_a  # nothing reached the first workspace either
    assert _b_calls(world, calls) <= {b.team}  # and no Slack call was made with its token
    if gesture.startswith(("button", "modal")):
        # The same gesture naming ids that exist nowhere is answered the same way.
        answered = _answers(world, mark, _ids_of(a))
        again = _mark(world)
        GESTURES[gesture](world, _unknown_ids(a))
        world.bryggan.dispatcher.run_once()
        assert _answers(world, again, _unknown_ids(a)) == answered


def test_the_home_tab_shows_each_workspace_its_own(world: World) -> None:
    a, b = world.a, world.b
    for side in (a, b):
        for user in (side.admin, side.rektor, side.contact):
            assert side.driver is not None
            side.driver.app_home_opened(user)
            side.ws.wait_for(lambda ws, u=user: ws.home_of(u) or None)
    assert a.school in json.dumps(a.ws.home_of(a.contact), ensure_ascii=False)  # its open case
    assert _leaks(_seen_by(world, b), a.secrets()) == []
    assert _leaks(_seen_by(world, a), b.secrets()) == []


def _cli(tmp_path: Path, database_url: str, *args: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-m", "bot", *args],
        cwd=tmp_path,
        env={**os.environ, "DATABASE_URL": database_url},
        capture_output=True,
        text=True,
        encoding="utf-8",
        timeout=120,
    )


@pytest.mark.parametrize(
    "args",
    [
        ["audit", "export", "--team", "T0FINS001"],
        ["report", "--team", "T0FINS001", "--format", "csv"],
        ["report", "--team", "T0FINS001", "--format", "md"],
    ],
    ids=["audit export", "report csv", "report md"],
)
def test_the_exports_of_one_workspace_hold_nothing_of_the_other(
    world: World, tmp_path: Path, database_url: str, args: list[str]
) -> None:
    a, b = world.a, world.b
    done = _cli(tmp_path, database_url, *args)
    assert done.returncode == 0, done.stderr
    assert _leaks(done.stdout, a.secrets()) == []
    # The same export of the first workspace does hold its own (else the check above proves nothing).
    mine = _cli(tmp_path, database_url, *(a.team if word == b.team else word for word in args))
    assert mine.returncode == 0, mine.stderr
    own = a.rektor if args[0] == "audit" else a.school
    assert own in mine.stdout
    assert (b.rektor if args[0] == "audit" else b.school) in done.stdout


def test_an_export_without_a_team_is_refused_when_several_workspaces_share_the_database(
    world: World, tmp_path: Path, database_url: str
) -> None:
    for args in (["audit", "export"], ["report"]):
        done = _cli(tmp_path, database_url, *args)
        assert done.returncode != 0, args
        assert "--team" in done.stdout + done.stderr
        assert world.a.school not in done.stdout
