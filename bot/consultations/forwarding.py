"""Forwarding: the holder hands a case on to a colleague or the fallback channel, with a short note."""

from __future__ import annotations

from typing import TYPE_CHECKING

from sqlalchemy.orm import Session, sessionmaker

from bot.actors import Actor
from bot.audit import Auditor
from bot.consultations.cases import about, case_for_receiver, follow_forward, not_closed
from bot.consultations.handover import Handover
from bot.crypto import TextBox
from bot.errors import BrygganError
from bot.ids import is_person
from bot.notices import Notice, Notifier
from bot.privacy import require_non_identifying
from storage.audit import AuditAction
from storage.models import ConsultationStatus

if TYPE_CHECKING:
    from bot.workspace_settings import ValuesOf

MAX_NOTE = 500


class Forwarding:
    """Handing a case on; the new holder gets it with its replies, the asker is told who has it."""

    def __init__(
        self,
        *,
        sessions: sessionmaker[Session],
        box: TextBox,
        notices: Notifier,
        audit: Auditor,
        handover: Handover,
        workspace: ValuesOf,
    ) -> None:
        self._sessions = sessions
        self._box = box
        self._notices = notices
        self._audit = audit
        self._handover = handover
        self._workspace = workspace

    def forward(
        self, actor: Actor, *, consultation_id: int, to: str | None, to_fallback: bool, note: str
    ) -> str:
        """Forward the case to the person `to`, or to the fallback channel; returns the case number."""
        note = note.strip()
        if not note or len(note) > MAX_NOTE:
            raise BrygganError("forward_note_length", most=MAX_NOTE)
        if bool(to) == to_fallback:
            raise BrygganError("forward_where")
        fallback = self._workspace(actor.team_id).fallback_channel
        if to_fallback and fallback is None:
            raise BrygganError("forward_no_fallback")
        require_non_identifying(note, purpose="consultation_forward")
        target = to if to else str(fallback)
        with self._sessions.begin() as session:
            case = case_for_receiver(session, actor, consultation_id)
            not_closed(case)
            follow_forward(case, actor)
            taken = case.status is ConsultationStatus.ACKNOWLEDGED and is_person(case.holder_id)
            if taken and case.holder_id != actor.user_id:
                raise BrygganError("consultation_taken_by", number=case.number, holder=case.holder_id)
            if target in (case.holder_id, actor.user_id):
                raise BrygganError("forward_same", number=case.number, holder=target)
            if target == case.asker_id:
                raise BrygganError("forward_to_asker")
            case.forwarded += 1
            sealed = {"forwarded_by": actor.user_id, "note": self._box.seal(note)}
            self._handover.hand_over(session, actor, case, target, forward=sealed)
            self._notices.notify(
                session,
                Notice.CONSULTATION_FORWARDED,
                team_id=case.team_id,
                recipient=case.asker_id,
                args={"number": case.number, "by": actor.user_id, "holder": target},
                key={"case": case.id, "n": case.forwarded},
                thread_key=case.asker_thread,
            )
            self._audit.record(
                session, AuditAction.CONSULTATION_FORWARDED, by=actor, **about(case), detail=target
            )
            return case.number
