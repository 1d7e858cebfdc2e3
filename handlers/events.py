"""Events API plumbing: redelivered events are acknowledged and dropped, once per event_id."""

from __future__ import annotations

import logging
from collections.abc import Callable

from slack_bolt import App, BoltResponse

from bot.services import Services

log = logging.getLogger("bryggan.handlers")


def register(app: App, services: Services) -> None:
    """Install the deduplicating middleware."""

    @app.middleware
    def drop_redelivered_events(body: dict, next_: Callable[[], None]) -> BoltResponse | None:
        event_id = body.get("event_id") if body.get("type") == "event_callback" else None
        if event_id and not services.deliveries.first(team_id=body.get("team_id", ""), event_id=event_id):
            log.info("duplicate event dropped", extra={"event_id": event_id})
            return BoltResponse(status=200, body="")
        next_()
        return None
