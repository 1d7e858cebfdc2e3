"""Injected failures: what a sender must survive when Slack misbehaves."""

from __future__ import annotations

import threading
from dataclasses import dataclass
from enum import StrEnum


class FaultKind(StrEnum):
    """How Slack misbehaves for an armed call."""

    RATELIMITED = "ratelimited"  # 429 with Retry-After
    SERVER_ERROR = "server_error"  # a 5xx without a body Slack would send
    OUTAGE = "outage"  # the connection is dropped before any answer
    TIMEOUT = "timeout"  # the answer comes, but only after `delay`
    ERROR = "error"  # HTTP 200 with {"ok": false, "error": ...}
    ACCEPT_THEN_FAIL = "accept_then_fail"  # the call takes effect, the answer is lost


@dataclass
class Fault:
    """One armed failure; `times` counts down to zero, then it is gone."""

    method: str
    kind: FaultKind
    times: int = 1
    retry_after: int = 30
    status: int = 500
    error: str = "channel_not_found"
    team_id: str | None = None
    delay: float = 10.0
    close: bool = False

    def matches(self, method: str, team_id: str | None) -> bool:
        """Whether this fault applies to a call."""
        return self.method in ("*", method) and self.team_id in (None, team_id)


class Faults:
    """The armed faults of a stand-in (thread-safe)."""

    def __init__(self) -> None:
        self._lock = threading.Lock()
        self._armed: list[Fault] = []
        self.fired: list[tuple[str, FaultKind]] = []

    def inject(
        self,
        method: str = "chat.postMessage",
        kind: FaultKind | str = FaultKind.SERVER_ERROR,
        *,
        times: int = 1,
        retry_after: int = 30,
        status: int = 500,
        error: str = "channel_not_found",
        team_id: str | None = None,
        delay: float = 10.0,
        close: bool = False,
    ) -> Fault:
        """Arm a fault. `delay` (wall seconds) is for "timeout"; `close` makes accept_then_fail hang up."""
        if kind not in set(FaultKind):
            raise ValueError(f"unknown fault kind {kind!r}; one of {[str(k) for k in FaultKind]}")
        fault = Fault(method, FaultKind(kind), times, retry_after, status, error, team_id, delay, close)
        with self._lock:
            self._armed.append(fault)
        return fault

    def clear(self) -> None:
        """Disarm everything."""
        with self._lock:
            self._armed.clear()

    def take(self, method: str, team_id: str | None) -> Fault | None:
        """The first armed fault for this call, counted down by one."""
        with self._lock:
            for fault in self._armed:
                if fault.matches(method, team_id):
                    fault.times -= 1
                    if fault.times <= 0:
                        self._armed.remove(fault)
                    self.fired.append((method, fault.kind))
                    return fault
        return None
