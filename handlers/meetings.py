"""`/eht`: the school's EHT meetings — schedule, next, cancel, move, agenda, calendar file and feed, notes."""

from __future__ import annotations

import functools
import re
from collections.abc import Callable
from typing import Any

from slack_bolt import Ack, App, Respond
from slack_sdk import WebClient

from bot import requests
from bot.errors import BrygganError
from bot.meetings.views import Replacement
from bot.services import Services
from handlers import arguments, errors, meeting_messages, messages, replies, stamps
from handlers import meeting_steps as steps
from handlers.ids import Action, Command
from handlers.ids import View as ViewId
from handlers.people import Person
from handlers.replies import Later
from handlers.requests import Asker
from handlers.subcommands import Sub, Table
from templates import unescape_mrkdwn

Reply = messages.Reply
Subcommand = Callable[["_Request", arguments.Words], Reply | None]


class _Request:
    """One /eht invocation: who, where, and how to answer."""

    def __init__(
        self,
        services: Services,
        asker: Asker,
        client: WebClient,
        command: dict[str, Any],
        *,
        teams: bool = False,
    ) -> None:
        self.services, self.asker, self.client, self.command = services, asker, client, command
        self.teams = teams  # Teams has no slash commands: the words name the command as typed there
        self.person: Person = asker.person
        self.channel_id: str = asker.channel_id
        self.words = services.templates.module(self.person.lang, "meetings")

    def say(self, body: object) -> Reply:
        return messages.text(str(body))


def register(app: App, services: Services, later: Later) -> None:
    """Attach /eht, its buttons and its modals to `app`."""
    guarded = errors.guard(services)

    @app.command(Command.EHT)
    @guarded
    def eht(ack: Ack, command: dict, respond: Respond, client: WebClient, asker: Asker) -> None:
        request = _Request(services, asker, client, command)
        # Slack escapes &, < and > in typed text; the templates escape again when showing it.
        text = unescape_mrkdwn(command.get("text", ""))
        sub, words = TABLE.parse(text)
        if sub is None:
            replies.send(ack, respond, _unknown(request, text))
            return
        if sub.slow:  # an upload takes several calls to Slack: ack first, answer after
            ack()
            later(functools.partial(run_later, run=sub.run, request=request, words=words, respond=respond))
            return
        replies.send(ack, respond, sub.run(request, words))

    @guarded
    def run_later(run: Subcommand, request: _Request, words: arguments.Words, respond: Respond) -> None:
        reply = run(request, words)
        if reply is not None:
            respond(**reply.as_kwargs())

    _register_buttons(app, services, guarded)
    _register_modals(app, services, guarded)


def _register_buttons(app: App, services: Services, guarded: Any) -> None:
    @app.action(re.compile(f"^{Action.EHT_ITEM_OPEN}:|^{Action.EHT_NOTES_OPEN}:"))
    @guarded
    def open_meeting_modal(
        ack: Ack, body: dict, action: dict, respond: Respond, client: WebClient, asker: Asker
    ) -> None:
        ack()
        target = steps.clicked_target(steps.click_value(action["value"]))
        view = steps.form_view(
            services, asker.person, action["action_id"], target, channel_id=asker.channel_id or None
        )
        signed = stamps.stamped(services.stamp, view, team_id=asker.team_id, user_id=asker.user_id)
        client.views_open(trigger_id=body["trigger_id"], view=signed)

    @app.action(re.compile(f"^{Action.EHT_SCHEDULE_CONFIRM}:"))
    @guarded
    def confirm_schedule(ack: Ack, body: dict, action: dict, respond: Respond, asker: Asker) -> None:
        ack()
        value = steps.click_value(action["value"])
        reply = steps.confirm_schedule(services, asker.person, value, channel_id=body["channel"]["id"])
        respond(replace_original=True, **reply.as_kwargs())


def _register_modals(app: App, services: Services, guarded: Any) -> None:
    @app.view(re.compile(f"^({ViewId.EHT_ITEM}|{ViewId.EHT_NOTES})$"))
    @guarded
    def submit_meeting_form(ack: Ack, body: dict, view: dict, asker: Asker) -> None:
        step = steps.submission(
            services, view["callback_id"], view, lambda: stamps.metadata(services.stamp, body)
        )
        errors.submit_modal(ack, step.field, step.run, step.done, services=services, asker=asker)


def _schedule(request: _Request, words: arguments.Words) -> Reply:
    person = request.person
    result = request.services.meetings.planning.set_schedule(
        person.actor, channel_id=request.channel_id, words=words.args
    )
    if isinstance(result, Replacement):
        return meeting_messages.schedule_replace(
            result, words.args, lang=person.lang, templates=request.services.templates
        )
    return request.say(request.words.schedule_set(result))


