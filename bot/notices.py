"""The notice registry: every message Bryggan queues for Slack, declared once, and the one Notifier."""

from __future__ import annotations

from collections.abc import Callable, Mapping
from dataclasses import dataclass
from datetime import datetime, timedelta
from enum import StrEnum
from typing import Any

from sqlalchemy.orm import Session

from bot.clock import Clock
from storage.outbox import add_outbox_message

# A notice not delivered within this (Slack down for a week) is given up as expired, not retried forever.
NOTICE_LIFETIME = timedelta(days=7)


class Notice(StrEnum):
    """Every kind of notice; the value is its macro in templates/*/notices.j2 and its outbox `template`."""

    CONTACT_ASSIGNED_NEW = "contact_assigned_new"
    CONTACT_ASSIGNED_PREVIOUS = "contact_assigned_previous"
    CONTACT_ASSIGNED_CHANNEL = "contact_assigned_channel"
    DEPUTY_ASSIGNED_NEW = "deputy_assigned_new"
    DEPUTY_ASSIGNED_PREVIOUS = "deputy_assigned_previous"
    DEPUTY_ASSIGNED_CHANNEL = "deputy_assigned_channel"
    DEPUTY_ENDED_PREVIOUS = "deputy_ended_previous"
    DEPUTY_ENDED_CHANNEL = "deputy_ended_channel"
    ABSENCE_CHANNEL = "absence_channel"
    ABSENCE_ACTING = "absence_acting"
    HANDOVER_NOTE = "handover_note"
    WEEKLY_DIGEST = "weekly_digest"
    DELIVERY_FAILED = "delivery_failed"
    TERM_REPORT = "term_report"
    CONSULTATION_RECEIVED = "consultation_received"
    CONSULTATION_RECEIPT = "consultation_receipt"
    CONSULTATION_UNDELIVERED = "consultation_undelivered"
    CONSULTATION_ACKNOWLEDGED = "consultation_acknowledged"
    CONSULTATION_REPLY = "consultation_reply"
    CONSULTATION_CLOSED = "consultation_closed"
    CONSULTATION_REMINDER = "consultation_reminder"
    CONSULTATION_ESCALATION = "consultation_escalation"
    CONSULTATION_HELD = "consultation_held"
    CONSULTATION_MOVED = "consultation_moved"
    CONSULTATION_FORWARDED = "consultation_forwarded"
    CONSULTATION_WITHDRAWN = "consultation_withdrawn"
    CONSULTATION_ADDITION = "consultation_addition"
    CONSULTATION_PURGED = "consultation_purged"
    CONSULTATION_TEXT_PURGED = "consultation_text_purged"
    CONSULTATION_CALL = "consultation_call"
    CONSULTATION_CALL_WAS_SUPERSEDED = "consultation_call_was_superseded"
    CONSULTATION_CALL_WAS_DECLINED = "consultation_call_was_declined"
    CONSULTATION_CALL_WAS_ACCEPTED = "consultation_call_was_accepted"
    CONSULTATION_CALL_AGREED = "consultation_call_agreed"
    CONSULTATION_CALL_DECLINED = "consultation_call_declined"
    CONSULTATION_CALL_REMINDER = "consultation_call_reminder"
    EHT_DAY_BEFORE = "eht_day_before"
    EHT_CONTACT_SOON = "eht_contact_soon"
    EHT_SKIPPED = "eht_skipped"
    EHT_NOTES_PROMPT = "eht_notes_prompt"
    EHT_NOTES_REMINDER = "eht_notes_reminder"
    EHT_NOTES = "eht_notes"
    EHT_CANCELLED = "eht_cancelled"
    EHT_MOVED = "eht_moved"
    EHT_SCHEDULE_CHANGED = "eht_schedule_changed"


