"""What a Slack failure means for a message: wait (429), check and retry (unclear), or give up."""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import Any

from slack_sdk.errors import SlackApiError

PERMANENT_ERRORS = frozenset(
    {
        "channel_not_found", "is_archived", "not_in_channel", "token_revoked", "account_inactive",
        "invalid_auth", "user_not_found", "cannot_dm_bot", "user_disabled", "missing_scope",
        "invalid_blocks", "msg_too_long", "no_text", "invalid_arguments", "team_access_not_granted",
    }
)  # fmt: skip
# Slack answers these with HTTP 200 and ok:false, yet documents that the operation may have happened.
UNCLEAR_ERRORS = frozenset({"internal_error", "fatal_error", "service_unavailable", "request_timeout"})
_CODE = re.compile(r"[a-z0-9_]{1,64}")


@dataclass(frozen=True)
class Failure:
    """One failed Slack call, classified."""

    error: str  # Slack's error code, or the kind of failure
    retry_after: int | None = None  # Slack asked us to wait (429)
    unclear: bool = False  # Slack may have stored the message anyway
    permanent: bool = False


def classify(exc: Exception) -> Failure:
    """Whether to wait, reconcile and retry, or give up after `exc`."""
    if not isinstance(exc, SlackApiError):
        # Reset, refused, timed out: the request may have reached Slack.
        return Failure(type(exc).__name__[:64], unclear=True)
    status = exc.response.status_code
    error = str(exc.response.get("error") or "")
    if status == 429 or error == "ratelimited":
        return Failure("ratelimited", retry_after=_retry_after(exc.response.headers))
    if status >= 500:
        return Failure(f"http_{status}", unclear=True)
    if error in UNCLEAR_ERRORS:
        return Failure(error, unclear=True)
    if error in PERMANENT_ERRORS:
        return Failure(error, permanent=True)
    # Slack's codes are snake_case; anything else (a proxy's HTML page) is named by its status only.
    return Failure(error if _CODE.fullmatch(error) else f"http_{status}")


def _retry_after(headers: dict[str, Any]) -> int:
    value = headers.get("Retry-After", headers.get("retry-after", "1"))
    if isinstance(value, list):
        value = value[0] if value else "1"
    try:
        return max(1, int(value))
    except (TypeError, ValueError):
        return 1
