"""Calendar feeds in storage, on every backend: found by hash only, one per school, revoked at once,
gone with the school; the migration goes down to 0009 and up again."""

from __future__ import annotations

from collections.abc import Iterator
from datetime import UTC, datetime, timedelta

import pytest
from sqlalchemy import delete, event, inspect
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import Session, sessionmaker

from bot.meetings.calendar_feeds import token_hash
from storage import migrate
from storage.calendar_feeds import (
    add_feed,
    delete_feed,
    delete_team_feeds,
    find_feed,
    get_feed,
    mark_served,
)
from storage.db import make_engine, make_sessions
from storage.models import CalendarFeed, School, SchoolKind
from storage.schools import add_school

NOW = datetime(2026, 11, 24, 7, 0, tzinfo=UTC)
TOKEN = "k" * 43


@pytest.fixture
def sessions(database_url: str) -> Iterator[sessionmaker[Session]]:
    engine = make_engine(database_url)
    yield make_sessions(engine)
    engine.dispose()


def _school(session: Session, team_id: str = "T1", name: str = "Berzeliusskolan") -> int:
    school = School(team_id=team_id, name=name, kind=SchoolKind.KOMMUNAL, channel_id=None, created_at=NOW)
    return add_school(session, school).id


def _feed(team_id: str, school_id: int, token: str = TOKEN) -> CalendarFeed:
    return CalendarFeed(
        team_id=team_id,
        school_id=school_id,
        token_hash=token_hash(token),
        lang="sv",
        created_by="U1",
        created_at=NOW,
    )


def test_a_feed_is_found_by_its_tokens_hash_and_the_token_is_in_no_column(
    sessions: sessionmaker[Session],
) -> None:
    with sessions.begin() as session:
        add_feed(session, _feed("T1", _school(session)))
    with sessions.begin() as session:
        found = find_feed(session, token_hash=token_hash(TOKEN))
        assert found is not None
        assert TOKEN not in repr([getattr(found, c.key) for c in inspect(CalendarFeed).columns])
        assert find_feed(session, token_hash=TOKEN) is None  # the token itself opens nothing
        assert find_feed(session, token_hash=token_hash("x" * 43)) is None


def test_one_feed_per_school_and_another_workspace_sees_none(sessions: sessionmaker[Session]) -> None:
    with sessions.begin() as session:
        school = _school(session)
        add_feed(session, _feed("T1", school))
    with sessions.begin() as session:
        assert get_feed(session, team_id="T2", school_id=school) is None
        assert delete_feed(session, team_id="T2", school_id=school) is False
    with pytest.raises(IntegrityError), sessions.begin() as session:
        add_feed(session, _feed("T1", school, token="y" * 43))


def test_revoking_removes_the_row_at_once_and_a_new_token_can_follow(sessions: sessionmaker[Session]) -> None:
    with sessions.begin() as session:
        school = _school(session)
        add_feed(session, _feed("T1", school))
    with sessions.begin() as session:
        assert delete_feed(session, team_id="T1", school_id=school) is True
        add_feed(session, _feed("T1", school, token="n" * 43))
    with sessions.begin() as session:
        assert find_feed(session, token_hash=token_hash(TOKEN)) is None
        assert find_feed(session, token_hash=token_hash("n" * 43)) is not None


def test_last_served_moves_only_when_the_body_changes(sessions: sessionmaker[Session]) -> None:
    with sessions.begin() as session:
        feed = add_feed(session, _feed("T1", _school(session)))
        feed_id = feed.id
    later, latest = NOW + timedelta(hours=1), NOW + timedelta(hours=2)
    with sessions.begin() as session:
        assert mark_served(session, team_id="T1", feed_id=feed_id, body_hash="a" * 64, at=NOW) == NOW
    with sessions.begin() as session:
        assert mark_served(session, team_id="T1", feed_id=feed_id, body_hash="a" * 64, at=later) == NOW
    with sessions.begin() as session:
        assert mark_served(session, team_id="T1", feed_id=feed_id, body_hash="b" * 64, at=latest) == latest


def test_the_feed_goes_when_its_school_goes(sessions: sessionmaker[Session]) -> None:
    with sessions.begin() as session:
        school, other = _school(session), _school(session, name="Ekholmsskolan")
        add_feed(session, _feed("T1", school))
        add_feed(session, _feed("T1", other, token="o" * 43))
    with sessions.begin() as session:
        session.execute(delete(School).where(School.team_id == "T1", School.id == school))
    with sessions.begin() as session:
        assert get_feed(session, team_id="T1", school_id=school) is None
        assert get_feed(session, team_id="T1", school_id=other) is not None


def test_the_migration_goes_down_to_0009_and_up_again(database_url: str) -> None:
    engine = make_engine(database_url)
    migrate.downgrade(engine, "0009")
    assert "calendar_feeds" not in inspect(engine).get_table_names()
    migrate.upgrade(engine)
    columns = {c["name"] for c in inspect(engine).get_columns("calendar_feeds")}
    assert {"team_id", "school_id", "token_hash", "served_hash", "served_since"} <= columns
    assert "token" not in columns
    assert migrate.is_current(engine)
    engine.dispose()


def test_serving_the_same_body_again_writes_nothing(sessions: sessionmaker[Session]) -> None:
    # On SQLite even an UPDATE matching no row takes the writer lock: a poll must not queue behind writers.
    with sessions.begin() as session:
        feed_id = add_feed(session, _feed("T1", _school(session))).id
    with sessions.begin() as session:
        mark_served(session, team_id="T1", feed_id=feed_id, body_hash="a" * 64, at=NOW)
    statements: list[str] = []
    engine = sessions.kw["bind"]

    def seen(conn: object, cursor: object, statement: str, *args: object) -> None:
        statements.append(statement.split()[0].upper())

    event.listen(engine, "before_cursor_execute", seen)
    try:
        with sessions.begin() as session:
            mark_served(
                session, team_id="T1", feed_id=feed_id, body_hash="a" * 64, at=NOW + timedelta(hours=1)
            )
    finally:
        event.remove(engine, "before_cursor_execute", seen)
    assert "SELECT" in statements
    assert "UPDATE" not in statements


def test_a_removed_workspace_loses_every_feed_and_no_other(sessions: sessionmaker[Session]) -> None:
    with sessions.begin() as session:
        add_feed(session, _feed("T1", _school(session)))
        add_feed(session, _feed("T1", _school(session, name="Ekholmsskolan"), token="o" * 43))
        kept = _school(session, team_id="T2")
        add_feed(session, _feed("T2", kept, token="p" * 43))
    with sessions.begin() as session:
        assert delete_team_feeds(session, team_id="T1") == 2
    with sessions.begin() as session:
        assert find_feed(session, token_hash=token_hash(TOKEN)) is None
        assert find_feed(session, token_hash=token_hash("o" * 43)) is None
        assert get_feed(session, team_id="T2", school_id=kept) is not None
