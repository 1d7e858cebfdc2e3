"""Fixtures: a clean database per test (SQLite, or PostgreSQL via BRYGGAN_TEST_DATABASE_URL)."""

from __future__ import annotations

import os
from collections.abc import Iterator
from datetime import datetime
from pathlib import Path
from zoneinfo import ZoneInfo

import pytest

from bot.clock import FakeClock
from tests.databases import TestDatabase, postgres_database, sqlite_database

STOCKHOLM = ZoneInfo("Europe/Stockholm")


@pytest.fixture(scope="session")
def test_database(tmp_path_factory: pytest.TempPathFactory) -> Iterator[TestDatabase]:
    """The backend for this run, migrated once."""
    server = os.environ.get("BRYGGAN_TEST_DATABASE_URL")
    if server:
        with postgres_database(server) as database:
            yield database
    else:
        with sqlite_database(tmp_path_factory.mktemp("db")) as database:
            yield database


@pytest.fixture
def database_url(test_database: TestDatabase, tmp_path: Path) -> str:
    """A clean, migrated database for this test."""
    return test_database.fresh(tmp_path)


@pytest.fixture
def clock() -> FakeClock:
    """Tuesday 24 November 2026, 08:00 in Stockholm; tests move it, nothing sleeps."""
    return FakeClock(datetime(2026, 11, 24, 8, 0, tzinfo=STOCKHOLM))


@pytest.fixture(autouse=True)
def _no_ambient_settings(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    # Tests build their settings explicitly: neither the developer's shell nor a .env may leak in.
    for name in list(os.environ):
        if name.startswith(("SLACK_", "BRYGGAN_")) and name != "BRYGGAN_TEST_DATABASE_URL":
            monkeypatch.delenv(name)
    monkeypatch.delenv("DATABASE_URL", raising=False)
    monkeypatch.chdir(tmp_path)
