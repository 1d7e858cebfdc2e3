"""Teams' refusals: one HTTP call to Teams or its login service, its error, and what it means for a row.

The outbox's Teams transport (teams_transport.py) and the app token (teams_tokens.py) both call
through `exchange`; `classify` turns what either raised into the row's fate, as slack_errors.py
does for Slack (the table in docs/decisions.md, "Delivery to Teams").
"""

from __future__ import annotations

import json
import re
import urllib.error
import urllib.request
from typing import Any

from scheduler.slack_errors import Failure, Kind

# Below the outbox's 60-second lease, as Slack's client's timeout is: a post cannot outlive its claim.
TIMEOUT = 30.0
# Teams' 4xx answers that waiting may mend (412: a precondition Teams asks to retry).
_RETRYABLE_4XX = frozenset({408, 409, 412, 425})


class TeamsHttpError(Exception):
    """A refusal by Teams or the login service: status, Teams' error code, and any Retry-After."""

    def __init__(
        self, status: int, code: str, retry_after: int | None = None, *, token: bool = False
    ) -> None:
        super().__init__(f"{status} {code}")  # never the body beyond its code, never a header
        self.status, self.code, self.retry_after, self.token = status, code, retry_after, token


class TeamsUnreachable(Exception):
    """Bryggan has no way to reach the recipient: no address, no conversation, app not installed."""

    def __init__(self, error: str) -> None:
        super().__init__(error)
        self.error = error


def classify(exc: Exception) -> Failure:
    """What a failed Teams call means for the row (the table in docs/decisions.md)."""
    if isinstance(exc, TeamsUnreachable):  # like Slack's dead recipients: the administrators are told
        return Failure(exc.error, Kind.PERMANENT)
    if not isinstance(exc, TeamsHttpError):
        # Reset, refused, timed out: the request may have reached Teams.
        return Failure(type(exc).__name__[:64], Kind.UNCLEAR)
    error = f"teams_{exc.code}"[:64]
    if exc.status == 429:
        return Failure("teams_throttled", Kind.RETRYABLE, retry_after=exc.retry_after or 1)
    if exc.token:  # the login service: nothing was posted, whatever it answered
        kind = Kind.RETRYABLE if exc.status >= 500 else Kind.PERMANENT
        return Failure(f"teams_token_{exc.code}"[:64], kind)
    if exc.status >= 500:
        return Failure(error, Kind.UNCLEAR)  # Teams may have stored the message
    if exc.status in _RETRYABLE_4XX:
        return Failure(error, Kind.RETRYABLE)
    # 400 (a card Teams will not render), 401 twice, 403 (not installed, blocked), 404, 413.
    return Failure(error, Kind.PERMANENT)


def exchange(request: urllib.request.Request, timeout: float, *, token: bool = False) -> dict[str, Any]:
    """Send one request; its JSON body, or TeamsHttpError with Teams' (or Azure AD's) error code."""
    try:
        with urllib.request.urlopen(request, timeout=timeout) as response:  # noqa: S310 (see callers)
            raw = response.read()
    except urllib.error.HTTPError as e:
        raw_error = e.read()
        raise TeamsHttpError(
            e.code, _error_code(raw_error, e.code), _retry_after(e.headers.get("Retry-After")), token=token
        ) from None
    try:  # a 2xx whose body is no JSON object still means Teams took it
        answer = json.loads(raw) if raw else {}
    except ValueError:
        return {}
    return answer if isinstance(answer, dict) else {}


def _error_code(raw: bytes, status: int) -> str:
    """Bot Framework's `error.code`, or Azure AD's `error`, if it is a plain word; else the status."""
    try:
        body = json.loads(raw)
    except ValueError:
        body = None
    code = body.get("error") if isinstance(body, dict) else None
    if isinstance(code, dict):
        code = code.get("code")
    return code if isinstance(code, str) and re.fullmatch(r"[A-Za-z0-9_]{1,48}", code) else f"http_{status}"


def _retry_after(value: str | None) -> int | None:
    try:
        return max(1, int(value)) if value is not None else None
    except ValueError:
        return 1
