"""Swedish personnummer, samordningsnummer and reservnummer in the forms people write them."""

import re
from collections.abc import Callable, Iterator
from datetime import date
from typing import NamedTuple

from bot.privacy.findings import Finding, Kind
from bot.privacy.hints import any_in
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
# "Ärendenummer: …", "Vårt ärendenummer är …": a case's or a product's number; "Kvittonummer …": a
# receipt's running number, dated the day it was paid.
_CASE_NUMBER_CUE = re.compile(
    r"(?:ärendenummer|ärendenr|ärende|diarienummer|diarienr|dnr|referens|ref|case|(?P<product>fakturanr"
    r"|faktura|order|ordernummer|beställning|id-nr|artikelnummer|artikelnr|art\.nr|serienummer"
    r"|produktnummer)|kvittonummer|kvittonr|kvitto|kvittens|löpnummer|receipt|transaktion|transaction)"
    r"[\s.:#]*(?:nr\.?|nummer)?[\s.:#]*(?:(?:är|var|is|was)\s+)?\Z",
    re.IGNORECASE,
)
# Every cue holds one of these (in lower case): without any in the text, the cue is not looked for
# before each number (a pattern tried in Python per number).
_CASE_NUMBER_HINTS = (
    "ärende", "diarie", "dnr", "ref", "case", "faktura", "order", "beställning", "id-nr", "artikel", "art.nr",
    "serienummer", "produktnummer", "kvitt", "löpnummer", "receipt", "transa",
)  # fmt: skip
_CUE_LOOK_BACK = 25
_RECEIPT_HINTS = ("kvitt", "löpnummer", "receipt", "transa")
# "Ärendenummer jag fick: …", "Reference number from the e-service: …": a case's number word, then a few
# words that end in a colon before the number. A receipt holds a running number, which is shown by an
# example as well ("kvittensen har ett löpnummer, till exempel …").
_LOOSE_CASE_NUMBER_CUE = re.compile(
    r"\b(?:ärendenummer|ärendenumret|diarienummer|referensnummer|reference number|case number|löpnummer"
    r"|kvittens\w*|kvitto\w*|receipt)\b[^\d\n:]{1,30}"
    r"(?::|,? (?:till exempel|t\.? ?ex\.?|e\.g\.|for example))\s*\Z",
    re.IGNORECASE,
)
_LOOSE_CUE_LOOK_BACK = 60
_PNR_LOOK_BACK = 40
_PNR_CUE = re.compile(
    r"(?:pnr|p-nr|personnummer|personnumret|personnummret|personnr|pers\.?nr|samordningsnummer)\b"
    r"[^\d\n]{0,30}\Z",
    re.IGNORECASE,
)
# The same, or a child's "number" ("barnets nummer t.ex. …"), between a case's cue and the number.
_PERSONS_NUMBER_CUE = re.compile(
    r"(?:\b(?:pnr|p-nr|personnummer|personnumret|personnummret|personnr|pers\.?nr|samordningsnummer)\b"
    r"|\b(?:barnets|elevens|dotterns|sonens|hennes|hans|his|her|child's|pupil's) (?:nummer|number)\b)"
    r"[^\d\n]{0,30}\Z",
    re.IGNORECASE,
)
_PNR_HINTS = ("pnr", "p-nr", "pers", "samordningsnummer")
# "20110509, sista fyra 4591": the date and the last four written apart.
_DATE_THEN_LAST_FOUR = re.compile(
    r"(?P<date>\d{2,4}[-./ ]?\d\d[-./ ]?\d\d)(?!\d)"
    r"[^\d\n]{0,30}?(?:sista fyra|fyra sista|sista siffror\w*|de fyra sista|last four|last 4|sista 4"
    r"|slutar på|slutar med|slutsiffror\w*|ends in|ends with)"
    r"\D{0,20}?(?<!\d)\d{4}(?!\d)",
)
_LAST_FOUR_HINTS = (
    "sista fyra", "fyra sista", "sista siffror", "last four", "last 4", "sista 4", "slutar på", "slutar med",
    "slutsiffror", "ends in", "ends with",
)  # fmt: skip
# Reservnummer: the date, then a letter and three digits in place of the tail ("20000101-T220"); the
# date may be typed in groups and the letter set apart ("2011 0417 T 208").
# A region's interim number: the date, then four characters of which at least one is a letter ("T220",
# "K7R1"), the letter perhaps set apart ("K 044").
_INTERIM = re.compile(
    r"(?P<date>\d{4}[ .-]?\d\d[ .-]?\d\d|\d{6})(?P<sep> ?[-+] ?| )?"
    r"(?:(?P<letter>[A-Za-z] ?\d{3})|(?P<mixed>(?=[A-Za-z]*\d)(?=\d*[A-Za-z])[A-Za-z\d]{4}))(?!\w)"
)
_RESERV_CUE = re.compile(
    r"reserv(?:nummer|numret|nummret|nr|-nr|e number)|res\.? ?nr|tillfälligt (?:id|nummer|personnummer)"
    r"|temporary (?:id|number)|interim (?:id|number)"
)
# After the word, a number starting with 99 in ten or twelve digits ("reservnumret 998331-0252"). The
# word may be shortened or said otherwise: "Res.nr 9919 148966", "tillfälligt nummer", "temporary ID".
_RESERV_CUED = re.compile(
    r"(?i:reserv(?:nummer|numret|nummret|nr|-nr|e number)|res\.? ?nr|tillfälligt (?:id|nummer|personnummer)"
    r"|temporary (?:id|number)|interim (?:id|number))\b[^\d\n]{0,30}?"
    r"(?P<number>99(?:[ -]?\d){8}(?:(?:[ -]?\d){2})?)(?!\d)"
)
_RESERV_OTHER_HINTS = ("res.nr", "res nr", "resnr", "res. nr", "tillfälligt", "temporary", "interim")
# Digits in groups of any length with one separator between them ("1405 2121 82", "120117.2440"): a
# number whose digits make a real date and pass Luhn is a personnummer however it was grouped. Ten-digit
# runs starting with 0 are left to the phone detector (Swedish phone numbers start with 0).
_WITHOUT_SEPARATORS = str.maketrans("", "", " ./-")
# Groups of any length (up to twelve digits), split by a space, a dot, a slash or a dash with spaces
# around it ("- 03 83").
_GROUP_DIGITS = 12
_GROUPED = re.compile(rf"\d{{1,{_GROUP_DIGITS}}}(?:(?: ?[./-] ?| )\d{{1,{_GROUP_DIGITS}}}){{1,11}}(?![\d])")
# Six digits, together or in three groups: without them there is no date to look for.
_SIX_DIGITS = re.compile(r"\d\d[ ./-]?\d\d[ ./-]?\d\d")
# What may stand between two runs of digits of one number: a space, or a dot, slash, dash or plus with
# spaces around it (all that _NUMBER and _GROUPED bridge, and more). Runs so joined make a cluster.
_BRIDGE = r"(?: *[-+./] *| )"
_BRIDGES = re.compile(_BRIDGE)
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
    cued_reserv = "reserv" in low or any_in(low, _RESERV_OTHER_HINTS)
    # The cues looked for before each number, each only when the text holds one of its words.
    cues = _Cues(any_in(low, _CASE_NUMBER_HINTS), any_in(low, _PNR_HINTS))
    # A match of _NUMBER or _GROUPED lies within one cluster of runs, so a cluster of fewer than ten
    # digits holds none that could be a number, nor one that would hide another from finditer.
    runs = _runs_of_long_clusters(text, digit_runs)
    # Grouped in any way ("1 0 0 7 1 4 3 3 2 2"), ten digits may still make a number.
    found = list(_grouped_numbers(text, runs, cues))
    # The cued number starts a run with 99: most texts have none, and then the cue is not searched for.
    if cued_reserv and any(text.startswith("99", start) for start, _ in digit_runs):
        for m in _RESERV_CUED.finditer(text):
            yield Finding(Kind.RESERVNUMMER, m.start("number"), m.end("number"))
    # _NUMBER starts with two digits, so only there is it tried (finding what finditer would).
    pairs = [at for start, end in runs for at in range(start, end - 1)]
    found += _find_personnummer(text, pairs, cues)
    # Every match of _SIX_DIGITS starts with a digit, so one search from the first digit tells whether
    # any does (rather than a match tried at each digit in Python).
    if any_in(low, _LAST_FOUR_HINTS) and digit_runs and _SIX_DIGITS.search(text, digit_runs[0][0]):
        found += _date_then_last_four(text, low)
    yield from _find_reservnummer(text, digit_runs)
    for number in found:
        # "reservnumret 990412-3387": a number named as an interim one is one, whatever its shape.
        cue = cued_reserv and _RESERV_CUE.search(low, max(0, number.start - _PNR_LOOK_BACK), number.start)
        yield Finding(Kind.RESERVNUMMER, number.start, number.end) if cue else number


