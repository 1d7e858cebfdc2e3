"""Every Web API call counted for the metrics: by method, and by Slack's error code when it fails."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from slack_bolt import App, BoltRequest, BoltResponse
from slack_sdk import WebClient
from slack_sdk.errors import SlackApiError
from slack_sdk.http_retry.builtin_handlers import RateLimitErrorRetryHandler

from bot.metrics import Metrics
from handlers.middleware import Step


class CountedWebClient(WebClient):
    """A WebClient that reports each call's method and outcome (never its arguments) to the metrics."""

    def __init__(self, *args: Any, metrics: Metrics, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.metrics = metrics

    def api_call(self, api_method: str, **kwargs: Any) -> Any:  # type: ignore[override]
        """The call as WebClient makes it, counted."""
        try:
            response = super().api_call(api_method, **kwargs)
        except SlackApiError as exc:
            self.metrics.slack_call(api_method, _error_code(exc))
            raise
        except Exception:  # no answer at all: refused, reset, timed out
            self.metrics.slack_call(api_method, "connection")
            raise
        self.metrics.slack_call(api_method, None)
        return response


def counted_copy(client: WebClient, metrics: Metrics) -> CountedWebClient:
    """`client` (Bolt's per-request copy) as a counted client with the very same settings.

    Its attributes are taken over rather than passed to `__init__` again: a WebClient's constructor
    reads the environment for a proxy and builds its User-Agent, work Bolt has just done for this
    request's client, which nothing else uses once the copy replaces it.
    """
    counted = CountedWebClient.__new__(CountedWebClient)
    counted.__dict__.update(vars(client))  # token, base URL, Bolt's team_id, retry handlers, logger
    counted.metrics = metrics
    return counted


def _error_code(exc: SlackApiError) -> str:
    response = exc.response
    error = response.get("error") if isinstance(response.data, dict) else None
    return str(error) if error else f"http_{response.status_code}"


class CountedRateLimitHandler(RateLimitErrorRetryHandler):
    """Waits out a 429 as slack_sdk does, and counts the pause."""

    def __init__(self, *args: Any, on_pause: Callable[[], object], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self._on_pause = on_pause

    def prepare_for_next_attempt(self, **kwargs: Any) -> None:
        """Count the pause, then wait as slack_sdk does."""
        self._on_pause()
        super().prepare_for_next_attempt(**kwargs)


class CountListenerCalls(Step):
    """Gives every listener a counted client (Bolt builds a plain WebClient per request)."""

    def __init__(self, metrics: Metrics) -> None:
        self._metrics = metrics

    def check(self, req: BoltRequest) -> BoltResponse | None:
        """Swap the request's client for a counted one; always continue."""
        req.context["client"] = counted_copy(req.context.client, self._metrics)
        return None


def count_listener_calls(app: App, metrics: Metrics) -> None:
    """Give every listener a counted client."""
    app.middleware(CountListenerCalls(metrics))
