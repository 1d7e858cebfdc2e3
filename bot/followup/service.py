"""The term follow-up use cases: a term's report for an administrator or a contact, and its delivery."""

from __future__ import annotations

from collections import defaultdict
from datetime import date, datetime, time, timedelta
from typing import TYPE_CHECKING, Any
from zoneinfo import ZoneInfo

from sqlalchemy.orm import Session, sessionmaker

from bot.actors import Actor
from bot.clock import LocalClock, WorkspaceClocks
from bot.errors import BrygganError, NotPermitted
from bot.followup import counting
from bot.followup.figures import (
    ConsultationFigures,
    ContinuityFigures,
    MeetingFigures,
    Report,
    SchoolFigures,
    Term,
)
from bot.followup.published import Published
from bot.notices import Notice, Notifier, key_of
from bot.workhours import WorkingHours
from storage.contacts import assignments_of_person
from storage.followup import (
    absences_between,
    agenda_item_counts,
    all_assignments,
    consultations_received,
    first_replies,
    texts_purged,
)
from storage.meetings import changes_of, noted_meetings, series_history
from storage.models import Consultation, Role
from storage.outbox import get_outbox_message
from storage.schools import list_schools, list_team_ids

if TYPE_CHECKING:
    from bot.workspace_settings import ValuesOf

# The end-of-term report goes out the first morning after the term, and is still useful for two weeks.
REPORT_AT = time(8)
REPORT_GRACE = timedelta(days=14)


class FollowUp:
    """Figures per school and term; never a case text, case number or asker."""

    def __init__(
        self,
        *,
        sessions: sessionmaker[Session],
        clock: WorkspaceClocks,
        notices: Notifier,
        workspace: ValuesOf,
    ) -> None:
        self._sessions = sessions
        self._clock = clock
        self._notices = notices
        self._workspace = workspace  # each workspace's terms, breaks, target hours, recipients and zone

    def term(self, team_id: str, name: str | None) -> Term:
        """The named term, or the current one, as `team_id` sets its terms; BrygganError('term_not_begun')
        for one still ahead."""
        values = self._workspace(team_id)
        today = LocalClock(self._clock, values.zone).today()
        term = values.terms.named(name) if name else values.terms.current(today)
        if term.first > today:
            raise BrygganError("term_not_begun", term=term.name, first=term.first.isoformat())
        return term

    def for_actor(self, actor: Actor, term: Term) -> Report:
        """Administrators see every school; a contact or deputy the schools they serve now."""
        if actor.is_admin:
            return self.report(actor.team_id, term)
        with self._sessions.begin() as session:
            held = assignments_of_person(session, team_id=actor.team_id, person_id=actor.user_id)
            mine = {a.school_id for a in held}
        if not mine:
            raise NotPermitted("followup_not_permitted")
        return self.report(actor.team_id, term, only=mine)

    def report(self, team_id: str, term: Term, *, only: set[int] | None = None) -> Report:
        """Count `term` up to today (or its end) for the workspace's schools, or `only` some of them."""
        values = self._workspace(team_id)  # before the unit of work: it may read the database
        local = LocalClock(self._clock, values.zone)
        now = local.now()
        until = min(term.last, local.today())
        with self._sessions.begin() as session:
            schools = [s for s in list_schools(session, team_id=team_id) if only is None or s.id in only]
            data = self._read(session, team_id, term, until, values.zone)
        data["target"], data["calendar"], data["zone"] = values.ack_hours, values.calendar, values.zone
        rows = [self._school(data, s.id, s.name, term, until, now) for s in schools]
        cases = [c for s in schools for c in data["cases"][s.id]]
        # Medians do not add up: the municipality's consultation figures are counted over all its cases.
        everyone = SchoolFigures(0, "", None, self._consultations(cases, data), *_summed(rows))
        return Report(term, until, now, everyone, tuple(sorted(rows, key=lambda r: r.name)))

    def queue_term_report(self) -> int:
        """After each workspace's term ends, owe its report once to the workspace's report channel
        (or each of its administrators)."""
        return sum(self._queue_term_report(team_id) for team_id in self._team_ids())

    def _queue_term_report(self, team_id: str) -> int:
        values = self._workspace(team_id)
        today = LocalClock(self._clock, values.zone).today()
        current = values.terms.current(today)
        term = current if current.last < today else values.terms.previous(current)
        due = datetime.combine(term.last + timedelta(days=1), REPORT_AT, tzinfo=values.zone)
        now = self._clock.now()
        if now < due or now > due + REPORT_GRACE:
            return 0
        recipients = [values.report_channel] if values.report_channel else sorted(values.admin_users)
        keys = {r: key_of(Notice.TERM_REPORT, term=term.name, recipient=r) for r in recipients}
        with self._sessions.begin() as session:
            owed = [
                r for r, key in keys.items() if get_outbox_message(session, team_id=team_id, key=key) is None
            ]
        if not owed:
            return 0  # this runs every ten minutes for two weeks: count the term only while it is owed
        args = summary_args(self.report(team_id, term))
        with self._sessions.begin() as session:
            return sum(
                self._notices.notify(
                    session,
                    Notice.TERM_REPORT,
                    team_id=team_id,
                    recipient=recipient,
                    args=args,
                    key={"term": term.name, "recipient": recipient},
                    due_at=due,
                    grace=REPORT_GRACE,
                    expires_at=due + REPORT_GRACE,
                )
                for recipient in owed
            )

    def _team_ids(self) -> list[str]:
        with self._sessions.begin() as session:
            return list_team_ids(session)

    def _school(
        self, data: dict[str, Any], school_id: int, name: str, term: Term, until: date, now: datetime
    ) -> SchoolFigures:
        assignments = data["assignments"][school_id]
        people = {a.person_id for a in assignments}
        current = [a.person_id for a in assignments if a.role == Role.CONTACT and a.ends_at is None]
        return SchoolFigures(
            school_id,
            name,
            current[0] if current else None,
            self._consultations(data["cases"][school_id], data),
            counting.meetings(
                data["series"][school_id],
                data["changes"][school_id],
                calendar=data["calendar"],
                zone=data["zone"],
                first=term.first,
                last=until,
                now=now,
                noted={day for s, day in data["noted"] if s == school_id},
                items=data["items"].get(school_id, 0),
            ),
            counting.continuity(
                assignments,
                [a for a in data["absences"] if a.person_id in people],
                zone=data["zone"],
                first=term.first,
                last=until,
            ),
        )

    def _consultations(self, cases: list[Consultation], data: dict[str, Any]) -> ConsultationFigures:
        return counting.consultations(
            cases,
            hours=WorkingHours(data["zone"]),
            target=data["target"],  # the workspace's own acknowledgement hours
            zone=data["zone"],
            purged=data["purged"],
            first_replies=data["replies"],
        )

    def _read(
        self, session: Session, team_id: str, term: Term, until: date, zone: ZoneInfo
    ) -> dict[str, Any]:
        """Everything a report counts, read once and grouped by school."""
        start, end = counting.window(term.first, term.last, zone)
        data: dict[str, Any] = {
            name: defaultdict(list) for name in ("cases", "series", "changes", "assignments")
        }
        for case in consultations_received(session, team_id=team_id, start=start, end=end):
            data["cases"][case.school_id].append(case)
        for row in series_history(session, team_id=team_id, since=term.first):
            data["series"][row.school_id].append(row)
        for change in changes_of(session, team_id=team_id, school_ids=list(data["series"])):
            data["changes"][change.school_id].append(change)
        for a in all_assignments(session, team_id=team_id):
            data["assignments"][a.school_id].append(a)
        data["absences"] = absences_between(session, team_id=team_id, first=term.first, last=until)
        data["noted"] = noted_meetings(session, team_id=team_id, first=term.first, last=until)
        data["purged"] = texts_purged(session, team_id=team_id)
        data["replies"] = first_replies(session, team_id=team_id, start=start, end=end)
        data["items"] = agenda_item_counts(session, team_id=team_id, first=term.first, last=until)
        return data


