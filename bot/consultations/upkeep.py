"""Upkeep: remind the receiver of untaken cases, escalate them, and delete case texts after retention."""

from __future__ import annotations

from datetime import datetime, timedelta
from typing import TYPE_CHECKING, Any

from sqlalchemy.orm import Session, sessionmaker

from bot.actors import Actor
from bot.audit import SYSTEM, Auditor
from bot.clock import LocalClock, WorkspaceClocks
from bot.consultations.cases import about, case_of, not_closed
from bot.consultations.handover import SNOOZED
from bot.contacts import reading
from bot.errors import BrygganError
from bot.ids import is_person
from bot.notices import Notice, Notifier
from bot.workhours import WorkingHours, is_working_day
from storage.audit import AuditAction
from storage.consultation_upkeep import (
    clear_reply_bodies,
    list_closed_with_text,
    list_open_received_by,
    open_team_ids,
    strip_outbox_texts,
)
from storage.models import Consultation, ConsultationStatus, School

if TYPE_CHECKING:
    from bot.workspace_settings import RetentionsNow, ValuesOf, WorkspaceValues


class Upkeep:
    """Time-driven consultation work, run by the scheduler: reminders, escalations and retention."""

    def __init__(
        self,
        *,
        sessions: sessionmaker[Session],
        clock: WorkspaceClocks,
        notices: Notifier,
        audit: Auditor,
        workspace: ValuesOf,
        retentions: RetentionsNow,
    ) -> None:
        self._sessions = sessions
        self._clock = clock
        self._notices = notices
        self._audit = audit
        self._workspace = workspace
        self._retentions = retentions

    def queue_ack_reminders(self) -> int:
        """Remind the receiver after the workspace's acknowledgement hours (working hours) untaken;
        escalate to the deputy and the workspace's administrators after twice that."""
        now = self._clock.now()
        queued = 0
        # Each workspace's values, read before the unit of work (one connection at a time): a case
        # received since is not due yet, whatever its workspace's hours.
        with self._sessions.begin() as session:
            teams = open_team_ids(session, until=now)
        in_force = {team_id: self._workspace(team_id) for team_id in teams}
        with self._sessions.begin() as session:
            # Untaken cases are few; each workspace's own hours decide which are due.
            for case, school in list_open_received_by(session, until=now):
                values = in_force.get(case.team_id)
                if values is None:
                    continue
                hours = WorkingHours(values.zone)  # the workspace's working day, in its own zone
                if hours.add(case.received_at, values.ack_hours) > now:
                    continue
                queued += self._remind(session, case, school, values)
                if hours.add(case.received_at, 2 * values.ack_hours) <= now:
                    queued += self._escalate(session, case, school, values)
        return queued

    def delete_expired_texts(self) -> int:
        """Delete the texts of cases closed more than the retention period ago; figures stay."""
        now = self._clock.now()
        retentions = self._retentions()  # read before the unit of work: one connection at a time
        with self._sessions.begin() as session:
            # The shortest retention in force bounds the query; each case's workspace's own decides it.
            candidates = list_closed_with_text(
                session, closed_before=now - timedelta(days=retentions.shortest)
            )
            cases = [c for c in candidates if c.closed_at < now - timedelta(days=retentions.of(c.team_id))]
            for case in cases:
                case.description, case.text_deleted_at = None, now
                clear_reply_bodies(session, team_id=case.team_id, consultation_id=case.id)
                strip_outbox_texts(session, team_id=case.team_id, consultation_id=case.id)
                retention = Actor(case.team_id, SYSTEM, is_admin=False)
                self._audit.record(
                    session, AuditAction.CONSULTATION_TEXT_DELETED, by=retention, **about(case)
                )
            return len(cases)

    def snooze(self, actor: Actor, *, consultation_id: int) -> tuple[str, datetime]:
        """Put the untaken-case reminder off to the next working morning, once; escalation keeps its time."""
        values = self._workspace(actor.team_id)  # the case is the actor's workspace's
        with self._sessions.begin() as session:
            case = case_of(session, actor, consultation_id)
            if actor.user_id != case.holder_id:
                raise BrygganError("snooze_not_yours", number=case.number)
            not_closed(case)
            if case.status is not ConsultationStatus.OPEN:
                raise BrygganError("consultation_already_yours", number=case.number)
            if case.snoozed_until is not None:
                raise BrygganError("snoozed_once", number=case.number)
            local = self._local(values)
            day = local.today() + timedelta(days=1)
            while not is_working_day(day):
                day += timedelta(days=1)
            until = datetime.combine(day, WorkingHours(values.zone).start, tzinfo=values.zone)
            school = session.get(School, case.school_id)
            args = self._args(case, school, values.ack_hours, local) if school else {}
            self._notices.notify(
                session,
                Notice.CONSULTATION_REMINDER,
                team_id=case.team_id,
                recipient=case.holder_id,
                args=args | {"snoozed": True},
                key={"case": case.id, "n": SNOOZED},
                due_at=until,
            )
            case.snoozed_until = until
            self._audit.record(session, AuditAction.CONSULTATION_REMINDER_SNOOZED, by=actor, **about(case))
            return case.number, until

    def _local(self, values: WorkspaceValues) -> LocalClock:
        return LocalClock(self._clock, values.zone)

    def _remind(self, session: Session, case: Consultation, school: School, values: WorkspaceValues) -> int:
        # The holder is reminded: whoever it was routed or forwarded to, while nobody has taken it.
        if not is_person(case.holder_id):
            return 0  # a fallback channel has no one person to remind; the escalation covers it
        args = self._args(case, school, values.ack_hours, self._local(values))
        key = {"case": case.id, "n": 1}
        return self._queue(session, case, Notice.CONSULTATION_REMINDER, key, case.holder_id, args)

    def _escalate(self, session: Session, case: Consultation, school: School, values: WorkspaceValues) -> int:
        local = self._local(values)
        args = self._args(case, school, 2 * values.ack_hours, local) | {"routed": case.routed_to}
        recipients = [
            r for r in [self._deputy(session, case, school, local), *sorted(values.admin_users)] if r
        ]
        queued = 0
        for user in dict.fromkeys(recipients):
            if user != case.routed_to:
                key = {"case": case.id, "user": user}
                queued += self._queue(session, case, Notice.CONSULTATION_ESCALATION, key, user, args)
        return queued

    def _deputy(self, session: Session, case: Consultation, school: School, local: LocalClock) -> str | None:
        [status] = reading.statuses(
            session, team_id=case.team_id, schools=[school], today=local.today(), zone=local.zone
        )
        return status.coverage.deputy

    def _args(self, case: Consultation, school: School, hours: float, local: LocalClock) -> dict[str, Any]:
        # Never the description: a reminder names the case, not the worry.
        return {
            "id": case.id,
            "number": case.number,
            "school": school.name,
            "hours": int(hours) if float(hours).is_integer() else hours,
            "received": local.local(case.received_at).strftime("%Y-%m-%d %H:%M"),
        }

    def _queue(
        self, session: Session, case: Consultation, notice: Notice, key: dict, recipient: str, args: dict
    ) -> int:
        return int(
            self._notices.notify(
                session, notice, team_id=case.team_id, recipient=recipient, args=args, key=key
            )
        )
