"""Injected failures: what a sender must survive when Teams misbehaves."""

from __future__ import annotations

import threading
from dataclasses import dataclass
from enum import StrEnum

# The connector operations a fault (and a rate limit) is armed for; "*" matches every one.
OPERATIONS = (
    "conversations.create",
    "activities.send",
    "activities.reply",
    "activities.update",
    "activities.delete",
    "members.list",
    "members.get",
    "members.paged",
    "teams.conversations",
    "token",
)


class FaultKind(StrEnum):
    """How Teams misbehaves for an armed call."""

    THROTTLED = "throttled"  # 429 with Retry-After
    SERVER_ERROR = "server_error"  # a 5xx (status chosen by the test)
    OUTAGE = "outage"  # the connection is dropped before any answer
    ACCEPT_THEN_FAIL = "accept_then_fail"  # the call takes effect, then a 5xx comes back


@dataclass
class Fault:
    """One armed failure; `times` counts down to zero, then it is gone."""

    operation: str
    kind: FaultKind
    times: int = 1
    retry_after: int = 30
    status: int = 503

    def matches(self, operation: str) -> bool:
        """Whether this fault applies to a call."""
        return self.operation in ("*", operation)


class Faults:
    """The armed faults of a stand-in (thread-safe)."""

    def __init__(self) -> None:
        self._lock = threading.Lock()
        self._armed: list[Fault] = []
        self.fired: list[tuple[str, FaultKind]] = []

    def inject(
        self,
        operation: str = "activities.send",
        kind: FaultKind | str = FaultKind.SERVER_ERROR,
        *,
        times: int = 1,
        retry_after: int = 30,
        status: int = 503,
    ) -> Fault:
        """Arm a fault for `operation` (one of OPERATIONS, or "*")."""
        if operation != "*" and operation not in OPERATIONS:
            raise ValueError(f"unknown operation {operation!r}; one of {OPERATIONS} or '*'")
        if kind not in set(FaultKind):
            raise ValueError(f"unknown fault kind {kind!r}; one of {[str(k) for k in FaultKind]}")
        if (
            FaultKind(kind) in (FaultKind.SERVER_ERROR, FaultKind.ACCEPT_THEN_FAIL)
            and not 500 <= status <= 599
        ):
            raise ValueError("a server error's status is 5xx")
        fault = Fault(operation, FaultKind(kind), times, retry_after, status)
        with self._lock:
            self._armed.append(fault)
        return fault

    def clear(self) -> None:
        """Disarm everything."""
        with self._lock:
            self._armed.clear()

    def take(self, operation: str) -> Fault | None:
        """The first armed fault for this call, counted down by one."""
        with self._lock:
            for fault in self._armed:
                if fault.matches(operation):
                    fault.times -= 1
                    if fault.times <= 0:
                        self._armed.remove(fault)
                    self.fired.append((operation, fault.kind))
                    return fault
        return None
