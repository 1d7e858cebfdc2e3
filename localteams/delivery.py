"""How Teams delivers an activity to the bot: a POST signed with the channel's token, timed."""

from __future__ import annotations

import json
import socket
import time
import urllib.error
import urllib.request
from dataclasses import dataclass, field
from typing import Any

from localteams.errors import LateAnswer, TeamsFault

ANSWER_TIMEOUT = 15.0  # Bot Framework waits 15 s for the bot's HTTP answer


@dataclass
class Answer:
    """The bot's HTTP answer to one activity."""

    status: int
    body: Any
    elapsed: float
    headers: dict[str, str] = field(default_factory=dict)
    activity: dict[str, Any] = field(default_factory=dict)


def post(url: str, activity: dict[str, Any], token: str | None) -> Answer:
    """POST `activity` to the bot with `Authorization: Bearer token` (none when token is None)."""
    if not url.startswith(("http://", "https://")):
        raise ValueError(f"the bot's messaging endpoint must be http(s): {url}")
    headers = {"Content-Type": "application/json"}
    if token is not None:
        headers["Authorization"] = f"Bearer {token}"
    data = json.dumps(activity, ensure_ascii=False).encode()
    request = urllib.request.Request(url, data=data, headers=headers, method="POST")  # noqa: S310
    what = f"{activity.get('type')} {activity.get('name') or ''}".strip()
    started = time.monotonic()
    try:
        with urllib.request.urlopen(request, timeout=ANSWER_TIMEOUT) as response:  # noqa: S310 (checked)
            status, raw, answer_headers = response.status, response.read(), dict(response.headers)
    except urllib.error.HTTPError as e:
        status, raw, answer_headers = e.code, e.read(), dict(e.headers)
    except TimeoutError as e:
        raise LateAnswer(time.monotonic() - started, what) from e
    except urllib.error.URLError as e:
        if isinstance(e.reason, TimeoutError | socket.timeout):
            raise LateAnswer(time.monotonic() - started, what) from e
        raise TeamsFault(f"Teams could not reach the bot at {url}: {e.reason}") from e
    elapsed = time.monotonic() - started
    if elapsed > ANSWER_TIMEOUT:
        raise LateAnswer(elapsed, what)
    return Answer(status, _parse(raw), elapsed, answer_headers, activity)


def _parse(raw: bytes) -> Any:
    if not raw:
        return None
    try:
        return json.loads(raw)
    except ValueError:
        return raw.decode("utf-8", "replace")
