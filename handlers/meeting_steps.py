"""What the EHT meetings' buttons and forms do, apart from how Slack or Teams carries them.

Slack's listeners (meetings.py) and Teams' (teams/interactions.py, teams/meetings.py) call these:
the same domain calls, guard, templates and message builders. A form arrives as a Slack-shaped
`view` (Teams' dialogs are read back into that shape), and its stamped metadata (the meeting's
target) is verified by the caller's `metadata()`, inside `run`, so a forgery is refused like any
other error.
"""

from __future__ import annotations

import json
from collections.abc import Callable
from typing import Any

from bot.errors import BrygganError
from bot.meetings import Target
from bot.services import Services
from handlers import arguments, meeting_messages, messages
from handlers.consultation_steps import Submission
from handlers.ids import Action, Field
from handlers.ids import View as ViewId
from handlers.messages import Reply
from handlers.people import Person
from templates import Lang

# Each meeting form, and the button (before the `:`) that opens it.
OPENED_BY = {ViewId.EHT_ITEM: Action.EHT_ITEM_OPEN, ViewId.EHT_NOTES: Action.EHT_NOTES_OPEN}
OPENS = tuple(OPENED_BY.values())


def form_view(
    services: Services, person: Person, action_id: str, target: Target, *, channel_id: str | None
) -> dict[str, Any]:
    """The agenda-item or notes form a meeting's button opens (unstamped), for the school's channel only.

    The buttons stand in the school's channel: whoever can click one there may act for it.
    """
    services.meetings.agenda.require_school_channel(person.actor, target, channel_id=channel_id)
    form = ViewId.EHT_ITEM if action_id.startswith(Action.EHT_ITEM_OPEN) else ViewId.EHT_NOTES
    return form_of(services, person, form, target)


def form_of(services: Services, person: Person, callback_id: str, target: Target) -> dict[str, Any]:
    """The form `callback_id` names for the meeting `target` (notes pre-filled with earlier ones)."""
    if callback_id == ViewId.EHT_ITEM:
        return meeting_messages.item_modal(target, lang=person.lang, templates=services.templates)
    earlier = services.meetings.agenda.notes_of(person.actor, target)
    return meeting_messages.notes_modal(target, earlier, lang=person.lang, templates=services.templates)


def clicked_target(value: dict[str, Any]) -> Target:
    """The meeting a notice's button names (its value: JSON with the meeting's id)."""
    return Target.decode(str(value["id"]))


def last_notes_target(services: Services, person: Person, *, channel_id: str) -> Target:
    """`/eht anteckningar`: the channel's school's most recent meeting held, whose notes to write."""
    return services.meetings.agenda.last_held(person.actor, channel_id=channel_id)


def submission(
    services: Services, callback_id: str, view: dict[str, Any], metadata: Callable[[], str]
) -> Submission:
    """The use case behind a meeting's form: an agenda item, or the notes after the meeting."""
    agenda = services.meetings.agenda
    target = lambda: Target.decode(metadata())  # noqa: E731 - read only when the use case runs
    if callback_id == ViewId.EHT_ITEM:
        text = arguments.field_value(view, Field.ITEM)
        return Submission(
            Field.ITEM,
            lambda person: agenda.add_item(person.actor, text=text, target=target()),
            _done(services, "item_title", "item_added"),
        )
    if callback_id == ViewId.EHT_NOTES:
        decisions, actions, follow_up = (
            arguments.field_value(view, name) for name in (Field.DECISIONS, Field.ACTIONS, Field.FOLLOW_UP)
        )
        return Submission(
            _notes_field,
            lambda person: agenda.save_notes(
                person.actor, target=target(), decisions=decisions, actions=actions, follow_up=follow_up
            ),
            lambda lang, noted: _done(services, "notes_title", "notes_saved")(lang, noted.first),
        )
    raise BrygganError("unexpected")


def confirm_schedule(services: Services, person: Person, value: dict[str, Any], *, channel_id: str) -> Reply:
    """ "Ersätt schemat": the previewed series replaces the school's, as typed then."""
    upcoming = services.meetings.planning.set_schedule(
        person.actor, channel_id=channel_id, words=value["words"], confirmed=True
    )
    words = services.templates.module(person.lang, "meetings")
    return messages.text(str(words.schedule_set(upcoming)))


# Each meeting button that only runs a use case (before the `:`); it acts for the channel it is in.
CLICKS: dict[str, Callable[..., Reply]] = {Action.EHT_SCHEDULE_CONFIRM: confirm_schedule}


def click_value(raw: str) -> dict[str, Any]:
    """A meeting button's value (JSON, as the builders put it there)."""
    return dict(json.loads(raw))


def _done(services: Services, title: str, macro: str) -> Callable[[Lang, Any], dict[str, Any]]:
    def done(lang: Lang, value: object) -> dict[str, Any]:
        w = services.templates.module(lang, "meetings")
        text = str(getattr(w, macro)(value))
        return meeting_messages.done(getattr(w, title), text, lang=lang, templates=services.templates)

    return done


def _notes_field(error: BrygganError) -> str:
    # A refusal belongs beside the field it is about; the guard's names no field, so the first one.
    return str(error.params.get("field") or Field.DECISIONS)