class Button(StrEnum):
    """The gestures a notice offers under its words; handlers/notices.py turns each into Block Kit."""

    ACKNOWLEDGE = "acknowledge"
    REPLY = "reply"
    CALL = "call"
    CLOSE = "close"
    FORWARD = "forward"
    ADD = "add"
    WITHDRAW = "withdraw"
    SNOOZE = "snooze"
    PURGE = "purge"  # "Innehåller personuppgifter": withdraws the texts this message shows
    CALL_ACCEPT = "call_accept"
    CALL_DECLINE = "call_decline"
    CALL_OTHER = "call_other"
    ADD_ITEM = "add_item"
    WRITE_NOTES = "write_notes"
    HANDOVER_NOTE = "handover_note"


Buttons = Callable[[Mapping[str, Any]], tuple[Button, ...]]


def _fixed(*buttons: Button) -> Buttons:
    return lambda _args: buttons


def _none(_args: Mapping[str, Any]) -> tuple[Button, ...]:
    return ()


@dataclass(frozen=True, slots=True)
class NoticeKind:
    """One notice's contract: its template, how its outbox key is built, its buttons (from its args),
    whether its args carry sealed text, and whether showing that text is audited once it is delivered."""

    notice: Notice
    key_pattern: str  # str.format fields, e.g. "consultation:{case}:reply:{n}"
    buttons: Buttons = _none
    sealed: bool = False
    audited: bool = False

    def key(self, **parts: object) -> str:
        """The outbox key for these parts (a KeyError names a missing one)."""
        return self.key_pattern.format(**parts)


def carries_text(args: Mapping[str, Any]) -> bool:
    """Whether a sealed notice's args still carry a text (a withdrawn text is simply absent)."""
    return "text" in args or any("text" in reply for reply in args.get("replies", ()))


def _receiver(args: Mapping[str, Any]) -> tuple[Button, ...]:
    purge = (Button.PURGE,) if "text" in args else ()
    return (Button.ACKNOWLEDGE, Button.REPLY, Button.CALL, Button.CLOSE, Button.FORWARD, *purge)


def _held(args: Mapping[str, Any]) -> tuple[Button, ...]:
    # A forwarded case not yet taken can be taken; a taken one is answered, called about or closed.
    take = (Button.ACKNOWLEDGE,) if args.get("open") else ()
    purge = (Button.PURGE,) if held_replies_shown(args) is not None else ()
    return (*take, Button.REPLY, Button.CALL, Button.CLOSE, Button.FORWARD, *purge)


def held_replies_shown(args: Mapping[str, Any]) -> list[int] | None:
    """The replies a held copy shows (by id), or None when it shows no text at all."""
    shown = [reply["reply"] for reply in args.get("replies", ()) if "text" in reply and "reply" in reply]
    return shown if "text" in args or shown else None


def _reply(args: Mapping[str, Any]) -> tuple[Button, ...]:
    purge = (Button.PURGE,) if "text" in args and "reply" in args else ()
    return (Button.REPLY, *purge)


def _reminder(args: Mapping[str, Any]) -> tuple[Button, ...]:
    return (Button.ACKNOWLEDGE,) if args.get("snoozed") else (Button.ACKNOWLEDGE, Button.SNOOZE)


def _purged(args: Mapping[str, Any]) -> tuple[Button, ...]:
    # The short notice that replaced a case message keeps that message's buttons, but offers no
    # second withdrawal: its words are gone.
    was = NOTICES.get(args.get("was", ""))
    return tuple(b for b in was.buttons(args) if b is not Button.PURGE) if was else ()


_CASE = "consultation:{case}"
_MEETING = "eht:{school}:{starts}"  # starts: the meeting's local start, %Y-%m-%dT%H%M

