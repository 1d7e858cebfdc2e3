"""The Teams test bed: ids, a bot that records and checks tokens, and one-call HTTP to the stand-in.

The recording bot checks each request's token as Bot Framework's rules say (keys from the OpenID
configuration's jwks_uri, issuer, audience, expiry, serviceurl claim), with the stand-in's own JWS
reader, so these tests need no Teams SDK; test_localteams_sdk.py does the same with the SDK.
"""

from __future__ import annotations

import base64
import json
import threading
import time
import urllib.error
import urllib.parse
import urllib.request
from collections.abc import Callable
from dataclasses import dataclass, field
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from typing import Any

from cryptography.hazmat.primitives.asymmetric import rsa

from localteams.jws import InvalidToken, verify
from localteams.tokens import CHANNEL_ISSUER

APP_ID = "00000000-0000-0000-0000-0000000b0771"
SECRET = "test-client-secret"
TENANT = "11111111-2222-3333-4444-555555555555"
TEAM = "19:berzelius@thread.tacv2"
CHANNEL = "19:elevhalsa@thread.tacv2"
RITA, SAM, OUTSIDER = "29:rita", "29:sam", "29:outsider"

Respond = Callable[[dict[str, Any]], tuple[int, Any]]


class FakeClock:
    """Time that moves only when a test says so."""

    def __init__(self, start: float = 1_750_000_000.0) -> None:
        self.now = start

    def __call__(self) -> float:
        return self.now

    def advance(self, seconds: float) -> None:
        self.now += seconds


def _b64int(text: str) -> int:
    return int.from_bytes(base64.urlsafe_b64decode(text + "=" * (-len(text) % 4)), "big")


def _get(url: str) -> Any:
    with urllib.request.urlopen(url, timeout=5) as response:
        return json.loads(response.read())


def channel_keys(openid_metadata_url: str) -> dict[str, rsa.RSAPublicKey]:
    """The channel's signing keys, found as Bot Framework says: OpenID config -> jwks_uri -> keys."""
    jwks = _get(_get(openid_metadata_url)["jwks_uri"])
    return {
        k["kid"]: rsa.RSAPublicNumbers(_b64int(k["e"]), _b64int(k["n"])).public_key()
        for k in jwks["keys"]
        if "msteams" in k.get("endorsements", [])
    }


class RecordingBot:
    """A bot endpoint that validates the channel's token and records what it was sent."""

    def __init__(self, app_id: str, openid_metadata_url: str) -> None:
        self.app_id = app_id
        self.openid_metadata_url = openid_metadata_url
        self.received: list[dict[str, Any]] = []
        self.refused: list[str] = []
        self.respond: Respond = lambda activity: (200, None)
        bot = self

        class Handler(BaseHTTPRequestHandler):
            def do_POST(self) -> None:
                activity = json.loads(self.rfile.read(int(self.headers["Content-Length"])))
                reason = bot.check(self.headers.get("Authorization", ""), activity)
                if reason:
                    bot.refused.append(reason)
                    status, body = 401, {"error": reason}
                else:
                    bot.received.append(activity)
                    status, body = bot.respond(activity)
                raw = b"" if body is None else json.dumps(body).encode()
                self.send_response(status)
                self.send_header("Content-Type", "application/json")
                self.send_header("Content-Length", str(len(raw)))
                self.end_headers()
                try:
                    self.wfile.write(raw)
                except (BrokenPipeError, ConnectionResetError):
                    return  # Teams gave up waiting (a late answer); nobody reads it

            def log_message(self, format: str, *args: object) -> None:
                return None

        self.server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        self.server.daemon_threads = True
        self.url = f"http://127.0.0.1:{self.server.server_port}/api/messages"
        threading.Thread(target=self.server.serve_forever, args=(0.05,), daemon=True).start()

    def check(self, authorization: str, activity: dict[str, Any]) -> str:
        """Why Bot Framework's rules refuse this request ("" when they accept it)."""
        if not authorization.startswith("Bearer "):
            return "no bearer token"
        try:
            claims = verify(authorization.removeprefix("Bearer "), channel_keys(self.openid_metadata_url))
        except InvalidToken as e:
            return str(e)
        if claims.get("iss") != CHANNEL_ISSUER:
            return "wrong issuer"
        if claims.get("aud") != self.app_id:
            return "wrong audience"
        if claims.get("exp", 0) + 300 < time.time():
            return "expired"
        if claims.get("serviceurl", "").rstrip("/") != str(activity.get("serviceUrl", "")).rstrip("/"):
            return "serviceurl mismatch"
        return ""

    def close(self) -> None:
        self.server.shutdown()
        self.server.server_close()


@dataclass
class Reply:
    """The stand-in's answer to one call."""

    status: int
    body: Any
    headers: dict[str, str] = field(default_factory=dict)


def call(
    url: str,
    method: str = "POST",
    *,
    json_body: Any = None,
    form: dict[str, str] | None = None,
    token: str | None = None,
) -> Reply:
    """One HTTP call to the stand-in, errors included."""
    headers: dict[str, str] = {}
    data: bytes | None = None
    if form is not None:
        data = urllib.parse.urlencode(form).encode()
        headers["Content-Type"] = "application/x-www-form-urlencoded"
    elif json_body is not None:
        data = json.dumps(json_body).encode()
        headers["Content-Type"] = "application/json"
    if token is not None:
        headers["Authorization"] = f"Bearer {token}"
    request = urllib.request.Request(url, data=data, headers=headers, method=method)
    try:
        with urllib.request.urlopen(request, timeout=5) as response:
            status, raw, answer_headers = response.status, response.read(), response.headers
    except urllib.error.HTTPError as e:
        status, raw, answer_headers = e.code, e.read(), e.headers
    return Reply(status, json.loads(raw) if raw else None, dict(answer_headers))


def message(text: str = "Hej", **extra: Any) -> dict[str, Any]:
    return {"type": "message", "text": text, **extra}


def card_attachment(card: dict[str, Any]) -> dict[str, Any]:
    return {"contentType": "application/vnd.microsoft.card.adaptive", "content": card}
