"""Injected time: domain code asks a Clock, never `datetime.now()`."""

from __future__ import annotations

import threading
from collections.abc import Callable
from datetime import UTC, date, datetime, timedelta
from typing import Protocol
from zoneinfo import ZoneInfo


class Clock(Protocol):
    def now(self) -> datetime:
        """The current instant, timezone-aware UTC."""
        ...


class LocalClock:
    """The injected clock read in one workspace's zone: a use case's "now", "today" and wall clock."""

    def __init__(self, clock: Clock, zone: ZoneInfo) -> None:
        self._clock = clock
        self.zone = zone

    def now(self) -> datetime:
        """The current instant, timezone-aware UTC."""
        return self._clock.now()

    def today(self) -> date:
        """The workspace's calendar day now."""
        return self.local(self._clock.now()).date()

    def local(self, instant: datetime) -> datetime:
        """`instant` as wall-clock time in the workspace's zone."""
        return instant.astimezone(self.zone)


class WorkspaceClocks:
    """The clock every service shares: "now" is one instant everywhere, while "today" and the wall
    clock belong to a workspace (`for_team`), each in its own time zone.

    `zone_of` answers a workspace's zone (its own setting, else the environment's) and may read the
    database: a use case asks `for_team` before its unit of work and hands the LocalClock down.
    """

    def __init__(self, clock: Clock, *, zone_of: Callable[[str], ZoneInfo]) -> None:
        self._clock = clock
        self._zone_of = zone_of

    def now(self) -> datetime:
        """The current instant, timezone-aware UTC."""
        return self._clock.now()

    def for_team(self, team_id: str) -> LocalClock:
        """The clock read in `team_id`'s time zone."""
        return LocalClock(self._clock, self._zone_of(team_id))


def one_zone(clock: Clock, zone: ZoneInfo) -> WorkspaceClocks:
    """Every workspace in `zone`: for tools and tests that read no workspace's settings."""
    return WorkspaceClocks(clock, zone_of=lambda _team: zone)


class SystemClock:
    """The real clock."""

    def now(self) -> datetime:
        """The current instant, timezone-aware UTC."""
        return datetime.now(UTC)


class FakeClock:
    """A clock that moves only when told to: tests and the console demo move time, they do not sleep."""

    def __init__(self, start: datetime) -> None:
        if start.tzinfo is None:
            raise ValueError("FakeClock needs a timezone-aware start")
        self._now = start.astimezone(UTC)
        self._lock = threading.Lock()

    def now(self) -> datetime:
        """The current fake instant."""
        with self._lock:
            return self._now

    def advance(self, delta: timedelta) -> datetime:
        """Move time forward by `delta` and return the new instant."""
        if delta < timedelta(0):
            raise ValueError("time only moves forward")
        with self._lock:
            self._now += delta
            return self._now

    def set(self, instant: datetime) -> None:
        """Jump to `instant` (not before the current one)."""
        self.advance(instant.astimezone(UTC) - self.now())

    def timestamp(self) -> float:
        """Seconds since the epoch, for components that take a float clock."""
        return self.now().timestamp()


class OffsetClock:
    """Real time plus an offset: time flows, and the console demo can still fast-forward it."""

    def __init__(self) -> None:
        self._offset = timedelta(0)
        self._lock = threading.Lock()

    def now(self) -> datetime:
        """The current instant plus the offset."""
        with self._lock:
            return datetime.now(UTC) + self._offset

    def advance(self, delta: timedelta) -> datetime:
        """Jump forward by `delta` and return the new instant."""
        if delta < timedelta(0):
            raise ValueError("time only moves forward")
        with self._lock:
            self._offset += delta
        return self.now()

    def timestamp(self) -> float:
        """Seconds since the epoch, for components that take a float clock."""
        return self.now().timestamp()
