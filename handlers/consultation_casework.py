"""Casework on a consultation: forwarding, withdrawing, adding to it, and answering a proposed call."""

from __future__ import annotations

import functools
import re
from collections.abc import Sequence
from typing import Any

from slack_bolt import Ack, App, Respond
from slack_sdk import WebClient
from slack_sdk.models.blocks import (
    CheckboxesElement,
    InputBlock,
    Option,
    PlainTextInputElement,
    PlainTextObject,
    StaticSelectElement,
    UserSelectElement,
)
from slack_sdk.models.views import View

from bot.consultations import MAX_TEXT, AgreedCall
from bot.consultations.forwarding import MAX_NOTE
from bot.services import Services
from handlers import consultation_steps, errors, messages, stamps
from handlers.ids import Action, Field
from handlers.ids import View as ViewId
from handlers.replies import Later
from handlers.requests import Asker
from templates import Lang, Templates

MAX_OPTIONS = 100  # Slack's (and Bryggan's Teams dialogs') most options in a select


def register(app: App, services: Services, later: Later) -> None:
    """Attach the forward, withdraw and add buttons and their modals, and the answers to a proposed call."""
    guarded = errors.guard(services)
    _register_forwarding(app, services, guarded)
    _register_calls(app, services, guarded, later)
    _register_asker_changes(app, services, guarded)


def _open_modal(services: Services, body: dict, client: WebClient, asker: Asker, view: dict) -> None:
    stamped = stamps.stamped(services.stamp, view, team_id=asker.team_id, user_id=asker.user_id)
    client.views_open(trigger_id=body["trigger_id"], view=stamped)


def _register_forwarding(app: App, services: Services, guarded: Any) -> None:
    @app.action(re.compile(f"^{Action.CONSULTATION_FORWARD_OPEN}:"))
    @guarded
    def open_forward_modal(ack: Ack, body: dict, action: dict, client: WebClient, asker: Asker) -> None:
        ack()
        view = consultation_steps.forward_view(services, asker.person, consultation_steps.click_value(action))
        _open_modal(services, body, client, asker, view)

    @app.view(ViewId.CONSULTATION_FORWARD)
    @guarded
    def forward_case(ack: Ack, body: dict, view: dict, asker: Asker) -> None:
        # A colleague must be an active person in Slack (asker.named asks Slack).
        step = consultation_steps.forward_submission(
            services, view, lambda: stamps.metadata(services.stamp, body), named=asker.named
        )
        errors.submit_modal(ack, step.field, step.run, step.done, services=services, asker=asker)


def _register_calls(app: App, services: Services, guarded: Any, later: Later) -> None:
    @app.action(re.compile(f"^{Action.CONSULTATION_CALL_ACCEPT}:|^{Action.CONSULTATION_CALL_DECLINE}:"))
    @guarded
    def answer_call(ack: Ack, action: dict, respond: Respond, client: WebClient, asker: Asker) -> None:
        ack()
        accept = action["action_id"].startswith(Action.CONSULTATION_CALL_ACCEPT)
        value = consultation_steps.click_value(action)
        said, agreed = consultation_steps.answer_call(services, asker.person, value, accept=accept)
        if agreed is not None:  # two uploads after the ack, then the answer, as before
            send = functools.partial(
                send_calendar, call=agreed, said=said, respond=respond, client=client, asker=asker
            )
            later(send)
            return
        respond(response_type="ephemeral", replace_original=False, **said.as_kwargs())

    @guarded
    def send_calendar(
        call: AgreedCall, said: messages.Reply, respond: Respond, client: WebClient, asker: Asker
    ) -> None:
        _send_calendar(services, asker, client, call)
        respond(response_type="ephemeral", replace_original=False, **said.as_kwargs())

    @app.action(re.compile(f"^{Action.CONSULTATION_SNOOZE}:"))
    @guarded
    def snooze_reminder(ack: Ack, action: dict, respond: Respond, asker: Asker) -> None:
        ack()
        reply = consultation_steps.snooze(services, asker.person, consultation_steps.click_value(action))
        respond(response_type="ephemeral", replace_original=False, **reply.as_kwargs())


