"""Kept card reads: a write through the process ends them at once, another process's within the bound."""

from __future__ import annotations

from datetime import UTC, date, datetime
from typing import Any

import pytest
from sqlalchemy import Engine, event, text
from sqlalchemy.orm import Session, sessionmaker

import storage.cards
from storage.cards import OTHER_WRITERS_SECONDS, CardSeats
from storage.db import make_engine, make_sessions
from storage.models import School, SchoolKind

TODAY = date(2026, 11, 24)


class Ticks:
    """A monotonic clock the test moves."""

    def __init__(self) -> None:
        self.now = 100.0

    def __call__(self) -> float:
        return self.now


@pytest.fixture
def engine(database_url: str) -> Any:
    engine = make_engine(database_url)
    with make_sessions(engine).begin() as session:
        session.add(
            School(
                team_id="T1",
                name="Berzeliusskolan",
                kind=SchoolKind.KOMMUNAL,
                channel_id="CBERZ",
                created_at=datetime(2025, 8, 12, tzinfo=UTC),
            )
        )
    yield engine
    engine.dispose()


@pytest.fixture
def queries(engine: Engine) -> list[str]:
    """The statements the engine runs (reads included)."""
    seen: list[str] = []
    event.listen(engine, "before_cursor_execute", lambda *args: seen.append(args[2]))
    return seen


def _name(seats: CardSeats) -> str | None:
    found = seats.school_seats(team_id="T1", channel_id="CBERZ", today=TODAY)
    return found.name if found else None


def _rename_unwatched(engine: Engine, name: str) -> None:
    """As another process would: past this process's engines and their watch."""
    raw = engine.raw_connection()
    try:
        cursor = raw.cursor()
        rename = "UPDATE schools SET name = ? WHERE channel_id = 'CBERZ'"
        cursor.execute(rename if engine.dialect.name == "sqlite" else rename.replace("?", "%s"), (name,))
        raw.commit()
    finally:
        raw.close()


def test_a_kept_read_answers_until_a_write_through_this_process(engine: Engine, queries: list[str]) -> None:
    seats = CardSeats(make_sessions(engine), seconds=3600)
    assert _name(seats) == "Berzeliusskolan"
    read = len(queries)
    assert _name(seats) == "Berzeliusskolan"
    assert len(queries) == read  # kept: no statement at all
    with make_sessions(engine).begin() as session:  # the ORM
        session.query(School).filter_by(channel_id="CBERZ").one().name = "Berzeliusskolan F–9"
    assert _name(seats) == "Berzeliusskolan F–9"
    with engine.begin() as connection:  # plain SQL counts as a write too
        connection.execute(text("UPDATE schools SET name = 'Nya Berzelius' WHERE channel_id = 'CBERZ'"))
    assert _name(seats) == "Nya Berzelius"


def test_another_engine_of_the_process_ends_kept_reads(engine: Engine, database_url: str) -> None:
    seats = CardSeats(make_sessions(engine), seconds=3600)
    assert _name(seats) == "Berzeliusskolan"
    other = make_engine(database_url)
    try:
        with make_sessions(other).begin() as session:
            session.query(School).filter_by(channel_id="CBERZ").one().name = "Berzeliusskolan F–9"
    finally:
        other.dispose()
    assert _name(seats) == "Berzeliusskolan F–9"


def test_a_write_the_watch_cannot_see_shows_within_the_bound(engine: Engine) -> None:
    ticks = Ticks()
    seats = CardSeats(make_sessions(engine), monotonic=ticks)
    assert _name(seats) == "Berzeliusskolan"
    _rename_unwatched(engine, "Berzeliusskolan F–9")
    ticks.now += OTHER_WRITERS_SECONDS - 0.01
    assert _name(seats) == "Berzeliusskolan"  # the kept read, younger than the bound
    ticks.now += 0.01
    assert _name(seats) == "Berzeliusskolan F–9"


def test_a_write_committed_during_a_read_leaves_that_read_unused(
    engine: Engine, monkeypatch: pytest.MonkeyPatch
) -> None:
    sessions: sessionmaker[Session] = make_sessions(engine)
    seats = CardSeats(sessions, seconds=3600)
    read = storage.cards.school_seats

    def read_then_someone_writes(*args: Any, **kwargs: Any) -> Any:
        found = read(*args, **kwargs)
        monkeypatch.setattr(storage.cards, "school_seats", read)  # once
        with sessions.begin() as session:
            session.query(School).filter_by(channel_id="CBERZ").one().name = "Berzeliusskolan F–9"
        return found

    monkeypatch.setattr(storage.cards, "school_seats", read_then_someone_writes)
    assert _name(seats) == "Berzeliusskolan"  # read before the write committed
    assert _name(seats) == "Berzeliusskolan F–9"


def test_each_day_is_read_apart(engine: Engine, queries: list[str]) -> None:
    seats = CardSeats(make_sessions(engine), seconds=3600)
    seats.school_seats(team_id="T1", channel_id="CBERZ", today=TODAY)
    read = len(queries)
    seats.school_seats(team_id="T1", channel_id="CBERZ", today=date(2026, 11, 25))
    assert len(queries) > read
