"""Absences: a person away for whole days; affected channels and the acting deputy are told."""

from __future__ import annotations

from datetime import date, timedelta
from typing import TYPE_CHECKING

from sqlalchemy.orm import Session, sessionmaker

from bot.actors import Actor, require_admin
from bot.audit import Auditor
from bot.clock import WorkspaceClocks
from bot.contacts import reading
from bot.contacts.views import AbsenceResult, SchoolStatus
from bot.errors import BrygganError
from bot.notices import Notice, Notifier
from storage.audit import AuditAction
from storage.contacts import add_absence, assignments_of_person
from storage.models import Absence
from storage.schools import list_schools

if TYPE_CHECKING:
    from bot.workspace_settings import ValuesOf

MAX_ABSENCE = timedelta(days=366)


class Absences:
    """Registering absences."""

    def __init__(
        self,
        *,
        sessions: sessionmaker[Session],
        clock: WorkspaceClocks,
        notices: Notifier,
        audit: Auditor,
        workspace: ValuesOf,
    ) -> None:
        self._sessions = sessions
        self._clock = clock
        self._notices = notices
        self._audit = audit
        self._workspace = workspace

    def register_absence(
        self, actor: Actor, *, person_id: str, first_day: date, last_day: date
    ) -> AbsenceResult:
        """Record that `person_id` is away; affected channels and deputies are told who acts meanwhile."""
        if person_id != actor.user_id:
            require_admin(actor)
        if last_day < first_day:
            raise BrygganError("absence_order", first=first_day.isoformat(), last=last_day.isoformat())
        local = self._clock.for_team(actor.team_id)  # before the unit of work: it may read the database
        if last_day < local.today():
            raise BrygganError("absence_past", last=last_day.isoformat())
        if last_day - first_day > MAX_ABSENCE:
            raise BrygganError("absence_too_long")
        intake = self._workspace(actor.team_id).intake_text  # before the unit of work: it may read too
        with self._sessions.begin() as session:
            absence = add_absence(
                session,
                Absence(
                    team_id=actor.team_id,
                    person_id=person_id,
                    first_day=first_day,
                    last_day=last_day,
                    created_by=actor.user_id,
                    created_at=self._clock.now(),
                ),
            )
            self._audit.record(
                session,
                AuditAction.ABSENCE_REGISTERED,
                by=actor,
                subject_id=person_id,
                detail=f"{first_day}..{last_day}",
            )
            held = assignments_of_person(session, team_id=actor.team_id, person_id=person_id)
            schools = [
                s for s in list_schools(session, team_id=actor.team_id) if s.id in {a.school_id for a in held}
            ]
            statuses = reading.statuses(
                session, team_id=actor.team_id, schools=schools, today=first_day, zone=local.zone
            )
            for status in statuses:
                self._announce_absence(session, actor.team_id, absence, status, intake)
            return AbsenceResult(person_id, first_day, last_day, tuple(statuses))

    def _announce_absence(
        self, session: Session, team_id: str, absence: Absence, status: SchoolStatus, intake: str
    ) -> None:
        coverage = status.coverage
        if coverage.contact != absence.person_id:
            return  # a deputy away changes nothing staff see: the contact still acts
        args = {
            "school": status.name,
            "person": absence.person_id,
            "first": absence.first_day.isoformat(),
            "last": absence.last_day.isoformat(),
            "acting": coverage.acting_person,
            "intake": intake,
        }
        key = {"absence": absence.id, "school": status.school_id}
        told = {"team_id": team_id, "args": args, "key": key}
        if status.channel_id:
            self._notices.notify(session, Notice.ABSENCE_CHANNEL, recipient=status.channel_id, **told)
        if coverage.acting_person and coverage.acting_person != absence.person_id:
            self._notices.notify(session, Notice.ABSENCE_ACTING, recipient=coverage.acting_person, **told)
