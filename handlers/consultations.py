"""`/konsultation`: a non-identifying consultation with the school's contact in social services."""

from __future__ import annotations

import json
import re
from dataclasses import dataclass
from datetime import timedelta
from typing import Any

from slack_bolt import Ack, App, Respond
from slack_sdk import WebClient

from bot.errors import BrygganError
from bot.services import Services
from handlers import arguments, consultation_messages, errors, messages, replies, stamps
from handlers.arguments import Words
from handlers.ids import Action, Command, Field
from handlers.ids import View as ViewId
from handlers.messages import Reply
from handlers.requests import Asker
from handlers.subcommands import Sub, Table

# Which modal field shows which refusal; anything else (the guard's) stands beside the description.
_FIELD_OF = {
    "consultation_grade": Field.GRADE,
    "consultation_areas": Field.AREAS,
    "consultation_reach": Field.REACH,
}


@dataclass(frozen=True, slots=True)
class _Request:
    """One /konsultation invocation."""

    services: Services
    asker: Asker
    client: WebClient
    command: dict[str, Any]


def _mine(request: _Request, _words: Words) -> Reply:
    services, person = request.services, request.asker.person
    lines = services.consultations.listing.mine(person.actor)
    return consultation_messages.mine(lines, lang=person.lang, templates=services.templates)


def _open_modal(request: _Request, _words: Words) -> None:
    services, person, command = request.services, request.asker.person, request.command
    services.consultations.intake.school_for(person.actor, channel_id=command["channel_id"])
    view = consultation_messages.modal(
        prefill=command.get("text", ""),
        on_call=services.workspace.values(person.actor.team_id).on_call_text,
        channel_id=command["channel_id"],
        lang=person.lang,
        templates=services.templates,
    )
    request.client.views_open(
        trigger_id=command["trigger_id"],
        view=stamps.stamped(services.stamp, view, team_id=command["team_id"], user_id=command["user_id"]),
    )


# Any other text is the modal's pre-filled description, not a mistake.
TABLE = Table(
    Command.KONSULTATION,
    [Sub("modal", (), (), _open_modal), Sub("mine", ("mina",), ("mine",), _mine)],
    default="modal",
    free_text=True,
)


def register(app: App, services: Services) -> None:
    """Attach /konsultation, its modal and the receiver's buttons to `app`."""
    guarded = errors.guard(services)

    @app.command(Command.KONSULTATION)
    @app.command(Command.CONSULT)
    @guarded
    def open_consultation_modal(
        ack: Ack, command: dict, respond: Respond, client: WebClient, asker: Asker
    ) -> None:
        sub, words = TABLE.parse(command.get("text", ""))
        assert sub is not None  # free text: every word is the modal's
        replies.send(ack, respond, sub.run(_Request(services, asker, client, command), words))

    @app.view(ViewId.CONSULTATION)
    @guarded
    def submit_consultation(ack: Ack, body: dict, view: dict, asker: Asker) -> None:
        errors.submit_modal(
            ack,
            _field,
            lambda person: services.consultations.intake.submit(
                person.actor,
                channel_id=stamps.metadata(services.stamp, body),
                **consultation_messages.values(view),
            ),
            lambda lang, done: consultation_messages.sent(
                done.number, done.routed_to, done.to_fallback, lang=lang, templates=services.templates
            ),
            services=services,
            asker=asker,
        )

    @app.action(re.compile(f"^{Action.CONSULTATION_ACK}:"))
    @guarded
    def take_consultation(ack: Ack, action: dict, respond: Respond, asker: Asker) -> None:
        ack()
        person = asker.person
        number = services.consultations.receiving.acknowledge(
            person.actor, consultation_id=json.loads(action["value"])["id"]
        )
        taken = services.templates.module(person.lang, "consultations").taken(number)
        respond(response_type="ephemeral", replace_original=False, **messages.text(str(taken)).as_kwargs())


def register_followups(app: App, services: Services) -> None:
    """Attach the reply, call and close buttons and modals of a consultation."""
    guarded = errors.guard(services)
    _register_followup_buttons(app, services, guarded)
    _register_followup_modals(app, services, guarded)


def _case_modal(services: Services, ack: Ack, asker: Asker, field: str, done: str, run: Any) -> None:
    # On success the modal says what happened, in the template's `done` words with the case number.
    def words(lang: Any, number: str) -> dict:
        text = str(getattr(services.templates.module(lang, "consultations"), done)(number))
        return consultation_messages.done(text, lang=lang, templates=services.templates)

    errors.submit_modal(ack, field, run, words, services=services, asker=asker)


