"""Two municipalities installed through OAuth share one Bryggan: from the second, every command,
every button and modal forged with the first's ids, the Home tab and the command-line exports see
nothing of the first's schools, cases, meetings, figures or audit log, and change none of it.

A forged gesture is also answered exactly as one naming an id that does not exist: a refusal must
not tell the second workspace that the first's row is there. The two municipalities are
tests/isolationbed.py; the Home tab and the exports: test_workspace_isolation_home_and_exports.py.
"""

from __future__ import annotations

import json
import re
from collections.abc import Callable
from dataclasses import dataclass
from datetime import date
from typing import Any

import pytest

from bot.meetings import Target
from handlers import stamps
from handlers.ids import Action, Field
from handlers.ids import View as ViewId
from localslack import Workspace
from localslack.grants import ResponseUrl, new_token
from localslack.payloads import interaction_base
from localslack.transport import Delivery, encode
from tests.e2e.test_consultations import CLEAN
from tests.isolationbed import (
    Side,
    World,
    _leaks,
    _rows_of,
    _seen_by,
    _setup_is_real,
    two_municipalities,
    wall_clock,
)

clock = wall_clock()
world = two_municipalities()

UNKNOWN = 987_654  # an id no table holds: the answer a forged id must look like


def _b_calls(world: World, since: int) -> set[str | None]:
    return {team for method, team, _ in world.slack.calls[since:] if not method.startswith("oauth")}


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
