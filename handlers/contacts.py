"""`/kontakt`: who is this school's contact in social services, and the administrators' changes."""

from __future__ import annotations

import json
import re
from collections.abc import Callable
from typing import Any

from slack_bolt import Ack, App, Respond
from slack_sdk import WebClient

from bot.dates import parse_day, split_day_words
from bot.errors import BrygganError
from bot.services import Services
from handlers import arguments, contact_messages, errors, messages, replies, stamps
from handlers.channels import Postability, postability
from handlers.ids import Action, Command, Field
from handlers.ids import View as ViewId
from handlers.people import People, Person

SUBCOMMANDS = {
    **dict.fromkeys(("koppla", "link"), "link"),
    **dict.fromkeys(("tilldela", "assign"), "assign"),
    **dict.fromkeys(("överlämna", "overlamna", "handover"), "handover"),
    **dict.fromkeys(("ersättare", "ersattare", "deputy"), "deputy"),
    **dict.fromkeys(("frånvaro", "franvaro", "away"), "away"),
    **dict.fromkeys(("profil", "profile"), "profile"),
    **dict.fromkeys(("historik", "history"), "history"),
    **dict.fromkeys(("lista", "list"), "list"),
    **dict.fromkeys(("hjälp", "hjalp", "help"), "help"),
}

Reply = messages.Reply


class _Request:
    """One /kontakt invocation: who, where, and the words after the command."""

    def __init__(
        self, services: Services, people: People, client: WebClient, payload: dict[str, Any]
    ) -> None:
        self.services, self.people, self.client = services, people, client
        self.payload = payload
        self.team_id = payload.get("team_id") or payload["team"]["id"]
        self.user_id = payload.get("user_id") or payload["user"]["id"]
        self.channel_id = payload.get("channel_id") or (payload.get("channel") or {}).get("id", "")
        self.person: Person = people.resolve(client, team_id=self.team_id, user_id=self.user_id)

    def named(self, user_id: str) -> str:
        """A mentioned person, checked to exist in Slack."""
        return self.people.verify(self.client, team_id=self.team_id, user_id=user_id).actor.user_id

    def words(self) -> Any:
        return (self.services.templates, self.person.lang)


