"""`bryggan doctor`'s checks of what Bryggan holds: the school breaks (the file and each workspace's),
the keys, the outbox."""

from __future__ import annotations

from datetime import date, datetime, timedelta
from zoneinfo import ZoneInfo

from bot.crypto import TextBox, UnreadableText
from bot.doctor.report import Checkup
from bot.errors import ConfigError
from bot.followup.figures import Term
from bot.followup.terms import Terms
from bot.meetings import load_breaks
from bot.meetings.breaks import parse_breaks
from bot.setting_checks import Key
from storage import health
from storage.workspace_settings import stored_by_workspace

FAILED_WINDOW_DAYS = 7
STUCK_AFTER = timedelta(minutes=15)


def check_breaks(checkup: Checkup) -> None:
    """The school-break file parses and has a break in the coming term."""
    words, settings = checkup.words, checkup.settings
    title = words.title_breaks
    if settings.school_breaks is None:
        checkup.report.fail(title, words.breaks_unset(), words.breaks_unset_fix())
        return
    try:
        breaks = load_breaks(settings.school_breaks)
        terms = Terms.parse(settings.terms)
    except ConfigError as exc:
        checkup.report.fail(title, words.breaks_bad(str(exc)), words.breaks_bad_fix())
        return
    coming = _coming_term(terms, checkup.clock.now().astimezone(settings.zone).date())
    if not any(b.first <= coming.last and b.last >= coming.first for b in breaks):
        fix = words.breaks_uncovered_fix(coming.name)
        checkup.report.fail(title, words.breaks_uncovered(coming.name), fix)
        return
    checkup.report.ok(title, words.breaks_ok(len(breaks), coming.name))


def check_workspace_breaks(checkup: Checkup) -> None:
    """Each workspace that keeps its own breaks, terms or time zone has a break in its coming term.

    Said only where a workspace keeps one of them: the others follow the file checked above.
    """
    if checkup.sessions is None:
        return  # the database check has said why
    words = checkup.words
    with checkup.sessions.begin() as session:
        own = {key: stored_by_workspace(session, key=key) for key in _SHAPING_BREAKS}
    teams = sorted(set().union(*own.values()))
    if not teams:
        return
    uncovered = [f"{team} ({term})" for team in teams if (term := _uncovered(checkup, own, team))]
    title = words.title_workspace_breaks
    if uncovered:
        checkup.report.fail(title, words.workspace_breaks_uncovered(uncovered), words.workspace_breaks_fix())
    else:
        checkup.report.ok(title, words.workspace_breaks_ok(len(teams)))


# What decides a workspace's breaks in its coming term (bot/setting_checks.py checked each when stored).
_SHAPING_BREAKS = (Key.SCHOOL_BREAKS, Key.TERMS, Key.TIMEZONE)


def _uncovered(checkup: Checkup, own: dict[Key, dict[str, str]], team: str) -> str | None:
    """The name of `team`'s coming term if none of its breaks falls in it, else None."""
    settings = checkup.settings
    breaks_text = own[Key.SCHOOL_BREAKS].get(team)
    try:
        breaks = parse_breaks(breaks_text) if breaks_text is not None else load_breaks(settings.school_breaks)
        terms = Terms.parse(own[Key.TERMS].get(team, settings.terms))
    except ConfigError:  # the environment's file, reported by the check above
        return None
    zone = ZoneInfo(own[Key.TIMEZONE][team]) if team in own[Key.TIMEZONE] else settings.zone
    coming = _coming_term(terms, checkup.clock.now().astimezone(zone).date())
    covered = any(b.first <= coming.last and b.last >= coming.first for b in breaks)
    return None if covered else coming.name


def _coming_term(terms: Terms, today: date) -> Term:
    """The next term to begin after `today`: the one whose breaks must be in the file by now."""
    candidates = [terms.term(kind, year) for year in (today.year, today.year + 1) for kind in ("VT", "HT")]
    return min((t for t in candidates if t.first > today), key=lambda t: t.first)


def check_keys(checkup: Checkup) -> None:
    """The configured keys open one stored sealed text."""
    words, settings = checkup.words, checkup.settings
    title = words.title_keys
    if checkup.sessions is None or settings.secret_key is None:
        reason = words.needs_database() if checkup.sessions is None else words.needs_key()
        checkup.report.note(title, words.skipped(reason))
        return
    box = TextBox(*settings.text_keys())
    with checkup.sessions.begin() as session:
        sample = health.first_sealed_text(session)
    if sample is None:
        checkup.report.ok(title, words.keys_nothing())
        return
    try:
        box.open(sample)
    except UnreadableText:
        checkup.report.fail(title, words.keys_unreadable(box.fingerprints), words.keys_unreadable_fix())
        return
    checkup.report.ok(title, words.keys_ok(box.fingerprints[0]))


def check_outbox(checkup: Checkup) -> None:
    """No dead or expired rows lately, and nothing due waits longer than STUCK_AFTER."""
    words, title = checkup.words, checkup.words.title_outbox
    if checkup.sessions is None:
        checkup.report.note(title, words.skipped(words.needs_database()))
        return
    now: datetime = checkup.clock.now()
    with checkup.sessions.begin() as session:
        failed = health.count_failed_since(session, since=now - timedelta(days=FAILED_WINDOW_DAYS))
        oldest = health.oldest_pending_due(session, now=now)
    healthy = True
    if failed:
        healthy = False
        problem = words.outbox_failed(failed.get("dead", 0), failed.get("expired", 0), FAILED_WINDOW_DAYS)
        checkup.report.fail(title, problem, words.outbox_failed_fix())
    if oldest is not None and now - oldest > STUCK_AFTER:
        healthy = False
        minutes = int((now - oldest).total_seconds() // 60)
        checkup.report.fail(title, words.outbox_stuck(minutes), words.outbox_stuck_fix())
    if healthy:
        checkup.report.ok(title, words.outbox_ok())
