"""Per-workspace settings: each value checked before anything is stored, resolved over the defaults."""

from __future__ import annotations

from datetime import date, datetime
from pathlib import Path
from zoneinfo import ZoneInfo

import pytest
from sqlalchemy import select

from bot import workspace_settings
from bot.actors import Actor
from bot.audit import Auditor
from bot.clock import FakeClock
from bot.errors import NotPermitted
from bot.followup.terms import Terms
from bot.setting_checks import Key, SettingRefused, check, key_of, normalised
from bot.settings import Settings
from bot.workspace_settings import SettingsRefused, WorkspaceSettings, WorkspaceValues
from storage.db import make_engine, make_sessions
from storage.models import AuditEvent, WorkspaceSetting
from templates import Templates
from tests.conftest import STOCKHOLM

A, B = "T0AAAAAA1", "T0BBBBBB2"
ADMIN = Actor(A, "U0ADMIN01", is_admin=True)
CSV_BREAKS = "name;first;last\nJullov;2026-12-21;2027-01-06"
NOTHING_SV, NOTHING_EN = "Ingenting ändrades.", "Nothing was changed."
BREAKS = "breaks:\n  - name: Sportlov\n    week: 2027-W08\n"


@pytest.mark.parametrize(
    ("key", "raw", "stored"),
    [
        (Key.ADMIN_USERS, " U0B22222, U0A11111 U0B22222", "U0A11111,U0B22222"),
        (Key.ADMIN_USERS, "", ""),
        (Key.FALLBACK_CHANNEL, " C0FALLBACK ", "C0FALLBACK"),
        (Key.REPORT_CHANNEL, "G0PRIVATE1", "G0PRIVATE1"),
        (Key.INTAKE_TEXT, "Ring 013-20 00 00.", "Ring 013-20 00 00."),
        (Key.TIMEZONE, "Europe/Helsinki", "Europe/Helsinki"),
        (Key.TIMEZONE, " America/New_York ", "America/New_York"),
        (Key.RETENTION_DAYS, "030", "30"),
        (Key.ACK_HOURS, "4,5", "4.5"),
        (Key.TERMS, "ht=08-15..12-20, vt=01-08..06-12", "HT=08-15..12-20,VT=01-08..06-12"),
        (Key.SCHOOL_BREAKS, BREAKS, BREAKS.strip()),
        (
            Key.SCHOOL_BREAKS,
            "name;first;last\nJullov;2026-12-21;2027-01-06",
            "name;first;last\nJullov;2026-12-21;2027-01-06",
        ),
    ],
)
def test_a_good_value_is_checked_and_normalised(key: Key, raw: str, stored: str) -> None:
    assert normalised(key, raw.strip()) == stored
    assert check(key, raw) == stored


@pytest.mark.parametrize("raw", ["Europe/Linköping", "europe/stockholm", "Stockholm", "localtime", "CET/"])
def test_an_unknown_time_zone_is_refused_with_its_name_in_both_languages(raw: str) -> None:
    with pytest.raises(SettingRefused) as refused:
        check(Key.TIMEZONE, raw)
    assert refused.value.key == "setting_bad_zone"
    sv = str(Templates().module("sv", "errors").setting_bad_zone(**refused.value.params))
    en = str(Templates().module("en", "errors").setting_bad_zone(**refused.value.params))
    assert (
        sv == f'"{raw}" är ingen tidszon jag känner till. Skriv till exempel Europe/Stockholm. ' + NOTHING_SV
    )
    assert en == f'"{raw}" is not a time zone I know. Write for example Europe/Stockholm. ' + NOTHING_EN


