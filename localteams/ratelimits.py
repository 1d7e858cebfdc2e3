"""Teams' per-bot, per-conversation rate limits, in sliding windows on the injectable clock."""

from __future__ import annotations

import math
import threading
from collections import defaultdict, deque
from collections.abc import Callable

# (window in seconds, operations allowed in it), from Teams' "per bot per thread" table.
SEND_LIMITS = ((1, 7), (2, 8), (30, 60), (3600, 1800))
READ_LIMITS = ((1, 14), (2, 16), (30, 120), (3600, 3600))
# Which table an operation counts against; the token endpoint is not Teams' and has none.
TABLE = {
    "conversations.create": SEND_LIMITS,
    "activities.send": SEND_LIMITS,
    "activities.reply": SEND_LIMITS,
    "activities.update": SEND_LIMITS,
    "activities.delete": SEND_LIMITS,
    "members.list": READ_LIMITS,
    "members.get": READ_LIMITS,
    "members.paged": READ_LIMITS,
    "teams.conversations": READ_LIMITS,
}


class RateLimiter:
    """Counts each bot's calls per conversation and operation table; answers the wait when over."""

    def __init__(self, clock: Callable[[], float]) -> None:
        self.clock = clock
        self.enabled = True
        self._lock = threading.Lock()
        self._calls: dict[tuple[str, str, int], deque[float]] = defaultdict(deque)

    def check(self, app_id: str, conversation_id: str, operation: str) -> int | None:
        """None if the call may go ahead (and is counted), else whole seconds to wait."""
        limits = TABLE.get(operation)
        if not self.enabled or limits is None:
            return None
        now = self.clock()
        key = (app_id, conversation_id, id(limits))
        with self._lock:
            calls = self._calls[key]
            while calls and calls[0] <= now - limits[-1][0]:
                calls.popleft()
            waits = [self._wait(calls, now, window, allowed) for window, allowed in limits]
            wait = max(waits)
            if wait > 0:
                return max(1, math.ceil(wait))
            calls.append(now)
        return None

    @staticmethod
    def _wait(calls: deque[float], now: float, window: int, allowed: int) -> float:
        inside = [t for t in calls if t > now - window]
        if len(inside) < allowed:
            return 0.0
        return inside[-allowed] + window - now
