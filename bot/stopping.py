"""Stopping what serves Bryggan without cutting off a request under way: waitress, and SIGTERM.

Waitress has no stop of its own for a server running in another thread: closing it only closes
its sockets, under the feet of the loop that polls them, and leaves its worker threads waiting
for work for ever (each holding the app, its database engine and caches alive). A container
platform stops a process with SIGTERM and waits a grace period before SIGKILL; Python's default
for SIGTERM ends the process at once, answers half written.
"""

from __future__ import annotations

import logging
import signal
import threading
import time
from collections.abc import Callable
from functools import partial

from waitress import wasyncore
from waitress.channel import HTTPChannel
from waitress.server import BaseWSGIServer

log = logging.getLogger("bryggan.serving")

# Past Slack's 3 s an answer is of no use to Slack; within the platforms' grace before SIGKILL
# (Docker's default 10 s, Kubernetes' 30 s), with time left to stop the ticker.
STOP_GRACE_SECONDS = 5.0


def stop_http(server: BaseWSGIServer, grace: float = STOP_GRACE_SECONDS) -> None:
    """Stop `server` from any thread but its loop's: no new connection, the answers under way
    finished and written, then its loop ends (so `server.run()` returns) and its workers with it."""
    deadline = time.monotonic() + grace
    # Sockets are closed in the loop's own thread (through its trigger), never under its poll.
    server.trigger.pull_trigger(partial(wasyncore.dispatcher.close, server))
    server.task_dispatcher.shutdown(timeout=grace)
    while _unsent(server) and time.monotonic() < deadline:
        time.sleep(0.01)  # the loop is writing the last answers out
    emptied = threading.Event()
    server.trigger.pull_trigger(partial(_empty, server, emptied))
    # The trigger is closed here, after this thread's last pull of it: closed by the loop, it could
    # be closed between another thread's queuing of a thunk and its write to the pipe.
    if emptied.wait(grace):
        server.trigger.close()


def _empty(server: BaseWSGIServer, emptied: threading.Event) -> None:
    """In the loop's thread: close every connection and take the trigger out, so the loop ends."""
    for channel in list(server._map.values()):
        if channel is not server.trigger:
            channel.close()
    server.trigger.del_channel()
    emptied.set()


def _unsent(server: BaseWSGIServer) -> bool:
    channels = list(server._map.values())
    return any(isinstance(c, HTTPChannel) and c.total_outbufs_len for c in channels)


def on_sigterm(stop: Callable[[], object]) -> None:
    """Call `stop()` on the first SIGTERM (set from the main thread only, where Python runs signal
    handlers); a second SIGTERM while stopping changes nothing."""
    if threading.current_thread() is not threading.main_thread():
        return
    asked = threading.Event()

    def stopping(_signum: int, _frame: object) -> None:
        if not asked.is_set():
            asked.set()
            log.info("stopping on SIGTERM")
            stop()

    signal.signal(signal.SIGTERM, stopping)