def _register_asker_changes(app: App, services: Services, guarded: Any) -> None:
    @app.action(re.compile(f"^{Action.CONSULTATION_WITHDRAW}:"))
    @guarded
    def withdraw_case(ack: Ack, action: dict, respond: Respond, asker: Asker) -> None:
        ack()  # Slack has already asked the person to confirm (the button's confirm dialog)
        reply = consultation_steps.withdraw(services, asker.person, consultation_steps.click_value(action))
        respond(response_type="ephemeral", replace_original=False, **reply.as_kwargs())

    @app.action(re.compile(f"^{Action.CONSULTATION_ADD_OPEN}:"))
    @guarded
    def open_add_modal(ack: Ack, body: dict, action: dict, client: WebClient, asker: Asker) -> None:
        ack()
        value = consultation_steps.click_value(action)
        view = consultation_steps.case_view(services, asker.person, action["action_id"], value)
        _open_modal(services, body, client, asker, view)

    @app.view(ViewId.CONSULTATION_ADD)
    @guarded
    def add_to_case(ack: Ack, body: dict, view: dict, asker: Asker) -> None:
        step = consultation_steps.submission(
            services, view["callback_id"], view, lambda: stamps.metadata(services.stamp, body)
        )
        errors.submit_modal(ack, step.field, step.run, step.done, services=services, asker=asker)


def _send_calendar(services: Services, asker: Asker, client: WebClient, call: AgreedCall) -> None:
    """Each side gets the agreed call as an .ics file in their DM, in their own language."""
    for party in call.parties:
        lang = asker.lang_of(party)
        w = services.templates.module(lang, "consultations")
        local = call.starts_at.astimezone(call.zone)
        content = services.consultations.calls.call_calendar(
            call, summary=str(w.call_file_summary(call.number)), description=str(w.call_file_description)
        )
        channel = client.conversations_open(users=party)["channel"]["id"]
        client.files_upload_v2(
            channel=channel,
            content=content,
            filename=f"samtal-{call.number}.ics",
            title=f"samtal-{call.number}.ics",
            initial_comment=str(w.call_file_comment(call.number, local.date().isoformat(), f"{local:%H:%M}")),
        )


def forward_modal(
    case_id: int,
    fallback: str | None,
    *,
    lang: Lang,
    templates: Templates,
    candidates: Sequence[tuple[str, str]] | None = None,
) -> dict[str, Any]:
    """Forward a case: a colleague (or the fallback channel, when one is set) and a short note.

    Slack picks the colleague with its people picker; Teams has none Bryggan can read, so there the
    colleague is one of `candidates` (internal id, name): a plain select of the people Bryggan knows.
    """
    w = templates.module(lang, "consultations")
    blocks = []
    if candidates is None or candidates:
        blocks.append(
            InputBlock(
                block_id=Field.FORWARD_TO,
                label=w.forward_to_label,
                optional=True,
                element=_colleague(candidates, w),
            )
        )
    if fallback:
        option = Option(value="fallback", text=PlainTextObject(text=w.forward_fallback_option))
        blocks.append(
            InputBlock(
                block_id=Field.FORWARD_FALLBACK,
                label=w.forward_fallback_label,
                optional=True,
                element=CheckboxesElement(action_id=Field.FORWARD_FALLBACK, options=[option]),
            )
        )
    note = PlainTextInputElement(action_id=Field.NOTE, multiline=True, max_length=MAX_NOTE)
    blocks.append(
        InputBlock(block_id=Field.NOTE, label=w.forward_note_label, hint=w.forward_note_hint, element=note)
    )
    return _modal(ViewId.CONSULTATION_FORWARD, case_id, w.forward_title, w, blocks)


def _colleague(
    candidates: Sequence[tuple[str, str]] | None, w: Any
) -> UserSelectElement | StaticSelectElement:
    if candidates is None:
        return UserSelectElement(action_id=Field.FORWARD_TO, placeholder=w.forward_to_placeholder)
    options = [Option(value=internal, text=PlainTextObject(text=name[:75])) for internal, name in candidates]
    return StaticSelectElement(
        action_id=Field.FORWARD_TO, placeholder=w.forward_to_placeholder, options=options[:MAX_OPTIONS]
    )


def add_modal(case_id: int, *, lang: Lang, templates: Templates) -> dict[str, Any]:
    """Add to a case's description before it is taken (guarded like the first text)."""
    w = templates.module(lang, "consultations")
    element = PlainTextInputElement(action_id=Field.ADDITION, multiline=True, max_length=MAX_TEXT)
    block = InputBlock(
        block_id=Field.ADDITION, label=w.addition_label, hint=w.description_hint, element=element
    )
    return _modal(ViewId.CONSULTATION_ADD, case_id, w.addition_title, w, [block])


def _modal(callback: ViewId, case_id: int, title: str, w: Any, blocks: list[InputBlock]) -> dict[str, Any]:
    view = View(
        type="modal",
        callback_id=callback,
        private_metadata=str(case_id),
        title=PlainTextObject(text=title),
        submit=PlainTextObject(text=w.submit),
        close=PlainTextObject(text=w.close),
        blocks=blocks,
    )
    return view.to_dict()
