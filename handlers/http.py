"""HTTP mode: Slack's requests on POST /slack/events, and GET /healthz for the load balancer."""

from __future__ import annotations

import json
from collections.abc import Callable, Iterable
from typing import Any

from slack_bolt import App
from slack_bolt.adapter.wsgi import SlackRequestHandler

EVENTS_PATH = "/slack/events"
HEALTH_PATH = "/healthz"

StartResponse = Callable[..., Any]


def wsgi_app(app: App, *, healthy: Callable[[], bool]) -> Callable[[dict, StartResponse], Iterable[bytes]]:
    """A WSGI application serving Bolt on EVENTS_PATH and a database health check on HEALTH_PATH."""
    slack = SlackRequestHandler(app, path=EVENTS_PATH)

    def application(environ: dict, start_response: StartResponse) -> Iterable[bytes]:
        if environ.get("PATH_INFO") == HEALTH_PATH and environ.get("REQUEST_METHOD") in ("GET", "HEAD"):
            ok = healthy()
            body = json.dumps({"status": "ok" if ok else "unavailable", "database": ok}).encode()
            status = "200 OK" if ok else "503 Service Unavailable"
            start_response(status, [("Content-Type", "application/json"), ("Content-Length", str(len(body)))])
            return [body]
        return slack(environ, start_response)

    return application