class _Cues(NamedTuple):
    """Whether the text holds a word of a case's or product's number cue, and of a personnummer cue."""

    case: bool
    pnr: bool


def _runs_of_long_clusters(text: str, digit_runs: list[Span]) -> list[Span]:
    """The runs of digits that belong to a cluster (runs joined by _BRIDGE) of at least ten digits.

    Read from the runs in Python: a search of the text for ten such digits costs more, as re tests every
    character for \\d.
    """
    found: list[Span] = []
    cluster: list[Span] = []
    digits = end = 0
    for run in digit_runs:
        if cluster and not _BRIDGES.fullmatch(text, end, run[0]):
            if digits >= 10:
                found += cluster
            cluster, digits = [], 0
        cluster.append(run)
        digits += run[1] - run[0]
        end = run[1]
    return found + cluster if digits >= 10 else found


def _find_personnummer(text: str, pairs: list[int], cues: _Cues) -> Iterator[Finding]:
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
        if cues.case and _other_number(text, m.start(), int(yy), century=bool(century)):
            continue  # "Ärendenummer 2026-11-04-0017": a case's number, dated this year, not a person's
        # Joins may differ when typed by hand ("1208 12-3875"), but then only a clear tail separator counts.
        joined = m["join"] or m["join2"]
        if m["join"] and m["join2"] and m["join"] != m["join2"]:
            joined = "mixed"
        written_as_number = m["sep"] is not None and (m["sep"].strip() != "" or not joined)
        if (
            not written_as_number
            and not luhn_valid(yy + mm + dd + m["serial"] + m["check"])
            and not (cues.pnr and _PNR_CUE.search(text, max(0, m.start() - _PNR_LOOK_BACK), m.start()))
        ):
            continue
        yield Finding(kind, m.start(), m.end())


