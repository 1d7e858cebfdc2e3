"""Words for messages delivered through the outbox: one notices.j2 macro per template name."""

from __future__ import annotations

import json
from collections.abc import Callable
from typing import Any

from slack_sdk import WebClient
from slack_sdk.models.blocks import ActionsBlock, ButtonElement, ConfirmObject, PlainTextObject

from bot.crypto import TextBox
from handlers import messages
from handlers.ids import Action
from handlers.people import People
from scheduler.outbox import Rendered
from storage.models import OutboxMessage
from templates import Lang, Templates


class NoticeRenderer:
    """Renders an outbox row in its recipient's language (a channel gets the municipality's)."""

    def __init__(
        self,
        *,
        templates: Templates,
        people: People,
        client_for: Callable[[str], WebClient],
        default: Lang,
        box: TextBox,
        on_open: Callable[[OutboxMessage], None] = lambda _row: None,
        live: Callable[[OutboxMessage], dict[str, Any]] = lambda _row: {},
    ) -> None:
        self._live = live
        self._on_open = on_open
        self._templates = templates
        self._people = people
        self._client_for = client_for
        self._default = default
        self._box = box

    def __call__(self, row: OutboxMessage) -> Rendered:
        """The message for `row`: its macro applied to the row's args, with its buttons."""
        words = self._templates.module(self._lang(row), "notices")
        args = self._opened(row, dict(row.args) | self._live(row))
        if row.template == "delivery_failed" and args.get("error") == "text_unreadable":
            args["tried"] = self._box.fingerprints  # which keys were tried, never the keys
        body = str(getattr(words, row.template)(args)).strip()
        blocks = [section.to_dict() for section in messages.sections(body)]
        if row.template == "contact_assigned_previous":
            note = row.args["assignment_id"]
            blocks.append(_button(words.handover_note_label, Action.HANDOVER_NOTE_OPEN, note))
        # The short notice that replaced a case message keeps that message's buttons.
        was = row.args.get("was", "") if row.template == "consultation_purged" else row.template
        buttons = _RECEIVER if was == "consultation_held" and row.args.get("open") else _BUTTONS.get(was, ())
        target = row.args.get("id")  # a case id, or a meeting's "school:day"
        elements = [_element(getattr(words, label), action, target) for label, action in buttons]
        if was == "consultation_receipt":
            elements.append(_withdraw_button(words, target))
        if row.template == "consultation_reminder" and not row.args.get("snoozed"):
            elements.append(_element(words.snooze_label, Action.CONSULTATION_SNOOZE, target))
        if row.template == "consultation_call":  # accept or decline this very proposal, or propose another
            elements = _call_buttons(words, target, row.args["proposal"])
        purge = _purge_value(row)
        if purge is not None:
            elements.append(_purge_button(words, purge))
        if elements:
            blocks.append(ActionsBlock(elements=elements).to_dict())
        return Rendered(text=body[: messages.SECTION_LIMIT], blocks=blocks)

    def _opened(self, row: OutboxMessage, args: dict[str, Any]) -> dict[str, Any]:
        # Case texts travel sealed and are opened only to be shown to their recipient; a text withdrawn
        # as personal data is simply absent (the template says so in its place).
        opened = False
        if "text" in args:
            args["text"], opened = self._box.open(args["text"]), True
        if "note" in args:  # a forwarding's note to the new holder, sealed like a case text
            args["note"] = self._box.open(args["note"])
        if "replies" in args:  # a case handed over carries its replies so far, sealed the same way
            replies = []
            for reply in args["replies"]:
                if "text" in reply:
                    reply, opened = reply | {"text": self._box.open(reply["text"])}, True
                replies.append(reply)
            args["replies"] = replies
        if opened:
            self._on_open(row)
        return args

    def _lang(self, row: OutboxMessage) -> Lang:
        if not row.recipient.startswith(("U", "W")):
            return self._default
        client = self._client_for(row.team_id)
        return self._people.resolve(client, team_id=row.team_id, user_id=row.recipient).lang


