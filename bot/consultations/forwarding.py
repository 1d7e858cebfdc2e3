"""Forwarding: the holder hands a case on to a colleague or the fallback channel, with a short note."""

from __future__ import annotations

from bot.actors import Actor
from bot.consultations.base import is_person
from bot.consultations.handover import Handover
from bot.errors import BrygganError
from bot.privacy import require_non_identifying
from storage.models import ConsultationStatus

MAX_NOTE = 500


class Forwarding(Handover):
    """Handing a case on; the new holder gets it with its replies, the asker is told who has it."""

    def forward(
        self, actor: Actor, *, consultation_id: int, to: str | None, to_fallback: bool, note: str
    ) -> str:
        """Forward the case to the person `to`, or to the fallback channel; returns the case number."""
        note = note.strip()
        if not note or len(note) > MAX_NOTE:
            raise BrygganError("forward_note_length", most=MAX_NOTE)
        if bool(to) == to_fallback:
            raise BrygganError("forward_where")
        if to_fallback and self._fallback is None:
            raise BrygganError("forward_no_fallback")
        require_non_identifying(note, purpose="consultation_forward")
        target = to if to else str(self._fallback)
        with self._sessions.begin() as session:
            case = self._case_for_receiver(session, actor, consultation_id)
            self._not_closed(case)
            self._follow_forward(case, actor)
            taken = case.status is ConsultationStatus.ACKNOWLEDGED and is_person(case.holder_id)
            if taken and case.holder_id != actor.user_id:
                raise BrygganError("consultation_taken_by", number=case.number, holder=case.holder_id)
            if target in (case.holder_id, actor.user_id):
                raise BrygganError("forward_same", number=case.number, holder=target)
            if target == case.asker_id:
                raise BrygganError("forward_to_asker")
            case.forwarded += 1
            sealed = {"forwarded_by": actor.user_id, "note": self._box.seal(note)}
            self._hand_over(session, actor, case, target, forward=sealed)
            self._notify(
                session,
                case,
                f"{case.id}:forwarded:{case.forwarded}",
                case.asker_id,
                "consultation_forwarded",
                {"number": case.number, "by": actor.user_id, "holder": target},
                thread_key=case.asker_thread,
            )
            self._audit(session, actor, "consultation_forwarded", case, detail=target)
            return case.number
