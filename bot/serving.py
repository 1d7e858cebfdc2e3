"""A built Bryggan and how it is served: HTTP under waitress, Socket Mode, /metrics, the ticker, shutdown."""

from __future__ import annotations

import threading
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from typing import Any

from prometheus_client import start_http_server
from slack_bolt import App
from slack_sdk import WebClient
from slack_sdk.oauth.installation_store import InstallationStore
from sqlalchemy import Engine
from sqlalchemy.orm import Session, sessionmaker
from waitress.server import create_server

from bot.errors import ConfigError
from bot.metrics import Metrics
from bot.services import Services
from bot.settings import Settings
from bot.stopping import STOP_GRACE_SECONDS, stop_http
from handlers import calendar_feeds
from handlers.bodies import MAX_BODY_BYTES
from handlers.http import wsgi_app
from handlers.socket_mode import CheckedSocketModeHandler
from scheduler.locks import SingleProcessLock
from scheduler.outbox import Dispatcher
from scheduler.runner import Ticker
from storage.db import is_reachable

# Waitress serves HTTP mode with a thread pool: a burst of slash commands at a school's Monday
# meeting must not queue behind one slow request (docs/decisions.md, "Slack modes and scale").
HTTP_THREADS = 16


@dataclass
class Bryggan:
    """A built Bryggan: the Bolt app plus what it needs to serve and to shut down cleanly."""

    settings: Settings
    engine: Engine
    sessions: sessionmaker[Session]
    services: Services
    bolt: App | None  # None: Slack is not configured (a Teams-only municipality, `bryggan run --teams`)
    dispatcher: Dispatcher
    metrics: Metrics
    ticker: Ticker = field(default_factory=Ticker)
    installations: InstallationStore | None = None  # OAuth mode: each workspace's tokens
    unhooks: list[Callable[[], None]] = field(default_factory=list)  # process-wide hooks to undo on close

    def slack_app(self) -> App:
        """The Bolt app; ConfigError when Slack is not configured."""
        if self.bolt is None:
            raise ConfigError("SLACK_BOT_TOKEN is not set: see README, 'Real Slack set-up'")
        return self.bolt

    def wsgi(self) -> Any:
        """The WSGI application for HTTP mode."""
        secret = self.settings.slack_signing_secret
        return wsgi_app(
            self.slack_app(),
            healthy=lambda: is_reachable(self.engine),
            signing_secret=secret.get_secret_value() if secret else "",
            metrics=self.metrics.exposition,
            on_ack=self.metrics.ack_seconds.labels(mode="http").observe,
        )

    def http_server(self, host: str = "127.0.0.1", port: int = 3000, threads: int = HTTP_THREADS) -> Any:
        """A waitress server bound to host:port (port 0 picks a free one); call `.run()` to serve."""
        return create_server(
            calendar_feeds.mounted(self.wsgi(), self.services),  # GET /calendar/<token>.ics
            host=host,
            port=port,
            threads=threads,
            ident="bryggan",
            # Bodies over MAX_BODY_BYTES get a 413 from the app; far larger ones are cut off unread.
            max_request_body_size=8 * MAX_BODY_BYTES,
        )

    @contextmanager
    def serving(self, host: str = "127.0.0.1", port: int = 0) -> Iterator[str]:
        """Serve HTTP mode from a background thread (console, tests); yields the base URL."""
        server = self.http_server(host=host, port=port)
        thread = threading.Thread(target=server.run, name="bryggan-http", daemon=True)
        thread.start()
        try:
            yield f"http://{host}:{server.effective_port}"
        finally:
            stop_http(server)
            thread.join(timeout=STOP_GRACE_SECONDS)

    def socket_mode_handler(self) -> CheckedSocketModeHandler:
        """A Socket Mode connection to Slack or to the stand-in at SLACK_API_URL; connect() or start() it."""
        return CheckedSocketModeHandler(
            self.slack_app(),
            app_token=self.settings.secret("slack_app_token"),
            web_client=WebClient(base_url=self.settings.slack_api_url),
            on_ack=self.metrics.ack_seconds.labels(mode="socket_mode").observe,
        )

    def serve_metrics(self, host: str = "0.0.0.0", port: int | None = None) -> int:  # noqa: S104
        """Serve GET /metrics on a port of its own (Socket Mode has no HTTP server); returns the port."""
        server, _thread = start_http_server(port or 0, addr=host, registry=self.metrics.registry)
        self._metrics_server = server
        return int(server.server_port)

    def start_background(self) -> None:
        """Start the ticker (outbox delivery, housekeeping); SQLite allows one delivering process."""
        self._lock = SingleProcessLock(self.settings.database_url).acquire()
        self.ticker.start()

    def close(self) -> None:
        """Stop the ticker and release database connections."""
        self.ticker.shutdown()
        for unhook in self.unhooks:
            unhook()
        if getattr(self, "_metrics_server", None) is not None:
            self._metrics_server.shutdown()
            self._metrics_server.server_close()
        if getattr(self, "_lock", None) is not None:
            self._lock.close()
        self.engine.dispose()
