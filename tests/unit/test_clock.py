"""The clock per workspace: one instant for everyone, each workspace's day and wall clock in its zone."""

from __future__ import annotations

from datetime import date, datetime
from zoneinfo import ZoneInfo

from bot.clock import FakeClock, LocalClock, WorkspaceClocks, one_zone
from tests.conftest import STOCKHOLM

NEW_YORK = ZoneInfo("America/New_York")
ZONES = {"T0STHLM01": STOCKHOLM, "T0NEWYRK2": NEW_YORK}


def _clocks(fake: FakeClock, asked: list[str] | None = None) -> WorkspaceClocks:
    def zone_of(team_id: str) -> ZoneInfo:
        if asked is not None:
            asked.append(team_id)
        return ZONES[team_id]

    return WorkspaceClocks(fake, zone_of=zone_of)


def test_each_workspace_has_its_own_today_around_midnight() -> None:
    fake = FakeClock(datetime(2026, 11, 25, 2, 0, tzinfo=STOCKHOLM))  # 20:00 the evening before in New York
    clocks = _clocks(fake)
    stockholm, new_york = clocks.for_team("T0STHLM01"), clocks.for_team("T0NEWYRK2")
    assert stockholm.today() == date(2026, 11, 25)
    assert new_york.today() == date(2026, 11, 24)
    assert f"{new_york.local(fake.now()):%Y-%m-%d %H:%M %Z}" == "2026-11-24 20:00 EST"
    assert stockholm.now() == new_york.now() == clocks.now() == fake.now()


def test_the_zone_is_asked_when_a_workspaces_clock_is_taken_and_follows_the_fake_time() -> None:
    fake, asked = FakeClock(datetime(2026, 11, 24, 8, 0, tzinfo=STOCKHOLM)), []
    clocks = _clocks(fake, asked)
    new_york = clocks.for_team("T0NEWYRK2")
    assert asked == ["T0NEWYRK2"]
    assert new_york.today() == date(2026, 11, 24)  # 02:00 there
    fake.set(datetime(2026, 11, 25, 5, 59, tzinfo=STOCKHOLM))
    assert new_york.today() == date(2026, 11, 24)  # 23:59 there: still the same day
    fake.set(datetime(2026, 11, 25, 6, 0, tzinfo=STOCKHOLM))
    assert new_york.today() == date(2026, 11, 25)
    assert asked == ["T0NEWYRK2"]  # the LocalClock handed down keeps its zone: no second look-up


def test_one_zone_gives_every_workspace_the_same_clock_as_a_single_local_clock() -> None:
    fake = FakeClock(datetime(2026, 3, 29, 1, 30, tzinfo=STOCKHOLM))  # the night summer time begins
    single = LocalClock(fake, STOCKHOLM)
    for team_id in ("T0STHLM01", "T0NEWYRK2", "T0ANYTHING"):
        clock = one_zone(fake, STOCKHOLM).for_team(team_id)
        assert (clock.zone, clock.today(), clock.local(fake.now())) == (
            single.zone,
            single.today(),
            single.local(fake.now()),
        )
