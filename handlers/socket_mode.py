"""Socket Mode: envelopes are checked like HTTP bodies; a malformed one is acked and dropped."""

from __future__ import annotations

import logging
import threading
import time
from collections.abc import Callable
from typing import Any

from slack_bolt.adapter.socket_mode import SocketModeHandler
from slack_sdk.socket_mode.client import BaseSocketModeClient as SocketModeClient
from slack_sdk.socket_mode.request import SocketModeRequest
from slack_sdk.socket_mode.response import SocketModeResponse

from bot.stopping import STOP_GRACE_SECONDS
from handlers import bodies

log = logging.getLogger("bryggan.socket_mode")

Listeners = Callable[[dict, str], None]


class CheckedSocketModeHandler(SocketModeHandler):
    """Bolt's handler, but an envelope whose payload Slack would never send is acked, not dispatched.

    Unacked, Slack would send it again; dispatched, slack_sdk or Bolt would raise on it in the
    connection's thread and log the payload's words.
    """

    def __init__(
        self, *args: Any, on_ack: Callable[[float], object] = lambda _seconds: None, **kwargs: Any
    ) -> None:
        super().__init__(*args, **kwargs)
        self._on_ack = on_ack  # the metrics: seconds from an envelope's arrival to its ack
        self.client.run_message_listeners = self._checked(self.client.run_message_listeners)  # type: ignore[method-assign]

    def close(self) -> None:
        """Stop taking envelopes, let those being handled finish and ack on the still-open
        connection (waiting up to STOP_GRACE_SECONDS), then disconnect.

        slack_sdk's own close disconnects first: an ack under way was lost, and Slack showed the
        person an error for a command Bryggan had carried out. A listener still running after the
        grace is waited for by slack_sdk's close, as it always was.
        """
        client = self.client
        client.closed = True  # its message processor hands out no more envelopes
        finishing = threading.Thread(
            target=client.message_workers.shutdown, name="bryggan-drain", daemon=True
        )
        finishing.start()
        finishing.join(STOP_GRACE_SECONDS)
        super().close()

    def handle(self, client: SocketModeClient, req: SocketModeRequest) -> None:  # type: ignore[override]
        """Bolt's handling of one envelope, timed to its ack."""
        started = time.monotonic()
        super().handle(client, req)
        self._on_ack(time.monotonic() - started)

    def _checked(self, run: Listeners) -> Listeners:
        def checked(message: dict, raw_message: str) -> None:
            envelope_id = message.get("envelope_id") if isinstance(message, dict) else None
            if envelope_id is not None:
                try:
                    bodies.check(message.get("payload"))
                except bodies.Malformed as exc:
                    kind = message.get("type")
                    log.warning("envelope refused", extra={"envelope_type": kind, "reason": str(exc)})
                    self.client.send_socket_mode_response(SocketModeResponse(envelope_id=str(envelope_id)))
                    return
            run(message, raw_message)

        return checked
