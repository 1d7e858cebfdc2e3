"""Words and buttons for messages delivered through the outbox: one notices.j2 macro per notice kind."""

from __future__ import annotations

import json
from collections.abc import Callable, Mapping
from typing import Any

from slack_sdk import WebClient
from slack_sdk.models.blocks import ActionsBlock, ButtonElement, ConfirmObject, PlainTextObject

from bot.crypto import TextBox
from bot.ids import is_person
from bot.notices import Button, Notice, held_replies_shown, kind_of
from handlers import messages
from handlers.ids import Action
from handlers.people import People
from scheduler.outbox import Rendered
from storage.models import OutboxMessage
from storage.teams_addresses import is_teams
from templates import Lang, Templates, lang_of


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
        live: Callable[[OutboxMessage], dict[str, Any]] = lambda _row: {},
        teams_lang: Callable[[OutboxMessage], str | None] = lambda _row: None,
    ) -> None:
        self._live = live
        self._teams_lang = teams_lang
        self._templates = templates
        self._people = people
        self._client_for = client_for
        self._default = default
        self._box = box

    def __call__(self, row: OutboxMessage) -> Rendered:
        """The message for `row`: its macro applied to the row's args, with the buttons its kind offers."""
        kind = kind_of(row.template)
        if kind is None:
            raise LookupError(f"no notice kind {row.template!r}")  # a render failure: the row goes dead
        # The platform it goes to: a few words differ (Teams has no slash commands; who refused a delivery).
        templates = self._templates.for_platform("teams" if row.platform == "teams" else "slack")
        words = templates.module(self._lang(row), "notices")
        args = dict(row.args) | self._live(row)
        if kind.sealed:
            args = self._opened(args)
        if kind.notice is Notice.DELIVERY_FAILED and args.get("error") == "text_unreadable":
            args["tried"] = self._box.fingerprints  # which keys were tried, never the keys
        body = str(getattr(words, row.template)(args)).strip()
        blocks = [section.to_dict() for section in messages.sections(body)]
        elements = [_element(words, button, row.args) for button in kind.buttons(row.args)]
        if elements:
            blocks.append(ActionsBlock(elements=elements).to_dict())
        return Rendered(text=body[: messages.SECTION_LIMIT], blocks=blocks)

    def _opened(self, args: dict[str, Any]) -> dict[str, Any]:
        # Texts travel sealed and are opened only to be shown to their recipient; a text withdrawn
        # as personal data is simply absent (the template says so in its place).
        if "text" in args:
            args["text"] = self._box.open(args["text"])
        if "note" in args:  # a forwarding's note to the new holder, sealed like a case text
            args["note"] = self._box.open(args["note"])
        if "replies" in args:  # a case handed over carries its replies so far, sealed the same way
            args["replies"] = [
                reply | {"text": self._box.open(reply["text"])} if "text" in reply else reply
                for reply in args["replies"]
            ]
        return args

    def _lang(self, row: OutboxMessage) -> Lang:
        if is_teams(row.recipient):
            # A Teams person's language is the locale their client last sent; never a Slack call.
            stored = self._teams_lang(row) if row.recipient.startswith("MU") else None
            return lang_of(stored, self._default)
        if not is_person(row.recipient):
            return self._default
        client = self._client_for(row.team_id)
        return self._people.resolve(client, team_id=row.team_id, user_id=row.recipient).lang


# Each plain button: its label in notices.j2 and the action it starts, with the case's or meeting's id.
_PLAIN = {
    Button.ACKNOWLEDGE: ("acknowledge_label", Action.CONSULTATION_ACK),
    Button.REPLY: ("reply_label", Action.CONSULTATION_REPLY_OPEN),
    Button.CALL: ("call_label", Action.CONSULTATION_CALL_OPEN),
    Button.CLOSE: ("close_label", Action.CONSULTATION_CLOSE_OPEN),
    Button.FORWARD: ("forward_label", Action.CONSULTATION_FORWARD_OPEN),
    Button.ADD: ("add_label", Action.CONSULTATION_ADD_OPEN),
    Button.SNOOZE: ("snooze_label", Action.CONSULTATION_SNOOZE),
    Button.CALL_OTHER: ("call_other_label", Action.CONSULTATION_CALL_OPEN),
    Button.ADD_ITEM: ("add_item_label", Action.EHT_ITEM_OPEN),
    Button.WRITE_NOTES: ("write_notes_label", Action.EHT_NOTES_OPEN),
}


def _element(words: Any, button: Button, args: Mapping[str, Any]) -> ButtonElement:
    target = args.get("id")  # a case id, or a meeting's "school:day"
    if button in _PLAIN:
        label, action = _PLAIN[button]
        return _plain(getattr(words, label), action, target)
    if button is Button.WITHDRAW:
        return _withdraw_button(words, target)
    if button is Button.PURGE:
        return _purge_button(words, _purge_value(args))
    if button is Button.CALL_ACCEPT:
        return _call_answer(
            words.call_accept_label, Action.CONSULTATION_CALL_ACCEPT, target, args["proposal"]
        )
    if button is Button.CALL_DECLINE:
        return _call_answer(
            words.call_decline_label, Action.CONSULTATION_CALL_DECLINE, target, args["proposal"]
        )
    # Button.HANDOVER_NOTE: the previous contact's one gesture, so it stands out.
    note = _plain(words.handover_note_label, Action.HANDOVER_NOTE_OPEN, args["assignment_id"])
    note.style = "primary"
    return note


def _purge_value(args: Mapping[str, Any]) -> dict[str, Any]:
    """What "Innehåller personuppgifter" under this message withdraws: a reply, or the case's texts."""
    if "reply" in args and "replies" not in args:
        return {"id": args["id"], "reply": args["reply"]}
    shown = held_replies_shown(args)
    if "replies" in args and shown is not None:
        return {"id": args["id"], "replies": shown}
    return {"id": args["id"]}


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


def _call_answer(label: str, action: Action, case_id: int, proposal: int) -> ButtonElement:
    # Accepting or declining names this very proposal: a newer one makes it stale.
    value = json.dumps({"id": case_id, "proposal": proposal})
    return ButtonElement(text=PlainTextObject(text=label), action_id=f"{action}:{case_id}", value=value)


def _plain(label: str, action: Action, target_id: int | str) -> ButtonElement:
    return ButtonElement(
        text=PlainTextObject(text=label),
        action_id=f"{action}:{target_id}",
        value=json.dumps({"id": target_id}),
    )
