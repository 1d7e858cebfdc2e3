"""The periodic jobs, thin like handlers: each calls one use case."""

from __future__ import annotations

from datetime import timedelta

from bot.services import Services
from scheduler.runner import Ticker


def register(ticker: Ticker, services: Services) -> None:
    """Register every periodic job on `ticker`."""
    ticker.every(timedelta(hours=1), services.deliveries.forget_old, name="forget_old_event_ids")
