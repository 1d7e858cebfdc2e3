"""Event deduplication in storage: exactly one claim per (team, event_id), on every backend."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

from storage.db import make_engine, make_sessions
from storage.events import claim_event, delete_events_before

NOW = datetime(2026, 11, 24, 7, 0, tzinfo=UTC)


def test_the_first_claim_wins_and_later_ones_lose(database_url: str) -> None:
    sessions = make_sessions(make_engine(database_url))
    with sessions.begin() as session:
        assert claim_event(session, team_id="T1", event_id="Ev1", at=NOW) is True
    with sessions.begin() as session:
        assert claim_event(session, team_id="T1", event_id="Ev1", at=NOW) is False
        assert claim_event(session, team_id="T2", event_id="Ev1", at=NOW) is True  # another workspace


def test_old_event_ids_are_forgotten(database_url: str) -> None:
    sessions = make_sessions(make_engine(database_url))
    with sessions.begin() as session:
        claim_event(session, team_id="T1", event_id="old", at=NOW - timedelta(days=2))
        claim_event(session, team_id="T1", event_id="new", at=NOW)
    with sessions.begin() as session:
        assert delete_events_before(session, before=NOW - timedelta(days=1)) == 1
    with sessions.begin() as session:
        assert claim_event(session, team_id="T1", event_id="old", at=NOW) is True
        assert claim_event(session, team_id="T1", event_id="new", at=NOW) is False
