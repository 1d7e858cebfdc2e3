"""Street addresses: a Swedish street name with a house number, or a street named as where someone lives."""

import re
from collections.abc import Iterator

from bot.privacy.findings import Finding, Kind
from bot.privacy.hints import any_in, occurrences
from bot.privacy.patterns import matches_at
from bot.privacy.tokens import Span

# Endings that are nearly always street names, even written in lower case.
_STREET_ENDINGS = (
    "gatan", "gata", "vägen", "väg", "gränden", "gränd", "backen", "backe", "stigen", "allén", "allé", "alle",
    "stråket", "slingan", "promenaden", "esplanaden", "boulevarden", "kajen", "udden", "liden", "gången",
    "torget",
    # The same typed without å, ä and ö, as on a keyboard without them ("Rydsvagen 14").
    "vagen", "vag", "granden", "grand", "allen",
)  # fmt: skip
# Endings that also end ordinary compounds ("handlingsplan", "arbetsplats"): capitalised only.
_CAPITAL_ENDINGS = (
    "plan", "planen", "torg", "leden", "led", "platsen", "plats", "ringen", "kroken", "hagen", "parken",
    "höjden", "stig", "vik", "lund",
)  # fmt: skip
# The endings of both kinds by their last two letters (every ending has three or more).
_ENDINGS_BY_LAST_TWO: dict[str, tuple[str, ...]] = {}
for _ending in (*_STREET_ENDINGS, *_CAPITAL_ENDINGS):
    _ENDINGS_BY_LAST_TWO[_ending[-2:]] = (*_ENDINGS_BY_LAST_TWO.get(_ending[-2:], ()), _ending)
