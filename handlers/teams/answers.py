"""An answer sent into the conversation it answers, sent again when Teams throttles it (429).

A message's answer (the card, then any pictures) is a Bot Connector call of its own, made while
Teams' request is being served: Teams refuses it with 429 and a Retry-After when the bot writes
too fast into one conversation. The answer is sent again at most RETRIES times, each after the
wait Teams asked for, while the waiting stays within BUDGET (Bot Framework gives a bot about 15 s
to answer an activity; the rest is for the domain call and the sends). Past that, the answer is
given up and logged by status and wait alone, never its words. An invoke's answer needs none of
this: it is the HTTP response to Teams' own request, and Teams does not throttle that.
"""

from __future__ import annotations

import logging
from collections.abc import Awaitable, Callable
from dataclasses import dataclass
from typing import Any

import httpx

log = logging.getLogger("bryggan.handlers")

Pause = Callable[[float], Awaitable[Any]]
RETRIES = 2
BUDGET = 10.0  # seconds of Retry-After waited in all, per answer
THROTTLED = 429


@dataclass
class Budget:
    """The Retry-After waited so far for one answer (its card and pictures): at most BUDGET in all."""

    waited: float = 0.0


async def send(ctx: Any, activity: Any, *, pause: Pause, budget: Budget | None = None) -> bool:
    """Send `activity` as (part of) the answer; True once Teams took it, False when throttled past the
    answer's budget. Any other refusal is raised, as before: the SDK's error handler logs it.
    """
    budget = budget or Budget()
    for attempt in range(RETRIES + 1):
        try:
            await ctx.send(activity)
            return True
        except httpx.HTTPStatusError as error:
            if error.response.status_code != THROTTLED:
                raise
            wait = retry_after(error.response.headers.get("Retry-After"))
            if attempt == RETRIES or budget.waited + wait > BUDGET:
                log.warning(
                    "teams answer throttled, not sent",
                    extra={"retry_after": wait, "attempts": attempt + 1, "waited": budget.waited},
                )
                return False
            budget.waited += wait
            await pause(wait)
    return False  # not reached: the last attempt returns above


def retry_after(value: str | None) -> float:
    """Teams' Retry-After in seconds (at least 1; a date or nonsense counts as 1)."""
    try:
        return max(1.0, float(value)) if value is not None else 1.0
    except ValueError:
        return 1.0
