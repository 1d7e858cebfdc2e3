"""Per-workspace settings resolved: each workspace's values in force, and the one way to change them.

What may be set, and the check of each value, is bot/setting_checks.py. The environment's values
(bot/settings.py) are every workspace's defaults; a value a workspace stores overrides its default
there only. Every use of these settings asks `WorkspaceSettings.values(team_id)` for the request's
or job's workspace, so a deployment with no stored rows (single-token mode) behaves exactly as its
environment says.
"""

from __future__ import annotations

import threading
import time
from collections.abc import Callable, Mapping
from dataclasses import dataclass
from zoneinfo import ZoneInfo

from sqlalchemy.orm import Session, sessionmaker

from bot.actors import Actor, require_admin
from bot.audit import Auditor
from bot.clock import Clock, WorkspaceClocks
from bot.errors import BrygganError
from bot.followup.terms import Terms
from bot.meetings.breaks import Calendar, load_breaks, parse_breaks
from bot.setting_checks import Key, SettingRefused, ack_hours, check
from bot.settings import Settings
from storage.audit import AuditAction
from storage.workspace_settings import drop_setting, put_setting, stored_by_workspace, stored_settings

# A change made on one replica reaches the others' caches within this long.
_TTL_SECONDS = 30.0


@dataclass(frozen=True, slots=True)
class WorkspaceValues:
    """One workspace's settings in force: its own where stored, the environment's otherwise."""

    admin_users: frozenset[str]
    fallback_channel: str | None
    report_channel: str | None  # None: the term report goes to each administrator
    terms: Terms
    calendar: Calendar  # the days without a meeting: holidays and the workspace's school breaks
    intake_text: str
    on_call_text: str
    retention_days: int
    ack_hours: float
    zone: ZoneInfo  # its "today", wall clock and working hours (bot/clock.py: WorkspaceClocks)


ValuesOf = Callable[[str], WorkspaceValues]  # a workspace's settings in force, by its team id


@dataclass(frozen=True, slots=True)
class Retentions:
    """Every workspace's retention in days, read at once: the job deleting old texts spans workspaces."""

    own: Mapping[str, int]  # the workspaces that set their own
    default: int

    def of(self, team_id: str) -> int:
        return self.own.get(team_id, self.default)

    @property
    def shortest(self) -> int:
        """No retention in force is shorter: it bounds which closed cases are worth reading."""
        return min([self.default, *self.own.values()])


RetentionsNow = Callable[[], Retentions]


@dataclass(frozen=True, slots=True)
class Shown:
    """A setting as `bryggan settings show` and the modal show it."""

    key: Key
    text: str  # the stored text, or the default's
    own: bool  # True: the workspace's own value; False: the environment's default


def _values(defaults: WorkspaceValues, stored: Mapping[str, str]) -> WorkspaceValues:
    """The workspace's stored texts (checked when stored) over the defaults."""
    get = stored.get
    admins = stored.get(Key.ADMIN_USERS)
    return WorkspaceValues(
        admin_users=defaults.admin_users if admins is None else frozenset(filter(None, admins.split(","))),
        fallback_channel=get(Key.FALLBACK_CHANNEL, defaults.fallback_channel),
        report_channel=get(Key.REPORT_CHANNEL, defaults.report_channel),
        terms=Terms.parse(stored[Key.TERMS]) if Key.TERMS in stored else defaults.terms,
        calendar=Calendar(parse_breaks(stored[Key.SCHOOL_BREAKS]))
        if Key.SCHOOL_BREAKS in stored
        else defaults.calendar,
        intake_text=get(Key.INTAKE_TEXT, defaults.intake_text),
        on_call_text=get(Key.ON_CALL_TEXT, defaults.on_call_text),
        retention_days=int(get(Key.RETENTION_DAYS, defaults.retention_days)),
        ack_hours=ack_hours(stored[Key.ACK_HOURS]) if Key.ACK_HOURS in stored else defaults.ack_hours,
        zone=ZoneInfo(stored[Key.TIMEZONE]) if Key.TIMEZONE in stored else defaults.zone,
    )


def defaults_of(settings: Settings) -> WorkspaceValues:
    """The environment's values: what every workspace has until it stores its own."""
    return WorkspaceValues(
        admin_users=settings.admin_users,
        fallback_channel=settings.fallback_channel,
        report_channel=settings.report_channel,
        terms=Terms.parse(settings.terms),
        calendar=Calendar(load_breaks(settings.school_breaks)),
        intake_text=settings.intake_text,
        on_call_text=settings.on_call_text,
        retention_days=settings.retention_days,
        ack_hours=settings.ack_hours,
        zone=settings.zone,
    )


