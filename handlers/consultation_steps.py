"""What a consultation's buttons and forms do, apart from how Slack or Teams carries them.

Slack's listeners (consultations.py, consultation_casework.py) and Teams' (teams/interactions.py)
call these: the same domain calls, guard, templates and message builders. A form arrives as a
Slack-shaped `view` (`state.values` by block_id and action_id; Teams' dialogs are read back into
that shape), and its stamped metadata is verified by the caller's `metadata()`, which raises
BrygganError on a forgery, inside `run` so the refusal is shown like any other.
"""

from __future__ import annotations

import json
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from datetime import timedelta
from typing import Any

from bot.consultations import AgreedCall
from bot.errors import BrygganError
from bot.services import Services
from handlers import arguments, consultation_messages, messages
from handlers.ids import Action, Field
from handlers.ids import View as ViewId
from handlers.messages import Reply
from handlers.people import Person
from templates import Lang

# Which consultation-form field shows which refusal; anything else (the guard's) is the description's.
_FIELD_OF = {
    "consultation_grade": Field.GRADE,
    "consultation_areas": Field.AREAS,
    "consultation_reach": Field.REACH,
}
_CASE_FIELD = {
    ViewId.CONSULTATION_CALL: Field.DAY,
    ViewId.CONSULTATION_REPLY: Field.REPLY,
    ViewId.CONSULTATION_CLOSE: Field.OUTCOME,
    ViewId.CONSULTATION_ADD: Field.ADDITION,
}
# Which forward-form field shows which refusal; anything else stands beside the note.
_FORWARD_FIELD = {
    "forward_where": Field.FORWARD_TO,
    "forward_same": Field.FORWARD_TO,
    "forward_to_asker": Field.FORWARD_TO,
    "no_such_person": Field.FORWARD_TO,
    "forward_no_fallback": Field.FORWARD_FALLBACK,
}
_CASE_DONE = {
    ViewId.CONSULTATION_CALL: "proposed",
    ViewId.CONSULTATION_REPLY: "replied",
    ViewId.CONSULTATION_CLOSE: "closed",
    ViewId.CONSULTATION_ADD: "added",
}


@dataclass(frozen=True, slots=True)
class Submission:
    """A form's use case: where a refusal is shown, what to run as the submitter, what success shows."""

    field: str | Callable[[BrygganError], str]
    run: Callable[[Person], Any]
    done: Callable[[Lang, Any], dict[str, Any]]


def consultation_view(services: Services, person: Person, *, channel_id: str, prefill: str) -> dict[str, Any]:
    """The consultation form for a school's channel (unstamped); BrygganError elsewhere."""
    services.consultations.intake.school_for(person.actor, channel_id=channel_id)
    return consultation_messages.modal(
        prefill=prefill,
        on_call=services.workspace.values(person.actor.team_id).on_call_text,
        channel_id=channel_id,
        lang=person.lang,
        templates=services.templates,
    )


def case_view(services: Services, person: Person, action_id: str, value: dict[str, Any]) -> dict[str, Any]:
    """The form a case's button opens (reply, close, propose a call, add), unstamped."""
    from handlers.consultation_casework import add_modal  # casework's listeners import this module

    case_id, lang, templates = int(value["id"]), person.lang, services.templates
    if action_id.startswith(Action.CONSULTATION_CALL_OPEN):
        tomorrow = services.clock.for_team(person.actor.team_id).today() + timedelta(days=1)
        return consultation_messages.call_modal(case_id, tomorrow=tomorrow, lang=lang, templates=templates)
    if action_id.startswith(Action.CONSULTATION_REPLY_OPEN):
        return consultation_messages.reply_modal(case_id, lang=lang, templates=templates)
    if action_id.startswith(Action.CONSULTATION_CLOSE_OPEN):
        return consultation_messages.close_modal(case_id, lang=lang, templates=templates)
    if action_id.startswith(Action.CONSULTATION_ADD_OPEN):
        return add_modal(case_id, lang=lang, templates=templates)
    raise BrygganError("unexpected")


