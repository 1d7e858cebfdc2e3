"""One's open consultations: those one asked, and those one receives as the school's contact or deputy."""

from __future__ import annotations

from dataclasses import dataclass

from bot.actors import Actor
from bot.consultations.base import ConsultationsBase
from storage.audit import add_audit_event
from storage.consultations import get_consultation, list_open_for
from storage.contacts import assignments_of_person
from storage.models import Consultation
from storage.schools import list_schools


@dataclass(frozen=True, slots=True)
class CaseLine:
    """A case as a list shows it: no text, only its number, school, state, age, holder and next call."""

    number: str
    school: str
    status: str
    days_open: int
    asked: bool  # True when the actor asked it; False when the actor receives it
    holder: str  # who holds it now: a person, or a channel
    next_call: str | None  # the agreed call still ahead, local "YYYY-MM-DD HH:MM"


class Listing(ConsultationsBase):
    """Lists without case texts, and the audit of every time a text is shown."""

    def mine(self, actor: Actor) -> list[CaseLine]:
        """The actor's open cases, oldest first."""
        today = self._clock.now().astimezone(self._zone).date()
        with self._sessions.begin() as session:
            served = [
                a.school_id
                for a in assignments_of_person(session, team_id=actor.team_id, person_id=actor.user_id)
            ]
            names = {s.id: s.name for s in list_schools(session, team_id=actor.team_id)}
            cases = list_open_for(session, team_id=actor.team_id, person_id=actor.user_id, school_ids=served)
            return [
                CaseLine(
                    number=case.number,
                    school=names.get(case.school_id, ""),
                    status=case.status.value,
                    days_open=(today - case.received_at.astimezone(self._zone).date()).days,
                    asked=case.asker_id == actor.user_id,
                    holder=case.holder_id,
                    next_call=self._next_call(case),
                )
                for case in cases
            ]

    def _next_call(self, case: Consultation) -> str | None:
        if case.call_at is None or case.call_at <= self._clock.now():
            return None
        return f"{case.call_at.astimezone(self._zone):%Y-%m-%d %H:%M}"

    def record_text_shown(self, *, team_id: str, consultation_id: int, reader: str) -> None:
        """Audit that a case's text was opened to be shown to `reader` (every read is audited)."""
        with self._sessions.begin() as session:
            case = get_consultation(session, team_id=team_id, consultation_id=consultation_id)
            if case is not None:
                add_audit_event(
                    session,
                    team_id=team_id,
                    at=self._clock.now(),
                    actor_id=reader,
                    action="consultation_text_shown",
                    school_id=case.school_id,
                    subject_id=case.number,
                )
