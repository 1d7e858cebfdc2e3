"""What `/kontakt`'s buttons and forms do, apart from how Slack or Teams carries them.

Slack's listeners (contacts.py) and Teams' (teams/interactions.py) call these: the same domain
calls, guard, templates and message builders. A button's answer replaces the message it was
clicked in on both platforms (Slack's `replace_original`, Teams' refreshed card). Whether Bryggan
can post in a channel is the platform's question (`Found`), asked by the caller before a school
is bound to it.
"""

from __future__ import annotations

import json
from collections.abc import Callable
from typing import Any

from bot.errors import BrygganError
from bot.services import Services
from handlers import arguments, contact_messages, messages
from handlers.channels import Found, Postability
from handlers.consultation_steps import Submission
from handlers.ids import Action, Field
from handlers.ids import View as ViewId
from handlers.messages import Reply
from handlers.people import Person

PROFILE_FIELDS = (Field.TITLE, Field.PHONE, Field.REACHABLE)


def link(
    services: Services,
    person: Person,
    found: Callable[[], Found],
    *,
    channel_id: str,
    name: str = "",
    school_id: int | None = None,
    move: bool = False,
    create: bool = False,
) -> Reply:
    """`kontakt koppla`, typed or its button: refused first where Bryggan cannot post (`found`)."""
    templates, lang = services.templates, person.lang
    if person.actor.is_admin:  # the use case refuses a non-administrator in its own words
        where = found()
        if where.state is not Postability.POSTABLE:
            return contact_messages.cannot_post(where, lang=lang, templates=templates)
    result = services.contacts.changes.link(
        person.actor, channel_id=channel_id, name=name, school_id=school_id, move=move, create=create
    )
    return contact_messages.link_result(result, lang=lang, templates=templates)


def link_button(
    services: Services,
    person: Person,
    found: Callable[[], Found],
    *,
    channel_id: str,
    action_id: str,
    value: str,
) -> Reply:
    """A button under `kontakt koppla`'s question: pick a school, create it, or move it here."""
    chosen = json.loads(value)
    return link(
        services,
        person,
        found,
        channel_id=channel_id,
        name=chosen.get("name", ""),
        school_id=chosen.get("school_id"),
        move=action_id.startswith(Action.LINK_MOVE),
        create=action_id.startswith(Action.LINK_CREATE),
    )


def confirm_handover(services: Services, person: Person, value: dict[str, Any]) -> Reply:
    """The handover confirmed: every seat moves (or, as chosen, the stuck ones are kept or emptied)."""
    seats = services.contacts.changes.handover(
        person.actor,
        from_person=value["from"],
        to_person=value["to"],
        keep_stuck=bool(value.get("keep", True)),
    )
    done = services.templates.module(person.lang, "contacts").handover_done(seats, value["from"], value["to"])
    return messages.text(str(done))


def cancel(services: Services, person: Person, _value: dict[str, Any]) -> Reply:
    """A question answered no: nothing changed."""
    return messages.text(services.templates.module(person.lang, "contacts").cancelled)


def overview(services: Services, person: Person, page: int) -> Reply:
    """`kontakt lista`: one page of every school, uncovered first (administrators)."""
    statuses = services.contacts.queries.overview(person.actor)
    return contact_messages.overview(statuses, page, lang=person.lang, templates=services.templates)


def turn_list_page(services: Services, person: Person, value: dict[str, Any]) -> Reply:
    return overview(services, person, int(value["page"]))


def profile_view(services: Services, person: Person) -> dict[str, Any]:
    """The profile form (title, phone, reachable hours) as the person last saved it."""
    profile = services.contacts.queries.profile_of(person.actor)
    return contact_messages.profile_modal(profile, lang=person.lang, templates=services.templates)


def handover_note_view(services: Services, person: Person, value: dict[str, Any]) -> dict[str, Any]:
    """The handover-note form for the assignment the notice's button names (unstamped)."""
    return contact_messages.handover_note_modal(
        int(value["id"]), lang=person.lang, templates=services.templates
    )


def submission(
    services: Services, callback_id: str, view: dict[str, Any], metadata: Callable[[], str]
) -> Submission:
    """The use case behind a contact form; its texts pass the guard in the use case, before storing."""
    templates = services.templates
    if callback_id == ViewId.PROFILE:
        values = {field: arguments.field_value(view, field) for field in PROFILE_FIELDS}
        return Submission(
            Field.TITLE,
            lambda person: services.contacts.changes.save_profile(person.actor, **values),
            lambda lang, _none: contact_messages.profile_saved_modal(lang=lang, templates=templates),
        )
    if callback_id == ViewId.HANDOVER_NOTE:
        note = arguments.field_value(view, Field.NOTE)
        return Submission(
            Field.NOTE,
            lambda person: services.contacts.notes.send_handover_note(
                person.actor, assignment_id=json.loads(metadata())["assignment_id"], text=note
            ),
            lambda lang, _school: contact_messages.note_sent_modal(lang=lang, templates=templates),
        )
    raise BrygganError("unexpected")


# Each button whose answer replaces its message, by action_id (before the `:`); link buttons also
# need the platform's answer to "can Bryggan post here" (link_button).
REPLACES: dict[str, Callable[[Services, Person, dict[str, Any]], Reply]] = {
    Action.HANDOVER_CONFIRM: confirm_handover,
    Action.CANCEL: cancel,
    Action.LIST_PAGE: turn_list_page,
}
LINKS = (Action.LINK_PICK, Action.LINK_CREATE, Action.LINK_MOVE)