def _register_followup_buttons(app: App, services: Services, guarded: Any) -> None:
    @app.action(re.compile(f"^{Action.CONSULTATION_CALL_OPEN}:"))
    @guarded
    def open_call_modal(
        ack: Ack, body: dict, action: dict, respond: Respond, client: WebClient, asker: Asker
    ) -> None:
        ack()
        person = asker.person
        tomorrow = services.clock.for_team(asker.team_id).today() + timedelta(days=1)
        view = consultation_messages.call_modal(
            json.loads(action["value"])["id"],
            tomorrow=tomorrow,
            lang=person.lang,
            templates=services.templates,
        )
        client.views_open(trigger_id=body["trigger_id"], view=_stamped(services, body, view))

    @app.action(re.compile(f"^{Action.CONSULTATION_REPLY_OPEN}:|^{Action.CONSULTATION_CLOSE_OPEN}:"))
    @guarded
    def open_case_modal(
        ack: Ack, body: dict, action: dict, respond: Respond, client: WebClient, asker: Asker
    ) -> None:
        ack()
        person = asker.person
        case_id = json.loads(action["value"])["id"]
        build = (
            consultation_messages.reply_modal
            if action["action_id"].startswith(Action.CONSULTATION_REPLY_OPEN)
            else consultation_messages.close_modal
        )
        view = build(case_id, lang=person.lang, templates=services.templates)
        client.views_open(trigger_id=body["trigger_id"], view=_stamped(services, body, view))


def _register_followup_modals(app: App, services: Services, guarded: Any) -> None:
    @app.view(ViewId.CONSULTATION_CALL)
    @guarded
    def propose_call(ack: Ack, body: dict, view: dict, asker: Asker) -> None:
        day, at = consultation_messages.picked(view)
        _case_modal(
            services,
            ack,
            asker,
            Field.DAY,
            "proposed",
            lambda person: services.consultations.calls.propose_call(
                person.actor, consultation_id=int(stamps.metadata(services.stamp, body)), day=day, at=at
            ),
        )

    @app.view(ViewId.CONSULTATION_REPLY)
    @guarded
    def send_reply(ack: Ack, body: dict, view: dict, asker: Asker) -> None:
        text = arguments.field_value(view, Field.REPLY)
        _case_modal(
            services,
            ack,
            asker,
            Field.REPLY,
            "replied",
            lambda person: services.consultations.receiving.reply(
                person.actor, consultation_id=int(stamps.metadata(services.stamp, body)), text=text
            ),
        )

    @app.view(ViewId.CONSULTATION_CLOSE)
    @guarded
    def close_case(ack: Ack, body: dict, view: dict, asker: Asker) -> None:
        outcome = arguments.selected_value(view, Field.OUTCOME)
        _case_modal(
            services,
            ack,
            asker,
            Field.OUTCOME,
            "closed",
            lambda person: services.consultations.receiving.close(
                person.actor, consultation_id=int(stamps.metadata(services.stamp, body)), outcome=outcome
            ),
        )


def _stamped(services: Services, body: dict, view: dict) -> dict:
    return stamps.stamped(services.stamp, view, team_id=body["team"]["id"], user_id=body["user"]["id"])


def register_purge(app: App, services: Services) -> None:
    """Attach "Innehåller personuppgifter": the asker or a receiver withdraws a delivered text."""

    @app.action(re.compile(f"^{Action.CONSULTATION_PURGE}:"))
    @errors.guard(services)
    def withdraw_personal_data(ack: Ack, action: dict, respond: Respond, asker: Asker) -> None:
        ack()  # Slack has already asked the person to confirm (the button's confirm dialog)
        person = asker.person
        value = json.loads(action["value"])
        consultations = services.consultations.purging
        if "reply" in value:
            number = consultations.purge_reply(
                person.actor, consultation_id=int(value["id"]), reply_id=int(value["reply"])
            )
        else:
            replies = [int(reply) for reply in value.get("replies", [])]
            number = consultations.purge_case(
                person.actor, consultation_id=int(value["id"]), reply_ids=replies
            )
        done = services.templates.module(person.lang, "consultations").purged(number)
        respond(response_type="ephemeral", replace_original=False, **messages.text(str(done)).as_kwargs())


def _field(error: BrygganError) -> str:
    return _FIELD_OF.get(error.key, Field.DESCRIPTION)
