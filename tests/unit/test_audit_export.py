"""Exporting the audit log: what Swedish Excel needs, local time across DST, and the day filters."""

from __future__ import annotations

from collections.abc import Iterator
from datetime import UTC, date, datetime
from zoneinfo import ZoneInfo

import pytest
from sqlalchemy.orm import Session, sessionmaker

from bot.audit import AuditEntry, AuditLog, to_csv
from storage.audit import add_audit_event, list_audit_events
from storage.db import make_engine, make_sessions
from storage.models import School, SchoolKind
from storage.schools import add_school

STOCKHOLM = ZoneInfo("Europe/Stockholm")
HEADER = ["tid", "aktör", "händelse", "skola", "gäller", "detalj"]


def _utc(*parts: int) -> datetime:
    return datetime(*parts, tzinfo=UTC)  # type: ignore[arg-type, misc]


def _entry(at: str, school: str = "", detail: str = "") -> AuditEntry:
    return AuditEntry(at, "U0ADMIN01", "school_updated", school, "", detail)


def test_the_csv_has_a_bom_semicolons_crlf_and_the_swedish_header() -> None:
    data = to_csv([_entry("2026-11-24 09:15:02", "Åbyskolan", "name,kind")], HEADER)
    assert data.startswith(b"\xef\xbb\xbf")
    assert data.decode("utf-8-sig") == (
        "tid;aktör;händelse;skola;gäller;detalj\r\n"
        "2026-11-24 09:15:02;U0ADMIN01;school_updated;Åbyskolan;;name,kind\r\n"
    )


def test_a_separator_in_a_name_is_quoted_and_a_formula_is_defused() -> None:
    data = to_csv([_entry("t", "Skola; Norra"), _entry("t", "=HYPERLINK(1)"), _entry("t", "-1+1")], HEADER)
    rows = data.decode("utf-8-sig").split("\r\n")
    assert rows[1].split(";")[3:5] == ['"Skola', ' Norra"']
    assert rows[2].split(";")[3] == "'=HYPERLINK(1)"
    assert rows[3].split(";")[3] == "'-1+1"


@pytest.fixture
def sessions(database_url: str) -> Iterator[sessionmaker[Session]]:
    """A session factory on this test's clean database."""
    engine = make_engine(database_url)
    yield make_sessions(engine)
    engine.dispose()


def _record(sessions: sessionmaker[Session], *instants: datetime, team: str = "T0TEST001") -> None:
    with sessions.begin() as session:
        for n, at in enumerate(instants):
            add_audit_event(
                session, team_id=team, at=at, actor_id="cli", action="school_imported", detail=str(n)
            )


def _times(log: AuditLog, since: date | None = None, until: date | None = None) -> list[str]:
    return [e.at for e in log.entries(team_id=None, since=since, until=until)]


def test_times_are_local_on_both_sides_of_each_dst_change(sessions: sessionmaker[Session]) -> None:
    _record(
        sessions,
        _utc(2026, 10, 25, 1, 30),  # CET again: 02:30 a second time
        _utc(2026, 3, 29, 0, 30),  # CET, before the spring change
        _utc(2026, 3, 29, 1, 30),  # CEST, after it
        _utc(2026, 10, 25, 0, 30),  # still CEST: 02:30 the first time
    )
    assert _times(AuditLog(sessions=sessions, zone=STOCKHOLM)) == [
        "2026-03-29 01:30:00",
        "2026-03-29 03:30:00",
        "2026-10-25 02:30:00",
        "2026-10-25 02:30:00",
    ]
    assert _times(AuditLog(sessions=sessions, zone=ZoneInfo("UTC")))[:2] == [
        "2026-03-29 00:30:00",
        "2026-03-29 01:30:00",
    ]


def test_since_and_until_are_whole_local_days_inclusive(sessions: sessionmaker[Session]) -> None:
    _record(
        sessions,
        _utc(2026, 11, 23, 22, 59, 59),  # 23 Nov 23:59:59 in Stockholm
        _utc(2026, 11, 23, 23, 0),  # 24 Nov 00:00
        _utc(2026, 11, 24, 22, 59, 59),  # 24 Nov 23:59:59
        _utc(2026, 11, 24, 23, 0),  # 25 Nov 00:00
    )
    log = AuditLog(sessions=sessions, zone=STOCKHOLM)
    day = date(2026, 11, 24)
    assert _times(log, since=day, until=day) == ["2026-11-24 00:00:00", "2026-11-24 23:59:59"]
    assert _times(log, since=day) == ["2026-11-24 00:00:00", "2026-11-24 23:59:59", "2026-11-25 00:00:00"]
    assert _times(log, until=day)[0] == "2026-11-23 23:59:59"
    assert len(_times(log, until=day)) == 3


def test_schools_are_named_across_workspaces_and_empty_without_one(sessions: sessionmaker[Session]) -> None:
    at = _utc(2026, 11, 24, 8, 0)
    with sessions.begin() as session:
        ours = add_school(
            session, School(team_id="T0TEST001", name="Ekskolan", kind=SchoolKind.KOMMUNAL, created_at=at)
        )
        theirs = add_school(
            session, School(team_id="T0OTHER01", name="Almskolan", kind=SchoolKind.KOMMUNAL, created_at=at)
        )
        add_audit_event(session, team_id="T0TEST001", at=at, actor_id="cli", action="a", school_id=ours.id)
        add_audit_event(session, team_id="T0OTHER01", at=at, actor_id="cli", action="b", school_id=theirs.id)
        add_audit_event(
            session, team_id="T0TEST001", at=at, actor_id="U0ADMIN01", action="c", subject_id="U0SARA001"
        )
    log = AuditLog(sessions=sessions, zone=STOCKHOLM)
    entries = log.entries(team_id=None, since=None, until=None)
    assert [(e.action, e.school, e.actor, e.subject) for e in entries] == [
        ("a", "Ekskolan", "cli", ""),
        ("b", "Almskolan", "cli", ""),
        ("c", "", "U0ADMIN01", "U0SARA001"),
    ]
    assert [e.action for e in log.entries(team_id="T0OTHER01", since=None, until=None)] == ["b"]


def test_list_audit_events_is_half_open_per_team_and_ordered(sessions: sessionmaker[Session]) -> None:
    _record(sessions, _utc(2026, 1, 2), _utc(2026, 1, 1), _utc(2026, 1, 3), _utc(2026, 1, 1))
    _record(sessions, _utc(2026, 1, 2), team="T0OTHER01")
    with sessions.begin() as session:
        found = list_audit_events(
            session, team_id="T0TEST001", since=_utc(2026, 1, 1), until=_utc(2026, 1, 3)
        )
        assert [(e.at, e.detail) for e in found] == [
            (_utc(2026, 1, 1), "1"),
            (_utc(2026, 1, 1), "3"),
            (_utc(2026, 1, 2), "0"),
        ]
        assert len(list_audit_events(session, team_id=None, since=None, until=None)) == 5
