"""Dates as people type them in Swedish (and English): 2026-12-01, 1/12, idag, imorgon."""

from __future__ import annotations

import re
from datetime import date, timedelta

from bot.errors import BrygganError

_ISO = re.compile(r"^(\d{4})-(\d{1,2})-(\d{1,2})$")
_DAY_MONTH = re.compile(r"^(\d{1,2})/(\d{1,2})(?:[/-](\d{2}|\d{4}))?$")
_WORDS = {
    "idag": 0,
    "i dag": 0,
    "today": 0,
    "imorgon": 1,
    "i morgon": 1,
    "imorrn": 1,
    "tomorrow": 1,
    "övermorgon": 2,
    "i övermorgon": 2,
}
# "1/3" typed in December means next March, not last: a date this far back rolls to next year.
_ROLL_OVER = timedelta(days=60)


def parse_day(text: str, *, today: date) -> date:
    """The calendar day `text` names, relative to `today`; BrygganError('bad_date') otherwise."""
    word = " ".join(text.strip().casefold().split())
    if word in _WORDS:
        return today + timedelta(days=_WORDS[word])
    if match := _ISO.match(word):
        return _make(int(match[1]), int(match[2]), int(match[3]), text)
    if match := _DAY_MONTH.match(word):
        day, month, year = int(match[1]), int(match[2]), match[3]
        if year:
            return _make(int(year) + (2000 if len(year) == 2 else 0), month, day, text)
        candidate = _make(today.year, month, day, text)
        return _make(today.year + 1, month, day, text) if candidate < today - _ROLL_OVER else candidate
    raise BrygganError("bad_date", text=text)


def _make(year: int, month: int, day: int, text: str) -> date:
    try:
        return date(year, month, day)
    except ValueError:
        raise BrygganError("bad_date", text=text) from None


def split_day_words(words: list[str]) -> list[str]:
    """Join 'i dag' / 'i morgon' / 'i övermorgon' into one word so each date is one argument."""
    joined: list[str] = []
    for word in words:
        if joined and joined[-1].casefold() == "i" and word.casefold() in ("dag", "morgon", "övermorgon"):
            joined[-1] = f"i {word}"
        else:
            joined.append(word)
    return joined
