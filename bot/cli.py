"""`bryggan`: run the bot, migrate the database, or try it offline in the console."""

from __future__ import annotations

import argparse
import logging
import sys
from collections.abc import Sequence

from bot.errors import ConfigError
from bot.logs import configure
from bot.settings import Settings, load_settings

log = logging.getLogger("bryggan")


def _parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(prog="bryggan", description="Bryggan: skola och socialtjänst i Slack")
    sub = parser.add_subparsers(dest="command", required=True)
    run = sub.add_parser("run", help="connect to Slack (Socket Mode, or HTTP with --http)")
    run.add_argument("--http", action="store_true", help="serve POST /slack/events and GET /healthz")
    run.add_argument("--host", default="0.0.0.0", help="HTTP mode: address to listen on")  # noqa: S104
    run.add_argument("--port", type=int, default=3000, help="HTTP mode: port (default 3000)")
    db = sub.add_parser("db", help="database migrations")
    db_sub = db.add_subparsers(dest="db_command", required=True)
    db_sub.add_parser("upgrade", help="migrate to the newest schema")
    down = db_sub.add_parser("downgrade", help="migrate back to a revision")
    down.add_argument("revision")
    rev = db_sub.add_parser("revision", help="(developers) autogenerate a migration")
    rev.add_argument("-m", "--message", required=True)
    sub.add_parser("console", help="offline demo against the local Slack stand-in")
    sub.add_parser(
        "privacy-check", help='JSON lines {"id","text"} on stdin -> identifying kinds and positions on stdout'
    )
    return parser


def main(argv: Sequence[str] | None = None) -> int:
    """Entry point of the `bryggan` console script."""
    args = _parser().parse_args(argv)
    if args.command == "privacy-check":
        return _privacy_check()
    try:
        settings = load_settings()
        if args.command == "console":
            from bot.console import run_console

            return run_console(settings)
        configure(settings.log_format, settings.log_level)
        if args.command == "db":
            return _db(settings, args)
        return _run(settings, args)
    except ConfigError as exc:
        print(f"bryggan: {exc}", file=sys.stderr)
        return 2
    except KeyboardInterrupt:
        return 130


def _privacy_check() -> int:
    # Needs no settings or database: a pure filter, usable on any machine.
    from bot.privacy import check_jsonl

    for line in check_jsonl(sys.stdin):
        sys.stdout.write(line + "\n")
    return 0


def _db(settings: Settings, args: argparse.Namespace) -> int:
    from storage import migrate
    from storage.db import make_engine

    engine = make_engine(settings.database_url)
    if args.db_command == "upgrade":
        migrate.upgrade(engine)
    elif args.db_command == "downgrade":
        migrate.downgrade(engine, args.revision)
    else:
        migrate.revision(engine, args.message)
    engine.dispose()
    return 0


def _run(settings: Settings, args: argparse.Namespace) -> int:
    from bot.app import build
    from bot.clock import SystemClock

    settings.secret("slack_bot_token")
    if args.http:
        settings.secret("slack_signing_secret")
    else:
        settings.secret("slack_app_token")
    bryggan = build(settings, clock=SystemClock())
    bryggan.ticker.start()
    try:
        if args.http:
            server = bryggan.http_server(host=args.host, port=args.port)
            log.info("serving HTTP mode", extra={"port": server.effective_port})
            server.run()
        else:
            log.info("connecting in Socket Mode")
            bryggan.socket_mode_handler().start()
    finally:
        bryggan.close()
    return 0


if __name__ == "__main__":
    sys.exit(main())
