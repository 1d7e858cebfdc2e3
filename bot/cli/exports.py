"""`bryggan report` and `bryggan audit export`: a workspace's figures and audit log as files."""

from __future__ import annotations

import argparse
import sys
from pathlib import Path
from typing import Any

from bot.cli.inputs import Refused, database, day, team
from bot.settings import Settings
from templates import unescape_mrkdwn


def report(settings: Settings, args: argparse.Namespace, words: Any) -> int:
    """The term's follow-up figures as CSV, Markdown or PNG charts."""
    from bot.app import make_followup
    from bot.clock import SystemClock
    from bot.errors import BrygganError
    from bot.followup import files
    from storage.db import make_sessions
    from storage.schools import list_team_ids
    from templates import Templates

    with database(settings, words) as engine:
        sessions = make_sessions(engine)
        with sessions.begin() as session:
            teams = list_team_ids(session)
        if not teams:
            raise Refused(words.nothing_to_report())
        chosen = team(words, args.team) if args.team is not None else (teams[0] if len(teams) == 1 else None)
        if chosen is None:
            raise Refused(words.report_team_missing())
        followup = make_followup(settings, sessions, SystemClock())
        try:
            term = followup.term(chosen, args.term)
        except BrygganError as exc:
            if exc.key == "term_not_begun":
                raise Refused(words.term_not_begun(**exc.params)) from None
            raise Refused(words.bad_term(args.term)) from None
        figures = followup.report(chosen, term)
    rendered = files.render(figures, args.format, templates=Templates(), lang=settings.locale)
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
        raise Refused(words.output_unwritable(args.output)) from None
    print("\n".join(str(p) for p in paths))
    return 0


def export_audit(settings: Settings, args: argparse.Namespace, words: Any) -> int:
    """The audit log as CSV for Excel, to standard output or a file."""
    from bot.audit import AuditLog, to_csv
    from storage.db import make_sessions

    chosen = team(words, args.team) if args.team is not None else None
    since, until = day(words, "--since", args.since), day(words, "--until", args.until)
    if since and until and since > until:
        raise Refused(words.since_after_until())
    with database(settings, words) as engine:
        sessions = make_sessions(engine)
        if chosen is None:
            # One municipality's log is no other's to read: with several, the operator names one. With
            # one, the export is still scoped to it (a workspace installed meanwhile stays out).
            teams = AuditLog(sessions=sessions, zone=settings.zone).team_ids()
            if len(teams) > 1:
                raise Refused(words.report_team_missing())
            chosen = next(iter(teams), None)
        # Its days and times in the workspace's own time zone, as its people saw them.
        zone = _workspace_zone(settings, sessions, chosen) if chosen is not None else settings.zone
        entries = AuditLog(sessions=sessions, zone=zone).entries(team_id=chosen, since=since, until=until)
    data = to_csv(entries, words.audit_columns)
    if args.output is None:
        sys.stdout.flush()
        sys.stdout.buffer.write(data)
        sys.stdout.buffer.flush()
        return 0
    try:
        Path(args.output).write_bytes(data)
    except OSError:
        raise Refused(words.output_unwritable(args.output)) from None
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
