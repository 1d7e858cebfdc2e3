"""The follow-up test bed: a term of known activity at two schools of the test municipality (cases,
contacts and deputies, absences, meeting series and their changes, notes, agenda items)."""

from __future__ import annotations

from datetime import date, datetime, time
from pathlib import Path
from typing import Any

import pytest

from bot.app import Bryggan
from bot.settings import Settings
from localslack import LocalSlack, Workspace
from storage.models import (
    Absence,
    AgendaItem,
    Assignment,
    Consultation,
    ConsultationStatus,
    MeetingChange,
    MeetingNote,
    MeetingSeries,
    Role,
    School,
    SchoolKind,
)
from tests.conftest import STOCKHOLM
from tests.slackbed import CHANNELS, PEOPLE, TEAM, test_settings

SARA, OMAR, ADMIN = PEOPLE.sara, PEOPLE.omar, PEOPLE.admin


def _at(*parts: int) -> datetime:
    return datetime(*parts, tzinfo=STOCKHOLM)  # type: ignore[misc]


# A test module takes its fixtures as `settings = term_settings()` and `seeded = seeded_term()`.
def term_settings() -> Any:
    """A `settings` fixture: the test municipality's settings with the autumn break of 2026 (week 44)."""

    @pytest.fixture(name="settings")
    def settings(database_url: str, slack: LocalSlack, workspace: Workspace, tmp_path: Path) -> Settings:
        breaks = tmp_path / "lov.csv"
        breaks.write_text("\ufeffname;first;last;week\nHöstlov;;;2026-W44\n", encoding="utf-8")
        return test_settings(database_url=database_url, api_url=slack.api_url, school_breaks=breaks)

    return settings


def seeded_term() -> Any:
    """A `seeded` fixture: the term of known activity written to the database, the two schools' ids."""

    @pytest.fixture(name="seeded")
    def seeded(bryggan: Bryggan) -> tuple[int, int]:
        return _seed(bryggan)

    return seeded


# (received, acknowledged, areas, grade, outcome): school A has seven cases, school B two.
CASES_A = [
    (_at(2026, 9, 7, 9, 0), _at(2026, 9, 7, 10, 0), ["franvaro"], "8", "rad_lamnat"),  # 1 h
    (
        _at(2026, 9, 7, 16, 0),
        _at(2026, 9, 8, 9, 0),
        ["franvaro", "psykisk_ohalsa"],
        "7",
        "orosanmalan_rekommenderas",
    ),
    (_at(2026, 9, 11, 16, 30), _at(2026, 9, 14, 10, 30), ["vald"], "9", "orosanmalan_rekommenderas"),  # 3 h
    (_at(2026, 10, 7, 8, 0), _at(2026, 10, 7, 12, 0), ["psykisk_ohalsa"], "4", "hanvisad"),  # 4 h
    (_at(2026, 10, 8, 8, 0), _at(2026, 10, 9, 8, 0), ["franvaro"], "5", None),  # 9 h, still open
    (_at(2026, 11, 2, 10, 0), _at(2026, 11, 2, 20, 0), ["annat"], "gy1", "fortsatt_kontakt"),  # 7 h
    (_at(2026, 11, 3, 8, 0), None, ["omsorgssvikt"], "2", None),  # never acknowledged
]
CASES_B = [
    (_at(2026, 9, 15, 9, 0), _at(2026, 9, 15, 9, 30), ["franvaro"], "8", "rad_lamnat"),  # 0.5 h
    (_at(2026, 9, 15, 13, 0), _at(2026, 9, 15, 16, 0), ["vald"], "6", None),  # 3 h
]


