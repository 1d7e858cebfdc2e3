"""`bryggan doctor`: check a set-up end to end and say, for each failure, how to fix it."""

from __future__ import annotations

import sys
from pathlib import Path

from sqlalchemy import Engine
from sqlalchemy.engine import make_url

from bot.clock import Clock, SystemClock
from bot.doctor.installations import check_installations
from bot.doctor.report import Checkup, Report
from bot.doctor.slack import SCOPES, check_channels, check_connection, check_token
from bot.doctor.stored import check_breaks, check_keys, check_outbox, check_workspace_breaks
from bot.errors import ConfigError
from bot.settings import Settings, load_settings
from storage import migrate
from storage.db import is_reachable, make_engine, make_sessions
from templates import Templates, unescape_mrkdwn

__all__ = ["SCOPES", "run_doctor"]


def run_doctor(http: bool = False, clock: Clock | None = None) -> int:
    """Run every check, print one line each; 0 when all pass, 1 when any fails, 2 for bad settings."""
    try:
        settings = load_settings()
    except ConfigError as exc:
        words = Templates().module("sv", "doctor")
        report = Report(words)
        report.fail(words.title_settings, words.settings_bad(str(exc)), words.settings_bad_fix())
        _print(report)
        return 2
    checkup = Checkup(
        settings=settings,
        report=Report(Templates().module(settings.locale, "doctor")),
        clock=clock or SystemClock(),
        http=http,
    )
    engine: Engine | None = None
    try:
        engine = _run_checks(checkup)
    finally:
        if engine is not None:
            engine.dispose()
    _print(checkup.report)
    return 1 if checkup.report.failures else 0


def _run_checks(checkup: Checkup) -> Engine | None:
    _check_settings(checkup)
    engine = _check_database(checkup)
    if checkup.settings.oauth:
        check_installations(checkup)
    else:
        check_token(checkup)
    check_connection(checkup)
    check_channels(checkup)
    check_breaks(checkup)
    check_workspace_breaks(checkup)
    check_keys(checkup)
    check_outbox(checkup)
    return engine


def _print(report: Report) -> None:
    for line in report.lines:
        print(unescape_mrkdwn(line))
    print(unescape_mrkdwn(str(report.words.summary(report.failures))))
    sys.stdout.flush()


def _check_settings(checkup: Checkup) -> None:
    settings, words = checkup.settings, checkup.words
    missing = [
        Settings.model_fields[name].alias for name in _needed(checkup) if getattr(settings, name) is None
    ]
    if missing:
        problem = words.settings_missing(missing)
        checkup.report.fail(words.title_settings, problem, words.settings_missing_fix())
    elif settings.oauth and not checkup.http:
        checkup.report.fail(words.title_settings, words.oauth_needs_http(), words.oauth_needs_http_fix())
    else:
        mode = "oauth" if settings.oauth else "http" if checkup.http else "socket"
        checkup.report.ok(words.title_settings, words.settings_ok(mode))


def _needed(checkup: Checkup) -> list[str]:
    """The settings this mode cannot run without (OAuth mode: tokens come from installations)."""
    if checkup.settings.oauth:
        return ["secret_key", "slack_signing_secret"]
    return ["slack_bot_token", "secret_key", "slack_signing_secret" if checkup.http else "slack_app_token"]


def _check_database(checkup: Checkup) -> Engine | None:
    words, url = checkup.words, make_url(checkup.settings.database_url)
    title = words.title_database
    on_disk = url.get_backend_name() == "sqlite" and url.database not in (None, "", ":memory:")
    if on_disk and not Path(str(url.database)).exists():  # opening it would create an empty database
        checkup.report.fail(title, words.database_missing(url.database), words.database_missing_fix())
        return None
    engine = make_engine(checkup.settings.database_url)
    if not is_reachable(engine):
        checkup.report.fail(title, words.database_unreachable(), words.database_unreachable_fix())
        return engine
    if not migrate.is_current(engine):
        checkup.report.fail(title, words.database_behind(), words.database_behind_fix())
        return engine
    checkup.sessions, checkup.engine = make_sessions(engine), engine
    checkup.report.ok(title, words.database_ok())
    return engine
