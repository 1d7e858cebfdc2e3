"""handlers/teams/answers.py: one Retry-After budget for all the messages of one answer."""

from __future__ import annotations

import asyncio
from typing import Any

import httpx

from handlers.teams import answers


class _Throttling:
    """A conversation that answers 429 (Retry-After 4) to every send."""

    def __init__(self) -> None:
        self.sends = 0

    async def send(self, activity: Any) -> None:
        self.sends += 1
        request = httpx.Request("POST", "https://teams.invalid/v3/conversations/x/activities")
        response = httpx.Response(429, headers={"Retry-After": "4"}, request=request)
        raise httpx.HTTPStatusError("throttled", request=request, response=response)


def test_the_card_and_its_pictures_share_one_budget() -> None:
    ctx, waits = _Throttling(), []

    async def pause(seconds: float) -> None:
        waits.append(seconds)

    async def answer() -> list[bool]:
        budget = answers.Budget()
        return [await answers.send(ctx, "part", pause=pause, budget=budget) for _ in range(3)]

    assert asyncio.run(answer()) == [False, False, False]
    assert sum(waits) <= answers.BUDGET  # 4 + 4, then 4 more would pass 10 s: given up
    assert waits == [4.0, 4.0]