_WORD_REACH = 40
_ASCII_CAPITALS = "ABCDEFGHIJKLMNOPQRSTUVWXYZ"
_BEFORE_ENGLISH_STREET = frozenset(
    [f" {capital}" for capital in _ASCII_CAPITALS]
    + [f"{letter} " for letter in _ASCII_CAPITALS + _ASCII_CAPITALS.lower()]
)
# Street words written apart after a name in the genitive: "Olof Palmes gata 14".
_STREET_WORDS = frozenset({"gata", "väg", "gränd", "torg", "plan", "allé", "backe", "stig"})
# Addresses are found from their house number backwards: numbers are few, words are many. The house
# number is matched only where a run of digits starts after a word and a space (the detectors share
# the text's runs of digits); a match elsewhere never counts.
_HOUSE_NUMBER = re.compile(r"\d{1,4}(?: ?[A-Za-z](?![\w]))?(?![\w,.]?\d)")
# Abbreviated street names with a number: "Storg. 12", "Vasav. 5", "Kungsgr. 3" (weekdays excepted:
# "Fredag. 12 elever").
_ABBREVIATED = re.compile(
    r"(?<![\w.])(?![A-ZÅÄÖ][a-zåäö]*dag\.)[A-ZÅÄÖ][a-zåäö]{2,}(?:g|v|gr|vg|gt)\. ?"
    r"\d{1,4}(?: ?[A-Za-z](?!\w))?(?![\w,.]?\d)"
)
_LOWER_LETTERS = frozenset("abcdefghijklmnopqrstuvwxyzåäö")
# A Swedish postcode and its town ("582 22 Linköping"): part of a full address. Matched where a run of
# digits starts.
_POSTCODE_TOWN = re.compile(r"(?<![\d\w.,-])[1-9]\d{2} ?\d{2} [A-ZÅÄÖ][a-zåäöé]{2,}(?:\s[A-ZÅÄÖ][a-zåäöé]+)?")
# Matched on the lower-cased text, which keeps the offsets; the word boundary before is checked in Python.
# "bor på Tallvägen", "they live at 14 Lindvägen", "hon har sovit i en källare på Tegelbruksvägen": a
# street in the same sentence as living there is a home, with or without a number.
_LIVES_ON = re.compile(
    r"(?:bor|bodde|boende|flyttat|flyttade|flyttar|nyinflyttade|nyinflyttad|inflyttade|adress|adressen"
    r"|sovit|sover|sov|live|lives|lived|living|sleeping|sleeps|slept|staying|stays|hyrt|hyr|hyrde|stuga|stugan"
    # "hos en kompis på Gjutargatan": staying with someone, at their street.
    r"|lägenhet|lägenheten|hos)\b[^.!?\n]{0,40}?"
    r"(?:\s(?:på|vid|till|är|on|at)|:)\s*(?:\d{1,4}[a-z]?\s+)?"
    rf"(?P<street>[a-zåäö][a-zåäöé]+(?:{'|'.join(_STREET_ENDINGS)}))\b",
)
# Whom a child stays with: kin or a friend ("hos en kompis", "hos mormor", "hos sin pappa").
_STAYS_WITH = re.compile(
    r"hos\s+(?:en\s+|sin\s+|sina\s+|hans\s+|hennes\s+)?(?:kompis|kompisar|vän|vänner|kompisens|mormor|morfar"
    r"|farmor|farfar|moster|faster|morbror|farbror|pappa|mamma|kusin|släkting|pojkvän|flickvän|bror|syster"
    r"|storebror|storasyster)"
)
_LIVES_ON_HINTS = (
    "bor ",
    "bodde ",
    "boende ",
    "flytta",
    "inflytt",
    "adress",
    "sov",
    "live",
    "hyr",
    "stuga",
    "lägenhet",
    "sleep",
    "slept",
    "stay",
    "hos ",
)
# Every match starts with one of these.
_LIVES_ON_STARTS = (
    "bor", "bodde", "boende", "flytta", "nyinflytta", "inflyttade", "adress", "sov", "live", "hyr", "stuga",
    "lägenhet", "sleep", "slept", "stay", "hos",
)  # fmt: skip
# Matched where a run of digits starts after no letter or digit, and only when the two characters after
# the run are a space and a capital or a letter and a space.
_ENGLISH_STREET = re.compile(
    r"\d{1,4}[A-Za-z]? (?:[A-Z][a-z]+ ){1,3}"
    r"(?:Street|St|Road|Rd|Avenue|Ave|Lane|Ln|Drive|Dr|Way|Close|Court|Crescent|Place|Terrace|Gardens|Square)\b"
)
_STREET_PREFIXES = frozenset(
    {"Norra", "Södra", "Östra", "Västra", "Stora", "Lilla", "Gamla", "Nya", "Övre", "Nedre",
     # Typed without å, ä and ö ("Vastra Vagen 12").
     "Sodra", "Ostra", "Vastra", "Ovre"}
)  # fmt: skip
# Words that make an address an office's ("socialkontoret", "Barnahus ligger på") or a home's.
_AROUND = 60
# Each list is looked for as plain text where it may stand anywhere (str.find is far faster than re)
# and with a pattern where it must start a word.
_ORGANISATION_TEXTS = (
    "socialkontor", "kontoret", "office", "barnahus", "familjerätt", "socialjour", "mottagning", "enheten",
    "nämnd", "besöksadress", "postadress", "reception", "förvaltning", "kommunhus", "stadshus",
    "polisstation", "vårdcentral", "expedition", "skolans adress", "skolan ligger", "konferens",
    "meeting is held", "familjens hus", "familjecentral", "träffas på", "träffas vid", "fritidsgård",
    "bibliotek", "vi ses på", "polishus", "socialtjänst",
)  # fmt: skip
_ORGANISATION_WORDS = re.compile(r"\b(?:box \d|bup\b|mötet hålls|finns på|meet at|kontor\b|ligger på)")
_ADDRESS_CUES = ("adress", "address")
_HOME_TEXTS = ("hemma", "hemadress", "lägenhet", "vårdnadshavare")
_HOME_WORDS = re.compile(
    r"\b(?:bor|bodde|boende|hem|lgh|lives|home|familjen|eleven|mother|father|mum|dad|sover|hos|hembesök"
    r"|stays|staying|sleeps)\b|\b(?:mamma|pappa)"
)
# "Our school is on Valhallavägen 3": said right before it, the school's own address.
_SCHOOL_ADDRESS_BEFORE = re.compile(r"(?:our|the) school(?: is (?:on|at)|'s address is)\s+\Z")
# "adressen är Skogsbrynet 33": after the word address, a capitalised name with a number is a street,
# whatever it ends in.
_ADDRESS_CUE_BEFORE = re.compile(
    r"(?:adress|adressen|hemadress|address)\b[^.!?\n]{0,30}?(?:\s(?:är|is)|:)\s*\Z"
)
_ADDRESS_CUE_REACH = 50
# "Bor på Solvändan 8", "lives at Fernhill 12": a capitalised name with a house number right after a verb of
# living there is a street, whatever it ends in.
_LIVES_AT_BEFORE = re.compile(
    r"\b(?:bor|bodde|sover|sov|live|lives|lived|living|sleeping|staying) (?:på|on|at) \Z"
)
_LIVES_AT_REACH = 20
# "bor på Hotel 5 nätter": a count of days, not a house number.
_COUNTED_AFTER = re.compile(
    r" (?:dag|dagar|natt|nätter|vecka|veckor|timmar|gånger|day|days|night|nights|week|weeks|hours|times)\b"
)
# Compounds on street endings that are not streets.
_NOT_STREETS = frozenset(
    {
        "riksväg", "länsväg", "motorväg", "omväg", "genväg", "skolväg", "cykelväg", "gångväg", "skolvägen",
        "halvvägen", "omvägen", "genvägen", "hemvägen", "vägen", "gatan", "torget", "backen", "vik", "lund",
    }
)  # fmt: skip
# A capitalised word before a number read as where someone lives ("bor på Solvändan 8"), unless a street word.
_NOT_LIVED_AT = _STREET_WORDS | _NOT_STREETS