def _next(request: _Request, words: arguments.Words) -> Reply:
    upcoming = request.services.meetings.planning.upcoming(
        request.person.actor, channel_id=request.channel_id
    )
    return request.say(request.words.upcoming(upcoming))


def _cancel(request: _Request, words: arguments.Words) -> Reply:
    line = request.services.meetings.planning.cancel(
        request.person.actor, channel_id=request.channel_id, day_text=requests.meeting_day(words.args)
    )
    return request.say(request.words.cancelled(line))


def _move(request: _Request, words: arguments.Words) -> Reply:
    old, new = request.services.meetings.planning.move(
        request.person.actor, channel_id=request.channel_id, words=words.args
    )
    return request.say(request.words.moved(old, new))


def _item(request: _Request, words: arguments.Words) -> Reply:
    day = request.services.meetings.agenda.add_item(
        request.person.actor, text=words.rest, channel_id=request.channel_id
    )
    return request.say(request.words.item_added(day))


def _calendar(request: _Request, words: arguments.Words) -> None:
    services, person = request.services, request.person
    file = services.meetings.calendar_files.calendar_file(
        person.actor,
        channel_id=request.channel_id,
        words=meeting_messages.calendar_words(lang=person.lang, templates=services.templates),
    )
    request.client.files_upload_v2(
        channel=request.channel_id,
        content=file.content,
        filename=file.filename,
        title=file.filename,
        initial_comment=str(request.words.calendar_comment(file.school, file.meetings)),
    )


_FEED_NEW = ("ny", "nytt", "new")
_FEED_REVOKE = ("stäng", "stang", "stopp", "återkalla", "aterkalla", "revoke", "stop", "close")


def _feed(request: _Request, words: arguments.Words) -> Reply:
    """The school's calendar feed: issued and shown once, renewed (`ny`), or revoked (`stäng`)."""
    feeds, person = request.services.meetings.feeds, request.person
    w = request.services.templates.module(person.lang, "calendar_feeds")
    word = words.args[0].casefold() if words.args else ""
    if word in _FEED_REVOKE:
        return request.say(
            w.revoked(feeds.revoke(person.actor, channel_id=request.channel_id), request.teams)
        )
    if word and word not in _FEED_NEW:
        raise BrygganError("eht_feed_usage", word=words.args[0])
    act = feeds.renew if word else feeds.show
    shown = act(person.actor, channel_id=request.channel_id, lang=person.lang)
    if shown.urls is None:
        made = request.services.clock.for_team(person.actor.team_id).local(shown.created_at).date()
        return request.say(w.exists(shown, made, request.teams))
    return request.say(w.issued(shown, shown.urls, request.teams))


def _notes(request: _Request, words: arguments.Words) -> None:
    services, person = request.services, request.person
    target = steps.last_notes_target(services, person, channel_id=request.channel_id)
    view = steps.form_view(services, person, Action.EHT_NOTES_OPEN, target, channel_id=request.channel_id)
    signed = stamps.stamped(
        services.stamp, view, team_id=request.asker.team_id, user_id=request.asker.user_id
    )
    request.client.views_open(trigger_id=request.command["trigger_id"], view=signed)


def _help(request: _Request, words: arguments.Words) -> Reply:
    return TABLE.help(lang=request.person.lang, templates=request.services.templates)


def _unknown(request: _Request, text: str) -> Reply:
    return TABLE.help(lang=request.person.lang, templates=request.services.templates, unknown=text.split()[0])


TABLE = Table(
    Command.EHT,
    [
        Sub("schedule", ("schema",), ("schedule",), _schedule, lines=("schedule",)),
        Sub("next", ("nästa", "nasta", "kommande"), ("next",), _next, lines=("next",)),
        # "ställ in" is two words: the first calls it, and the help shows both.
        Sub(
            "cancel", ("ställ", "stall", "inställ"), ("cancel",), _cancel, lines=("cancel",), shown="ställ in"
        ),
        Sub("move", ("flytta",), ("move",), _move, lines=("move",)),
        Sub("item", ("punkt",), ("item",), _item, lines=("item",)),
        Sub("calendar", ("kalender",), ("calendar", "ics"), _calendar, lines=("calendar",), slow=True),
        Sub("feed", ("prenumerera", "prenumeration"), ("subscribe", "feed"), _feed, lines=("feed",)),
        Sub("notes", ("anteckningar", "anteckning"), ("notes",), _notes, lines=("notes",)),
        Sub("help", ("hjälp", "hjalp"), ("help",), _help),
    ],
    default="next",
)
