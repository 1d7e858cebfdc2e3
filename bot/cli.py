"""`bryggan`: run the bot, migrate the database, administer it, or try it offline in the console."""

from __future__ import annotations

import argparse
import logging
import sys
from collections.abc import Iterator, Sequence
from contextlib import contextmanager
from datetime import date
from pathlib import Path
from typing import Any

from sqlalchemy import Engine
from sqlalchemy.exc import OperationalError

from bot.errors import ConfigError
from bot.logs import configure
from bot.settings import Settings, load_settings
from templates import unescape_mrkdwn

log = logging.getLogger("bryggan")


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
    _admin_parsers(sub)
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
        if args.command in ("schools", "audit", "report", "keys", "settings"):
            return _admin(settings, args)
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


def _admin_parsers(sub: Any) -> None:
    schools = sub.add_parser("schools", help="administer the schools")
    schools_sub = schools.add_subparsers(dest="schools_command", required=True)
    imp = schools_sub.add_parser("import", help="create or update schools from a CSV file (UTF-8, ; or ,)")
    imp.add_argument("file", help="columns namn, typ, skolenhetskod, kanal (header row first)")
    imp.add_argument("--team", help="the Slack team id (T…) the schools belong to (required)")
    audit = sub.add_parser("audit", help="the audit log")
    audit_sub = audit.add_subparsers(dest="audit_command", required=True)
    export = audit_sub.add_parser("export", help="the audit log as CSV for Excel (UTF-8 with BOM, ;)")
    export.add_argument("--since", help="first local day, YYYY-MM-DD (inclusive)")
    export.add_argument("--until", help="last local day, YYYY-MM-DD (inclusive)")
    export.add_argument("--output", help="write to this file instead of standard output")
    export.add_argument("--team", help="the Slack team id (needed when the database holds several)")
    report = sub.add_parser(
        "report", help="the term's follow-up figures as CSV (Excel), Markdown or PNG charts"
    )
    report.add_argument("--term", help="HT2026, VT2027 … (default: the current term)")
    report.add_argument("--format", choices=("csv", "md", "png"), default="md")
    report.add_argument(
        "--output", help="a file (csv, md) or a folder (png); default: standard output or here"
    )
    report.add_argument("--team", help="the Slack team id (needed when the database holds several)")
    settings = sub.add_parser("settings", help="a workspace's own settings (the environment's are defaults)")
    settings_sub = settings.add_subparsers(dest="settings_command", required=True)
    show = settings_sub.add_parser("show", help="every setting: the workspace's own value or the default")
    put = settings_sub.add_parser("set", help="set a value (school_breaks: the file's name)")
    put.add_argument("key")
    put.add_argument("value")
    unset = settings_sub.add_parser("unset", help="back to the environment's default")
    unset.add_argument("key")
    for each in (show, put, unset):
        each.add_argument("--team", help="the Slack team id (needed when the database holds several)")
    keys = sub.add_parser("keys", help="the keys that encrypt stored texts")
    keys_sub = keys.add_subparsers(dest="keys_command", required=True)
    keys_sub.add_parser("rotate", help="encrypt every stored text again with BRYGGAN_SECRET_KEY")


class _Refused(Exception):
    """One line for the administrator: nothing was done."""


def _admin(settings: Settings, args: argparse.Namespace) -> int:
    from templates import Templates

    words = Templates().module(settings.locale, "cli")
    try:
        if args.command == "schools":
            return _import_schools(settings, args, words)
        if args.command == "report":
            return _report(settings, args, words)
        if args.command == "keys":
            return _rotate_keys(settings, words)
        if args.command == "settings":
            return _settings(settings, args, words)
        return _export_audit(settings, args, words)
    except _Refused as exc:
        print(f"bryggan: {unescape_mrkdwn(str(exc))}", file=sys.stderr)
        return 2


def _import_schools(settings: Settings, args: argparse.Namespace, words: Any) -> int:
    from bot.audit import Auditor
    from bot.clock import SystemClock
    from bot.schools import ImportConflict, Schools, UnreadableFile
    from storage.db import make_sessions

    if args.team is None:
        raise _Refused(words.team_missing())
    team = _team(words, args.team)
    data = _read(words, args.file)
    with _database(settings, words) as engine:
        clock = SystemClock()
        schools = Schools(sessions=make_sessions(engine), clock=clock, audit=Auditor(clock=clock))
        try:
            report = schools.import_file(data, team_id=team)
        except UnreadableFile as exc:
            raise _Refused(getattr(words, exc.key)(args.file, **exc.params)) from None
        except ImportConflict:
            raise _Refused(words.import_conflict()) from None
    lines = [words.unknown_columns(report.ignored_columns)] if report.ignored_columns else []
    lines.append(words.summary(report.created, report.updated, report.unchanged, report.bad_rows))
    lines += [getattr(words, error.key)(error.line, **error.params) for error in report.errors]
    print("\n".join(unescape_mrkdwn(str(line)) for line in lines))
    return 1 if report.errors else 0


