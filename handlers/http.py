"""HTTP mode: Slack's requests on POST /slack/events, and GET /healthz for the load balancer.

A request to /slack/events is checked before Bolt sees it, in this order: size (413), signature
(401), shape (400). A body that is not a request Slack would send never reaches a listener.
"""

from __future__ import annotations

import hashlib
import hmac
import io
import json
import logging
import time
from collections.abc import Callable, Iterable
from typing import Any

from slack_bolt import App
from slack_bolt.adapter.wsgi import SlackRequestHandler

from handlers import bodies

EVENTS_PATH = "/slack/events"
HEALTH_PATH = "/healthz"
METRICS_PATH = "/metrics"
METRICS_TYPE = "text/plain; version=0.0.4; charset=utf-8"  # Prometheus' text format
MAX_CLOCK_SKEW_SECONDS = 300  # Slack's rule: an older request may be a replay
_TIMESTAMP_DIGITS = 12

StartResponse = Callable[..., Any]
Wsgi = Callable[[dict, StartResponse], Iterable[bytes]]

log = logging.getLogger("bryggan.http")


def wsgi_app(
    app: App,
    *,
    healthy: Callable[[], bool],
    signing_secret: str = "",
    metrics: Callable[[], bytes] | None = None,
    on_ack: Callable[[float], object] = lambda _seconds: None,
) -> Wsgi:
    """Bolt on EVENTS_PATH, a database health check on HEALTH_PATH and `metrics()` on METRICS_PATH."""
    slack = SlackRequestHandler(app, path=EVENTS_PATH)
    secret = signing_secret.encode()

    def application(environ: dict, start_response: StartResponse) -> Iterable[bytes]:
        method, path = environ.get("REQUEST_METHOD"), environ.get("PATH_INFO")
        if path == HEALTH_PATH and method in ("GET", "HEAD"):
            ok = healthy()
            status = "200 OK" if ok else "503 Service Unavailable"
            return _json(start_response, status, {"status": "ok" if ok else "unavailable", "database": ok})
        if path == METRICS_PATH and method in ("GET", "HEAD") and metrics is not None:
            return _text(start_response, metrics())
        if path == EVENTS_PATH and method == "POST":
            started = time.monotonic()
            refusal = _refusal(environ, secret)
            if refusal is not None:
                log.warning("request refused", extra={"status": int(refusal[0][:3]), "reason": refusal[1]})
                return _json(start_response, refusal[0], {"error": refusal[1]})
            # Bolt answers once the listener has acked; the rest of its work runs on after this.
            answer = slack(environ, start_response)
            on_ack(time.monotonic() - started)
            return answer
        return slack(environ, start_response)

    return application


def _refusal(environ: dict, secret: bytes) -> tuple[str, str] | None:
    """Why this POST is refused (status, reason), or None; on None the body is readable again."""
    try:
        length = int(environ.get("CONTENT_LENGTH") or 0)
    except ValueError:
        return "400 Bad Request", "bad content length"
    if length > bodies.MAX_BODY_BYTES:
        return "413 Content Too Large", "body too large"
    raw = environ["wsgi.input"].read(length) if length else b""
    environ["wsgi.input"] = io.BytesIO(raw)
    if secret and not _signed(secret, raw, environ):
        return "401 Unauthorized", "invalid request"
    try:
        bodies.check(bodies.parse(raw, environ.get("CONTENT_TYPE") or ""))
    except bodies.Malformed as exc:
        return "400 Bad Request", f"malformed request: {exc}"
    return None


def _signed(secret: bytes, raw: bytes, environ: dict) -> bool:
    """Slack's v0 signature over the exact bytes (slack_sdk's verifier decodes them and may raise)."""
    timestamp = environ.get("HTTP_X_SLACK_REQUEST_TIMESTAMP", "")
    signature = environ.get("HTTP_X_SLACK_SIGNATURE", "")
    # isdigit() also accepts "²", and int() refuses very long numbers: ASCII digits of a sane length only.
    plain = timestamp.isascii() and timestamp.isdigit() and len(timestamp) <= _TIMESTAMP_DIGITS
    if not plain or abs(time.time() - int(timestamp)) > MAX_CLOCK_SKEW_SECONDS:
        return False
    expected = "v0=" + hmac.new(secret, b"v0:" + timestamp.encode() + b":" + raw, hashlib.sha256).hexdigest()
    return hmac.compare_digest(expected, signature)


def _json(start_response: StartResponse, status: str, payload: dict[str, Any]) -> list[bytes]:
    body = json.dumps(payload).encode()
    start_response(status, [("Content-Type", "application/json"), ("Content-Length", str(len(body)))])
    return [body]


def _text(start_response: StartResponse, body: bytes) -> list[bytes]:
    start_response("200 OK", [("Content-Type", METRICS_TYPE), ("Content-Length", str(len(body)))])
    return [body]
