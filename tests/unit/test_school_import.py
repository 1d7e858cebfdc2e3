"""Importing schools from CSV: parsing as Excel writes it, every bad-row reason, and the database."""

from __future__ import annotations

from collections.abc import Iterator
from datetime import UTC, datetime

import pytest
from sqlalchemy import select
from sqlalchemy.orm import Session, sessionmaker

from bot.audit import Auditor
from bot.clock import FakeClock
from bot.schools import ImportConflict, RowError, SchoolRow, Schools, UnreadableFile, parse_schools
from storage.db import make_engine, make_sessions
from storage.models import AuditEvent, School, SchoolKind
from storage.schools import add_school, list_schools

TEAM = "T0TEST001"
FRI, KOM = SchoolKind.FRISTAENDE, SchoolKind.KOMMUNAL


def _csv(*lines: str, bom: bool = False) -> bytes:
    return (("\ufeff" if bom else "") + "\r\n".join(lines) + "\r\n").encode("utf-8")


def test_semicolons_with_a_bom_keep_swedish_letters() -> None:
    parsed = parse_schools(
        _csv("namn;typ;skolenhetskod;kanal", "Åbyskolan;fristående;12345678;C0ABY0001", bom=True)
    )
    assert parsed.rows == [SchoolRow(2, "Åbyskolan", FRI, "12345678", "C0ABY0001")]
    assert parsed.errors == []
    assert parsed.ignored_columns == []


def test_commas_and_english_headers_in_any_case_and_order() -> None:
    parsed = parse_schools(
        _csv("Channel,NAME,School_Unit_Code,kind", "C0NORR001,Norrängsskolan,87654321,municipal")
    )
    assert parsed.rows == [SchoolRow(2, "Norrängsskolan", KOM, "87654321", "C0NORR001")]


def test_a_lone_name_column_keeps_commas_in_names() -> None:
    parsed = parse_schools(_csv("namn", "Skolan i Väst, enhet 2"))
    assert [row.name for row in parsed.rows] == ["Skolan i Väst, enhet 2"]


def test_decomposed_letters_and_stray_spaces_are_normalised() -> None:
    parsed = parse_schools(_csv("namn", "  A\u030asa   skola "))
    assert [row.name for row in parsed.rows] == ["Åsa skola"]


@pytest.mark.parametrize(
    ("typ", "kind"),
    [
        ("kommunal", KOM),
        ("Municipal", KOM),
        ("fristående", FRI),
        ("FRISTAENDE", FRI),
        ("friskola", FRI),
        ("independent", FRI),
        ("", None),
    ],
)
def test_kind_aliases(typ: str, kind: SchoolKind | None) -> None:
    assert parse_schools(_csv("namn;typ", f"Ekskolan;{typ}")).rows[0].kind == kind


def test_every_bad_row_is_reported_by_its_physical_line() -> None:
    long_name = "x" * 201
    parsed = parse_schools(
        _csv(
            "namn;typ;skolenhetskod;kanal;rektor",  # 1
            "Ekskolan;kommunal;12345678;C0EK00001;Anna",  # 2
            ";;;;",  # 3: an empty Excel row, skipped silently
            '"Berga',  # 4: a quoted name spanning two lines...
            'skolan";;;;',  # 5
            "Almskolan;;1234;;",  # 6
            ";kommunal;11111111;;",  # 7
            "Björkskolan;privat;;;",  # 8
            "Granskolan;;;#allmänt;",  # 9
            f"{long_name};;;;",  # 10
            "EKSKOLAN;;;;",  # 11
            "Lindskolan;;12345678;C0EK00001;",  # 12
            "Tallskolan;privat;١٢٣٤٥٦٧٨;;",  # 13: two reasons; Arabic-Indic digits are not digits here
        )
    )
    assert [(e.line, e.key, e.params) for e in parsed.errors] == [
        (6, "bad_code", {"value": "1234"}),
        (7, "name_missing", {}),
        (8, "unknown_kind", {"value": "privat"}),
        (9, "bad_channel", {"value": "#allmänt"}),
        (10, "name_too_long", {"limit": 200}),
        (11, "duplicate_name", {"value": "EKSKOLAN", "first": 2}),
        (12, "duplicate_code", {"value": "12345678", "first": 2}),
        (12, "duplicate_channel", {"value": "C0EK00001", "first": 2}),
        (13, "unknown_kind", {"value": "privat"}),
        (13, "bad_code", {"value": "١٢٣٤٥٦٧٨"}),
    ]
    assert [(row.line, row.name) for row in parsed.rows] == [(2, "Ekskolan"), (4, "Berga skolan")]
    assert parsed.ignored_columns == ["rektor"]