def submission(
    services: Services, callback_id: str, view: dict[str, Any], metadata: Callable[[], str]
) -> Submission:
    """The use case behind a consultation form (the first text, reply, close, call, add)."""
    intake, receiving = services.consultations.intake, services.consultations.receiving
    if callback_id == ViewId.CONSULTATION:
        fields = consultation_messages.values(view)
        return Submission(
            lambda error: _FIELD_OF.get(error.key, Field.DESCRIPTION),
            lambda person: intake.submit(person.actor, channel_id=metadata(), **fields),
            lambda lang, done: consultation_messages.sent(
                done.number, done.routed_to, done.to_fallback, lang=lang, templates=services.templates
            ),
        )
    case = lambda: int(metadata())  # noqa: E731 - read only when the use case runs
    run: Callable[[Person], Any]
    if callback_id == ViewId.CONSULTATION_CALL:
        day, at = consultation_messages.picked(view)
        run = lambda p: services.consultations.calls.propose_call(  # noqa: E731
            p.actor, consultation_id=case(), day=day, at=at
        )
    elif callback_id == ViewId.CONSULTATION_REPLY:
        text = arguments.field_value(view, Field.REPLY)
        run = lambda p: receiving.reply(p.actor, consultation_id=case(), text=text)  # noqa: E731
    elif callback_id == ViewId.CONSULTATION_CLOSE:
        outcome = arguments.selected_value(view, Field.OUTCOME)
        run = lambda p: receiving.close(p.actor, consultation_id=case(), outcome=outcome)  # noqa: E731
    elif callback_id == ViewId.CONSULTATION_ADD:
        text = arguments.field_value(view, Field.ADDITION)
        withdrawing = services.consultations.withdrawing
        run = lambda p: withdrawing.add_to(p.actor, consultation_id=case(), text=text)  # noqa: E731
    else:
        raise BrygganError("unexpected")
    form = ViewId(callback_id)
    return Submission(_CASE_FIELD[form], run, done_words(services, _CASE_DONE[form]))


def forward_view(
    services: Services,
    person: Person,
    value: dict[str, Any],
    candidates: Sequence[tuple[str, str]] | None = None,
) -> dict[str, Any]:
    """The forward form *Vidarebefordra* opens (unstamped): Slack's people picker, or `candidates`."""
    from handlers.consultation_casework import forward_modal  # casework's listeners import this module

    fallback = services.workspace.values(person.actor.team_id).fallback_channel
    return forward_modal(
        int(value["id"]), fallback, lang=person.lang, templates=services.templates, candidates=candidates
    )


def forward_submission(
    services: Services, view: dict[str, Any], metadata: Callable[[], str], *, named: Callable[[str], str]
) -> Submission:
    """Forward the case to the colleague chosen (checked by the platform's `named`) or the fallback."""
    state = view["state"]["values"]
    chosen = state.get(Field.FORWARD_TO, {}).get(Field.FORWARD_TO, {})
    # Slack's people picker answers `selected_user`; Teams' list of people a `selected_option`.
    to = chosen.get("selected_user") or (chosen.get("selected_option") or {}).get("value") or None
    ticked = state.get(Field.FORWARD_FALLBACK, {}).get(Field.FORWARD_FALLBACK, {})
    note = arguments.field_value(view, Field.NOTE)

    def run(person: Person) -> str:
        if to is not None:
            named(to)
        return services.consultations.forwarding.forward(
            person.actor,
            consultation_id=int(metadata()),
            to=to,
            to_fallback=bool(ticked.get("selected_options")),
            note=note,
        )

    return Submission(
        lambda error: _FORWARD_FIELD.get(error.key, Field.NOTE), run, done_words(services, "forwarded")
    )


