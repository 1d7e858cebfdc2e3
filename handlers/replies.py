"""How a slash command's answer reaches Slack: in the ack body when it is ready, else through response_url.

Slack shows a message carried by a slash command's ack at once, as it shows one sent to the
command's response_url, and the ack saves a second HTTP round trip (about ten times the CPU of the
rest of a `/kontakt`). Work that may take long (uploads, charts) acks first and answers through
response_url, within Slack's 3 s either way.
"""

from __future__ import annotations

import logging
from collections.abc import Callable
from concurrent.futures import Future, ThreadPoolExecutor

from slack_bolt import Ack, BoltResponse, Respond

from handlers.messages import Reply

log = logging.getLogger("bryggan.handlers")


def send(ack: Ack, respond: Respond | None, reply: Reply | None) -> None:
    """Answer with `reply`: in the ack when the request is not acked yet, else through response_url."""
    if ack.response is None:
        if reply is None:
            ack()
        elif reply.blocks:
            # What ack(text=…, blocks=…) would set, without encoding a reply kept for reuse each time.
            ack.response = BoltResponse(status=200, body=reply.ack_body())
        else:
            ack(**reply.as_kwargs())
    elif reply is not None and respond is not None:
        respond(**reply.as_kwargs())


def _log_failure(done: Future[object]) -> None:
    error = done.exception()
    if error is not None:  # only what the guard could not answer; type only, as errors.py logs
        log.error("deferred work failed", extra={"error_type": type(error).__name__}, exc_info=error)


class Later:
    """Runs what a listener hands off after its ack (uploads, charts), so Slack gets the ack at once.

    Bryggan runs listeners before answering the HTTP request (Bolt's `process_before_response`:
    no hand-off to a second thread and no 10 ms polling for the ack), so anything slow must leave
    the listener's thread. Failures are answered by the same guard as a listener's.
    """

    def __init__(self, workers: int = 4) -> None:
        self._pool = ThreadPoolExecutor(max_workers=workers, thread_name_prefix="bryggan-later")

    def __call__(self, work: Callable[[], object]) -> None:
        """Run `work` on a worker thread; `work` answers its own errors (see errors.guard)."""
        self._pool.submit(work).add_done_callback(_log_failure)

    def shutdown(self) -> None:
        """Finish what was handed off, then stop the workers."""
        self._pool.shutdown(wait=True)