def _summed(rows: list[SchoolFigures]) -> tuple[MeetingFigures, ContinuityFigures]:
    """The schools' meetings and continuity added up (the longest assignment is the longest of all)."""
    meetings = MeetingFigures(
        *(sum(getattr(r.meetings, f) for r in rows) for f in MeetingFigures.__dataclass_fields__)
    )
    continuity = ContinuityFigures(
        days=sum(r.continuity.days for r in rows),
        covered_days=sum(r.continuity.covered_days for r in rows),
        contact_changes=sum(r.continuity.contact_changes for r in rows),
        longest_assignment_days=max((r.continuity.longest_assignment_days for r in rows), default=0),
        absences=sum(r.continuity.absences for r in rows),
        absences_covered=sum(r.continuity.absences_covered for r in rows),
    )
    return meetings, continuity


def summary_args(report: Report) -> dict[str, Any]:
    """The key figures an end-of-term message carries: the municipality's, as the report shows them."""
    m, shown = report.municipality, Published(report).municipality
    return {
        "term": report.term.name,
        "consultations": shown.total,
        "recommended_report": shown.recommended_report,
        "texts_purged": shown.texts_purged,
        "ack_median": shown.ack_median_hours,
        "ack_p90": shown.ack_p90_hours,
        "within_target": shown.within_target_share,
        "meetings_planned": m.meetings.planned,
        "meetings_held": m.meetings.held,
        "notes_share": m.meetings.notes_share,
        "coverage": m.continuity.coverage_share,
        "uncovered_days": m.continuity.uncovered_days,
        "schools": len(report.schools),
    }
