"""Events API plumbing: redelivered events are acknowledged and dropped, once per event_id."""

from __future__ import annotations

import logging
from collections.abc import Callable

from slack_bolt import App, BoltRequest, BoltResponse
from slack_bolt.middleware import Middleware

from bot.services import Services

log = logging.getLogger("bryggan.handlers")


class DropRedelivered(Middleware):
    """Acks and drops an event Slack delivered before; lets everything else through.

    A `Middleware` subclass rather than a decorated function: Bolt builds every listener argument
    for a function middleware on each request, which this check does not need.
    """

    def __init__(self, services: Services) -> None:
        self._services = services

    def process(
        self,
        *,
        req: BoltRequest,
        resp: BoltResponse,
        next: Callable[[], BoltResponse],  # the name Bolt passes it by
    ) -> BoltResponse | None:
        """Drop a redelivered event, else continue."""
        body = req.body
        event_id = body.get("event_id") if body.get("type") == "event_callback" else None
        deliveries = self._services.deliveries
        if event_id and not deliveries.first(team_id=body.get("team_id", ""), event_id=event_id):
            log.info("duplicate event dropped", extra={"event_id": event_id})
            return BoltResponse(status=200, body="")
        return next()


def register(app: App, services: Services) -> None:
    """Install the deduplicating middleware."""
    app.middleware(DropRedelivered(services))
