"""The playground's HTTP server: the page, what a person sees, and gestures sent as Slack sends them."""

from __future__ import annotations

import contextlib
import json
import logging
import mimetypes
from http import HTTPStatus
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from typing import Any
from urllib.parse import parse_qs, urlparse

from bot.console import COMMANDS, Demo
from bot.playground import snapshot
from bot.playground.gestures import Gestures
from localslack import SlackFault
from templates import LANGS

STATIC = Path(__file__).with_name("static")
_LONG_POLL_SECONDS = 15.0
log = logging.getLogger("bryggan.playground")


class Playground:
    """Serves the page and turns each click, command and submission into the stand-in's signed request."""

    def __init__(self, running: Demo, *, lang: str) -> None:
        self.running = running
        self.lang = lang
        self.gestures = Gestures(running)
        self.words = {code: _words(running, code) for code in LANGS}

    def state(self, user_id: str, since: str | None) -> dict[str, Any]:
        """What the person sees, once something changed since `since` (or at once without it)."""
        ws = self.running.workspace
        if since is not None:
            # Nothing changed within the wait: answer with the same state, and the page asks again.
            with contextlib.suppress(AssertionError):
                ws.wait_for(lambda w: snapshot.revision(w) != since or None, timeout=_LONG_POLL_SECONDS)
        with ws.cond:
            rev = snapshot.revision(ws)
            seen = snapshot.seen_by(ws, user_id)
        now = self.running.now()
        return {
            "rev": rev,
            "now": now.strftime("%Y-%m-%d %H:%M"),
            "weekday": now.weekday(),
            "zone": str(self.running.bryggan.settings.zone),
            "people": snapshot.people(ws),
            "commands": sorted(COMMANDS),
            **seen,
        }

    def file(self, file_id: str) -> tuple[str, bytes] | None:
        """An uploaded file's name and bytes."""
        found = self.running.workspace.file(file_id)
        return (found.name, found.content) if found is not None and found.content else None


def _words(running: Demo, lang: str) -> dict[str, str]:
    module = running.bryggan.services.templates.module(lang, "playground")
    return {k: v for k, v in vars(module).items() if isinstance(v, str) and not k.startswith("_")}


def make_server(playground: Playground, host: str, port: int) -> ThreadingHTTPServer:
    """A threaded HTTP server for the playground (each long poll waits in its own thread)."""

    class Handler(_Handler):
        app = playground

    server = ThreadingHTTPServer((host, port), Handler)
    server.daemon_threads = True
    return server


class _Handler(BaseHTTPRequestHandler):
    app: Playground
    server_version = "BrygganPlayground"

    def log_message(self, format: str, *args: Any) -> None:
        log.debug("%s %s", self.command, self.path.split("?")[0])

    def do_GET(self) -> None:
        url = urlparse(self.path)
        query = {k: v[0] for k, v in parse_qs(url.query).items()}
        if url.path in ("/", "/index.html"):
            self._static("index.html")
        elif url.path.startswith("/static/"):
            self._static(url.path.removeprefix("/static/"))
        elif url.path == "/api/words":
            self._json({"words": self.app.words, "lang": self.app.lang})
        elif url.path == "/api/state" and "user" in query:
            self._json(self.app.state(query["user"], query.get("rev")))
        elif url.path.startswith("/files/"):
            self._file(url.path.split("/")[2], download="download" in query)
        else:
            self._json({"error": "not_found"}, HTTPStatus.NOT_FOUND)

    def do_POST(self) -> None:
        length = int(self.headers.get("Content-Length") or 0)
        try:
            body = json.loads(self.rfile.read(length) or b"{}")
            name = urlparse(self.path).path.removeprefix("/api/")
            answer = self.app.gestures.perform(name, body)
        except SlackFault as fault:  # what Slack's client would not let a person do
            self._json({"error": str(fault)}, HTTPStatus.CONFLICT)
            return
        except (KeyError, ValueError, TypeError) as error:
            self._json({"error": type(error).__name__}, HTTPStatus.BAD_REQUEST)
            return
        self._json(answer)

    def _static(self, name: str) -> None:
        path = (STATIC / name).resolve()
        if path.parent != STATIC.resolve() or not path.is_file():
            self._json({"error": "not_found"}, HTTPStatus.NOT_FOUND)
            return
        kind = mimetypes.guess_type(path.name)[0] or "application/octet-stream"
        self._send(path.read_bytes(), f"{kind}; charset=utf-8" if kind.startswith("text") else kind)

    def _file(self, file_id: str, *, download: bool) -> None:
        found = self.app.file(file_id)
        if found is None:
            self._json({"error": "file_not_found"}, HTTPStatus.NOT_FOUND)
            return
        name, content = found
        kind = mimetypes.guess_type(name)[0] or "application/octet-stream"
        disposition = "attachment" if download or not kind.startswith("image/") else "inline"
        self._send(content, kind, {"Content-Disposition": f'{disposition}; filename="{Path(name).name}"'})

    def _json(self, value: Any, status: HTTPStatus = HTTPStatus.OK) -> None:
        self._send(json.dumps(value, ensure_ascii=False).encode(), "application/json", status=status)

    def _send(
        self,
        body: bytes,
        kind: str,
        headers: dict[str, str] | None = None,
        status: HTTPStatus = HTTPStatus.OK,
    ) -> None:
        self.send_response(status)
        self.send_header("Content-Type", kind)
        self.send_header("Content-Length", str(len(body)))
        self.send_header("Cache-Control", "no-store")
        for key, value in (headers or {}).items():
            self.send_header(key, value)
        self.end_headers()
        # The page may have moved on (another person picked, a long poll abandoned).
        with contextlib.suppress(BrokenPipeError, ConnectionResetError):
            self.wfile.write(body)
