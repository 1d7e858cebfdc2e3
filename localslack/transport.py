"""How Slack delivers a request to the app: signed HTTP POST or a Socket Mode envelope, timed."""

from __future__ import annotations

import hashlib
import hmac
import json
import socket
import time
import urllib.error
import urllib.request
import uuid
from dataclasses import dataclass, field
from typing import Any
from urllib.parse import urlencode

from localslack.errors import LateAck, SlackFault
from localslack.socketmode import ACK_TIMEOUT, SocketHub

# envelope type -> how HTTP mode encodes the payload
ENCODINGS = {"slash_commands": "form", "interactive": "payload", "events_api": "json"}


@dataclass
class Delivery:
    """One request as Slack would send it; kept so it can be replayed."""

    envelope_type: str
    payload: dict[str, Any]
    accepts_response_payload: bool = False


@dataclass
class AckResult:
    """The app's answer to a delivery."""

    status: int
    body: dict[str, Any] | str | None
    elapsed: float
    headers: dict[str, str] = field(default_factory=dict)
    raw_body: bytes | None = None
    request: Delivery | None = None


def encode(delivery: Delivery) -> tuple[bytes, str]:
    """The exact bytes and Content-Type HTTP mode sends."""
    encoding = ENCODINGS[delivery.envelope_type]
    if encoding == "form":
        return urlencode(delivery.payload).encode(), "application/x-www-form-urlencoded"
    if encoding == "payload":
        form = {"payload": json.dumps(delivery.payload, ensure_ascii=False)}
        return urlencode(form).encode(), "application/x-www-form-urlencoded"
    return json.dumps(delivery.payload, ensure_ascii=False).encode(), "application/json"


def sign(secret: str, body: bytes, timestamp: str) -> str:
    """Slack's v0 signature over the exact body bytes."""
    base = b"v0:" + timestamp.encode() + b":" + body
    return "v0=" + hmac.new(secret.encode(), base, hashlib.sha256).hexdigest()


def signed_headers(secret: str, body: bytes, *, timestamp_offset: float = 0.0) -> dict[str, str]:
    """X-Slack-Signature and X-Slack-Request-Timestamp on wall-clock time (as the app verifies)."""
    timestamp = str(int(time.time() + timestamp_offset))
    return {"X-Slack-Request-Timestamp": timestamp, "X-Slack-Signature": sign(secret, body, timestamp)}


def post(url: str, body: bytes, headers: dict[str, str], what: str) -> AckResult:
    """POST to the app and time the answer; LateAck past 3 s, as Slack gives up then."""
    if not url.startswith(("http://", "https://")):
        raise ValueError(f"the app's Request URL must be http(s): {url}")
    request = urllib.request.Request(url, data=body, headers=headers, method="POST")  # noqa: S310
    started = time.monotonic()
    try:
        with urllib.request.urlopen(request, timeout=ACK_TIMEOUT) as response:  # noqa: S310 (checked above)
            status, raw, answer_headers = response.status, response.read(), dict(response.headers)
    except urllib.error.HTTPError as e:
        status, raw, answer_headers = e.code, e.read(), dict(e.headers)
    except TimeoutError as e:
        raise LateAck(time.monotonic() - started, what) from e
    except urllib.error.URLError as e:
        if isinstance(e.reason, TimeoutError | socket.timeout):
            raise LateAck(time.monotonic() - started, what) from e
        raise SlackFault(f"Slack could not reach the app at {url}: {e.reason}") from e
    elapsed = time.monotonic() - started
    if elapsed > ACK_TIMEOUT:
        raise LateAck(elapsed, what)
    return AckResult(status, _parse(raw, answer_headers), elapsed, answer_headers, raw)


def _parse(raw: bytes, headers: dict[str, str]) -> dict[str, Any] | str | None:
    if not raw:
        return None
    text = raw.decode("utf-8", "replace")
    content_type = next((v for k, v in headers.items() if k.lower() == "content-type"), "")
    if "json" in content_type or text.lstrip().startswith("{"):
        try:
            parsed = json.loads(text)
        except ValueError:
            return text
        return parsed if isinstance(parsed, dict) else text
    return text


def deliver_socket(
    hub: SocketHub, app_token: str, delivery: Delivery, *, retry_attempt: int = 0, retry_reason: str = ""
) -> AckResult:
    """Send an envelope over the app's Socket Mode connection and wait for its ack."""
    envelope: dict[str, Any] = {
        "envelope_id": str(uuid.uuid4()),
        "payload": delivery.payload,
        "type": delivery.envelope_type,
        "accepts_response_payload": delivery.accepts_response_payload,
    }
    if delivery.envelope_type == "events_api":
        envelope.update(retry_attempt=retry_attempt, retry_reason=retry_reason)
    ack, elapsed = hub.send(app_token, envelope)
    # Slack reads an ack's payload only where the envelope said it would (accepts_response_payload).
    payload = ack.get("payload") if delivery.accepts_response_payload else None
    return AckResult(200, payload if payload not in ({}, None) else None, elapsed, {}, None, delivery)
