"""One's open consultations, and the audit of every time a case text reaches a reader."""

from __future__ import annotations

from dataclasses import dataclass

from sqlalchemy.orm import Session, sessionmaker

from bot.actors import Actor
from bot.audit import Auditor
from bot.clock import LocalClock, WorkspaceClocks
from bot.consultations.cases import about
from storage.audit import AuditAction
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


class Listing:
    """Lists without case texts."""

    def __init__(self, *, sessions: sessionmaker[Session], clock: WorkspaceClocks) -> None:
        self._sessions = sessions
        self._clock = clock

    def mine(self, actor: Actor) -> list[CaseLine]:
        """The actor's open cases, oldest first."""
        clock = self._clock.for_team(actor.team_id)
        today = clock.today()
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
                    days_open=(today - clock.local(case.received_at).date()).days,
                    asked=case.asker_id == actor.user_id,
                    holder=case.holder_id,
                    next_call=self._next_call(case, clock),
                )
                for case in cases
            ]

    @staticmethod
    def _next_call(case: Consultation, clock: LocalClock) -> str | None:
        if case.call_at is None or case.call_at <= clock.now():
            return None
        return f"{clock.local(case.call_at):%Y-%m-%d %H:%M}"


class TextReads:
    """Every time Slack accepts a message showing a case text, its reader is audited, once."""

    def __init__(self, *, audit: Auditor) -> None:
        self._audit = audit

    def record_shown(self, session: Session, *, team_id: str, consultation_id: int, reader: str) -> None:
        """Audit that a case's text reached `reader`, in the unit of work that marks the message sent."""
        case = get_consultation(session, team_id=team_id, consultation_id=consultation_id)
        if case is not None:
            reading = Actor(team_id, reader, is_admin=False)
            self._audit.record(session, AuditAction.CONSULTATION_TEXT_SHOWN, by=reading, **about(case))