_KINDS = (
    NoticeKind(Notice.CONTACT_ASSIGNED_NEW, "contact:{assignment}:new"),
    NoticeKind(
        Notice.CONTACT_ASSIGNED_PREVIOUS, "contact:{assignment}:previous", _fixed(Button.HANDOVER_NOTE)
    ),
    NoticeKind(Notice.CONTACT_ASSIGNED_CHANNEL, "contact:{assignment}:channel"),
    NoticeKind(Notice.DEPUTY_ASSIGNED_NEW, "deputy:{assignment}:new"),
    NoticeKind(Notice.DEPUTY_ASSIGNED_PREVIOUS, "deputy:{assignment}:previous"),
    NoticeKind(Notice.DEPUTY_ASSIGNED_CHANNEL, "deputy:{assignment}:channel"),
    NoticeKind(Notice.DEPUTY_ENDED_PREVIOUS, "deputy:{assignment}:ended:previous"),
    NoticeKind(Notice.DEPUTY_ENDED_CHANNEL, "deputy:{assignment}:ended:channel"),
    NoticeKind(Notice.ABSENCE_CHANNEL, "absence:{absence}:{school}:channel"),
    NoticeKind(Notice.ABSENCE_ACTING, "absence:{absence}:{school}:acting"),
    # The writer's own words to their successor: sealed, but not a case text, so not audited.
    NoticeKind(Notice.HANDOVER_NOTE, "handover-note:{assignment}", sealed=True),
    NoticeKind(Notice.WEEKLY_DIGEST, "digest:{week}:{admin}"),
    NoticeKind(Notice.DELIVERY_FAILED, "dead:{of}:{admin}"),
    NoticeKind(Notice.TERM_REPORT, "report:{term}:{recipient}"),
    NoticeKind(Notice.CONSULTATION_RECEIVED, _CASE + ":received", _receiver, sealed=True, audited=True),
    NoticeKind(
        Notice.CONSULTATION_RECEIPT,
        _CASE + ":receipt",
        _fixed(Button.REPLY, Button.ADD, Button.WITHDRAW, Button.PURGE),
    ),
    NoticeKind(Notice.CONSULTATION_UNDELIVERED, _CASE + ":undelivered"),
    NoticeKind(Notice.CONSULTATION_ACKNOWLEDGED, _CASE + ":acknowledged"),
    NoticeKind(Notice.CONSULTATION_REPLY, _CASE + ":reply:{n}", _reply, sealed=True, audited=True),
    NoticeKind(Notice.CONSULTATION_CLOSED, _CASE + ":closed"),
    NoticeKind(Notice.CONSULTATION_REMINDER, _CASE + ":reminder{n}", _reminder),
    NoticeKind(Notice.CONSULTATION_ESCALATION, _CASE + ":escalation:{user}", _fixed(Button.ACKNOWLEDGE)),
    # step: "" when taken, ":f<n>" for the n-th forwarding (a case may come back to someone)
    NoticeKind(Notice.CONSULTATION_HELD, _CASE + ":held:{to}{step}", _held, sealed=True, audited=True),
    NoticeKind(Notice.CONSULTATION_MOVED, _CASE + ":moved:{to}{step}"),
    NoticeKind(Notice.CONSULTATION_FORWARDED, _CASE + ":forwarded:{n}"),
    NoticeKind(Notice.CONSULTATION_WITHDRAWN, _CASE + ":withdrawn:{of}"),
    NoticeKind(Notice.CONSULTATION_ADDITION, _CASE + ":addition:{at}", sealed=True, audited=True),
    NoticeKind(Notice.CONSULTATION_PURGED, _CASE + ":purged:{what}:{of}", _purged),
    NoticeKind(Notice.CONSULTATION_TEXT_PURGED, _CASE + ":purged:{what}:told:{recipient}"),
    NoticeKind(
        Notice.CONSULTATION_CALL,
        _CASE + ":call:{n}",
        _fixed(Button.CALL_ACCEPT, Button.CALL_DECLINE, Button.CALL_OTHER),
    ),
    NoticeKind(Notice.CONSULTATION_CALL_WAS_SUPERSEDED, _CASE + ":call:{n}:retracted"),
    NoticeKind(Notice.CONSULTATION_CALL_WAS_DECLINED, _CASE + ":call:{n}:retracted"),
    NoticeKind(Notice.CONSULTATION_CALL_WAS_ACCEPTED, _CASE + ":call:{n}:retracted"),
    NoticeKind(Notice.CONSULTATION_CALL_AGREED, _CASE + ":call:{n}:agreed"),
    NoticeKind(Notice.CONSULTATION_CALL_DECLINED, _CASE + ":call:{n}:declined"),
    NoticeKind(Notice.CONSULTATION_CALL_REMINDER, _CASE + ":call-at:{at}:{who}"),
    NoticeKind(Notice.EHT_DAY_BEFORE, _MEETING + ":day_before:{recipient}", _fixed(Button.ADD_ITEM)),
    NoticeKind(Notice.EHT_CONTACT_SOON, _MEETING + ":contact_soon:{recipient}"),
    NoticeKind(Notice.EHT_SKIPPED, _MEETING + ":skipped:{recipient}"),
    NoticeKind(Notice.EHT_NOTES_PROMPT, _MEETING + ":notes_prompt:{recipient}", _fixed(Button.WRITE_NOTES)),
    NoticeKind(
        Notice.EHT_NOTES_REMINDER, _MEETING + ":notes_reminder:{recipient}", _fixed(Button.WRITE_NOTES)
    ),
    NoticeKind(Notice.EHT_NOTES, "ehtnotes:{school}:{day}:{note}"),
    NoticeKind(Notice.EHT_CANCELLED, "ehtchange:{school}:{day}:{change}"),
    NoticeKind(Notice.EHT_MOVED, "ehtchange:{school}:{day}:{change}"),
    NoticeKind(Notice.EHT_SCHEDULE_CHANGED, "ehtschedule:{school}:{series}"),
)
NOTICES: dict[str, NoticeKind] = {kind.notice.value: kind for kind in _KINDS}


