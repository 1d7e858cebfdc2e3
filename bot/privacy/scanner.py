"""The guard's entry point: run every detector over a text and return sorted, de-duplicated findings."""

from functools import cache
from itertools import pairwise
from operator import attrgetter

from bot.privacy.addresses import find_addresses
from bot.privacy.dates import find_birth_dates
from bot.privacy.descriptions import find_descriptions
from bot.privacy.emails import find_emails
from bot.privacy.findings import Finding, Kind
from bot.privacy.hints import forget, read
from bot.privacy.learnt import find_learnt, model
from bot.privacy.lexicon import is_dictionary_word
from bot.privacy.name_context import public_figures
from bot.privacy.namelists import name_lists
from bot.privacy.names import find_names
from bot.privacy.normalize import normalise
from bot.privacy.notability import find_notable
from bot.privacy.personnummer import find_numbers
from bot.privacy.phones import find_phones
from bot.privacy.plates import find_plates
from bot.privacy.social import find_social_media
from bot.privacy.tokens import (
    Span,
    Token,
    digit_runs,
    forget_text,
    forget_words,
    is_latin1,
    read_words,
    tokenize,
)
from bot.privacy.uniqueness import find_unique

# When two findings overlap, the one earlier here wins: a 10-digit number that passes Luhn is
# reported as a personnummer rather than a phone number, and a name inside an e-mail address,
# link or street name is reported as that instead.
_PRECEDENCE = (
    Kind.PERSONNUMMER,
    Kind.SAMORDNINGSNUMMER,
    Kind.RESERVNUMMER,
    Kind.EMAIL,
    Kind.SOCIAL_MEDIA,
    Kind.BIRTH_DATE,
    Kind.PHONE,
    Kind.STREET_ADDRESS,
    Kind.LICENSE_PLATE,
    Kind.PERSON_NAME,
    Kind.IDENTIFYING_DESCRIPTION,
)
_RANK = {kind: rank for rank, kind in enumerate(_PRECEDENCE)}
_SPAN = attrgetter("start", "end")


def warm_up() -> None:
    """Load every word list the detectors read (about a second), so that no request pays for it."""
    name_lists()
    public_figures()
    is_dictionary_word("bryggan")
    model()


def scan(text: str) -> list[Finding]:
    """Identifying data in `text`, sorted by start offset; an empty list means the text is clean.

    The detectors read the normalised text; the findings point at the original one.
    """
    normalised = normalise(text)
    found = _resolve_overlaps(_detect(normalised.text))
    if not normalised.starts:
        return found
    return [Finding(f.kind, *normalised.original_span(f.start, f.end)) for f in found]


def _detect(text: str) -> list[Finding]:
    # Read once and shared: the lower-cased text keeps every offset (normalisation saw to that).
    low = text.lower()
    latin1 = is_latin1(text)
    tokens = tokenize(text, latin1=latin1)
    lows = read_words(tokens)
    found: list[Finding] = []
    complete = False
    try:
        read(low, lows)  # the hint searches of the detectors are answered from the words first
        digits = digit_runs(text, latin1=latin1)
        _run_detectors(found, text, low, tokens, lows, digits)
        complete = True
    finally:
        # The guard keeps nothing it refuses: not the text, nor in its word memos the words of what it
        # found (all of the text's words, should a detector fail).
        forget()
        forget_text()
        spans = [(f.start, f.end) for f in found] if complete else [(0, len(text))]
        if spans:
            forget_words(tokens, lows, spans, _ordinary_words())
    return found


@cache
def _ordinary_words() -> frozenset[str]:
    """Listed ordinary words that are no name: a memo may keep them whatever text they came from."""
    lists = name_lists()
    return lists.common_words - lists.first_names - lists.surnames


def _run_detectors(
    found: list[Finding], text: str, low: str, tokens: list[Token], lows: list[str], digits: list[Span]
) -> None:
    if digits:  # every identity number and phone number has digits; four lines in ten have none
        found += find_numbers(text, low, digits)
        found += find_phones(text)
    found += find_emails(text, low)
    found += find_social_media(text, low, name_lists().common_words)
    found += find_addresses(text, low, digits)
    found += find_birth_dates(low)
    found += find_plates(text, low, digits)
    found += find_names(text, low, tokens, lows)
    found += find_descriptions(text, low, tokens, lows)
    words = frozenset(lows)
    found += find_notable(low, words)
    found += find_unique(low, words, bool(digits))
    # Last: the learnt model reads only the sentences with a person word that no rule flagged.
    found += find_learnt(text, tokens, lows, found)


def _resolve_overlaps(found: list[Finding]) -> list[Finding]:
    ordered = sorted(found, key=_SPAN)
    # Most texts' findings stand apart, each starting after the one before has ended: all are kept.
    if all(a.end <= b.start and a.start < b.start for a, b in pairwise(ordered)):
        return ordered
    # Keyed by (rank, start, -end), which also drops duplicates: equal keys are equal findings.
    ranked = sorted({(_RANK[f.kind], f.start, -f.end): f for f in found}.items())
    kept: list[Finding] = []
    spans: list[tuple[int, int]] = []
    for (_, start, negative_end), finding in ranked:
        end = -negative_end
        if not any(s < end and start < e for s, e in spans):
            kept.append(finding)
            spans.append((start, end))
    return sorted(kept, key=_SPAN)
