"""What each workspace may set for itself, and the check of each value before anything is stored."""

from __future__ import annotations

import re
from enum import StrEnum
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError, available_timezones

from bot.errors import BrygganError, ConfigError
from bot.followup.terms import Terms
from bot.meetings.breaks import SchoolBreak, parse_breaks

_USER_ID = re.compile(r"^(?:[UW][A-Z0-9]{2,31}|MU[A-Z2-7]{24})$")  # Slack, or Teams (MU…)
_CHANNEL_ID = re.compile(r"^[CG][A-Z0-9]{2,31}$")
TEXT_LIMITS = (5, 300)  # intake and on-call texts, as in the environment
BREAKS_LIMIT = 3000  # characters of a breaks file: a modal's text field holds no more
RETENTION_DAYS = (1, 3650)
ACK_HOURS_MAX = 80.0


class Key(StrEnum):
    """The settings a workspace may set, by the name the CLI and the audit log use."""

    ADMIN_USERS = "admin_users"
    FALLBACK_CHANNEL = "fallback_channel"
    REPORT_CHANNEL = "report_channel"
    TERMS = "terms"
    SCHOOL_BREAKS = "school_breaks"
    INTAKE_TEXT = "intake_text"
    ON_CALL_TEXT = "on_call_text"
    TIMEZONE = "timezone"
    RETENTION_DAYS = "retention_days"
    ACK_HOURS = "ack_hours"


class SettingRefused(BrygganError):
    """A value that is not valid for its setting; the key words why (templates, errors.j2)."""


def key_of(name: str) -> Key:
    """The setting called `name`, or SettingRefused naming the ones there are."""
    try:
        return Key(name.strip().lower())
    except ValueError:
        raise SettingRefused("setting_unknown", name=name, known=[k.value for k in Key]) from None


def check(key: Key, raw: str) -> str:
    """The text to store for `key`, normalised; SettingRefused (nothing stored) when it is not valid."""
    return normalised(key, raw.strip())


def normalised(key: Key, text: str) -> str:
    """`text` (stripped) as stored for `key`; SettingRefused when it is not a valid value of it."""
    if key is Key.ADMIN_USERS:
        ids = sorted({part for part in re.split(r"[,\s]+", text) if part})
        bad = [i for i in ids if not _USER_ID.match(i)]
        if bad:
            raise SettingRefused("setting_bad_user", value=bad[0])
        return ",".join(ids)
    if key in (Key.FALLBACK_CHANNEL, Key.REPORT_CHANNEL):
        if not _CHANNEL_ID.match(text):
            raise SettingRefused("setting_bad_channel", value=text)
        return text
    if key in (Key.INTAKE_TEXT, Key.ON_CALL_TEXT):
        if not TEXT_LIMITS[0] <= len(text) <= TEXT_LIMITS[1]:
            raise SettingRefused("setting_bad_text_length", low=TEXT_LIMITS[0], high=TEXT_LIMITS[1])
        return text
    return _check_structured(key, text)


def _check_structured(key: Key, text: str) -> str:
    if key is Key.TIMEZONE:
        return _zone(text).key
    if key is Key.RETENTION_DAYS:
        # isdigit alone takes "²" and other Unicode digits, which int() refuses.
        if not (text.isascii() and text.isdigit()) or not RETENTION_DAYS[0] <= int(text) <= RETENTION_DAYS[1]:
            raise SettingRefused(
                "setting_bad_retention", value=text, low=RETENTION_DAYS[0], high=RETENTION_DAYS[1]
            )
        return str(int(text))
    if key is Key.ACK_HOURS:
        hours = ack_hours(text)
        return f"{hours:g}"
    if key is Key.TERMS:
        try:
            Terms.parse(text)
        except ConfigError:
            raise SettingRefused("setting_bad_terms", value=text) from None
        return text.replace(" ", "").upper()
    _breaks(text)
    return text


# In the host's zone database but no place's zone: "localtime" is whatever host reads it.
_NOT_PLACES = frozenset({"localtime", "Factory", "posixrules"})


def _zone(text: str) -> ZoneInfo:
    # zoneinfo also opens a path ("../etc/passwd" is refused by it, "Europe/../UTC" is not): only a name
    # of the zone database's own list is a zone here.
    if text in _NOT_PLACES or text not in available_timezones():
        raise SettingRefused("setting_bad_zone", value=text)
    try:
        return ZoneInfo(text)
    except (ZoneInfoNotFoundError, ValueError, OSError):
        raise SettingRefused("setting_bad_zone", value=text) from None


def ack_hours(text: str) -> float:
    """The stored text of `ack_hours` as hours; SettingRefused when it is not a valid value."""
    try:
        # float() also reads Unicode digits ("٣"); only what the modal's hint shows is a value here.
        hours = float(text.replace(",", ".")) if text.isascii() else -1.0
    except ValueError:
        hours = -1.0
    if not 0 < hours <= ACK_HOURS_MAX:  # also refuses nan
        raise SettingRefused("setting_bad_ack_hours", value=text, high=int(ACK_HOURS_MAX))
    return hours


def _breaks(text: str) -> list[SchoolBreak]:
    if len(text) > BREAKS_LIMIT:
        raise SettingRefused("setting_breaks_too_long", limit=BREAKS_LIMIT)
    try:
        return parse_breaks(text)
    except ConfigError as exc:
        raise SettingRefused(
            "setting_bad_breaks", detail=str(exc).removeprefix("BRYGGAN_SCHOOL_BREAKS").lstrip(": ")
        ) from None
