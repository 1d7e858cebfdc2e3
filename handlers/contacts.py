"""`/kontakt`: who is this school's contact in social services, and the administrators' changes."""

from __future__ import annotations

import json
import re
from dataclasses import dataclass
from typing import Any

from slack_bolt import Ack, App, Respond
from slack_sdk import WebClient

from bot import requests
from bot.services import Services
from handlers import arguments, contact_messages, errors, messages, replies, stamps
from handlers.channels import Postability, postability
from handlers.ids import Action, Command, Field
from handlers.ids import View as ViewId
from handlers.people import Person
from handlers.requests import Asker
from handlers.subcommands import Sub, Table

Reply = messages.Reply


@dataclass(frozen=True, slots=True)
class _Request:
    """One /kontakt invocation: the services, who asks and where, and the client to call Slack with."""

    services: Services
    asker: Asker
    client: WebClient
    payload: dict[str, Any]

    @property
    def person(self) -> Person:
        return self.asker.person

    @property
    def user_id(self) -> str:
        return self.asker.user_id

    @property
    def channel_id(self) -> str:
        return self.asker.channel_id

    def named(self, user_id: str) -> str:
        """A mentioned person, checked to exist in Slack."""
        return self.asker.named(user_id)

    def words(self) -> Any:
        return (self.services.templates, self.person.lang)


def register(app: App, services: Services) -> None:
    """Attach the /kontakt command, its buttons and its modals to `app`."""
    guarded = errors.guard(services)

    @app.command(Command.KONTAKT)
    @guarded
    def kontakt(ack: Ack, command: dict, respond: Respond, client: WebClient, asker: Asker) -> None:
        request = _Request(services, asker, client, command)
        sub, words = TABLE.parse(command.get("text", ""))
        reply = sub.run(request, words) if sub else _unknown(request, command.get("text", ""))
        replies.send(ack, respond, reply)

    _register_buttons(app, services, guarded)
    _register_page_buttons(app, services, guarded)
    _register_modals(app, services, guarded)


def _register_buttons(app: App, services: Services, guarded: Any) -> None:
    @app.action(re.compile(f"^{Action.LINK_PICK}:|^{Action.LINK_CREATE}:|^{Action.LINK_MOVE}:"))
    @guarded
    def link_from_button(
        ack: Ack, body: dict, action: dict, respond: Respond, client: WebClient, asker: Asker
    ) -> None:
        ack()
        request = _Request(services, asker, client, body)
        refusal = _unpostable(request)
        if refusal is not None:
            respond(replace_original=True, **refusal.as_kwargs())
            return
        value = json.loads(action["value"])
        result = services.contacts.changes.link(
            request.person.actor,
            channel_id=request.channel_id,
            name=value.get("name", ""),
            school_id=value.get("school_id"),
            move=action["action_id"].startswith(Action.LINK_MOVE),
            create=action["action_id"].startswith(Action.LINK_CREATE),
        )
        reply = contact_messages.link_result(result, lang=request.person.lang, templates=services.templates)
        respond(replace_original=True, **reply.as_kwargs())

    @app.action(re.compile(f"^{Action.HANDOVER_CONFIRM}:"))
    @guarded
    def confirm_handover(ack: Ack, action: dict, respond: Respond, asker: Asker) -> None:
        ack()
        request = asker
        value = json.loads(action["value"])
        seats = services.contacts.changes.handover(
            request.person.actor,
            from_person=value["from"],
            to_person=value["to"],
            keep_stuck=bool(value.get("keep", True)),
        )
        done = services.templates.module(request.person.lang, "contacts").handover_done(
            seats, value["from"], value["to"]
        )
        respond(replace_original=True, **messages.text(str(done)).as_kwargs())


def _register_page_buttons(app: App, services: Services, guarded: Any) -> None:
    @app.action(re.compile(f"^{Action.CANCEL}:"))
    @guarded
    def cancel(ack: Ack, respond: Respond, asker: Asker) -> None:
        ack()
        cancelled = services.templates.module(asker.lang, "contacts").cancelled
        respond(replace_original=True, **messages.text(cancelled).as_kwargs())

    @app.action(re.compile(f"^{Action.LIST_PAGE}:"))
    @guarded
    def turn_list_page(
        ack: Ack, body: dict, action: dict, respond: Respond, client: WebClient, asker: Asker
    ) -> None:
        ack()
        request = _Request(services, asker, client, body)
        reply = _overview(request, json.loads(action["value"])["page"])
        respond(replace_original=True, **reply.as_kwargs())

    @app.action(re.compile(f"^{Action.HANDOVER_NOTE_OPEN}:"))
    @guarded
    def open_handover_note(
        ack: Ack, body: dict, action: dict, respond: Respond, client: WebClient, asker: Asker
    ) -> None:
        ack()
        request = asker
        assignment_id = json.loads(action["value"])["id"]
        view = contact_messages.handover_note_modal(
            assignment_id, lang=request.person.lang, templates=services.templates
        )
        signed = stamps.stamped(services.stamp, view, team_id=asker.team_id, user_id=asker.user_id)
        client.views_open(trigger_id=body["trigger_id"], view=signed)


