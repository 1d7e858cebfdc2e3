"""Before a case is taken, its asker may withdraw it (the texts are deleted at once) or add to it."""

from __future__ import annotations

from typing import Any

from sqlalchemy.orm import Session, sessionmaker

from bot.actors import Actor
from bot.audit import Auditor
from bot.clock import WorkspaceClocks
from bot.consultations.cases import about, case_of
from bot.consultations.handover import SNOOZED
from bot.consultations.intake import MAX_TEXT
from bot.crypto import TextBox
from bot.errors import BrygganError
from bot.notices import Notice, Notifier, key_of
from bot.privacy import require_non_identifying
from storage.audit import AuditAction
from storage.consultation_purges import list_case_outbox
from storage.consultations import list_replies
from storage.models import Consultation, ConsultationStatus, DeliveryStatus
from storage.outbox import withdraw as withdraw_rows

# A row in one of these states may be, or may yet become, a message in Slack.
_LIVE = (DeliveryStatus.PENDING, DeliveryStatus.SENDING, DeliveryStatus.SENT)
# The messages at the receiver's side that show a text of the case.
_SHOWING = (
    Notice.CONSULTATION_RECEIVED,
    Notice.CONSULTATION_HELD,
    Notice.CONSULTATION_REPLY,
    Notice.CONSULTATION_ADDITION,
)


class Withdrawing:
    """The asker's "Dra tillbaka" and "Lägg till", both only until someone takes the case."""

    def __init__(
        self,
        *,
        sessions: sessionmaker[Session],
        clock: WorkspaceClocks,
        box: TextBox,
        notices: Notifier,
        audit: Auditor,
    ) -> None:
        self._sessions = sessions
        self._clock = clock
        self._box = box
        self._notices = notices
        self._audit = audit

    def withdraw(self, actor: Actor, *, consultation_id: int) -> str:
        """Withdraw an untaken case: its texts are deleted and every message showing them rewritten."""
        with self._sessions.begin() as session:
            case = self._untaken_of_asker(session, actor, consultation_id)
            now = self._clock.now()
            rows = list_case_outbox(session, team_id=case.team_id, consultation_id=case.id)
            moved = {row.edit_of for row in rows if row.template == Notice.CONSULTATION_MOVED}
            showing = [
                row
                for row in rows
                if row.template in _SHOWING
                and row.recipient != case.asker_id
                and not row.edit_of
                and row.key not in moved
                and row.status in _LIVE
            ]
            case.description = None
            for reply in list_replies(session, team_id=case.team_id, consultation_id=case.id):
                reply.body = None
            for row in rows:  # a message still owed is posted without any text
                if row.args and _has_text(row.args):
                    row.args = _without_texts(row.args)
            case.status, case.closed_at, case.withdrawn_at = ConsultationStatus.CLOSED, now, now
            snoozed = key_of(Notice.CONSULTATION_REMINDER, case=case.id, n=SNOOZED)
            withdraw_rows(session, team_id=case.team_id, keys=[snoozed])
            session.flush()
            args = {"id": case.id, "number": case.number, "asker": case.asker_id}
            prefix = f"consultation:{case.id}:"
            for row in [*showing, *(r for r in rows if r.key == case.asker_thread)]:
                self._notices.notify(
                    session,
                    Notice.CONSULTATION_WITHDRAWN,
                    team_id=case.team_id,
                    recipient=row.recipient,
                    args=args,
                    key={"case": case.id, "of": row.key.removeprefix(prefix)},
                    edit_of=row.key,
                )
            self._audit.record(session, AuditAction.CONSULTATION_WITHDRAWN, by=actor, **about(case))
            return case.number

    def add_to(self, actor: Actor, *, consultation_id: int, text: str) -> str:
        """Add guarded `text` to an untaken case's description; the receiver gets it in the case's thread."""
        text = text.strip()
        if not text or len(text) > MAX_TEXT:
            raise BrygganError("addition_length", most=MAX_TEXT)
        require_non_identifying(text, purpose="consultation_addition")
        with self._sessions.begin() as session:
            case = self._untaken_of_asker(session, actor, consultation_id)
            before = self._box.open(case.description) if case.description is not None else ""
            combined = f"{before}\n\n{text}" if before else text
            if len(combined) > MAX_TEXT:
                raise BrygganError("addition_length", most=MAX_TEXT)
            case.description = self._box.seal(combined)
            now = self._clock.now()
            self._notices.notify(
                session,
                Notice.CONSULTATION_ADDITION,
                team_id=case.team_id,
                recipient=case.holder_id,
                args={
                    "id": case.id,
                    "number": case.number,
                    "by": actor.user_id,
                    "text": self._box.seal(text),
                },
                key={"case": case.id, "at": f"{now:%Y%m%d%H%M%S%f}"},
                thread_key=case.holder_thread,
            )
            self._audit.record(session, AuditAction.CONSULTATION_ADDED_TO, by=actor, **about(case))
            return case.number

    def _untaken_of_asker(self, session: Session, actor: Actor, consultation_id: int) -> Consultation:
        case = case_of(session, actor, consultation_id)
        if case.asker_id != actor.user_id:
            raise BrygganError("consultation_asker_only")
        if case.withdrawn_at is not None:
            raise BrygganError("consultation_withdrawn", number=case.number)
        if case.status is ConsultationStatus.CLOSED:
            raise BrygganError("consultation_closed", number=case.number)
        if case.status is not ConsultationStatus.OPEN:
            raise BrygganError("consultation_already_taken", number=case.number)
        return case


def _has_text(args: dict[str, Any]) -> bool:
    return "text" in args or "note" in args or any("text" in r for r in args.get("replies", ()))


def _without_texts(args: dict[str, Any]) -> dict[str, Any]:
    """`args` without any case text, note or reply text (a new dict: the JSON column notices that)."""
    kept = {k: v for k, v in args.items() if k not in ("text", "note")}
    if "replies" in kept:
        kept["replies"] = [{k: v for k, v in r.items() if k != "text"} for r in kept["replies"]]
    return kept
