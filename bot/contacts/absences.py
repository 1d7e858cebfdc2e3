"""Absences: a person away for whole days; affected channels and the acting deputy are told."""

from __future__ import annotations

from datetime import date, timedelta

from sqlalchemy.orm import Session

from bot.actors import Actor
from bot.contacts import reading
from bot.contacts.base import ContactsBase
from bot.contacts.views import AbsenceResult, SchoolStatus
from bot.errors import BrygganError
from storage.contacts import add_absence, assignments_of_person
from storage.models import Absence
from storage.schools import list_schools

MAX_ABSENCE = timedelta(days=366)


class Absences(ContactsBase):
    """Registering absences."""

    def register_absence(
        self, actor: Actor, *, person_id: str, first_day: date, last_day: date
    ) -> AbsenceResult:
        """Record that `person_id` is away; affected channels and deputies are told who acts meanwhile."""
        if person_id != actor.user_id:
            self._require_admin(actor)
        if last_day < first_day:
            raise BrygganError("absence_order", first=first_day.isoformat(), last=last_day.isoformat())
        if last_day < self.today():
            raise BrygganError("absence_past", last=last_day.isoformat())
        if last_day - first_day > MAX_ABSENCE:
            raise BrygganError("absence_too_long")
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
            self._audit(
                session, actor, "absence_registered", subject_id=person_id, detail=f"{first_day}..{last_day}"
            )
            held = assignments_of_person(session, team_id=actor.team_id, person_id=person_id)
            schools = [
                s for s in list_schools(session, team_id=actor.team_id) if s.id in {a.school_id for a in held}
            ]
            statuses = reading.statuses(
                session, team_id=actor.team_id, schools=schools, today=first_day, zone=self._zone
            )
            for status in statuses:
                self._announce_absence(session, actor.team_id, absence, status)
            return AbsenceResult(person_id, first_day, last_day, tuple(statuses))

    def _announce_absence(
        self, session: Session, team_id: str, absence: Absence, status: SchoolStatus
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
            "intake": self._intake,
        }
        key = f"absence:{absence.id}:{status.school_id}"
        if status.channel_id:
            self._notify(session, team_id, f"{key}:channel", status.channel_id, "absence_channel", args)
        if coverage.acting_person and coverage.acting_person != absence.person_id:
            self._notify(session, team_id, f"{key}:acting", coverage.acting_person, "absence_acting", args)
