"""Receiving: the contact takes a case."""

from __future__ import annotations

from bot.actors import Actor
from bot.consultations.base import ConsultationsBase
from storage.models import ConsultationStatus


class Receiving(ConsultationsBase):
    """The receiver's use cases."""

    def acknowledge(self, actor: Actor, *, consultation_id: int) -> str:
        """The receiver takes the case; the asker is told who did. Returns the case number."""
        with self._sessions.begin() as session:
            case = self._case_for_receiver(session, actor, consultation_id)
            if case.status is ConsultationStatus.OPEN:
                now = self._clock.now()
                case.status, case.acknowledged_at, case.acknowledged_by = (
                    ConsultationStatus.ACKNOWLEDGED,
                    now,
                    actor.user_id,
                )
                self._notify(
                    session,
                    case,
                    f"{case.id}:acknowledged",
                    case.asker_id,
                    "consultation_acknowledged",
                    {"number": case.number, "by": actor.user_id},
                )
                self._audit(session, actor, "consultation_acknowledged", case)
            return case.number
