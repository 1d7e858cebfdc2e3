"""Swedish personnummer and samordningsnummer in their written forms."""

import re
from collections.abc import Iterator

from bot.privacy.findings import Finding, Kind

# YYYYMMDD or YYMMDD (digit groups may be spaced), an optional separator, then the 4-digit tail.
_NUMBER = re.compile(
    r"""
    (?<![\w+\-])
    (?P<century>19|20)?
    (?P<yy>\d\d)\ ?(?P<mm>\d\d)\ ?(?P<dd>\d\d)
    (?P<sep>\ *[-+–]\ *|\ )?
    (?P<serial>\d{3})(?P<check>\d)
    (?![\w])
    """,
    re.VERBOSE,
)
_DAYS_IN_MONTH = (31, 29, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31)
_SAMORDNING_OFFSET = 60


def luhn_valid(digits: str) -> bool:
    """Whether a 10-digit YYMMDDNNNC string has a correct Luhn check digit."""
    total = 0
    for i, c in enumerate(digits):
        value = int(c) * (2 - i % 2)
        total += value - 9 if value > 9 else value
    return total % 10 == 0


def _date_kind(yy: int, mm: int, dd: int) -> Kind | None:
    kind = Kind.PERSONNUMMER
    if dd > _SAMORDNING_OFFSET:
        kind, dd = Kind.SAMORDNINGSNUMMER, dd - _SAMORDNING_OFFSET
    if not 1 <= mm <= 12 or not 1 <= dd <= _DAYS_IN_MONTH[mm - 1]:
        return None
    # 29 February only in leap years; the century is unknown for 10-digit forms, so use yy alone.
    if mm == 2 and dd == 29 and yy % 4:
        return None
    return kind


def find_personnummer(text: str) -> Iterator[Finding]:
    """Personnummer and samordningsnummer: Luhn-valid ones, or date-shaped ones written with a separator."""
    for m in _NUMBER.finditer(text):
        yy, mm, dd = m["yy"], m["mm"], m["dd"]
        kind = _date_kind(int(yy), int(mm), int(dd))
        if kind is None:
            continue
        # A typo in the check digit still identifies the child when the number is written like one.
        if m["sep"] is None and not luhn_valid(yy + mm + dd + m["serial"] + m["check"]):
            continue
        yield Finding(kind, m.start(), m.end())
