"""Casework on a consultation: forwarding, withdrawing, adding to it, and answering a proposed call."""

from __future__ import annotations

import functools
import json
import re
from typing import Any

from slack_bolt import Ack, App, Respond
from slack_sdk import WebClient
from slack_sdk.models.blocks import (
    CheckboxesElement,
    InputBlock,
    Option,
    PlainTextInputElement,
    PlainTextObject,
    UserSelectElement,
)
from slack_sdk.models.views import View

from bot.consultations import MAX_TEXT, AgreedCall
from bot.consultations.forwarding import MAX_NOTE
from bot.errors import BrygganError
from bot.services import Services
from handlers import arguments, consultation_steps, errors, messages, stamps
from handlers.ids import Action, Field
from handlers.ids import View as ViewId
from handlers.replies import Later
from handlers.requests import Asker
from templates import Lang, Templates

# Which forward-modal field shows which refusal; anything else stands beside the note.
_FORWARD_FIELD = {
    "forward_where": Field.FORWARD_TO,
    "forward_same": Field.FORWARD_TO,
    "forward_to_asker": Field.FORWARD_TO,
    "no_such_person": Field.FORWARD_TO,
    "forward_no_fallback": Field.FORWARD_FALLBACK,
}


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
        person = asker.person
        case_id = int(json.loads(action["value"])["id"])
        fallback = services.workspace.values(person.actor.team_id).fallback_channel
        view = forward_modal(case_id, fallback, lang=person.lang, templates=services.templates)
        _open_modal(services, body, client, asker, view)

    @app.view(ViewId.CONSULTATION_FORWARD)
    @guarded
    def forward_case(ack: Ack, body: dict, view: dict, asker: Asker) -> None:
        state = view["state"]["values"]
        to = state.get(Field.FORWARD_TO, {}).get(Field.FORWARD_TO, {}).get("selected_user") or None
        ticked = state.get(Field.FORWARD_FALLBACK, {}).get(Field.FORWARD_FALLBACK, {})
        note = arguments.field_value(view, Field.NOTE)

        def run(person: Any) -> str:
            if to is not None:  # a colleague must be an active person in Slack
                asker.named(to)
            return services.consultations.forwarding.forward(
                person.actor,
                consultation_id=int(stamps.metadata(services.stamp, body)),
                to=to,
                to_fallback=bool(ticked.get("selected_options")),
                note=note,
            )

        errors.submit_modal(
            ack,
            _forward_field,
            run,
            consultation_steps.done_words(services, "forwarded"),
            services=services,
            asker=asker,
        )


def _register_calls(app: App, services: Services, guarded: Any, later: Later) -> None:
    @app.action(re.compile(f"^{Action.CONSULTATION_CALL_ACCEPT}:|^{Action.CONSULTATION_CALL_DECLINE}:"))
    @guarded
    def answer_call(ack: Ack, action: dict, respond: Respond, client: WebClient, asker: Asker) -> None:
        ack()
        person = asker.person
        value = json.loads(action["value"])
        accept = action["action_id"].startswith(Action.CONSULTATION_CALL_ACCEPT)
        answer = services.consultations.calls.answer_call(
            person.actor, consultation_id=int(value["id"]), proposal=int(value["proposal"]), accept=accept
        )
        words = services.templates.module(person.lang, "consultations")
        if isinstance(answer, AgreedCall):  # two uploads after the ack, then the answer, as before
            said = str(words.call_agreed(answer.number))
            later(
                functools.partial(
                    send_calendar, call=answer, said=said, respond=respond, client=client, asker=asker
                )
            )
            return
        said = str(words.call_declined(answer))
        respond(response_type="ephemeral", replace_original=False, **messages.text(said).as_kwargs())

    @guarded
    def send_calendar(call: AgreedCall, said: str, respond: Respond, client: WebClient, asker: Asker) -> None:
        _send_calendar(services, asker, client, call)
        respond(response_type="ephemeral", replace_original=False, **messages.text(said).as_kwargs())

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


def _forward_field(error: BrygganError) -> str:
    return _FORWARD_FIELD.get(error.key, Field.NOTE)


def forward_modal(case_id: int, fallback: str | None, *, lang: Lang, templates: Templates) -> dict[str, Any]:
    """Forward a case: a colleague (or the fallback channel, when one is set) and a short note."""
    w = templates.module(lang, "consultations")
    blocks = [
        InputBlock(
            block_id=Field.FORWARD_TO,
            label=w.forward_to_label,
            optional=True,
            element=UserSelectElement(action_id=Field.FORWARD_TO, placeholder=w.forward_to_placeholder),
        )
    ]
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
