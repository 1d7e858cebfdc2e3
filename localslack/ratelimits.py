"""Slack's Web API rate limits, per workspace and method, on the injectable clock."""

from __future__ import annotations

import math
import threading
from collections import deque
from collections.abc import Callable

WINDOW = 60.0

# Requests per minute of each tier (docs.slack.dev "Rate limits").
TIER_1, TIER_2, TIER_3, TIER_4 = 1, 20, 50, 100
# auth.test is "Special" in Slack's docs: hundreds per minute; Bolt may call it on every request.
AUTH_TEST_PER_MINUTE = 600

# The tier of every method the stand-in implements, as each method's reference page names it.
TIERS: dict[str, int] = {
    "auth.test": AUTH_TEST_PER_MINUTE,
    "chat.postEphemeral": TIER_4,
    "chat.update": TIER_3,
    "chat.delete": TIER_3,
    "chat.getPermalink": TIER_4 * 10,  # "Special"
    "conversations.open": TIER_3,
    "conversations.info": TIER_3,
    "conversations.members": TIER_4,
    # Tier 3 for internal (customer-built) apps; since 2025 commercially distributed
    # non-Marketplace apps get 1/min here, which Bryggan is not.
    "conversations.history": TIER_3,
    "conversations.replies": TIER_3,
    "conversations.list": TIER_2,
    "users.info": TIER_4,
    "users.list": TIER_2,
    "views.open": TIER_4,
    "views.push": TIER_4,
    "views.update": TIER_4,
    "views.publish": TIER_4,
    "files.getUploadURLExternal": TIER_4,
    "files.completeUploadExternal": TIER_4,
    "apps.connections.open": TIER_1,
}

# chat.postMessage is "Special": about one message per second per channel. A bucket of
# POST_BURST tokens refilled at 1/s lets a short burst through, as Slack tolerates.
POST_PER_SECOND = 1.0
POST_BURST = 5
# Slack's per-workspace ceiling for chat.postMessage ("several hundred a minute").
POST_PER_WORKSPACE_MINUTE = 300


class RateLimiter:
    """Sliding one-minute windows per (team, method) and a token bucket per (team, channel)."""

    def __init__(self, clock: Callable[[], float]) -> None:
        self._clock = clock
        self._lock = threading.Lock()
        self._windows: dict[tuple[str, str], deque[float]] = {}
        self._buckets: dict[tuple[str, str], tuple[float, float]] = {}
        self.enabled = True

    def check(self, team_id: str, method: str) -> int | None:
        """Count a call; None if allowed, else the Retry-After seconds."""
        limit = TIERS.get(method)
        if limit is None or not self.enabled:
            return None
        return self._window(team_id, method, limit)

    def check_post(self, team_id: str, channel: str) -> int | None:
        """Count one chat.postMessage to a channel; None if allowed, else Retry-After seconds."""
        if not self.enabled:
            return None
        with self._lock:
            now = self._clock()
            tokens, last = self._buckets.get((team_id, channel), (float(POST_BURST), now))
            tokens = min(float(POST_BURST), tokens + (now - last) * POST_PER_SECOND)
            if tokens < 1.0:
                self._buckets[(team_id, channel)] = (tokens, now)
                return max(1, math.ceil((1.0 - tokens) / POST_PER_SECOND))
        wait = self._window(team_id, "chat.postMessage", POST_PER_WORKSPACE_MINUTE)
        if wait is None:
            with self._lock:
                self._buckets[(team_id, channel)] = (tokens - 1.0, now)
        return wait

    def reset(self) -> None:
        """Forget all counted calls."""
        with self._lock:
            self._windows.clear()
            self._buckets.clear()

    def _window(self, team_id: str, method: str, limit: int) -> int | None:
        with self._lock:
            now = self._clock()
            calls = self._windows.setdefault((team_id, method), deque())
            while calls and calls[0] <= now - WINDOW:
                calls.popleft()
            if len(calls) >= limit:
                return max(1, math.ceil(calls[0] + WINDOW - now))
            calls.append(now)
            return None
