"""`/konsultation`: a non-identifying consultation with the school's contact in social services."""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import Any

from slack_bolt import Ack, App, Respond
from slack_sdk import WebClient

from bot.services import Services
from handlers import consultation_messages, consultation_steps, errors, replies, stamps
from handlers.arguments import Words
from handlers.ids import Action, Command
from handlers.ids import View as ViewId
from handlers.messages import Reply
from handlers.requests import Asker
from handlers.subcommands import Sub, Table


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
    view = consultation_steps.consultation_view(
        services, person, channel_id=command["channel_id"], prefill=command.get("text", "")
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
        _submit(services, ack, body, view, asker)

    @app.action(re.compile(f"^{Action.CONSULTATION_ACK}:"))
    @guarded
    def take_consultation(ack: Ack, action: dict, respond: Respond, asker: Asker) -> None:
        ack()
        reply = consultation_steps.acknowledge(services, asker.person, consultation_steps.click_value(action))
        respond(response_type="ephemeral", replace_original=False, **reply.as_kwargs())


def _submit(services: Services, ack: Ack, body: dict, view: dict, asker: Asker) -> None:
    """A consultation form's submission, as consultation_steps says; the modal shows the outcome."""
    step = consultation_steps.submission(
        services, view["callback_id"], view, lambda: stamps.metadata(services.stamp, body)
    )
    errors.submit_modal(ack, step.field, step.run, step.done, services=services, asker=asker)


def register_followups(app: App, services: Services) -> None:
    """Attach the reply, call and close buttons and modals of a consultation."""
    guarded = errors.guard(services)
    _register_followup_buttons(app, services, guarded)
    _register_followup_modals(app, services, guarded)


def _register_followup_buttons(app: App, services: Services, guarded: Any) -> None:
    opens = "|".join(
        f"^{action}:"
        for action in (
            Action.CONSULTATION_CALL_OPEN,
            Action.CONSULTATION_REPLY_OPEN,
            Action.CONSULTATION_CLOSE_OPEN,
        )
    )

    @app.action(re.compile(opens))
    @guarded
    def open_case_modal(
        ack: Ack, body: dict, action: dict, respond: Respond, client: WebClient, asker: Asker
    ) -> None:
        ack()
        value = consultation_steps.click_value(action)
        view = consultation_steps.case_view(services, asker.person, action["action_id"], value)
        client.views_open(trigger_id=body["trigger_id"], view=_stamped(services, body, view))


def _register_followup_modals(app: App, services: Services, guarded: Any) -> None:
    @app.view(ViewId.CONSULTATION_CALL)
    @app.view(ViewId.CONSULTATION_REPLY)
    @app.view(ViewId.CONSULTATION_CLOSE)
    @guarded
    def submit_case_modal(ack: Ack, body: dict, view: dict, asker: Asker) -> None:
        _submit(services, ack, body, view, asker)


def _stamped(services: Services, body: dict, view: dict) -> dict:
    return stamps.stamped(services.stamp, view, team_id=body["team"]["id"], user_id=body["user"]["id"])


def register_purge(app: App, services: Services) -> None:
    """Attach "Innehåller personuppgifter": the asker or a receiver withdraws a delivered text."""

    @app.action(re.compile(f"^{Action.CONSULTATION_PURGE}:"))
    @errors.guard(services)
    def withdraw_personal_data(ack: Ack, action: dict, respond: Respond, asker: Asker) -> None:
        ack()  # Slack has already asked the person to confirm (the button's confirm dialog)
        reply = consultation_steps.purge(services, asker.person, consultation_steps.click_value(action))
        respond(response_type="ephemeral", replace_original=False, **reply.as_kwargs())