@pytest.mark.parametrize(
    ("data", "key"),
    [
        ("namn;typ\nSkolan i Håby;kommunal\n".encode("cp1252"), "not_utf8"),
        (b"", "no_header"),
        (b";;\nEkskolan;;\n", "no_header"),
        (_csv("skola;typ", "Ekskolan;kommunal"), "no_name_column"),
        (_csv("namn;name", "Ekskolan;Ekskolan"), "duplicate_column"),
    ],
)
def test_a_file_that_cannot_be_read_at_all(data: bytes, key: str) -> None:
    with pytest.raises(UnreadableFile) as raised:
        parse_schools(data)
    assert raised.value.key == key


@pytest.fixture
def sessions(database_url: str) -> Iterator[sessionmaker[Session]]:
    """A session factory on this test's clean database."""
    engine = make_engine(database_url)
    yield make_sessions(engine)
    engine.dispose()


def _seed(sessions: sessionmaker[Session], *schools: School) -> None:
    with sessions.begin() as session:
        for school in schools:
            add_school(session, school)


def _school(name: str, kind: SchoolKind = KOM, code: str | None = None, channel: str | None = None) -> School:
    at = datetime(2026, 1, 1, tzinfo=UTC)
    return School(
        team_id=TEAM, name=name, kind=kind, school_unit_code=code, channel_id=channel, created_at=at
    )


def _state(sessions: sessionmaker[Session], team: str = TEAM) -> set[tuple[str, str, str | None, str | None]]:
    with sessions.begin() as session:
        schools = list_schools(session, team_id=team)
        return {(s.name, s.kind.value, s.school_unit_code, s.channel_id) for s in schools}


def _audit(sessions: sessionmaker[Session]) -> list[tuple[str, str, str, str | None, str | None]]:
    with sessions.begin() as session:
        events = session.scalars(select(AuditEvent).order_by(AuditEvent.id))
        names = {s.id: s.name for s in list_schools(session, team_id=TEAM)}
        return [(e.team_id, e.actor_id, e.action, names.get(e.school_id or 0), e.detail) for e in events]


GOOD = _csv(
    "namn;typ;skolenhetskod;kanal",
    "Berzeliusskolan;kommunal;12345678;C0BERZELI",
    "Kunskapsbron;friskola;;",
    "Ekholmsskolan;;23456789;",
)


def test_an_import_creates_schools_and_audits_each(sessions: sessionmaker[Session], clock: FakeClock) -> None:
    report = Schools(sessions=sessions, clock=clock, audit=Auditor(clock=clock)).import_file(
        GOOD, team_id=TEAM
    )
    assert (report.created, report.updated, report.unchanged, report.errors) == (3, 0, 0, [])
    assert _state(sessions) == {
        ("Berzeliusskolan", "kommunal", "12345678", "C0BERZELI"),
        ("Kunskapsbron", "fristående", None, None),
        ("Ekholmsskolan", "kommunal", "23456789", None),
    }
    assert _audit(sessions) == [
        (TEAM, "cli", "school_imported", "Berzeliusskolan", None),
        (TEAM, "cli", "school_imported", "Kunskapsbron", None),
        (TEAM, "cli", "school_imported", "Ekholmsskolan", None),
    ]
    with sessions.begin() as session:
        assert {e.at for e in session.scalars(select(AuditEvent))} == {clock.now()}


def test_importing_the_same_file_twice_changes_nothing(
    sessions: sessionmaker[Session], clock: FakeClock
) -> None:
    schools = Schools(sessions=sessions, clock=clock, audit=Auditor(clock=clock))
    schools.import_file(GOOD, team_id=TEAM)
    before = (_state(sessions), _audit(sessions))
    report = schools.import_file(GOOD, team_id=TEAM)
    assert (report.created, report.updated, report.unchanged, report.errors) == (0, 0, 3, [])
    assert (_state(sessions), _audit(sessions)) == before


def test_a_school_is_matched_by_code_first_and_renamed(
    sessions: sessionmaker[Session], clock: FakeClock
) -> None:
    _seed(sessions, _school("Gamla skolan", code="12345678"))
    report = Schools(sessions=sessions, clock=clock, audit=Auditor(clock=clock)).import_file(
        _csv("namn;skolenhetskod", "Nya skolan;12345678"), team_id=TEAM
    )
    assert (report.created, report.updated) == (0, 1)
    assert _state(sessions) == {("Nya skolan", "kommunal", "12345678", None)}
    assert _audit(sessions) == [(TEAM, "cli", "school_updated", "Nya skolan", "name")]