# The buttons under a consultation message: the receiver takes, answers and closes; the asker answers;
# an escalation lets the deputy (or whoever serves the school) take a case its receiver has not.
# A meeting's reminders carry one button for its agenda or its notes.
_RECEIVER = (
    ("acknowledge_label", Action.CONSULTATION_ACK),
    ("reply_label", Action.CONSULTATION_REPLY_OPEN),
    ("call_label", Action.CONSULTATION_CALL_OPEN),
    ("close_label", Action.CONSULTATION_CLOSE_OPEN),
    ("forward_label", Action.CONSULTATION_FORWARD_OPEN),
)
_BUTTONS = {
    "consultation_received": _RECEIVER,
    # the asker, until the case is taken, may also add to its description or withdraw it
    "consultation_receipt": (
        ("reply_label", Action.CONSULTATION_REPLY_OPEN),
        ("add_label", Action.CONSULTATION_ADD_OPEN),
    ),
    "consultation_reply": (("reply_label", Action.CONSULTATION_REPLY_OPEN),),
    "consultation_held": _RECEIVER[1:],  # already taken: answer, propose a call, close
    "consultation_reminder": (("acknowledge_label", Action.CONSULTATION_ACK),),
    "consultation_escalation": (("acknowledge_label", Action.CONSULTATION_ACK),),
    "eht_day_before": (("add_item_label", Action.EHT_ITEM_OPEN),),
    "eht_notes_prompt": (("write_notes_label", Action.EHT_NOTES_OPEN),),
    "eht_notes_reminder": (("write_notes_label", Action.EHT_NOTES_OPEN),),
}


def _purge_value(row: OutboxMessage) -> dict[str, Any] | None:
    """What "Innehåller personuppgifter" under this message withdraws, or None for no such button."""
    args = row.args
    if row.template == "consultation_receipt" or (row.template == "consultation_received" and "text" in args):
        return {"id": args["id"]}
    if row.template == "consultation_held":
        shown = [reply["reply"] for reply in args.get("replies", ()) if "text" in reply and "reply" in reply]
        if "text" in args or shown:
            return {"id": args["id"], "replies": shown}
    if row.template == "consultation_reply" and "text" in args and "reply" in args:
        return {"id": args["id"], "reply": args["reply"]}
    return None


def _purge_button(words: Any, value: dict[str, Any]) -> ButtonElement:
    # It cannot be undone, so Slack asks first.
    return ButtonElement(
        text=PlainTextObject(text=words.purge_label),
        action_id=f"{Action.CONSULTATION_PURGE}:{value['id']}",
        value=json.dumps(value),
        style="danger",
        confirm=ConfirmObject(
            title=PlainTextObject(text=words.purge_confirm_title),
            text=PlainTextObject(text=words.purge_confirm_text),
            confirm=PlainTextObject(text=words.purge_confirm),
            deny=PlainTextObject(text=words.purge_deny),
            style="danger",
        ),
    )


def _call_buttons(words: Any, case_id: int, proposal: int) -> list[ButtonElement]:
    value = json.dumps({"id": case_id, "proposal": proposal})
    accept, decline = (
        f"{Action.CONSULTATION_CALL_ACCEPT}:{case_id}",
        f"{Action.CONSULTATION_CALL_DECLINE}:{case_id}",
    )
    return [
        ButtonElement(text=PlainTextObject(text=words.call_accept_label), action_id=accept, value=value),
        ButtonElement(text=PlainTextObject(text=words.call_decline_label), action_id=decline, value=value),
        _element(words.call_other_label, Action.CONSULTATION_CALL_OPEN, case_id),
    ]


def _withdraw_button(words: Any, case_id: int) -> ButtonElement:
    # The text is deleted at once and cannot come back, so Slack asks first.
    return ButtonElement(
        text=PlainTextObject(text=words.withdraw_label),
        action_id=f"{Action.CONSULTATION_WITHDRAW}:{case_id}",
        value=json.dumps({"id": case_id}),
        confirm=ConfirmObject(
            title=PlainTextObject(text=words.withdraw_confirm_title),
            text=PlainTextObject(text=words.withdraw_confirm_text),
            confirm=PlainTextObject(text=words.withdraw_confirm),
            deny=PlainTextObject(text=words.purge_deny),
            style="danger",
        ),
    )


def _element(label: str, action: Action, target_id: int | str) -> ButtonElement:
    return ButtonElement(
        text=PlainTextObject(text=label),
        action_id=f"{action}:{target_id}",
        value=json.dumps({"id": target_id}),
    )


def _button(label: str, action: Action, target_id: int | str) -> dict:
    button = _element(label, action, target_id)
    button.style = "primary"
    return ActionsBlock(elements=[button]).to_dict()
