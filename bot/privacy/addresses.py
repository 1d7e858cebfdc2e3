"""Street addresses: a Swedish street name with a house number, or a street named as where someone lives."""

import re
from collections.abc import Iterator

from bot.privacy.findings import Finding, Kind
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
# Starts with the dot, which is rarer than the letters before it, so re finds it fast.
_ABBREVIATION_HINT = re.compile(r"\.(?<=[gvrt]\.) ?\d")
# A Swedish postcode and its town ("582 22 Linköping"): part of a full address. Matched where a run of
# digits starts.
_POSTCODE_TOWN = re.compile(r"(?<![\d\w.,-])[1-9]\d{2} ?\d{2} [A-ZÅÄÖ][a-zåäöé]{2,}(?:\s[A-ZÅÄÖ][a-zåäöé]+)?")
# Matched on the lower-cased text, which keeps the offsets; the word boundary before is checked in Python.
_LIVES_ON = re.compile(
    r"(?:bor|bodde|boende|flyttat|flyttade|flyttar|nyinflyttade|nyinflyttad|inflyttade|adress|adressen)"
    r"\s+(?:på|vid|till|är|:)\s*"
    rf"(?P<street>[a-zåäö][a-zåäöé]+(?:{'|'.join(_STREET_ENDINGS)}))\b",
)
_LIVES_ON_HINTS = ("bor ", "bodde ", "boende ", "flytta", "inflytt", "adress")
# Matched where a run of digits starts after no letter or digit.
_ENGLISH_STREET = re.compile(
    r"\d{1,4}[A-Za-z]? (?:[A-Z][a-z]+ ){1,3}"
    r"(?:Street|St|Road|Rd|Avenue|Ave|Lane|Ln|Drive|Dr|Way|Close|Court|Crescent|Place|Terrace|Gardens|Square)\b"
)
_STREET_PREFIXES = frozenset(
    {"Norra", "Södra", "Östra", "Västra", "Stora", "Lilla", "Gamla", "Nya", "Övre", "Nedre"}
)
# Words that make an address an office's ("socialkontoret", "Barnahus ligger på") or a home's.
_AROUND = 60
_ORGANISATION_WORDS = re.compile(
    r"socialkontor|kontoret|office|barnahus|familjerätt|socialjour|mottagning|enheten|nämnd|besöksadress"
    r"|postadress|reception|\bbox \d|förvaltning|kommunhus|stadshus|polisstation|vårdcentral|\bbup\b"
    r"|expedition|skolans adress|skolan ligger|konferens|\bmötet hålls|meeting is held"
)
_HOME_WORDS = re.compile(
    r"\bbor\b|\bbodde\b|\bboende\b|\bhem\b|hemma|hemadress|lägenhet|\blgh\b|\blives\b|\bhome\b"
    r"|\bmamma|\bpappa|vårdnadshavare|\bfamiljen\b|\beleven\b|\bmother\b|\bfather\b|\bmum\b|\bdad\b"
)
# Compounds on street endings that are not streets.
_NOT_STREETS = frozenset(
    {
        "riksväg", "länsväg", "motorväg", "omväg", "genväg", "skolväg", "cykelväg", "gångväg", "skolvägen",
        "halvvägen", "omvägen", "genvägen", "hemvägen", "vägen", "gatan", "torget", "backen", "vik", "lund",
    }
)  # fmt: skip


def _find_addresses(text: str, low: str, digit_runs: list[Span]) -> Iterator[Finding]:
    # Every match of these patterns that counts starts a run of digits, and none of them can hold the
    # start of another run that counts, so matching at those starts finds what a search would.
    for at, _ in digit_runs:
        if (
            at >= 2
            and text[at - 1] == " "
            and text[at - 2].isalpha()
            and (number := _HOUSE_NUMBER.match(text, at))
        ):
            start = _street_start(text, at - 1)
            if start is not None:
                yield Finding(Kind.STREET_ADDRESS, start, number.end())
        if m := _POSTCODE_TOWN.match(text, at):
            yield Finding(Kind.STREET_ADDRESS, m.start(), m.end())
        if (not at or not text[at - 1].isalnum()) and (m := _ENGLISH_STREET.match(text, at)):
            yield Finding(Kind.STREET_ADDRESS, m.start(), m.end())
    if _ABBREVIATION_HINT.search(text):
        for m in _ABBREVIATED.finditer(text):
            yield Finding(Kind.STREET_ADDRESS, m.start(), m.end())
    if any(hint in low for hint in _LIVES_ON_HINTS):
        for m in _LIVES_ON.finditer(low):
            if (not m.start() or not low[m.start() - 1].isalpha()) and m["street"] not in _NOT_STREETS:
                yield Finding(Kind.STREET_ADDRESS, m.start("street"), m.end("street"))


def find_addresses(text: str, low: str, digit_runs: list[Span]) -> Iterator[Finding]:
    """Street names followed by a house number, and streets named after "bor på"; not offices' addresses.

    `low` is `text` in lower case; `digit_runs` holds the (start, end) of its runs of digits.
    """
    for finding in _find_addresses(text, low, digit_runs):
        if not _organisation_address(text, finding.start, finding.end):
            yield finding


def _organisation_address(text: str, start: int, end: int) -> bool:
    """Whether the address around [start, end) is an office's ("Barnahus ligger på …"), not a home."""
    around = text[max(0, start - _AROUND) : end + _AROUND].lower()
    return bool(_ORGANISATION_WORDS.search(around)) and not _HOME_WORDS.search(around)


def _street_start(text: str, end: int) -> int | None:
    """Start of the street name that ends at `end`, or None when the word there is no street."""
    start = _word_start(text, end)
    word = text[start:end]
    low = word.lower()
    if low in _STREET_WORDS:
        return _capitalised_words_before(text, start)
    if low in _STREET_ENDINGS and word[:1].isupper():
        # "Norra Promenaden 9", "Stora Torget 3": a definite street word after a direction or size.
        before = _word_start(text, start - 1)
        return before if text[before : start - 1] in _STREET_PREFIXES and text[start - 1] == " " else None
    if _is_compound_noun(low):
        return None
    if low.endswith(_STREET_ENDINGS) and low not in _STREET_ENDINGS:
        return start
    if word[:1].isupper() and low.endswith(_CAPITAL_ENDINGS) and low not in _CAPITAL_ENDINGS:
        return start
    return None


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
    start = end
    while start > 0 and text[start - 1].isalpha():
        start -= 1
    return start


def _is_compound_noun(word: str) -> bool:
    # "handlingsplan", "åtgärdsplan", "läroplan": documents, not streets.
    return word in _NOT_STREETS or word.endswith(("splan", "oplan", "eplan", "dplan", "tsplats", "splats"))