def _report(settings: Settings, args: argparse.Namespace, words: Any) -> int:
    from bot.app import make_followup
    from bot.clock import SystemClock
    from bot.errors import BrygganError
    from bot.followup import files
    from storage.db import make_sessions
    from storage.schools import list_team_ids
    from templates import Templates

    with _database(settings, words) as engine:
        sessions = make_sessions(engine)
        with sessions.begin() as session:
            teams = list_team_ids(session)
        if not teams:
            raise _Refused(words.nothing_to_report())
        team = _team(words, args.team) if args.team is not None else (teams[0] if len(teams) == 1 else None)
        if team is None:
            raise _Refused(words.report_team_missing())
        followup = make_followup(settings, sessions, SystemClock())
        try:
            term = followup.term(team, args.term)
        except BrygganError as exc:
            if exc.key == "term_not_begun":
                raise _Refused(words.term_not_begun(**exc.params)) from None
            raise _Refused(words.bad_term(args.term)) from None
        report = followup.report(team, term)
    rendered = files.render(report, args.format, templates=Templates(), lang=settings.locale)
    return _write(rendered, args, words)


def _write(rendered: list[tuple[str, bytes]], args: argparse.Namespace, words: Any) -> int:
    if args.format != "png" and args.output is None:
        sys.stdout.flush()
        sys.stdout.buffer.write(rendered[0][1])
        sys.stdout.buffer.flush()
        return 0
    try:
        if args.format == "png":
            folder = Path(args.output or ".")
            folder.mkdir(parents=True, exist_ok=True)
            paths = [folder / name for name, _ in rendered]
            for path, (_name, data) in zip(paths, rendered, strict=True):
                path.write_bytes(data)
        else:
            paths = [Path(args.output)]
            paths[0].write_bytes(rendered[0][1])
    except OSError:
        raise _Refused(words.output_unwritable(args.output)) from None
    print("\n".join(str(p) for p in paths))
    return 0


def _rotate_keys(settings: Settings, words: Any) -> int:
    from bot.crypto import TextBox
    from bot.keys import rotate
    from storage.db import make_sessions

    box = TextBox(*settings.text_keys())
    with _database(settings, words) as engine:
        done = rotate(make_sessions(engine), box)
    print(unescape_mrkdwn(str(words.keys_rotated(done.resealed, box.fingerprints[0]))))
    if done.unreadable:
        print(unescape_mrkdwn(str(words.keys_unreadable(done.unreadable, box.fingerprints))), file=sys.stderr)
    return 1 if done.unreadable else 0


def _export_audit(settings: Settings, args: argparse.Namespace, words: Any) -> int:
    from bot.audit import AuditLog, to_csv
    from storage.db import make_sessions

    team = _team(words, args.team) if args.team is not None else None
    since, until = _day(words, "--since", args.since), _day(words, "--until", args.until)
    if since and until and since > until:
        raise _Refused(words.since_after_until())
    with _database(settings, words) as engine:
        sessions = make_sessions(engine)
        if team is None:
            # One municipality's log is no other's to read: with several, the operator names one. With
            # one, the export is still scoped to it (a workspace installed meanwhile stays out).
            teams = AuditLog(sessions=sessions, zone=settings.zone).team_ids()
            if len(teams) > 1:
                raise _Refused(words.report_team_missing())
            team = next(iter(teams), None)
        # Its days and times in the workspace's own time zone, as its people saw them.
        zone = _workspace_zone(settings, sessions, team) if team is not None else settings.zone
        entries = AuditLog(sessions=sessions, zone=zone).entries(team_id=team, since=since, until=until)
    data = to_csv(entries, words.audit_columns)
    if args.output is None:
        sys.stdout.flush()
        sys.stdout.buffer.write(data)
        sys.stdout.buffer.flush()
        return 0
    try:
        Path(args.output).write_bytes(data)
    except OSError:
        raise _Refused(words.output_unwritable(args.output)) from None
    print(unescape_mrkdwn(str(words.exported(len(entries), args.output))))
    return 0


def _workspace_zone(settings: Settings, sessions: Any, team: str) -> Any:
    """`team`'s time zone: its own setting, or the environment's."""
    from bot.audit import Auditor
    from bot.clock import SystemClock
    from bot.workspace_settings import WorkspaceSettings

    clock = SystemClock()
    resolver = WorkspaceSettings(
        settings=settings, sessions=sessions, audit=Auditor(clock=clock), clock=clock
    )
    return resolver.values(team).zone


