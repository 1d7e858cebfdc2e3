"""Fixtures: a clean database per test (SQLite, or PostgreSQL via BRYGGAN_TEST_DATABASE_URL), the
local Slack and Teams stand-ins, and Bryggan built as in production and served over HTTP against it."""

from __future__ import annotations

import gc
import os
from collections.abc import Iterator
from datetime import datetime
from pathlib import Path
from zoneinfo import ZoneInfo

import pytest

from bot.app import Bryggan, build
from bot.clock import FakeClock
from bot.settings import Settings
from localslack import Driver, LocalSlack, Workspace
from localteams import LocalTeams
from tests.databases import TestDatabase, postgres_database, sqlite_database
from tests.slackbed import TEAM, add_test_workspace, serve_http, test_settings
from tests.teamsbed import add_test_tenant

STOCKHOLM = ZoneInfo("Europe/Stockholm")


def pytest_collection_finish(session: pytest.Session) -> None:
    """What importing and collecting built lives for the whole run: the collector's full passes
    skip it, as they skip a started Bryggan's (bot/cli/run.py). Those passes stop every thread,
    the stand-in's clock for an ack included."""
    gc.collect()
    gc.freeze()


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
        if name.startswith(("SLACK_", "BRYGGAN_", "TEAMS_")) and name != "BRYGGAN_TEST_DATABASE_URL":
            monkeypatch.delenv(name)
    monkeypatch.delenv("DATABASE_URL", raising=False)
    monkeypatch.chdir(tmp_path)


@pytest.fixture
def slack(clock: FakeClock) -> Iterator[LocalSlack]:
    """The local Slack stand-in on loopback, sharing the test's clock."""
    stand_in = LocalSlack(clock=clock.timestamp).start()
    yield stand_in
    stand_in.stop()


@pytest.fixture
def teams(clock: FakeClock) -> Iterator[LocalTeams]:
    """The local Teams stand-in on loopback with the test tenant, sharing the test's clock."""
    stand_in = LocalTeams(clock=clock.timestamp).start()
    add_test_tenant(stand_in)
    yield stand_in
    stand_in.stop()


@pytest.fixture
def workspace(slack: LocalSlack) -> Workspace:
    """The test municipality's workspace on the stand-in."""
    return add_test_workspace(slack)


@pytest.fixture
def settings(database_url: str, slack: LocalSlack, workspace: Workspace) -> Settings:
    """Settings pointing Bryggan at the stand-in and this test's database."""
    return test_settings(database_url=database_url, api_url=slack.api_url)


@pytest.fixture
def bryggan(settings: Settings, clock: FakeClock) -> Iterator[Bryggan]:
    """Bryggan, built as in production but with the test clock (the database is already migrated)."""
    app = build(settings, clock=clock, run_migrations=False)
    yield app
    app.close()


@pytest.fixture
def bryggan_url(bryggan: Bryggan) -> Iterator[str]:
    """Bryggan's HTTP mode served on a free loopback port."""
    with serve_http(bryggan) as url:
        yield url


@pytest.fixture
def driver(slack: LocalSlack, bryggan_url: str) -> Driver:
    """Sends Bryggan signed requests exactly as Slack would, over HTTP."""
    return Driver(slack, team_id=TEAM, target="http", url=f"{bryggan_url}/slack/events")