def _register_modals(app: App, services: Services, guarded: Any) -> None:
    @app.view(ViewId.HANDOVER_NOTE)
    @guarded
    def send_handover_note(ack: Ack, body: dict, view: dict, asker: Asker) -> None:
        # Refused: shown beside the field and the modal stays open; the text is stored nowhere.
        errors.submit_modal(
            ack,
            Field.NOTE,
            lambda person: services.contacts.notes.send_handover_note(
                person.actor,
                assignment_id=json.loads(stamps.metadata(services.stamp, body))["assignment_id"],
                text=arguments.field_value(view, Field.NOTE),
            ),
            lambda lang, _school: contact_messages.note_sent_modal(lang=lang, templates=services.templates),
            services=services,
            asker=asker,
        )

    @app.view(ViewId.PROFILE)
    @guarded
    def save_profile(ack: Ack, view: dict, asker: Asker) -> None:
        values = {
            field: arguments.field_value(view, field) for field in (Field.TITLE, Field.PHONE, Field.REACHABLE)
        }
        errors.submit_modal(
            ack,
            Field.TITLE,
            lambda person: services.contacts.changes.save_profile(person.actor, **values),
            lambda lang, _none: contact_messages.profile_saved_modal(lang=lang, templates=services.templates),
            services=services,
            asker=asker,
        )


def _card(request: _Request, _words: arguments.Words) -> Reply:
    card = request.services.contacts.queries.card(request.person.actor, channel_id=request.channel_id)
    templates, lang = request.words()
    return contact_messages.card(card, lang=lang, is_admin=request.person.actor.is_admin, templates=templates)


def _help(request: _Request, _words: arguments.Words) -> Reply:
    templates, lang = request.words()
    return TABLE.help(lang=lang, templates=templates)


def _unknown(request: _Request, text: str) -> Reply:
    templates, lang = request.words()
    return TABLE.help(lang=lang, templates=templates, unknown=text.split()[0])


def _unpostable(request: _Request) -> Reply | None:
    """Why linking this channel is refused (Bryggan cannot post in it), or None."""
    if not request.person.actor.is_admin:
        return None  # the use case refuses a non-administrator in its own words
    found = postability(request.client, request.channel_id)
    if found.state is Postability.POSTABLE:
        return None
    templates, lang = request.words()
    return contact_messages.cannot_post(found, lang=lang, templates=templates)


def _link(request: _Request, words: arguments.Words) -> Reply:
    # Checked before the school is bound: nothing may be owed to a channel Bryggan cannot post in.
    refusal = _unpostable(request)
    if refusal is not None:
        return refusal
    result = request.services.contacts.changes.link(
        request.person.actor, channel_id=request.channel_id, name=words.rest
    )
    templates, lang = request.words()
    return contact_messages.link_result(result, lang=lang, templates=templates)


def _appoint(request: _Request, words: arguments.Words) -> Reply:
    [person] = arguments.mentions(words.args, 1)
    use_case = (
        request.services.contacts.changes.assign
        if words.sub == "assign"
        else request.services.contacts.changes.set_deputy
    )
    change = use_case(request.person.actor, channel_id=request.channel_id, person_id=request.named(person))
    templates, lang = request.words()
    return messages.text(str(templates.module(lang, "contacts").changed(change)))


def _handover(request: _Request, words: arguments.Words) -> Reply:
    from_person, to_person = arguments.mentions(words.args, 2)
    request.named(to_person)
    items = request.services.contacts.changes.plan_handover(
        request.person.actor, from_person=from_person, to_person=to_person
    )
    templates, lang = request.words()
    return contact_messages.handover_plan(from_person, to_person, items, lang=lang, templates=templates)


def _away(request: _Request, words: arguments.Words) -> Reply:
    args = list(words.args)
    person = request.user_id
    if args and args[0].startswith(("<@", "@")):
        person = request.named(arguments.mention(args.pop(0)))
    today = request.services.clock.for_team(request.asker.team_id).today()
    first, last = requests.absence_days(args, today=today)
    result = request.services.contacts.absences.register_absence(
        request.person.actor, person_id=person, first_day=first, last_day=last
    )
    templates, lang = request.words()
    return messages.text(str(templates.module(lang, "contacts").absence(result, person == request.user_id)))


def _history(request: _Request, _words: arguments.Words) -> Reply:
    name, periods = request.services.contacts.queries.history(
        request.person.actor, channel_id=request.channel_id
    )
    templates, lang = request.words()
    return messages.text(str(templates.module(lang, "contacts").history(name, periods)))


def _list(request: _Request, words: arguments.Words) -> Reply:
    page = int(words.args[0]) if words.args and words.args[0].isdecimal() else 1
    return _overview(request, page)


def _overview(request: _Request, page: int) -> Reply:
    statuses = request.services.contacts.queries.overview(request.person.actor)
    templates, lang = request.words()
    return contact_messages.overview(statuses, page, lang=lang, templates=templates)


def _profile(request: _Request, _words: arguments.Words) -> None:
    profile = request.services.contacts.queries.profile_of(request.person.actor)
    templates, lang = request.words()
    view = contact_messages.profile_modal(profile, lang=lang, templates=templates)
    request.client.views_open(trigger_id=request.payload["trigger_id"], view=view)


TABLE = Table(
    Command.KONTAKT,
    [
        Sub("card", (), (), _card, lines=("card",)),
        Sub("history", ("historik",), ("history",), _history, lines=("history",)),
        Sub("away", ("frånvaro", "franvaro"), ("away",), _away, lines=("away",), admin_lines=("away_other",)),
        Sub("profile", ("profil",), ("profile",), _profile, lines=("profile",)),
        Sub("link", ("koppla",), ("link",), _link, admin_lines=("link",)),
        Sub("assign", ("tilldela",), ("assign",), _appoint, admin_lines=("assign",)),
        Sub("deputy", ("ersättare", "ersattare"), ("deputy",), _appoint, admin_lines=("deputy",)),
        Sub("handover", ("överlämna", "overlamna"), ("handover",), _handover, admin_lines=("handover",)),
        Sub("list", ("lista",), ("list",), _list, admin_lines=("list",)),
        Sub("help", ("hjälp", "hjalp"), ("help",), _help),
    ],
    default="card",
)