@pytest.mark.parametrize(
    ("key", "raw", "error"),
    [
        (Key.ADMIN_USERS, "U0A11111,sara", "setting_bad_user"),
        (Key.FALLBACK_CHANNEL, "D0DIRECT1", "setting_bad_channel"),
        (Key.FALLBACK_CHANNEL, "#skolor", "setting_bad_channel"),
        (Key.INTAKE_TEXT, "Ring", "setting_bad_text_length"),
        (Key.ON_CALL_TEXT, "x" * 301, "setting_bad_text_length"),
        (Key.TIMEZONE, "Europe/Linköping", "setting_bad_zone"),
        (Key.TIMEZONE, "../etc/passwd", "setting_bad_zone"),
        (Key.RETENTION_DAYS, "0", "setting_bad_retention"),
        (Key.RETENTION_DAYS, "3651", "setting_bad_retention"),
        (Key.RETENTION_DAYS, "-5", "setting_bad_retention"),
        (Key.RETENTION_DAYS, "²", "setting_bad_retention"),
        (Key.RETENTION_DAYS, "٣٠", "setting_bad_retention"),
        (Key.ACK_HOURS, "٣", "setting_bad_ack_hours"),
        (Key.ACK_HOURS, "²", "setting_bad_ack_hours"),
        (Key.ACK_HOURS, "0", "setting_bad_ack_hours"),
        (Key.ACK_HOURS, "nan", "setting_bad_ack_hours"),
        (Key.ACK_HOURS, "81", "setting_bad_ack_hours"),
        (Key.TERMS, "HT=08-01..12-31", "setting_bad_terms"),
        (Key.TERMS, "HT=12-31..08-01,VT=01-01..06-30", "setting_bad_terms"),
        (
            Key.SCHOOL_BREAKS,
            "- name: Sportlov\n  first: 2027-02-30\n  last: 2027-03-01\n",
            "setting_bad_breaks",
        ),
        (Key.SCHOOL_BREAKS, "- first: 2027-02-22\n", "setting_bad_breaks"),
        (Key.SCHOOL_BREAKS, "- name: [\n", "setting_bad_breaks"),
        (Key.SCHOOL_BREAKS, "x" * 3001, "setting_breaks_too_long"),
    ],
)
def test_a_bad_value_is_refused_in_both_languages(key: Key, raw: str, error: str) -> None:
    with pytest.raises(SettingRefused) as refused:
        check(key, raw)
    assert refused.value.key == error
    for lang, nothing in (("sv", "Ingenting ändrades."), ("en", "Nothing was changed.")):
        text = str(getattr(Templates().module(lang, "errors"), error)(**refused.value.params))
        assert text.endswith(nothing), text


def test_an_unknown_key_names_the_known_ones() -> None:
    with pytest.raises(SettingRefused) as refused:
        key_of("colour")
    words = str(Templates().module("sv", "errors").setting_unknown(**refused.value.params))
    assert words.startswith('"colour" är ingen inställning. De som finns: admin_users, fallback_channel')


@pytest.fixture
def resolver(database_url: str, clock: FakeClock, tmp_path: Path) -> WorkspaceSettings:
    settings = Settings(
        _env_file=None,  # type: ignore[call-arg]
        database_url=database_url,
        admin_users="U0ENVADM1",
        fallback_channel="C0ENVFALL",
    )
    engine = make_engine(database_url)
    return WorkspaceSettings(
        settings=settings, sessions=make_sessions(engine), audit=Auditor(clock=clock), clock=clock
    )


def test_without_rows_every_workspace_has_the_environments_values(resolver: WorkspaceSettings) -> None:
    values = resolver.values(A)
    assert values is resolver.defaults
    assert values.admin_users == {"U0ENVADM1"}
    assert values.fallback_channel == "C0ENVFALL"
    assert values.retention_days == 90


def test_a_workspaces_value_overrides_there_only_and_unset_restores_the_default(
    resolver: WorkspaceSettings,
) -> None:
    changed = resolver.change(
        ADMIN,
        {
            Key.FALLBACK_CHANNEL: "C0AFALLBK",
            Key.REPORT_CHANNEL: "C0AREPORT",
            Key.TERMS: "ht=08-15..12-20,vt=01-08..06-12",
            Key.ADMIN_USERS: "",
            Key.INTAKE_TEXT: "Ring mottagningen.",
            Key.ON_CALL_TEXT: "Socialjouren Öst",
            Key.RETENTION_DAYS: "30",
            Key.ACK_HOURS: "4",
            Key.TIMEZONE: "Europe/Helsinki",
        },
    )
    assert len(changed) == 9
    a, b = resolver.values(A), resolver.values(B)
    assert a == WorkspaceValues(
        admin_users=frozenset(),
        fallback_channel="C0AFALLBK",
        report_channel="C0AREPORT",
        terms=Terms.parse("HT=08-15..12-20,VT=01-08..06-12"),
        calendar=resolver.defaults.calendar,
        intake_text="Ring mottagningen.",
        on_call_text="Socialjouren Öst",
        retention_days=30,
        ack_hours=4.0,
        zone=ZoneInfo("Europe/Helsinki"),
    )
    assert b is resolver.defaults
    assert b.zone == ZoneInfo("Europe/Stockholm")
    assert resolver.change(ADMIN, {Key.FALLBACK_CHANNEL: None}) == [Key.FALLBACK_CHANNEL]
    assert resolver.values(A).fallback_channel == "C0ENVFALL"
    shown = {s.key: (s.text, s.own) for s in resolver.shown(A)}
    assert shown[Key.FALLBACK_CHANNEL] == ("C0ENVFALL", False)
    assert shown[Key.RETENTION_DAYS] == ("30", True)
    assert shown[Key.TIMEZONE] == ("Europe/Helsinki", True)