def test_a_school_is_matched_by_name_ignoring_case_even_for_swedish_letters(
    sessions: sessionmaker[Session], clock: FakeClock
) -> None:
    _seed(sessions, _school("ÅSA SKOLA", code="12345678", channel="C0ASA0001"))
    data = _csv("namn;typ;skolenhetskod;kanal", "Åsa skola;fristående;;")
    report = Schools(sessions=sessions, clock=clock, audit=Auditor(clock=clock)).import_file(
        data, team_id=TEAM
    )
    assert (report.created, report.updated) == (0, 1)
    # Empty cells keep what the school has; the file's spelling of the name wins.
    assert _state(sessions) == {("Åsa skola", "fristående", "12345678", "C0ASA0001")}
    assert _audit(sessions) == [(TEAM, "cli", "school_updated", "Åsa skola", "name,kind")]


def test_an_empty_type_keeps_an_independent_school_independent(
    sessions: sessionmaker[Session], clock: FakeClock
) -> None:
    _seed(sessions, _school("Kunskapsbron", kind=FRI))
    report = Schools(sessions=sessions, clock=clock, audit=Auditor(clock=clock)).import_file(
        _csv("namn", "Kunskapsbron"), team_id=TEAM
    )
    assert (report.created, report.updated, report.unchanged) == (0, 0, 1)
    assert _state(sessions) == {("Kunskapsbron", "fristående", None, None)}


def test_conflicts_with_other_schools_are_bad_rows_and_the_good_rows_still_land(
    sessions: sessionmaker[Session], clock: FakeClock
) -> None:
    _seed(sessions, _school("Ekskolan", code="11111111", channel="C0EK00001"), _school("Almskolan"))
    data = _csv(
        "namn;skolenhetskod;kanal",
        "Björkskolan;;C0EK00001",  # 2: Ekskolan's channel
        "Almskolan;11111111;",  # 3: Ekskolan's code, Almskolan's name
        "Granskolan;;C0GRAN001",  # 4: good
    )
    report = Schools(sessions=sessions, clock=clock, audit=Auditor(clock=clock)).import_file(
        data, team_id=TEAM
    )
    assert report.errors == [
        RowError(2, "channel_taken", {"value": "C0EK00001", "school": "Ekskolan"}),
        RowError(3, "name_taken", {"value": "Almskolan"}),
    ]
    assert (report.created, report.updated, report.unchanged, report.bad_rows) == (1, 0, 0, 2)
    assert _state(sessions) == {
        ("Ekskolan", "kommunal", "11111111", "C0EK00001"),
        ("Almskolan", "kommunal", None, None),
        ("Granskolan", "kommunal", None, "C0GRAN001"),
    }


def test_another_workspace_is_neither_matched_nor_touched(
    sessions: sessionmaker[Session], clock: FakeClock
) -> None:
    other = _school("Berzeliusskolan", code="12345678", channel="C0BERZELI")
    other.team_id = "T0OTHER01"
    _seed(sessions, other)
    report = Schools(sessions=sessions, clock=clock, audit=Auditor(clock=clock)).import_file(
        GOOD, team_id=TEAM
    )
    assert (report.created, report.errors) == (3, [])
    assert _state(sessions, "T0OTHER01") == {("Berzeliusskolan", "kommunal", "12345678", "C0BERZELI")}
    assert ("Berzeliusskolan", "kommunal", "12345678", "C0BERZELI") in _state(sessions)


def test_a_school_written_meanwhile_rolls_the_whole_import_back(
    sessions: sessionmaker[Session], clock: FakeClock, monkeypatch: pytest.MonkeyPatch
) -> None:
    _seed(sessions, _school("Ekskolan", channel="C0EK00001"))
    # As if Ekskolan had been linked by the Slack command after the import read the schools.
    monkeypatch.setattr("bot.schools.list_schools", lambda session, *, team_id: [])
    data = _csv("namn;kanal", "Granskolan;", "Almskolan;C0EK00001")
    with pytest.raises(ImportConflict):
        Schools(sessions=sessions, clock=clock, audit=Auditor(clock=clock)).import_file(data, team_id=TEAM)
    assert _state(sessions) == {("Ekskolan", "kommunal", None, "C0EK00001")}
    assert _audit(sessions) == []
