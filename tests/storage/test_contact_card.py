"""The contact card read in one query says what the separate reads of coverage and profiles say."""

from __future__ import annotations

from datetime import UTC, date, datetime, timedelta
from zoneinfo import ZoneInfo

import pytest
from sqlalchemy.orm import Session, sessionmaker

from bot.clock import FakeClock, LocalClock
from bot.contacts import reading
from bot.contacts.coverage import Acting
from bot.contacts.views import Profile, SchoolStatus
from storage.contacts import serving_people
from storage.db import make_engine, make_sessions
from storage.models import Absence, Assignment, ContactProfile, Role, School, SchoolKind

STOCKHOLM = ZoneInfo("Europe/Stockholm")
TODAY = date(2026, 11, 24)
CLOCK = LocalClock(FakeClock(datetime(2026, 11, 24, 8, 0, tzinfo=STOCKHOLM)), STOCKHOLM)
LONG_AGO = datetime(2025, 8, 11, 23, 30, tzinfo=UTC)  # 12 August in Stockholm: the local day counts


def _school(session: Session, name: str, channel: str, team: str = "T1") -> School:
    school = School(
        team_id=team, name=name, kind=SchoolKind.KOMMUNAL, channel_id=channel, created_at=LONG_AGO
    )
    session.add(school)
    session.flush()
    return school


def _seat(session: Session, school: School, role: Role, person: str, *, ended: bool = False) -> None:
    session.add(
        Assignment(
            team_id=school.team_id,
            school_id=school.id,
            person_id=person,
            role=role,
            starts_at=LONG_AGO,
            ends_at=LONG_AGO + timedelta(days=30) if ended else None,
            assigned_by="UADMIN",
        )
    )


def _away(
    session: Session, person: str, first: date, last: date, *, team: str = "T1", cancelled: bool = False
) -> None:
    session.add(
        Absence(
            team_id=team,
            person_id=person,
            first_day=first,
            last_day=last,
            created_by="UADMIN",
            created_at=LONG_AGO,
            cancelled_at=LONG_AGO if cancelled else None,
        )
    )


def _profile(session: Session, person: str, title: str | None, phone: str | None, team: str = "T1") -> None:
    session.add(
        ContactProfile(
            team_id=team, person_id=person, title=title, phone=phone, reachable=None, updated_at=LONG_AGO
        )
    )


def _composed(
    session: Session, channel: str, team: str = "T1"
) -> tuple[SchoolStatus, dict[str, Profile]] | None:
    """The card as the separate reads give it (school, then coverage, then profiles)."""
    school = session.query(School).filter_by(team_id=team, channel_id=channel).one_or_none()
    if school is None:
        return None
    [status] = reading.statuses_now(session, CLOCK, team_id=team, schools=[school])
    people = [p for p in (status.coverage.contact, status.coverage.deputy) if p]
    return status, reading.profiles(session, team_id=team, person_ids=people)


@pytest.fixture
def sessions(database_url: str) -> sessionmaker[Session]:
    sessions = make_sessions(make_engine(database_url))
    with sessions.begin() as session:
        # A vacant school; one with both seats filled (an ended period and another team's data beside).
        _school(session, "Vakansskolan", "CVACANT")
        both = _school(session, "Berzeliusskolan", "CBERZ")
        _seat(session, both, Role.CONTACT, "UOLD", ended=True)
        _seat(session, both, Role.CONTACT, "USARA")
        _seat(session, both, Role.DEPUTY, "UOMAR")
        _profile(session, "USARA", "Socialsekreterare", "013-12 34 56")
        _profile(session, "USARA", "Someone else's", "000", team="T2")
        _away(session, "USARA", TODAY - timedelta(days=1), TODAY + timedelta(days=3))
        _away(session, "USARA", TODAY, TODAY + timedelta(days=9))  # the later end counts
        _away(session, "USARA", TODAY, TODAY + timedelta(days=20), cancelled=True)
        _away(session, "UOMAR", TODAY + timedelta(days=1), TODAY + timedelta(days=5))  # not today
        _away(session, "UOMAR", TODAY - timedelta(days=2), TODAY + timedelta(days=2), team="T2")
        # The same person holds both seats; away until today inclusive.
        same = _school(session, "Ekholmsskolan", "CSAME")
        _seat(session, same, Role.CONTACT, "UEVA")
        _seat(session, same, Role.DEPUTY, "UEVA")
        _away(session, "UEVA", TODAY - timedelta(days=5), TODAY)
        # Only a deputy.
        deputy_only = _school(session, "Lambohovsskolan", "CDEPUTY")
        _seat(session, deputy_only, Role.DEPUTY, "UOMAR")
        other_team = _school(session, "Berzeliusskolan", "CBERZ", team="T2")
        _seat(session, other_team, Role.CONTACT, "UKIM")
    return sessions


@pytest.mark.parametrize("channel", ["CVACANT", "CBERZ", "CSAME", "CDEPUTY", "CNOWHERE"])
def test_one_query_gives_the_card_the_separate_reads_give(
    sessions: sessionmaker[Session], channel: str
) -> None:
    with sessions.begin() as session:
        assert reading.card_of_channel(
            session.connection(), CLOCK, team_id="T1", channel_id=channel
        ) == _composed(session, channel)


def test_the_card_names_who_acts_and_until_when_the_absent_are_away(sessions: sessionmaker[Session]) -> None:
    with sessions.begin() as session:
        found = reading.card_of_channel(session.connection(), CLOCK, team_id="T1", channel_id="CBERZ")
        vacant = reading.card_of_channel(session.connection(), CLOCK, team_id="T1", channel_id="CVACANT")
        same = reading.card_of_channel(session.connection(), CLOCK, team_id="T1", channel_id="CSAME")
        other = reading.card_of_channel(session.connection(), CLOCK, team_id="T2", channel_id="CBERZ")
    assert found is not None
    assert vacant is not None
    assert same is not None
    assert other is not None
    status, profiles = found
    assert (status.name, status.coverage.acting, status.coverage.deputy) == (
        "Berzeliusskolan",
        Acting.DEPUTY,
        "UOMAR",
    )
    assert status.coverage.contact_away_until == TODAY + timedelta(days=9)
    assert status.coverage.deputy_away_until is None
    assert status.contact_since == date(2025, 8, 12)
    assert profiles == {"USARA": Profile("Socialsekreterare", "013-12 34 56", None), "UOMAR": Profile()}
    assert vacant[0].coverage.vacant
    assert vacant[1] == {}
    assert same[0].coverage.acting is Acting.NOBODY
    assert same[0].coverage.contact_away_until == TODAY
    assert other[0].coverage.contact == "UKIM"
    assert other[1] == {"UKIM": Profile()}


def test_the_people_serving_now_are_the_open_seats_of_the_workspace(sessions: sessionmaker[Session]) -> None:
    with sessions.begin() as session:
        serving = serving_people(session, team_id="T1")
    assert {"USARA", "UOMAR"} <= serving  # a contact and a deputy now
    assert "UOLD" not in serving  # an ended period: someone who has left is offered nothing
