"""The audit trail's writer (one Auditor for every service) and its CSV export for Swedish Excel."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date, datetime, time, timedelta
from zoneinfo import ZoneInfo

from sqlalchemy.orm import Session, sessionmaker

from bot.actors import Actor
from bot.clock import Clock
from bot.csvfiles import excel_csv
from storage.audit import AuditAction, add_audit_event, list_audit_events, list_audit_team_ids
from storage.models import AuditEvent
from storage.schools import list_schools

SYSTEM = "bryggan"  # the actor of what Bryggan does by itself (retention, for instance)


class Auditor:
    """Writes audit rows into the caller's unit of work; the one place an audited action is recorded."""

    def __init__(self, *, clock: Clock) -> None:
        self._clock = clock

    def record(
        self,
        session: Session,
        action: AuditAction,
        *,
        by: Actor,
        school_id: int | None = None,
        subject_id: str | None = None,
        detail: str | None = None,
        qualifier: str | None = None,
    ) -> None:
        """Record that `by` did `action`; a `qualifier` (a closing's outcome) is stored after a colon."""
        add_audit_event(
            session,
            team_id=by.team_id,
            at=self._clock.now(),
            actor_id=by.user_id,
            action=f"{action}:{qualifier}" if qualifier else action.value,
            school_id=school_id,
            subject_id=subject_id,
            detail=detail,
        )


@dataclass(frozen=True, slots=True)
class AuditEntry:
    """One audited action as the export shows it: local time, ids and kinds, the school's name."""

    at: str
    actor: str
    action: str
    school: str
    subject: str
    detail: str


class AuditLog:
    """Reading the audit trail back out."""

    def __init__(self, *, sessions: sessionmaker[Session], zone: ZoneInfo) -> None:
        self._sessions = sessions
        self._zone = zone

    def entries(self, *, team_id: str | None, since: date | None, until: date | None) -> list[AuditEntry]:
        """Audited actions on local days `since` to `until` (inclusive, either open), oldest first."""
        start = self._midnight(since) if since else None
        end = self._midnight(until + timedelta(days=1)) if until else None
        with self._sessions.begin() as session:
            events = list_audit_events(session, team_id=team_id, since=start, until=end)
            names = _school_names(session, events)
        return [self._entry(event, names) for event in events]

    def team_ids(self) -> list[str]:
        """The workspaces the log holds actions of."""
        with self._sessions.begin() as session:
            return list_audit_team_ids(session)

    def _midnight(self, day: date) -> datetime:
        return datetime.combine(day, time.min, tzinfo=self._zone)

    def _entry(self, event: AuditEvent, names: dict[int, str]) -> AuditEntry:
        return AuditEntry(
            at=event.at.astimezone(self._zone).strftime("%Y-%m-%d %H:%M:%S"),
            actor=event.actor_id,
            action=event.action,
            school=names.get(event.school_id, "") if event.school_id is not None else "",
            subject=event.subject_id or "",
            detail=event.detail or "",
        )


def _school_names(session: Session, events: list[AuditEvent]) -> dict[int, str]:
    names: dict[int, str] = {}
    for team_id in sorted({event.team_id for event in events if event.school_id is not None}):
        names.update({school.id: school.name for school in list_schools(session, team_id=team_id)})
    return names


def to_csv(entries: Sequence[AuditEntry], header: Sequence[str]) -> bytes:
    """UTF-8 with BOM, `;` and CRLF: what Swedish Excel opens with å/ä/ö and columns intact."""
    return excel_csv(header, [(e.at, e.actor, e.action, e.school, e.subject, e.detail) for e in entries])