def test_each_workspace_tells_the_time_in_its_own_zone_and_a_change_reaches_its_clock_at_once(
    resolver: WorkspaceSettings, clock: FakeClock
) -> None:
    clock.set(datetime(2026, 11, 24, 23, 30, tzinfo=STOCKHOLM))  # 00:30 the next day in Helsinki
    clocks = resolver.clocks()
    assert (clocks.for_team(A).today(), clocks.for_team(B).today()) == (date(2026, 11, 24),) * 2
    resolver.change(ADMIN, {Key.TIMEZONE: "Europe/Helsinki"})
    a, b = clocks.for_team(A), clocks.for_team(B)
    assert (a.zone.key, b.zone.key) == ("Europe/Helsinki", "Europe/Stockholm")
    assert (a.today(), b.today()) == (date(2026, 11, 25), date(2026, 11, 24))
    assert a.now() == b.now() == clocks.now() == clock.now()  # one instant, two wall clocks
    assert f"{a.local(clock.now()):%H:%M}" == "00:30"
    resolver.change(ADMIN, {Key.TIMEZONE: None})
    assert clocks.for_team(A).today() == date(2026, 11, 24)  # back to the environment's zone


def test_retentions_are_each_workspaces_own_over_the_default_and_the_shortest_bounds_them(
    resolver: WorkspaceSettings,
) -> None:
    assert (resolver.retentions().of(A), resolver.retentions().shortest) == (90, 90)
    resolver.change(ADMIN, {Key.RETENTION_DAYS: "30"})
    retentions = resolver.retentions()
    assert (retentions.of(A), retentions.of(B), retentions.shortest) == (30, 90, 30)
    resolver.change(ADMIN, {Key.RETENTION_DAYS: "400"})
    assert resolver.retentions().shortest == 90


def test_a_read_overtaken_by_a_change_here_is_not_cached(
    resolver: WorkspaceSettings, monkeypatch: pytest.MonkeyPatch
) -> None:
    read = workspace_settings.stored_settings

    def read_then_change(session: object, *, team_id: str) -> dict[str, str]:
        stale = read(session, team_id=team_id)  # type: ignore[arg-type]
        monkeypatch.setattr(workspace_settings, "stored_settings", read)
        resolver.change(ADMIN, {Key.RETENTION_DAYS: "30"})  # commits between the read and its caching
        return stale

    monkeypatch.setattr(workspace_settings, "stored_settings", read_then_change)
    assert resolver.values(A).retention_days == 90  # what it read, before the change
    assert resolver.values(A).retention_days == 30  # the replica that changed it sees it at once


def test_one_bad_value_stores_none_of_a_change(resolver: WorkspaceSettings, database_url: str) -> None:
    with pytest.raises(SettingsRefused) as refused:
        resolver.change(
            ADMIN,
            {Key.INTAKE_TEXT: "Ring mottagningen.", Key.RETENTION_DAYS: "x", Key.TIMEZONE: "Mars/Olympus"},
        )
    assert set(refused.value.refused) == {Key.RETENTION_DAYS, Key.TIMEZONE}
    assert _rows(database_url) == ([], [])


def test_only_an_administrator_changes_settings(resolver: WorkspaceSettings, database_url: str) -> None:
    with pytest.raises(NotPermitted):
        resolver.change(Actor(A, "U0SOMEONE", is_admin=False), {Key.RETENTION_DAYS: "30"})
    assert _rows(database_url) == ([], [])


def test_each_real_change_is_audited_by_key_never_by_value(
    resolver: WorkspaceSettings, database_url: str
) -> None:
    resolver.change(ADMIN, {Key.INTAKE_TEXT: "Ring mottagningen på 013-20 00 00."})
    assert resolver.change(ADMIN, {Key.INTAKE_TEXT: "Ring mottagningen på 013-20 00 00."}) == []
    resolver.change(ADMIN, {Key.INTAKE_TEXT: None})
    settings, audit = _rows(database_url)
    assert settings == []
    assert audit == [
        (A, "U0ADMIN01", "setting_changed", "intake_text", None),
        (A, "U0ADMIN01", "setting_reset", "intake_text", None),
    ]


def _rows(database_url: str) -> tuple[list[tuple[str, str]], list[tuple[object, ...]]]:
    engine = make_engine(database_url)
    with make_sessions(engine).begin() as session:
        settings = [(r.team_id, r.key) for r in session.scalars(select(WorkspaceSetting))]
        audit = [
            (e.team_id, e.actor_id, e.action, e.subject_id, e.detail)
            for e in session.scalars(select(AuditEvent).order_by(AuditEvent.id))
        ]
    engine.dispose()
    return settings, audit
