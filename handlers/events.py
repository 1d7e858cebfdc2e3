"""Events API plumbing: redelivered events are acknowledged and dropped, once per event_id."""

from __future__ import annotations

import logging

from slack_bolt import App, BoltRequest, BoltResponse

from bot.services import Services
from handlers.middleware import Step

log = logging.getLogger("bryggan.handlers")


class DropRedelivered(Step):
    """Acks and drops an event Slack delivered before; lets everything else through."""

    def __init__(self, services: Services) -> None:
        self._services = services

    def check(self, req: BoltRequest) -> BoltResponse | None:
        """An empty 200 for a redelivered event, else None."""
        body = req.body
        event_id = body.get("event_id") if body.get("type") == "event_callback" else None
        deliveries = self._services.deliveries
        if event_id and not deliveries.first(team_id=body.get("team_id", ""), event_id=event_id):
            log.info("duplicate event dropped", extra={"event_id": event_id})
            return BoltResponse(status=200, body="")
        return None


def register(app: App, services: Services) -> None:
    """Install the deduplicating middleware."""
    app.middleware(DropRedelivered(services))