def _find_addresses(text: str, low: str, digit_runs: list[Span]) -> Iterator[Finding]:
    # Every match of these patterns that counts starts a run of digits, and none of them can hold the
    # start of another run that counts, so matching at those starts finds what a search would.
    # A house number or an English street's number has at most four digits; a postcode three, or five.
    # Each pattern is tried only where the characters around the run allow it: a call of re costs more
    # than the few characters read here.
    address_cue = any_in(low, _ADDRESS_CUES)
    abbreviations: set[int] = set()
    for at, end in digit_runs:
        before = text[at - 1] if at else "\n"
        if before == " " and at >= 2:
            ahead = text[at - 2]
            if ahead.isalpha():
                if end - at <= 4 and (found := _numbered_street(text, low, at, address_cue=address_cue)):
                    yield found
            elif ahead == "." and (start := _abbreviation_start(text, at - 2)) is not None:
                abbreviations.add(start)
        elif before == "." and (start := _abbreviation_start(text, at - 1)) is not None:
            abbreviations.add(start)
        if (end - at == 3 or end - at == 5) and (m := _POSTCODE_TOWN.match(text, at)):
            yield Finding(Kind.STREET_ADDRESS, m.start(), m.end())
        if (
            text[end : end + 2] in _BEFORE_ENGLISH_STREET
            and end - at <= 4
            and not before.isalnum()
            and (m := _ENGLISH_STREET.match(text, at))
        ):
            yield Finding(Kind.STREET_ADDRESS, m.start(), m.end())
    for m in matches_at(_ABBREVIATED, text, abbreviations):
        yield Finding(Kind.STREET_ADDRESS, m.start(), m.end())
    if any_in(low, _LIVES_ON_HINTS) and any_in(low, _STREET_ENDINGS):
        for m in matches_at(_LIVES_ON, low, occurrences(low, _LIVES_ON_STARTS)):
            if low.startswith("hos", m.start()) and not _STAYS_WITH.match(low, m.start()):
                continue  # "hos tandläkaren på Kungsgatan": a visit, not where anyone stays
            if (not m.start() or not low[m.start() - 1].isalpha()) and m["street"] not in _NOT_STREETS:
                yield Finding(Kind.STREET_ADDRESS, m.start("street"), m.end("street"))


def _numbered_street(text: str, low: str, at: int, *, address_cue: bool) -> Finding | None:
    """The street address whose house number starts at `at`, after a word and a space, if any: a street's
    name, a capitalised name after "adressen är" (when the text speaks of an address) or after "bor på".
    The words are read first: most numbers follow no street, and a match of re costs more than a look."""
    word_start = _word_start(text, at - 1)
    start = _street_start(text, low, word_start, at - 1)
    lives_at = False
    if start is None and address_cue:
        start = _with_prefix(text, word_start)
        reach = max(0, start - _ADDRESS_CUE_REACH)
        if not (text[start].isupper() and _ADDRESS_CUE_BEFORE.search(low, reach, start)):
            return None
    elif start is None:
        if not _may_be_lived_at(text, low, word_start, at - 1):
            return None
        start, lives_at = word_start, True
    if not (number := _HOUSE_NUMBER.match(text, at)):
        return None
    if lives_at and not _lives_at(low, start, number.end()):
        return None
    return Finding(Kind.STREET_ADDRESS, start, number.end())


def _with_prefix(text: str, start: int) -> int:
    """The start of a street's name with its prefix ("Östra Ringen"), from the start of its last word."""
    before = _word_start(text, start - 1) if start > 1 and text[start - 1] == " " else start
    return before if text[before : start - 1] in _STREET_PREFIXES else start


def _may_be_lived_at(text: str, low: str, start: int, end: int) -> bool:
    """Whether the word [start, end) before a house number can name where someone lives: a capitalised
    name that is no street word (those are read as streets)."""
    return (
        text[start].isupper()
        and low[start:end] not in _NOT_LIVED_AT
        and not low[start:end].endswith(_CAPITAL_ENDINGS)
    )


