"""`bryggan`: run the bot, migrate the database, administer it, or try it offline in the console.

This package is the command line: its parser and dispatch here, with the one-step commands
(`db`, `teams-manifest`, `privacy-check`); `run` in run.py; the administrator's commands in
admin.py and exports.py, reading their input through inputs.py.
"""

from __future__ import annotations

import argparse
import sys
from collections.abc import Sequence
from pathlib import Path

from bot.cli import admin, run
from bot.errors import ConfigError
from bot.logs import configure
from bot.settings import Settings, load_settings


def _parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(prog="bryggan", description="Bryggan: skola och socialtjänst i Slack")
    sub = parser.add_subparsers(dest="command", required=True)
    run = sub.add_parser("run", help="connect to Slack (Socket Mode, or HTTP with --http)")
    run.add_argument("--http", action="store_true", help="serve POST /slack/events and GET /healthz")
    run.add_argument("--host", default="0.0.0.0", help="HTTP mode: address to listen on")  # noqa: S104
    run.add_argument("--port", type=int, default=3000, help="HTTP mode: port (default 3000)")
    run.add_argument("--teams", action="store_true", help="Microsoft Teams: POST /api/messages on TEAMS_PORT")
    db = sub.add_parser("db", help="database migrations")
    db_sub = db.add_subparsers(dest="db_command", required=True)
    db_sub.add_parser("upgrade", help="migrate to the newest schema")
    down = db_sub.add_parser("downgrade", help="migrate back to a revision")
    down.add_argument("revision")
    rev = db_sub.add_parser("revision", help="(developers) autogenerate a migration")
    rev.add_argument("-m", "--message", required=True)
    backup = db_sub.add_parser("backup", help="SQLite: a consistent copy, safe while Bryggan runs")
    backup.add_argument("file", help="the new file to write (never overwritten)")
    doctor = sub.add_parser("doctor", help="check the whole set-up; explain each fix")
    doctor.add_argument("--http", action="store_true", help="check HTTP mode (run --http)")
    admin.add_parsers(sub)
    sub.add_parser("console", help="offline demo against the local Slack stand-in")
    playground = sub.add_parser("playground", help="offline demo in the browser: a Slack-like page")
    playground.add_argument("--host", default="127.0.0.1", help="address to listen on (default loopback)")
    playground.add_argument("--port", type=int, default=3000, help="port (default 3000)")
    manifest = sub.add_parser("teams-manifest", help="the Teams app package (zip) to upload or sideload")
    manifest.add_argument(
        "--out", default="bryggan-teams.zip", help="the zip to write (default bryggan-teams.zip)"
    )
    manifest.add_argument(
        "--name", default="Bryggan", help="the app's short name in Teams (at most 30 characters)"
    )
    sub.add_parser(
        "privacy-check", help='JSON lines {"id","text"} on stdin -> identifying kinds and positions on stdout'
    )
    return parser


def main(argv: Sequence[str] | None = None) -> int:
    """Entry point of the `bryggan` console script."""
    args = _parser().parse_args(argv)
    if args.command == "privacy-check":
        return _privacy_check()
    if args.command == "doctor":  # reports bad settings itself, as one of its checks
        from bot.doctor import run_doctor

        return run_doctor(http=args.http)
    try:
        settings = load_settings()
        if args.command == "console":
            from bot.console import run_console

            return run_console(settings)
        if args.command == "playground":
            from bot.playground import run_playground

            return run_playground(settings, host=args.host, port=args.port)
        if args.command == "teams-manifest":
            return _teams_manifest(settings, args)
        configure(settings.log_format, settings.log_level)
        if args.command == "db":
            return _db(settings, args)
        if args.command in admin.COMMANDS:
            return admin.run(settings, args)
        return run.run(settings, args)
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


def _teams_manifest(settings: Settings, args: argparse.Namespace) -> int:
    from bot.teams_manifest import ManifestError, build_package
    from templates import Templates

    words = Templates().module(settings.locale, "cli")
    if not settings.teams_app_id:  # the manifest's id and botId: refuse before anything is written
        print(f"bryggan: {words.teams_app_id_missing()}", file=sys.stderr)
        return 2
    try:
        package = build_package(settings.teams_app_id, settings.public_url, args.name)
    except ManifestError as exc:
        print(f"bryggan: {exc}", file=sys.stderr)
        return 2
    try:
        Path(args.out).write_bytes(package)
    except OSError:
        print(f"bryggan: {words.output_unwritable(args.out)}", file=sys.stderr)
        return 2
    print(words.teams_manifest_written(args.out))
    return 0


def _db(settings: Settings, args: argparse.Namespace) -> int:
    from storage import migrate

    if args.db_command == "backup":
        from bot.backups import backup_command
        from templates import Templates

        return backup_command(settings, args.file, Templates().module(settings.locale, "cli"))
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