def _date_then_last_four(text: str, low: str) -> Iterator[Finding]:
    """ "20110509, sista fyra 4591": a date, then its number's last four digits named as such."""
    for m in _DATE_THEN_LAST_FOUR.finditer(low):
        date = re.sub(r"\D", "", m["date"])
        if _after(text, m.start(), str.isdigit) or date[:-6] not in _CENTURIES:
            continue
        if (kind := _date_kind(int(date[-6:-4]), int(date[-4:-2]), int(date[-2:]))) is not None:
            yield Finding(kind, m.start(), m.end())


def _grouped_numbers(text: str, digit_runs: list[Span], cues: _Cues) -> Iterator[Finding]:
    # The runs hold every digit 0-9 (and, beyond Latin-1, other decimal digits): counted first, cheaply.
    if sum(end - start for start, end in digit_runs) < 10 or sum(map(text.count, "0123456789")) < 10:
        return  # fewer than ten digits in all: no number to put together
    # A match's first group of at most 8 digits must end where its run ends (a separator follows), so
    # in a run it can start only at the run's start or 8 digits before the run's end; there alone it is
    # tried, which finds what finditer finds by trying every digit.
    for m in matches_at(_GROUPED, text, [max(start, end - _GROUP_DIGITS) for start, end in digit_runs]):
        digits = m.group().translate(_WITHOUT_SEPARATORS)
        if len(digits) not in (10, 12) or _after(text, m.start(), lambda c: c.isdigit() or c in "./-"):
            continue
        # After "pnr" the number is one, even starting with 0 or with a mistyped check digit.
        cued = cues.pnr and bool(_PNR_CUE.search(text, max(0, m.start() - _PNR_LOOK_BACK), m.start()))
        century = len(digits) == 12
        if century and digits[:2] in _CENTURIES[1:]:
            digits = digits[2:]
        elif len(digits) != 10 or (digits[0] == "0" and not cued):
            continue
        kind = _date_kind(int(digits[:2]), int(digits[2:4]), int(digits[4:6]))
        if kind is None or not (cued or luhn_valid(digits)):
            continue
        if not (cues.case and _other_number(text, m.start(), int(digits[:2]), century=century)):
            yield Finding(kind, m.start(), m.end())