def _lives_at(low: str, start: int, end: int) -> bool:
    """Whether the name at `start` before the house number ending at `end` comes right after "bor på",
    "lives at" and is no count of days ("bor på Hotel 5 nätter")."""
    return not _COUNTED_AFTER.match(low, end) and bool(
        _LIVES_AT_BEFORE.search(low, max(0, start - _LIVES_AT_REACH), start)
    )


def _abbreviation_start(text: str, dot: int) -> int | None:
    """Where an abbreviated street may start whose dot at `dot` comes before its number ("Storg. 12",
    "Vasav.5"): the capital before the lower-case letters before the dot."""
    if not dot or text[dot - 1] not in "gvrt":
        return None
    start = dot
    while start and text[start - 1] in _LOWER_LETTERS:
        start -= 1
    return start - 1 if start else None


def find_addresses(text: str, low: str, digit_runs: list[Span]) -> Iterator[Finding]:
    """Street names followed by a house number, and streets named after "bor på"; not offices' addresses.

    `low` is `text` in lower case; `digit_runs` holds the (start, end) of its runs of digits.
    """
    for finding in _find_addresses(text, low, digit_runs):
        if not _organisation_address(text, finding.start, finding.end):
            yield finding


def _organisation_address(text: str, start: int, end: int) -> bool:
    """Whether the address around [start, end) is an office's ("Barnahus ligger på …"), not a home."""
    if _SCHOOL_ADDRESS_BEFORE.search(text[max(0, start - 30) : start].lower()):
        return True
    around = text[max(0, start - _AROUND) : end + _AROUND].lower()
    organisation = any(word in around for word in _ORGANISATION_TEXTS) or _ORGANISATION_WORDS.search(around)
    return bool(organisation) and not (
        any(word in around for word in _HOME_TEXTS) or _HOME_WORDS.search(around)
    )


def _street_start(text: str, low: str, start: int, end: int) -> int | None:
    """Start of the street name whose last word is [start, end), or None when that word is no street."""
    word = low[start:end]
    # Every street word ends in one of the endings: most words are let go after one look-up.
    if not word.endswith(_ENDINGS_BY_LAST_TWO.get(word[-2:], ())):
        return None
    capital = text[start].isupper()
    if word in _STREET_WORDS:
        return _capitalised_words_before(text, start)
    if word in _STREET_ENDINGS and capital:
        # "Norra Promenaden 9", "Stora Torget 3": a definite street word after a direction or size.
        before = _word_start(text, start - 1)
        return before if text[before : start - 1] in _STREET_PREFIXES and text[start - 1] == " " else None
    if word in _STREET_ENDINGS and word[-1] in "nt":
        return _adjective_before(text, start)
    # "Skolvägen 18", "Hemvägen 4": with a capital and a number, even the way to school is a street.
    if _is_compound_noun(word) and not (capital and word.endswith(("vägen", "gatan"))):
        return None
    if word.endswith(_STREET_ENDINGS) and word not in _STREET_ENDINGS:
        return start
    if capital and word.endswith(_CAPITAL_ENDINGS) and word not in _CAPITAL_ENDINGS:
        return start
    return None


def _adjective_before(text: str, start: int) -> int | None:
    """ "Gröna gatan 4", "Långa vägen 9": the start of a capitalised adjective before a definite street word
    in lower case; not at a sentence's start ("Korsa gatan …" is a verb)."""
    before = _word_start(text, start - 1)
    adjective = start - before >= 3 and text[start - 2] in "ae" and text[before].isupper()
    if not adjective or text[start - 1] != " ":
        return None
    head = text[:before].rstrip()
    return before if head and head[-1] not in ".!?:\n" else None


def _capitalised_words_before(text: str, start: int) -> int | None:
    """Start of the one or two capitalised words before `start` ("Olof Palmes" gata), or None."""
    found = None
    for _ in range(2):
        before = _word_start(text, start - 1)
        if start - before < 2 or text[start - 1] != " " or not text[before].isupper():
            break
        found = start = before
    return found


def _word_start(text: str, end: int) -> int:
    # Nearly always the word follows a space: found by one search and one test in C, not letter by letter.
    space = text.rfind(" ", max(0, end - _WORD_REACH), end)
    if space >= 0 and text[space + 1 : end].isalpha():
        return space + 1
    start = end
    while start > 0 and text[start - 1].isalpha():
        start -= 1
    return start


def _is_compound_noun(word: str) -> bool:
    # "handlingsplan", "åtgärdsplan", "läroplan": documents, not streets.
    return word in _NOT_STREETS or word.endswith(("splan", "oplan", "eplan", "dplan", "tsplats", "splats"))
