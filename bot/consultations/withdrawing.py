"""Before a case is taken, its asker may withdraw it (the texts are deleted at once) or add to it."""

from __future__ import annotations

from typing import Any

from sqlalchemy.orm import Session

from bot.actors import Actor
from bot.consultations.base import ConsultationsBase
from bot.consultations.intake import MAX_TEXT
from bot.errors import BrygganError
from bot.privacy import require_non_identifying
from storage.consultation_purges import list_case_outbox
from storage.consultations import list_replies
from storage.models import Consultation, ConsultationStatus, DeliveryStatus
from storage.outbox import withdraw as withdraw_rows

# A row in one of these states may be, or may yet become, a message in Slack.
_LIVE = (DeliveryStatus.PENDING, DeliveryStatus.SENDING, DeliveryStatus.SENT)
# The messages at the receiver's side that show a text of the case.
_SHOWING = ("consultation_received", "consultation_held", "consultation_reply", "consultation_addition")


class Withdrawing(ConsultationsBase):
    """The asker's "Dra tillbaka" and "Lägg till", both only until someone takes the case."""

    def withdraw(self, actor: Actor, *, consultation_id: int) -> str:
        """Withdraw an untaken case: its texts are deleted and every message showing them rewritten."""
        with self._sessions.begin() as session:
            case = self._untaken_of_asker(session, actor, consultation_id)
            now = self._clock.now()
            rows = list_case_outbox(session, team_id=case.team_id, consultation_id=case.id)
            moved = {row.edit_of for row in rows if row.template == "consultation_moved"}
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
            withdraw_rows(session, team_id=case.team_id, keys=[f"consultation:{case.id}:reminder2"])
            session.flush()
            args = {"id": case.id, "number": case.number, "asker": case.asker_id}
            prefix = f"consultation:{case.id}:"
            for row in [*showing, *(r for r in rows if r.key == case.asker_thread)]:
                key = f"{case.id}:withdrawn:{row.key.removeprefix(prefix)}"
                self._notify(
                    session, case, key, row.recipient, "consultation_withdrawn", args, edit_of=row.key
                )
            self._audit(session, actor, "consultation_withdrawn", case)
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
            self._notify(
                session,
                case,
                f"{case.id}:addition:{now:%Y%m%d%H%M%S%f}",
                case.holder_id,
                "consultation_addition",
                {"id": case.id, "number": case.number, "by": actor.user_id, "text": self._box.seal(text)},
                thread_key=case.holder_thread,
            )
            self._audit(session, actor, "consultation_added_to", case)
            return case.number

    def _untaken_of_asker(self, session: Session, actor: Actor, consultation_id: int) -> Consultation:
        case = self._case(session, actor, consultation_id)
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