def register(app: App, services: Services, people: People) -> None:
    """Attach the /kontakt command, its buttons and its modals to `app`."""
    guarded = errors.guard(services, people)

    @app.command(Command.KONTAKT)
    @guarded
    def kontakt(ack: Ack, command: dict, respond: Respond, client: WebClient) -> None:
        request = _Request(services, people, client, command)
        words = arguments.split(command.get("text", ""), SUBCOMMANDS)
        handler = _SUBCOMMANDS.get(words.sub or "card", _unknown)
        replies.send(ack, respond, handler(request, words))

    @app.action(re.compile(f"^{Action.LINK_PICK}:|^{Action.LINK_CREATE}:|^{Action.LINK_MOVE}:"))
    @guarded
    def link_from_button(ack: Ack, body: dict, action: dict, respond: Respond, client: WebClient) -> None:
        ack()
        request = _Request(services, people, client, body)
        refusal = _unpostable(request)
        if refusal is not None:
            respond(replace_original=True, **refusal.as_kwargs())
            return
        value = json.loads(action["value"])
        result = services.contacts.link(
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
    def confirm_handover(ack: Ack, body: dict, action: dict, respond: Respond, client: WebClient) -> None:
        ack()
        request = _Request(services, people, client, body)
        value = json.loads(action["value"])
        seats = services.contacts.handover(
            request.person.actor,
            from_person=value["from"],
            to_person=value["to"],
            keep_stuck=bool(value.get("keep", True)),
        )
        done = services.templates.module(request.person.lang, "contacts").handover_done(
            seats, value["from"], value["to"]
        )
        respond(replace_original=True, **messages.text(str(done)).as_kwargs())

    @app.action(re.compile(f"^{Action.CANCEL}:"))
    @guarded
    def cancel(ack: Ack, body: dict, respond: Respond, client: WebClient) -> None:
        ack()
        request = _Request(services, people, client, body)
        cancelled = services.templates.module(request.person.lang, "contacts").cancelled
        respond(replace_original=True, **messages.text(cancelled).as_kwargs())

    @app.action(re.compile(f"^{Action.LIST_PAGE}:"))
    @guarded
    def turn_list_page(ack: Ack, body: dict, action: dict, respond: Respond, client: WebClient) -> None:
        ack()
        request = _Request(services, people, client, body)
        reply = _overview(request, json.loads(action["value"])["page"])
        respond(replace_original=True, **reply.as_kwargs())

    @app.action(re.compile(f"^{Action.HANDOVER_NOTE_OPEN}:"))
    @guarded
    def open_handover_note(ack: Ack, body: dict, action: dict, respond: Respond, client: WebClient) -> None:
        ack()
        request = _Request(services, people, client, body)
        assignment_id = json.loads(action["value"])["id"]
        view = contact_messages.handover_note_modal(
            assignment_id, lang=request.person.lang, templates=services.templates
        )
        signed = stamps.stamped(services.stamp, view, team_id=body["team"]["id"], user_id=body["user"]["id"])
        client.views_open(trigger_id=body["trigger_id"], view=signed)

    @app.view(ViewId.HANDOVER_NOTE)
    @guarded
    def send_handover_note(ack: Ack, body: dict, view: dict, client: WebClient) -> None:
        # Refused: shown beside the field and the modal stays open; the text is stored nowhere.
        errors.submit_modal(
            ack,
            Field.NOTE,
            lambda person: services.contacts.send_handover_note(
                person.actor,
                assignment_id=json.loads(stamps.metadata(services.stamp, body))["assignment_id"],
                text=arguments.field_value(view, Field.NOTE),
            ),
            lambda lang, _school: contact_messages.note_sent_modal(lang=lang, templates=services.templates),
            services=services,
            people=people,
            body=body,
            client=client,
        )

    @app.view(ViewId.PROFILE)
    @guarded
    def save_profile(ack: Ack, body: dict, view: dict, client: WebClient) -> None:
        values = {
            field: arguments.field_value(view, field) for field in (Field.TITLE, Field.PHONE, Field.REACHABLE)
        }
        errors.submit_modal(
            ack,
            Field.TITLE,
            lambda person: services.contacts.save_profile(person.actor, **values),
            lambda lang, _none: contact_messages.profile_saved_modal(lang=lang, templates=services.templates),
            services=services,
            people=people,
            body=body,
            client=client,
        )


def _card(request: _Request, _words: arguments.Words) -> Reply:
    card = request.services.contacts.card(request.person.actor, channel_id=request.channel_id)
    templates, lang = request.words()
    return contact_messages.card(card, lang=lang, is_admin=request.person.actor.is_admin, templates=templates)


def _help(request: _Request, _words: arguments.Words) -> Reply:
    templates, lang = request.words()
    return contact_messages.help_text(lang=lang, templates=templates)


def _unknown(request: _Request, words: arguments.Words) -> Reply:
    templates, lang = request.words()
    first = request.payload.get("text", "").split()[0]
    return contact_messages.help_text(lang=lang, templates=templates, unknown=first)


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
    result = request.services.contacts.link(
        request.person.actor, channel_id=request.channel_id, name=words.rest
    )
    templates, lang = request.words()
    return contact_messages.link_result(result, lang=lang, templates=templates)


def _appoint(request: _Request, words: arguments.Words) -> Reply:
    [person] = arguments.mentions(words.args, 1)
    use_case = (
        request.services.contacts.assign if words.sub == "assign" else request.services.contacts.set_deputy
    )
    change = use_case(request.person.actor, channel_id=request.channel_id, person_id=request.named(person))
    templates, lang = request.words()
    return messages.text(str(templates.module(lang, "contacts").changed(change)))


def _handover(request: _Request, words: arguments.Words) -> Reply:
    from_person, to_person = arguments.mentions(words.args, 2)
    request.named(to_person)
    items = request.services.contacts.plan_handover(
        request.person.actor, from_person=from_person, to_person=to_person
    )
    templates, lang = request.words()
    return contact_messages.handover_plan(from_person, to_person, items, lang=lang, templates=templates)


def _away(request: _Request, words: arguments.Words) -> Reply:
    args = split_day_words(words.args)
    person = request.user_id
    if args and args[0].startswith(("<@", "@")):
        person = request.named(arguments.mention(args.pop(0)))
    if not args or len(args) > 2:
        raise BrygganError("absence_dates_missing")
    today = request.services.contacts.today()
    first = parse_day(args[0], today=today)
    last = parse_day(args[-1], today=today)
    result = request.services.contacts.register_absence(
        request.person.actor, person_id=person, first_day=first, last_day=last
    )
    templates, lang = request.words()
    return messages.text(str(templates.module(lang, "contacts").absence(result, person == request.user_id)))


def _history(request: _Request, _words: arguments.Words) -> Reply:
    name, periods = request.services.contacts.history(request.person.actor, channel_id=request.channel_id)
    templates, lang = request.words()
    return messages.text(str(templates.module(lang, "contacts").history(name, periods)))


def _list(request: _Request, words: arguments.Words) -> Reply:
    page = int(words.args[0]) if words.args and words.args[0].isdecimal() else 1
    return _overview(request, page)


def _overview(request: _Request, page: int) -> Reply:
    statuses = request.services.contacts.overview(request.person.actor)
    templates, lang = request.words()
    return contact_messages.overview(statuses, page, lang=lang, templates=templates)


def _profile(request: _Request, _words: arguments.Words) -> None:
    profile = request.services.contacts.profile_of(request.person.actor)
    templates, lang = request.words()
    view = contact_messages.profile_modal(profile, lang=lang, templates=templates)
    request.client.views_open(trigger_id=request.payload["trigger_id"], view=view)


_SUBCOMMANDS: dict[str, Callable[[_Request, arguments.Words], Reply | None]] = {
    "card": _card,
    "help": _help,
    "link": _link,
    "assign": _appoint,
    "deputy": _appoint,
    "handover": _handover,
    "away": _away,
    "history": _history,
    "list": _list,
    "profile": _profile,
}