def _settings(settings: Settings, args: argparse.Namespace, words: Any) -> int:
    from bot.actors import Actor
    from bot.audit import Auditor
    from bot.clock import SystemClock
    from bot.errors import BrygganError
    from bot.schools import ACTOR
    from bot.setting_checks import key_of
    from bot.workspace_settings import WorkspaceSettings
    from storage.db import make_sessions
    from storage.workspace_settings import known_team_ids
    from templates import Templates

    errors = Templates().module(settings.locale, "errors")
    with _database(settings, words) as engine:
        sessions = make_sessions(engine)
        if args.team is not None:
            team = _team(words, args.team)
        else:
            with sessions.begin() as session:
                teams = known_team_ids(session)
            if len(teams) != 1:
                raise _Refused(words.report_team_missing() if teams else words.settings_team_missing())
            team = teams[0]
        clock = SystemClock()
        resolver = WorkspaceSettings(
            settings=settings, sessions=sessions, audit=Auditor(clock=clock), clock=clock
        )
        if args.settings_command == "show":
            for shown in resolver.shown(team):
                print(unescape_mrkdwn(str(words.setting_line(shown.key.value, shown.text, shown.own))))
            return 0
        try:
            key = key_of(args.key)
            value = _setting_value(words, key, args.value) if args.settings_command == "set" else None
            changed = resolver.change(Actor(team, ACTOR, is_admin=True), {key: value})
        except BrygganError as exc:
            raise _Refused(getattr(errors, exc.key)(**exc.params)) from None
    print(unescape_mrkdwn(str(words.setting_done(key.value, team, bool(changed), value is None))))
    return 0


def _setting_value(words: Any, key: Any, value: str) -> str:
    """The value to set; for school_breaks, `value` names the file whose text is stored."""
    from bot.setting_checks import Key

    if key is not Key.SCHOOL_BREAKS:
        return value
    try:
        return _read(words, value).decode("utf-8-sig")
    except UnicodeDecodeError:
        raise _Refused(words.not_utf8(value)) from None


def _team(words: Any, team: str) -> str:
    from bot.schools import TEAM_ID

    if not TEAM_ID.match(team):
        raise _Refused(words.team_invalid(team))
    return team


def _read(words: Any, name: str) -> bytes:
    try:
        return Path(name).read_bytes()
    except FileNotFoundError:
        raise _Refused(words.file_missing(name)) from None
    except OSError:
        raise _Refused(words.file_unreadable(name)) from None


def _day(words: Any, option: str, value: str | None) -> date | None:
    if value is None:
        return None
    try:
        return date.fromisoformat(value)
    except ValueError:
        raise _Refused(words.bad_date(option, value)) from None


@contextmanager
def _database(settings: Settings, words: Any) -> Iterator[Engine]:
    """An engine on a database at the newest migration; the tools never migrate by themselves."""
    from storage import migrate
    from storage.db import make_engine

    # Alembic announces its context at INFO: noise in a tool whose output a person reads.
    logging.getLogger("alembic.runtime.migration").setLevel(logging.WARNING)
    engine = make_engine(_existing_database(settings, words))
    try:
        if not migrate.is_current(engine):
            raise _Refused(words.database_behind())
        yield engine
    except OperationalError:
        raise _Refused(words.database_unreachable()) from None
    finally:
        engine.dispose()


def _existing_database(settings: Settings, words: Any) -> str:
    """The database URL to read; a missing SQLite file is refused (opening it would create it).

    Without DATABASE_URL, in a folder holding only the console's demo database, that one is meant.
    """
    from sqlalchemy.engine import make_url

    from bot.console import DEMO_DATABASE

    url = make_url(settings.database_url)
    if not url.drivername.startswith("sqlite") or url.database in (None, "", ":memory:"):
        return settings.database_url
    path = Path(url.database)
    if path.exists():
        return settings.database_url
    if "database_url" not in settings.model_fields_set and DEMO_DATABASE.exists():
        print(unescape_mrkdwn(str(words.using_demo(str(DEMO_DATABASE)))), file=sys.stderr)
        return f"sqlite:///{DEMO_DATABASE}"
    raise _Refused(words.database_missing(str(path), str(DEMO_DATABASE)))


def _run(settings: Settings, args: argparse.Namespace) -> int:
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
    bryggan.start_background()
    try:
        if args.http:
            server = bryggan.http_server(host=args.host, port=args.port)
            log.info("serving HTTP mode", extra={"port": server.effective_port})
            server.run()
        else:
            if settings.metrics_port is not None:  # HTTP mode serves /metrics on its own port
                port = bryggan.serve_metrics(port=settings.metrics_port)
                log.info("serving metrics", extra={"port": port})
            log.info("connecting in Socket Mode")
            bryggan.socket_mode_handler().start()
    finally:
        bryggan.close()
    return 0


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
        bryggan.start_background()
        log.info("serving Teams", extra={"port": settings.teams_port})
        serving.run(app, host=args.host, port=settings.teams_port, services=bryggan.services)
    finally:
        bryggan.close()
    return 0


if __name__ == "__main__":
    sys.exit(main())
