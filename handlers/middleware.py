"""The one shape of Bryggan's global middlewares: look at the request, then continue or answer it."""

from __future__ import annotations

from abc import abstractmethod
from collections.abc import Callable

from slack_bolt import BoltRequest, BoltResponse
from slack_bolt.middleware import Middleware


class Step(Middleware):
    """A global middleware that needs only the request: `check` it, then Bolt continues or answers.

    A `Middleware` subclass rather than a decorated function: for a function middleware Bolt builds
    every listener argument on each request, which none of Bryggan's middlewares needs.
    """

    def process(
        self,
        *,
        req: BoltRequest,
        resp: BoltResponse,
        next: Callable[[], BoltResponse],  # the name Bolt passes it by
    ) -> BoltResponse | None:
        """Bolt's entry point: the answer `check` gives, or the rest of the chain."""
        answer = self.check(req)
        return next() if answer is None else answer

    @abstractmethod
    def check(self, req: BoltRequest) -> BoltResponse | None:
        """Prepare `req` for the listeners and return None to continue, or the response to answer with."""