def kind_of(template: str) -> NoticeKind | None:
    """The registered kind of an outbox row's template (None for one no longer declared)."""
    return NOTICES.get(template)


def key_of(notice: Notice, **parts: object) -> str:
    """The outbox key of `notice` for these parts (to thread under it, or rewrite it)."""
    return NOTICES[notice].key(**parts)


def shows_audited_text(template: str, args: Mapping[str, Any]) -> bool:
    """Whether delivering this row shows a text whose every showing is audited."""
    kind = kind_of(template)
    return kind is not None and kind.audited and carries_text(args)


class Notifier:
    """Queues notices into the outbox, in the caller's unit of work; the scheduler delivers them."""

    def __init__(self, *, clock: Clock) -> None:
        self._clock = clock

    def notify(
        self,
        session: Session,
        notice: Notice,
        *,
        team_id: str,
        recipient: str,
        args: dict[str, Any],
        key: Mapping[str, object],
        due_at: datetime | None = None,
        expires_at: datetime | None = None,
        grace: timedelta | None = None,
        thread_key: str | None = None,
        edit_of: str | None = None,
        keyed_as: Notice | None = None,
    ) -> bool:
        """Owe `recipient` the notice keyed by `key` (the parts of its key pattern); False when it was
        already owed. Due now and kept NOTICE_LIFETIME after it is due, unless told otherwise.

        With `edit_of` (a full outbox key) the row rewrites that message instead of posting a new one;
        `keyed_as` names another kind whose key pattern names the row (a message rewritten in its own
        words, minus a withdrawn text, is keyed as the purge it belongs to).
        """
        now = self._clock.now()
        due = due_at or now
        return add_outbox_message(
            session,
            team_id=team_id,
            key=NOTICES[keyed_as or notice].key(**key),
            recipient=recipient,
            template=notice.value,
            args=args,
            due_at=due,
            now=now,
            grace=grace,
            expires_at=expires_at or due + NOTICE_LIFETIME,
            thread_key=thread_key,
            edit_of=edit_of,
        )