def _other_number(text: str, start: int, yy: int, *, century: bool) -> bool:
    """Whether a cue before `start` makes the number a product's, or a case's dated in the last two years.

    An old date after "ärende" ("ÄRENDE: 20130112-5140") is the child's number the case is about. A
    receipt's running number is written with its century ("20261130-5512"); without it ("Kvitto:
    240312-2381") it is written as a young child's personnummer is.
    """
    # "Kvittot visar barnets personnummer: …": a person's number word nearer the number wins over the
    # receipt's, which must not reach across it.
    if _PERSONS_NUMBER_CUE.search(text, max(0, start - _PNR_LOOK_BACK), start):
        return False
    recent = (date.today().year % 100 - yy) % 100 <= 2
    cue = _CASE_NUMBER_CUE.search(text, max(0, start - _CUE_LOOK_BACK), start)
    if cue is None:
        cue = _LOOSE_CASE_NUMBER_CUE.search(text, max(0, start - _LOOSE_CUE_LOOK_BACK), start)
        return recent and cue is not None and (century or not _is_receipt(cue.group()))
    return cue["product"] is not None or (recent and (century or not _is_receipt(cue.group())))


def _is_receipt(cue: str) -> bool:
    """Whether a case-number cue is a receipt's ("Kvitto:", "löpnummer", "receipt", "transaktion")."""
    return any_in(cue.lower(), _RECEIPT_HINTS)


def _after(text: str, start: int, test: Callable[[str], bool]) -> bool:
    """Whether the character before `start` passes `test` (False at the start of the text)."""
    return start > 0 and test(text[start - 1])


def _find_reservnummer(text: str, digit_runs: list[Span]) -> Iterator[Finding]:
    """Reservnummer (interim numbers used in health care): a birth date followed by a letter and 3 digits."""
    for start, end in digit_runs:
        # The date is a run of four digits with more after a separator, or a run of six or more.
        if not (end - start == 4 or end - start >= 6) or not (m := _INTERIM.match(text, start)):
            continue
        if _after(text, start, str.isalnum):
            continue
        tail = m["letter"] or m["mixed"]
        if m["sep"] is None and tail.islower():
            continue  # "120305a123" glued in lower case is more likely a code than a person
        if m["mixed"] and not ((m["sep"] or "").strip() in ("-", "+") or tail.isupper()):
            continue  # "2024-05-12 kl14": a date and a word, unless dashed on or in capitals ("K7R1")
        date = re.sub(r"\D", "", m["date"])[-6:]
        if _date_kind(int(date[:2]), int(date[2:4]), int(date[4:])) is not None:
            yield Finding(Kind.RESERVNUMMER, m.start(), m.end())
