"""`bryggan run`: Bryggan serving Slack (Socket Mode or HTTP) or, with `--teams`, Microsoft Teams."""

from __future__ import annotations

import argparse
import gc
import logging
import threading
from typing import TYPE_CHECKING

from bot.errors import ConfigError
from bot.settings import Settings
from bot.stopping import on_sigterm, stop_http

if TYPE_CHECKING:
    from bot.serving import Bryggan

log = logging.getLogger("bryggan")


def run(settings: Settings, args: argparse.Namespace) -> int:
    """Serve until interrupted, with the ticker in the background."""
    from bot.app import build
    from bot.clock import SystemClock
    from bot.privacy import warm_up

    if args.teams:
        return _run_teams(settings, args)
    if settings.oauth:
        # Each workspace's token comes from its installation; the install pages need HTTP mode.
        if not args.http:
            raise ConfigError("SLACK_CLIENT_ID is set: OAuth mode serves /slack/install, run with --http")
    else:
        settings.secret("slack_bot_token")
    # Texts and tokens are encrypted at rest; only the offline demo may do without a key.
    settings.secret("secret_key")
    if settings.public_url and not args.http:
        # The calendar feeds are served by the HTTP listener; Socket Mode has none to serve them from.
        raise ConfigError("BRYGGAN_PUBLIC_URL: calendar feeds need HTTP mode: run with --http, or unset it")
    if args.http:
        settings.secret("slack_signing_secret")
    else:
        settings.secret("slack_app_token")
    bryggan = build(settings, clock=SystemClock())
    warm_up()  # the guard's word lists, before the first request rather than during it
    _settle()
    bryggan.start_background()
    try:
        if args.http:
            _serve_http(bryggan, args)
        else:
            _serve_socket_mode(bryggan)
    finally:
        bryggan.close()
    log.info("stopped")
    return 0


def _serve_http(bryggan: Bryggan, args: argparse.Namespace) -> None:
    """Serve until SIGTERM (answers under way are finished first) or Ctrl-C."""
    server = bryggan.http_server(host=args.host, port=args.port)
    on_sigterm(lambda: threading.Thread(target=stop_http, args=(server,), name="bryggan-stop").start())
    log.info("serving HTTP mode", extra={"port": server.effective_port})
    server.run()


def _serve_socket_mode(bryggan: Bryggan) -> None:
    """Stay connected until SIGTERM or Ctrl-C; the connection is closed on the way out."""
    metrics_port = bryggan.settings.metrics_port
    if metrics_port is not None:  # HTTP mode serves /metrics on its own port
        port = bryggan.serve_metrics(port=metrics_port)
        log.info("serving metrics", extra={"port": port})
    log.info("connecting in Socket Mode")
    handler = bryggan.socket_mode_handler()
    stopped = threading.Event()
    on_sigterm(stopped.set)
    handler.connect()
    try:
        stopped.wait()  # interrupted by Ctrl-C as well (KeyboardInterrupt)
    finally:
        handler.close()


def _run_teams(settings: Settings, args: argparse.Namespace) -> int:
    """Teams (first slice): its messaging endpoint and the ticker, as `run` serves Slack's."""
    from bot.app import build
    from bot.clock import SystemClock
    from bot.privacy import warm_up
    from handlers.teams import listeners, serving

    if not settings.teams_app_id:
        raise ConfigError("TEAMS_APP_ID is not set: see README, 'Microsoft Teams'")
    settings.secret("teams_client_secret")
    settings.secret("secret_key")
    bryggan = build(settings, clock=SystemClock())
    try:
        app = listeners.build(bryggan.services, bryggan.sessions, bryggan.services.clock.now)
        warm_up()
        _settle()
        bryggan.start_background()
        log.info("serving Teams", extra={"port": settings.teams_port})
        # uvicorn stops gracefully on SIGTERM itself, then raises the signal again for the handler
        # it found: ours, which lets the ticker be stopped here instead of the process ending.
        on_sigterm(lambda: None)
        serving.run(app, host=args.host, port=settings.teams_port, services=bryggan.services)
    finally:
        bryggan.close()
    log.info("stopped")
    return 0


def _settle() -> None:
    """What start-up built lives as long as the process: the collector's full passes skip it.

    A full pass walked the ~155,000 objects of a started Bryggan (modules, templates, the guard's
    tables) in ~62 ms here (tests/benchmarks/bench_gc.py), holding every request thread meanwhile;
    frozen, it walks only what requests left behind.
    """
    gc.collect()
    gc.freeze()
