"""Swedish personnummer, samordningsnummer and reservnummer in the forms people write them."""

import re
from collections.abc import Callable, Iterator

from bot.privacy.findings import Finding, Kind
from bot.privacy.patterns import matches_at
from bot.privacy.tokens import Span

# The date (YYYYMMDD or YYMMDD, its groups joined the same way throughout: nothing, a space, a hyphen,
# a dot or a slash), a separator, then the 4-digit tail. Letters may touch it on either side
# ("pnr199003052397", "…-4591hon"); other digits may not, or a longer number would be cut apart. The
# patterns start with a digit, not a look-behind, so the regex engine can skip ahead to digits; the
# character before is checked in Python.
_NUMBER = re.compile(
    r"""
    (?P<head>\d\d(?:\d\d)?)(?P<join>[ ./-]?)(?P<mm>\d\d)(?P<join2>[ ./-]?)(?P<dd>\d\d)
    (?P<sep>\ *[-+/]\ *|\ )?
    (?P<serial>\d{3})(?P<check>\d)
    (?!\d)
    """,
    re.VERBOSE,
)
_CENTURIES = ("", "18", "19", "20")
_CASE_NUMBER_CUE = re.compile(
    r"(?:ärendenummer|ärendenr|ärende|diarienummer|diarienr|dnr|referens|ref|case|fakturanr|faktura|order"
    r"|ordernummer|beställning|id-nr)[\s.:#]*(?:nr\.?|nummer)?[\s.:#]*\Z",
    re.IGNORECASE,
)
_CUE_LOOK_BACK = 25
# "20110509, sista fyra 4591": the date and the last four written apart.
_DATE_THEN_LAST_FOUR = re.compile(
    r"(?P<date>\d{6}(?:\d\d)?)(?!\d)"
    r"[^\d\n]{0,30}?(?:sista fyra|fyra sista|sista siffror\w*|de fyra sista|last four|last 4|sista 4)"
    r"\D{0,20}?(?<!\d)\d{4}(?!\d)",
    re.IGNORECASE,
)
# Reservnummer: the date, then a letter and three digits in place of the tail ("20000101-T220"). One that
# counts starts a run of digits after no letter or digit, so it is matched only there.
_INTERIM = re.compile(r"(?P<date>\d{6}(?:\d\d)?)(?P<sep> ?[-+] ?| )?(?P<letter>[A-Za-z])\d{3}(?!\w)")
# Six digits, together or in three groups: without them there is no number to look for.
_SIX_DIGITS = re.compile(r"\d\d[ ./-]?\d\d[ ./-]?\d\d")
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


def find_numbers(text: str, low: str, digit_runs: list[Span]) -> Iterator[Finding]:
    """Personnummer, samordningsnummer and reservnummer.

    `low` is `text` in lower case; `digit_runs` holds the (start, end) of its runs of digits.
    """
    # Each pattern starts with two digits, so only there is it tried (finding what finditer would).
    pairs = [at for start, end in digit_runs for at in range(start, end - 1)]
    if any(_SIX_DIGITS.match(text, at) for at in pairs):  # both kinds start with a date
        yield from _find_personnummer(text, low, pairs, digit_runs)
        yield from _find_reservnummer(text, digit_runs)


def _find_personnummer(text: str, low: str, pairs: list[int], digit_runs: list[Span]) -> Iterator[Finding]:
    """Personnummer and samordningsnummer: Luhn-valid ones, or ones plainly written as such numbers."""
    for m in matches_at(_NUMBER, text, pairs):
        if _after(text, m.start(), str.isdigit):
            continue
        century, yy, mm, dd = m["head"][:-2], m["head"][-2:], m["mm"], m["dd"]
        kind = _date_kind(int(yy), int(mm), int(dd))
        if kind is None or century not in _CENTURIES:
            continue
        # A typo in the check digit still identifies the child when the number is written like one: a
        # hyphen, plus or slash before the tail. A date written with its own separators and a bare
        # space before four digits is more often a date and a time ("2026-12-03 1400").
        if _CASE_NUMBER_CUE.search(text, max(0, m.start() - _CUE_LOOK_BACK), m.start()):
            continue  # "Ärendenummer 2026-11-04-0017": a case's number, dated, not a person's
        # Joins may differ when typed by hand ("1208 12-3875"), but then only a clear tail separator counts.
        joined = m["join"] or m["join2"]
        if m["join"] and m["join2"] and m["join"] != m["join2"]:
            joined = "mixed"
        written_as_number = m["sep"] is not None and (m["sep"].strip() != "" or not joined)
        if not written_as_number and not luhn_valid(yy + mm + dd + m["serial"] + m["check"]):
            continue
        yield Finding(kind, m.start(), m.end())
    if "sista" in low or "last" in low:
        # The date is six or eight digits that end a run of digits.
        dates = [end - n for start, end in digit_runs for n in (6, 8) if end - n >= start]
        for m in matches_at(_DATE_THEN_LAST_FOUR, text, dates):
            date = m["date"]
            if _after(text, m.start(), str.isdigit) or date[:-6] not in _CENTURIES:
                continue
            if (kind := _date_kind(int(date[-6:-4]), int(date[-4:-2]), int(date[-2:]))) is not None:
                yield Finding(kind, m.start(), m.end())


def _after(text: str, start: int, test: Callable[[str], bool]) -> bool:
    """Whether the character before `start` passes `test` (False at the start of the text)."""
    return start > 0 and test(text[start - 1])


def _find_reservnummer(text: str, digit_runs: list[Span]) -> Iterator[Finding]:
    """Reservnummer (interim numbers used in health care): a birth date followed by a letter and 3 digits."""
    for start, _ in digit_runs:
        if _after(text, start, str.isalnum) or not (m := _INTERIM.match(text, start)):
            continue
        if m["sep"] is None and m["letter"].islower():
            continue  # "120305a123" glued in lower case is more likely a code than a person
        date = m["date"][-6:]
        if _date_kind(int(date[:2]), int(date[2:4]), int(date[4:])) is not None:
            yield Finding(Kind.RESERVNUMMER, m.start(), m.end())
