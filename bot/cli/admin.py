"""The administrator's commands: `schools import`, `audit export`, `report`, `settings`, `keys rotate`."""

from __future__ import annotations

import argparse
import sys
from typing import Any

from bot.cli import exports
from bot.cli.inputs import Refused, database, read, team
from bot.settings import Settings
from templates import unescape_mrkdwn

COMMANDS = ("schools", "audit", "report", "keys", "settings")


def add_parsers(sub: Any) -> None:
    """The administrator's commands on `bryggan`'s sub-command parser."""
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


def run(settings: Settings, args: argparse.Namespace) -> int:
    """One of COMMANDS; a refusal is one line on standard error and exit code 2."""
    from templates import Templates

    words = Templates().module(settings.locale, "cli")
    try:
        if args.command == "schools":
            return _import_schools(settings, args, words)
        if args.command == "report":
            return exports.report(settings, args, words)
        if args.command == "keys":
            return _rotate_keys(settings, words)
        if args.command == "settings":
            return _settings(settings, args, words)
        return exports.export_audit(settings, args, words)
    except Refused as exc:
        print(f"bryggan: {unescape_mrkdwn(str(exc))}", file=sys.stderr)
        return 2


def _import_schools(settings: Settings, args: argparse.Namespace, words: Any) -> int:
    from bot.audit import Auditor
    from bot.clock import SystemClock
    from bot.schools import ImportConflict, Schools, UnreadableFile
    from storage.db import make_sessions

    if args.team is None:
        raise Refused(words.team_missing())
    chosen = team(words, args.team)
    data = read(words, args.file)
    with database(settings, words) as engine:
        clock = SystemClock()
        schools = Schools(sessions=make_sessions(engine), clock=clock, audit=Auditor(clock=clock))
        try:
            report = schools.import_file(data, team_id=chosen)
        except UnreadableFile as exc:
            raise Refused(getattr(words, exc.key)(args.file, **exc.params)) from None
        except ImportConflict:
            raise Refused(words.import_conflict()) from None
    lines = [words.unknown_columns(report.ignored_columns)] if report.ignored_columns else []
    lines.append(words.summary(report.created, report.updated, report.unchanged, report.bad_rows))
    lines += [getattr(words, error.key)(error.line, **error.params) for error in report.errors]
    print("\n".join(unescape_mrkdwn(str(line)) for line in lines))
    return 1 if report.errors else 0


def _rotate_keys(settings: Settings, words: Any) -> int:
    from bot.crypto import TextBox
    from bot.keys import rotate
    from storage.db import make_sessions

    box = TextBox(*settings.text_keys())
    with database(settings, words) as engine:
        done = rotate(make_sessions(engine), box)
    print(unescape_mrkdwn(str(words.keys_rotated(done.resealed, box.fingerprints[0]))))
    if done.unreadable:
        print(unescape_mrkdwn(str(words.keys_unreadable(done.unreadable, box.fingerprints))), file=sys.stderr)
    return 1 if done.unreadable else 0


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
    with database(settings, words) as engine:
        sessions = make_sessions(engine)
        if args.team is not None:
            chosen = team(words, args.team)
        else:
            with sessions.begin() as session:
                teams = known_team_ids(session)
            if len(teams) != 1:
                raise Refused(words.report_team_missing() if teams else words.settings_team_missing())
            chosen = teams[0]
        clock = SystemClock()
        resolver = WorkspaceSettings(
            settings=settings, sessions=sessions, audit=Auditor(clock=clock), clock=clock
        )
        if args.settings_command == "show":
            for shown in resolver.shown(chosen):
                print(unescape_mrkdwn(str(words.setting_line(shown.key.value, shown.text, shown.own))))
            return 0
        try:
            key = key_of(args.key)
            value = _setting_value(words, key, args.value) if args.settings_command == "set" else None
            changed = resolver.change(Actor(chosen, ACTOR, is_admin=True), {key: value})
        except BrygganError as exc:
            raise Refused(getattr(errors, exc.key)(**exc.params)) from None
    print(unescape_mrkdwn(str(words.setting_done(key.value, chosen, bool(changed), value is None))))
    return 0


def _setting_value(words: Any, key: Any, value: str) -> str:
    """The value to set; for school_breaks, `value` names the file whose text is stored."""
    from bot.setting_checks import Key

    if key is not Key.SCHOOL_BREAKS:
        return value
    try:
        return read(words, value).decode("utf-8-sig")
    except UnicodeDecodeError:
        raise Refused(words.not_utf8(value)) from None