def done_words(services: Services, key: str) -> Callable[[Lang, Any], dict[str, Any]]:
    """A closing form saying what happened, in the template's `key` words with the case number."""

    def words(lang: Lang, number: str) -> dict[str, Any]:
        text = str(getattr(services.templates.module(lang, "consultations"), key)(number))
        return consultation_messages.done(text, lang=lang, templates=services.templates)

    return words


def acknowledge(services: Services, person: Person, value: dict[str, Any]) -> Reply:
    """ "Ta ärendet": the receiver takes the case."""
    number = services.consultations.receiving.acknowledge(person.actor, consultation_id=value["id"])
    return _said(services, person, "taken", number)


def withdraw(services: Services, person: Person, value: dict[str, Any]) -> Reply:
    """The asker withdraws a case not yet taken (its text is deleted at once)."""
    number = services.consultations.withdrawing.withdraw(person.actor, consultation_id=int(value["id"]))
    return _said(services, person, "withdrawn", number)


def purge(services: Services, person: Person, value: dict[str, Any]) -> Reply:
    """ "Innehåller personuppgifter": a reply, or the case's texts shown in that message, withdrawn."""
    purging = services.consultations.purging
    if "reply" in value:
        number = purging.purge_reply(
            person.actor, consultation_id=int(value["id"]), reply_id=int(value["reply"])
        )
    else:
        replies = [int(reply) for reply in value.get("replies", [])]
        number = purging.purge_case(person.actor, consultation_id=int(value["id"]), reply_ids=replies)
    return _said(services, person, "purged", number)


def snooze(services: Services, person: Person, value: dict[str, Any]) -> Reply:
    """A reminder put off: said with the day it comes back."""
    number, until = services.consultations.upkeep.snooze(person.actor, consultation_id=int(value["id"]))
    day = services.clock.for_team(person.actor.team_id).local(until).date().isoformat()
    said = services.templates.module(person.lang, "consultations").snoozed(number, day)
    return messages.text(str(said))


def answer_call(
    services: Services, person: Person, value: dict[str, Any], *, accept: bool
) -> tuple[Reply, AgreedCall | None]:
    """ "Acceptera" / "Avböj" of a proposed call: what to say, and the call when it was agreed."""
    answer = services.consultations.calls.answer_call(
        person.actor, consultation_id=int(value["id"]), proposal=int(value["proposal"]), accept=accept
    )
    words = services.templates.module(person.lang, "consultations")
    if not isinstance(answer, AgreedCall):
        return messages.text(str(words.call_declined(answer))), None
    local = answer.starts_at.astimezone(answer.zone)
    said = words.call_agreed(answer.number, local.date().isoformat(), f"{local:%H:%M}")
    return messages.text(str(said)), answer


def accept_call(services: Services, person: Person, value: dict[str, Any]) -> Reply:
    """Teams' *Acceptera*: the agreed time in words (Slack also uploads the .ics to both sides)."""
    return answer_call(services, person, value, accept=True)[0]


def decline_call(services: Services, person: Person, value: dict[str, Any]) -> Reply:
    return answer_call(services, person, value, accept=False)[0]


# Each button that only runs a use case and says what it did: its action_id (before the `:`).
CLICKS: dict[str, Callable[[Services, Person, dict[str, Any]], Reply]] = {
    Action.CONSULTATION_ACK: acknowledge,
    Action.CONSULTATION_WITHDRAW: withdraw,
    Action.CONSULTATION_PURGE: purge,
    Action.CONSULTATION_SNOOZE: snooze,
    Action.CONSULTATION_CALL_ACCEPT: accept_call,
    Action.CONSULTATION_CALL_DECLINE: decline_call,
}


def click_value(action: dict[str, Any]) -> dict[str, Any]:
    """A button's value, as the notices put it there (JSON with the case's id)."""
    return dict(json.loads(action["value"]))


def _said(services: Services, person: Person, key: str, number: str) -> Reply:
    return messages.text(str(getattr(services.templates.module(person.lang, "consultations"), key)(number)))