def _default_texts(settings: Settings) -> dict[Key, str]:
    breaks = str(settings.school_breaks) if settings.school_breaks else ""
    return {
        Key.ADMIN_USERS: ",".join(sorted(settings.admin_users)),
        Key.FALLBACK_CHANNEL: settings.fallback_channel or "",
        Key.REPORT_CHANNEL: settings.report_channel or "",
        Key.TERMS: settings.terms,
        Key.SCHOOL_BREAKS: breaks,
        Key.INTAKE_TEXT: settings.intake_text,
        Key.ON_CALL_TEXT: settings.on_call_text,
        Key.TIMEZONE: settings.timezone,
        Key.RETENTION_DAYS: str(settings.retention_days),
        Key.ACK_HOURS: f"{settings.ack_hours:g}",
    }


class WorkspaceSettings:
    """The one resolver of per-workspace settings, and the one way to change them (checked, audited)."""

    def __init__(
        self,
        *,
        settings: Settings,
        sessions: sessionmaker[Session],
        audit: Auditor,
        clock: Clock,
    ) -> None:
        self._sessions = sessions
        self._audit = audit
        self._clock = clock
        self._defaults = defaults_of(settings)
        self._default_texts = _default_texts(settings)
        self._cache: dict[str, tuple[float, WorkspaceValues]] = {}
        # Bumped by every change: a read that began before it must not cache what it read.
        self._generation = 0
        self._lock = threading.Lock()

    @property
    def defaults(self) -> WorkspaceValues:
        """The environment's values: what a workspace without rows has."""
        return self._defaults

    def values(self, team_id: str) -> WorkspaceValues:
        """The settings in force in `team_id` (cached briefly; a change here clears the cache at once)."""
        with self._lock:
            cached, generation = self._cache.get(team_id), self._generation
        if cached and time.monotonic() - cached[0] < _TTL_SECONDS:
            return cached[1]
        with self._sessions.begin() as session:
            stored = stored_settings(session, team_id=team_id)
        values = _values(self._defaults, stored) if stored else self._defaults
        with self._lock:
            if self._generation == generation:  # else a change here may have come after the read
                self._cache[team_id] = (time.monotonic(), values)
        return values

    def clocks(self) -> WorkspaceClocks:
        """The clock telling each workspace its time in its own zone."""
        return WorkspaceClocks(self._clock, zone_of=lambda team_id: self.values(team_id).zone)

    def retentions(self) -> Retentions:
        """Every workspace's retention, fresh from the database (an hourly job's one read, not cached)."""
        with self._sessions.begin() as session:
            own = stored_by_workspace(session, key=Key.RETENTION_DAYS)
        return Retentions({team: int(days) for team, days in own.items()}, self._defaults.retention_days)

    def shown(self, team_id: str) -> list[Shown]:
        """Every setting of `team_id`, its own text or the default's, in the order of `Key`."""
        with self._sessions.begin() as session:
            stored = stored_settings(session, team_id=team_id)
        return [Shown(key, stored.get(key, self._default_texts[key]), key in stored) for key in Key]

    def change(self, by: Actor, changes: Mapping[Key, str | None]) -> list[Key]:
        """Store each given value (None: back to the default) for `by`'s workspace, all or none.

        Every value is checked first; SettingsRefused carries each refusal and nothing is stored.
        Returns the keys whose value really changed, each audited (the key, never the value).
        """
        require_admin(by)
        checked: dict[Key, str | None] = {}
        refused: dict[Key, SettingRefused] = {}
        for key, raw in changes.items():
            try:
                checked[key] = None if raw is None else check(key, raw)
            except SettingRefused as exc:
                refused[key] = exc
        if refused:
            raise SettingsRefused(refused)
        changed: list[Key] = []
        with self._sessions.begin() as session:
            for key, text in checked.items():
                if self._store(session, by, key, text):
                    changed.append(key)
        with self._lock:
            self._generation += 1
            self._cache.pop(by.team_id, None)
        return changed

    def _store(self, session: Session, by: Actor, key: Key, text: str | None) -> bool:
        if text is None:
            done = drop_setting(session, team_id=by.team_id, key=key)
            action = AuditAction.SETTING_RESET
        else:
            at = self._clock.now()
            done = put_setting(session, team_id=by.team_id, key=key, value=text, by=by.user_id, at=at)
            action = AuditAction.SETTING_CHANGED
        if done:
            self._audit.record(session, action, by=by, subject_id=key.value)
        return done


class SettingsRefused(BrygganError):
    """One or more values refused at once (a modal shows each beside its field); nothing was stored."""

    def __init__(self, refused: Mapping[Key, SettingRefused]) -> None:
        first = next(iter(refused.values()))
        super().__init__(first.key, **first.params)
        self.refused = dict(refused)
