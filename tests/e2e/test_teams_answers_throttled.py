"""An answer Teams throttles (429) is sent again after the Retry-After, within the request's budget.

Through the real Teams SDK and the local stand-in's injected faults. The waits go through the test's
clock (the stand-in's too), so nothing sleeps. Skipped where the `teams` extra is not installed
(required in CI).
"""

from __future__ import annotations

import logging
import os
from collections.abc import Iterator
from datetime import timedelta

import pytest

from bot.app import Bryggan
from bot.clock import FakeClock
from localteams import Driver, LocalTeams
from localteams.faults import FaultKind
from tests.teamsbed import RITA, install_personal, serve_teams, teams_only_settings

if not os.environ.get("CI"):
    pytest.importorskip("microsoft_teams.apps")


settings = teams_only_settings(RITA)


@pytest.fixture
def waits() -> list[float]:
    return []


@pytest.fixture
def driver(teams: LocalTeams, bryggan: Bryggan, clock: FakeClock, waits: list[float]) -> Iterator[Driver]:
    async def pause(seconds: float) -> None:  # Teams' wait, on the test's clock
        waits.append(seconds)
        clock.advance(timedelta(seconds=seconds))

    with serve_teams(teams, bryggan, clock, pause=pause) as driver:
        yield driver


@pytest.fixture
def chat(teams: LocalTeams, driver: Driver) -> str:
    """Rita's chat with Bryggan, its home card there before any fault is injected."""
    return install_personal(teams, driver, RITA).id


def _help(teams: LocalTeams, driver: Driver, chat: str) -> list[str]:
    """Rita writes `hjälp` in her chat with Bryggan; the answers Teams holds there afterwards."""
    driver.message(RITA, chat, "hjälp")
    return [str(a.cards[0]) for a in teams.posted(chat)[1:] if a.cards]  # after the home card


def test_an_answer_throttled_twice_is_sent_after_each_wait(
    teams: LocalTeams, driver: Driver, chat: str, waits: list[float], clock: FakeClock
) -> None:
    teams.faults.inject("activities.send", FaultKind.THROTTLED, times=2, retry_after=3)
    started = clock.now()
    answered = _help(teams, driver, chat)
    assert len(answered) == 1
    assert "kontakt" in answered[0]
    assert waits == [3, 3]  # Teams' Retry-After, each time
    assert clock.now() - started == timedelta(seconds=6)
    assert teams.faults.fired == [("activities.send", FaultKind.THROTTLED)] * 2


def test_an_answer_throttled_past_the_budget_is_given_up_and_logged_without_its_words(
    teams: LocalTeams, driver: Driver, chat: str, waits: list[float], caplog: pytest.LogCaptureFixture
) -> None:
    caplog.set_level(logging.INFO, logger="bryggan.handlers")
    teams.faults.inject("activities.send", FaultKind.THROTTLED, retry_after=30)  # past the 10 s budget
    assert _help(teams, driver, chat) == []
    assert waits == []  # nothing waited for what cannot be sent in time
    [given_up] = [r for r in caplog.records if r.getMessage() == "teams answer throttled, not sent"]
    assert (given_up.retry_after, given_up.attempts) == (30, 1)  # type: ignore[attr-defined]


def test_an_answer_throttled_three_times_is_given_up_after_two_retries(
    teams: LocalTeams, driver: Driver, chat: str, waits: list[float]
) -> None:
    teams.faults.inject("activities.send", FaultKind.THROTTLED, times=3, retry_after=1)
    assert _help(teams, driver, chat) == []
    assert waits == [1, 1]
