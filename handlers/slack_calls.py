"""Every Web API call counted for the metrics: by method, and by Slack's error code when it fails."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from slack_bolt import App, BoltContext
from slack_sdk import WebClient
from slack_sdk.errors import SlackApiError
from slack_sdk.http_retry.builtin_handlers import RateLimitErrorRetryHandler

from bot.metrics import Metrics


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
    """`client` (Bolt's per-request copy) made again as a counted client with the same settings."""
    counted = CountedWebClient(
        token=client.token,
        base_url=client.base_url,
        timeout=client.timeout,
        ssl=client.ssl,
        proxy=client.proxy,
        headers=client.headers,
        logger=client.logger,
        retry_handlers=client.retry_handlers,
        metrics=metrics,
    )
    counted.default_params.update(client.default_params)  # Bolt's team_id, when it set one
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


def count_listener_calls(app: App, metrics: Metrics) -> None:
    """Give every listener a counted client (Bolt builds a plain WebClient per request)."""

    @app.middleware
    def counted_client(context: BoltContext, next: Callable[[], None]) -> None:
        context["client"] = counted_copy(context.client, metrics)
        next()
