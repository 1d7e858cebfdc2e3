"""Fixtures: a running stand-in on a fake clock, one workspace, and a real slack_sdk WebClient."""

from __future__ import annotations

import threading
from collections.abc import Iterator
from socketserver import ThreadingMixIn
from wsgiref.simple_server import WSGIRequestHandler, WSGIServer, make_server

import pytest
from slack_bolt import App
from slack_bolt.adapter.wsgi import SlackRequestHandler
from slack_sdk import WebClient

from localslack import Driver, LocalSlack, Workspace

BOT_TOKEN = "xoxb-test-T01"
APP_TOKEN = "xapp-test-T01"
SECRET = "test-signing-secret"


class FakeClock:
    """Time that moves only when a test says so."""

    def __init__(self, start: float = 1_750_000_000.0) -> None:
        self.now = start

    def __call__(self) -> float:
        return self.now

    def advance(self, seconds: float) -> None:
        self.now += seconds


@pytest.fixture
def clock() -> FakeClock:
    return FakeClock()


@pytest.fixture
def slack(clock: FakeClock) -> Iterator[LocalSlack]:
    stand_in = LocalSlack(clock=clock).start()
    yield stand_in
    stand_in.stop()


@pytest.fixture
def ws(slack: LocalSlack) -> Workspace:
    workspace = slack.add_workspace(
        team_id="T01",
        domain="linkoping",
        name="Linköpings kommun",
        bot_token=BOT_TOKEN,
        app_token=APP_TOKEN,
        signing_secret=SECRET,
        bot_user_id="UBRYGGAN",
        bot_id="BBRYGGAN",
    )
    workspace.add_user(id="U01", name="rektor", real_name="Rita Rektor", title="Rektor")
    workspace.add_user(id="U02", name="anna", real_name="Anna Andersson", locale="en-GB")
    workspace.add_user(id="U03", name="borta", real_name="Bo Borta", deleted=True)
    workspace.add_channel(id="C01", name="berzeliusskolan", members=["U01", "U02"])
    workspace.add_channel(id="C02", name="utan-bot", members=["U01"], bot_member=False)
    workspace.add_channel(id="C03", name="arkiv", members=["U01"], is_archived=True)
    workspace.add_channel(id="G01", name="hemlig", members=["U01"], is_private=True, bot_member=False)
    return workspace


@pytest.fixture
def client(slack: LocalSlack, ws: Workspace) -> WebClient:
    """A real SDK client with its retry handlers off, so every answer is seen as sent."""
    return WebClient(token=BOT_TOKEN, base_url=slack.api_url, retry_handlers=[])


class _QuietHandler(WSGIRequestHandler):
    def log_message(self, format: str, *args: object) -> None:
        return None


class _ThreadingWSGIServer(ThreadingMixIn, WSGIServer):
    daemon_threads = True


class ServedApp:
    """A real Bolt App behind a local WSGI server; records the headers of every request."""

    def __init__(self, app: App) -> None:
        self.app = app
        self.headers_seen: list[dict[str, str]] = []
        handler = SlackRequestHandler(app)

        def wsgi(environ: dict, start_response: object) -> object:
            self.headers_seen.append({k: str(v) for k, v in environ.items() if k.startswith("HTTP_")})
            return handler(environ, start_response)  # type: ignore[arg-type]

        self.server = make_server(
            "127.0.0.1", 0, wsgi, server_class=_ThreadingWSGIServer, handler_class=_QuietHandler
        )
        self.url = f"http://127.0.0.1:{self.server.server_port}/slack/events"
        threading.Thread(target=self.server.serve_forever, args=(0.05,), daemon=True).start()

    def close(self) -> None:
        self.server.shutdown()
        self.server.server_close()


@pytest.fixture
def bolt_app(slack: LocalSlack, ws: Workspace) -> App:
    """A Bolt App whose WebClient talks to the stand-in (its auth.test goes there too)."""
    web = WebClient(token=ws.bot_token, base_url=slack.api_url, retry_handlers=[])
    return App(client=web, signing_secret=ws.signing_secret)


@pytest.fixture
def served(bolt_app: App) -> Iterator[ServedApp]:
    app = ServedApp(bolt_app)
    yield app
    app.close()


@pytest.fixture
def driver(slack: LocalSlack, ws: Workspace, served: ServedApp) -> Driver:
    return Driver(slack, team_id=ws.team_id, target="http", url=served.url)
