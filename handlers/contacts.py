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
from handlers import arguments, contact_messages, contact_steps, errors, messages, replies, stamps
from handlers.channels import postability
from handlers.ids import Action, Command
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
    _register_modals(app, services, guarded)


def _register_buttons(app: App, services: Services, guarded: Any) -> None:
    @app.action(re.compile(f"^{Action.LINK_PICK}:|^{Action.LINK_CREATE}:|^{Action.LINK_MOVE}:"))
    @guarded
    def link_from_button(
        ack: Ack, body: dict, action: dict, respond: Respond, client: WebClient, asker: Asker
    ) -> None:
        ack()
        reply = contact_steps.link_button(
            services,
            asker.person,
            lambda: postability(client, asker.channel_id),
            channel_id=asker.channel_id,
            action_id=action["action_id"],
            value=action["value"],
        )
        respond(replace_original=True, **reply.as_kwargs())

    @app.action(re.compile(f"^{Action.HANDOVER_CONFIRM}:|^{Action.CANCEL}:|^{Action.LIST_PAGE}:"))
    @guarded
    def replace_with_answer(ack: Ack, action: dict, respond: Respond, asker: Asker) -> None:
        ack()
        step = contact_steps.REPLACES[action["action_id"].split(":")[0]]
        value = json.loads(action.get("value") or "{}")
        respond(replace_original=True, **step(services, asker.person, value).as_kwargs())

    @app.action(re.compile(f"^{Action.HANDOVER_NOTE_OPEN}:"))
    @guarded
    def open_handover_note(ack: Ack, body: dict, action: dict, client: WebClient, asker: Asker) -> None:
        ack()
        view = contact_steps.handover_note_view(services, asker.person, json.loads(action["value"]))
        signed = stamps.stamped(services.stamp, view, team_id=asker.team_id, user_id=asker.user_id)
        client.views_open(trigger_id=body["trigger_id"], view=signed)


def _register_modals(app: App, services: Services, guarded: Any) -> None:
    @app.view(ViewId.HANDOVER_NOTE)
    @app.view(ViewId.PROFILE)
    @guarded
    def submit_form(ack: Ack, body: dict, view: dict, asker: Asker) -> None:
        # Refused: shown beside the field and the modal stays open; the text is stored nowhere.
        metadata = lambda: stamps.metadata(services.stamp, body)  # noqa: E731 - read when the use case runs
        step = contact_steps.submission(services, view["callback_id"], view, metadata)
        errors.submit_modal(ack, step.field, step.run, step.done, services=services, asker=asker)


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


def _link(request: _Request, words: arguments.Words) -> Reply:
    # Checked before the school is bound: nothing may be owed to a channel Bryggan cannot post in.
    found = lambda: postability(request.client, request.channel_id)  # noqa: E731 - asked of admins only
    return contact_steps.link(
        request.services, request.person, found, channel_id=request.channel_id, name=words.rest
    )


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
    return contact_steps.overview(request.services, request.person, page)


def _profile(request: _Request, _words: arguments.Words) -> None:
    view = contact_steps.profile_view(request.services, request.person)
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