def _seed(bryggan: Bryggan) -> tuple[int, int]:
    with bryggan.sessions.begin() as session:
        a = School(
            team_id=TEAM,
            name="Berzeliusskolan",
            kind=SchoolKind.KOMMUNAL,
            channel_id=CHANNELS.berzelius,
            created_at=_at(2026, 1, 1),
        )
        b = School(
            team_id=TEAM,
            name="Ekholmsskolan",
            kind=SchoolKind.KOMMUNAL,
            channel_id=CHANNELS.ekholm,
            created_at=_at(2026, 1, 1),
        )
        session.add_all([a, b])
        session.flush()
        for school, cases in ((a, CASES_A), (b, CASES_B)):
            for n, (received, acked, areas, grade, outcome) in enumerate(cases, start=1):
                session.add(_case(school.id, n + 100 * school.id, received, acked, areas, grade, outcome))
        session.add_all(
            [
                _assignment(a.id, SARA, Role.CONTACT, _at(2026, 6, 1, 9, 0)),
                _assignment(a.id, OMAR, Role.DEPUTY, _at(2026, 6, 1, 9, 0)),
                _assignment(b.id, SARA, Role.CONTACT, _at(2026, 9, 1, 9, 0), _at(2026, 10, 19, 10, 0)),
                _assignment(b.id, OMAR, Role.CONTACT, _at(2026, 10, 19, 10, 0)),
                _absence(SARA, date(2026, 10, 12), date(2026, 10, 16)),
                _absence(OMAR, date(2026, 10, 15), date(2026, 10, 15)),
                _absence(SARA, date(2026, 11, 2), date(2026, 11, 3)),
                _series(a.id, 1, time(13, 15), date(2026, 10, 6), None),
                _series(b.id, 0, time(10, 0), date(2026, 8, 17), date(2026, 9, 6)),
                _series(b.id, 3, time(9, 0), date(2026, 9, 10), None),
                _change(a.id, date(2026, 11, 10), "cancelled"),
                _change(a.id, date(2026, 11, 17), "moved", date(2026, 11, 18), time(14, 0)),
                *(_note(a.id, day) for day in (date(2026, 10, 6), date(2026, 10, 13), date(2026, 11, 17))),
                *(_item(a.id, day) for day in (date(2026, 10, 6), date(2026, 10, 6), date(2026, 11, 24))),
            ]
        )
        return a.id, b.id


def _case(
    school_id: int,
    seq: int,
    received: datetime,
    acked: datetime | None,
    areas: list[str],
    grade: str,
    outcome: str | None,
) -> Consultation:
    return Consultation(
        team_id=TEAM,
        year=2026,
        seq=seq,
        school_id=school_id,
        asker_id=PEOPLE.rektor,
        grade=grade,
        areas=areas,
        reach="dm",
        description=None,
        routed_to=SARA,
        status=ConsultationStatus.CLOSED if outcome else ConsultationStatus.OPEN,
        received_at=received,
        acknowledged_at=acked,
        acknowledged_by=SARA if acked else None,
        closed_at=acked if outcome else None,
        outcome=outcome,
    )


def _assignment(
    school_id: int, person: str, role: Role, start: datetime, end: datetime | None = None
) -> Assignment:
    return Assignment(
        team_id=TEAM,
        school_id=school_id,
        person_id=person,
        role=role,
        starts_at=start,
        ends_at=end,
        assigned_by=ADMIN,
    )


def _absence(person: str, first: date, last: date) -> Absence:
    return Absence(
        team_id=TEAM,
        person_id=person,
        first_day=first,
        last_day=last,
        created_by=person,
        created_at=_at(2026, 8, 1),
    )


def _series(school_id: int, weekday: int, start: time, anchor: date, ended: date | None) -> MeetingSeries:
    return MeetingSeries(
        team_id=TEAM,
        school_id=school_id,
        weekday=weekday,
        start_time=start,
        every_weeks=1,
        anchor=anchor,
        duration_minutes=60,
        place=None,
        remind_at=time(8),
        contact_lead_minutes=60,
        ended_on=ended,
        updated_by=ADMIN,
        updated_at=_at(2026, 8, 1),
    )


def _change(
    school_id: int, day: date, kind: str, new_day: date | None = None, new_start: time | None = None
) -> MeetingChange:
    return MeetingChange(
        team_id=TEAM,
        school_id=school_id,
        day=day,
        kind=kind,
        new_day=new_day,
        new_start=new_start,
        created_by=ADMIN,
        created_at=_at(2026, 8, 1),
    )


def _note(school_id: int, day: date) -> MeetingNote:
    return MeetingNote(
        team_id=TEAM,
        school_id=school_id,
        day=day,
        decisions="Rutin beslutad.",
        actions=None,
        follow_up=None,
        author_id=PEOPLE.rektor,
        recorded_at=_at(2026, 11, 20),
    )


def _item(school_id: int, day: date) -> AgendaItem:
    return AgendaItem(
        team_id=TEAM,
        school_id=school_id,
        day=day,
        text="Frånvarorutin",
        author_id=PEOPLE.rektor,
        created_at=_at(2026, 10, 1),
    )


def _report(bryggan: Bryggan):  # type: ignore[no-untyped-def]
    followup = bryggan.services.followup
    return followup.report(TEAM, followup.term(TEAM, "HT2026"))
