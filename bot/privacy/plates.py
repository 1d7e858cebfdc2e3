"""Swedish vehicle registration plates (ABC 123, ABC 12A)."""

import re
from collections.abc import Iterator

from bot.privacy.findings import Finding, Kind
from bot.privacy.hints import any_in, occurrences
from bot.privacy.lexicon import is_dictionary_word
from bot.privacy.namelists import name_lists
from bot.privacy.patterns import matches_at
from bot.privacy.tokens import Span

# Plates never use I, Q or V in the letter group, and never O as the final letter. Its digits start a run
# of digits, so it is matched only just before those whose last letter before can be a plate's.
_PLATE = re.compile(r"[A-HJ-PR-UW-Z]{3}[ -]?\d\d[A-HJ-NPR-UW-Z\d](?![\w-])")
_PLATE_CAPITALS = frozenset("ABCDEFGHJKLMNOPRSTUWXYZ")
# Shaped like a plate but a public number's name: SOS Alarm's "SOS 112".
_NOT_PLATES = frozenset({"SOS 112", "SOS112"})
_PLATE_SEPARATORS = (" ", "-")
_LOWER_PLATE_LETTERS = frozenset("abcdefghjklmnoprstuwxyz")
_LOWER_LETTER_SPACE = frozenset(f"{letter} " for letter in _LOWER_PLATE_LETTERS)
# Typed in lower case and glued ("abc123", "abc-123") it is still a plate, unless the letters are one of
# the short words that number rooms, sections and documents ("sal204", "kap-123"). Its digits start a
# run of digits, so it is matched only just before those.
_LOWER_PLATE = re.compile(r"(?P<letters>[a-hj-pr-uw-z]{3})-?\d\d[a-hj-npr-uw-z\d](?![\w-])")
_NOT_PLATE_LETTERS = frozenset(
    {"sal", "rum", "kap", "sfs", "dnr", "avd", "tel", "hus", "ref", "sid", "nro", "art", "lok", "fax", "grp"}
)
# In lower case with a space ("bilen sbx 912") only near a word for a vehicle, and not when the letters
# are a word ("bilen körde med 120").
_SPACED_LOWER_PLATE = re.compile(r"(?P<letters>[a-hj-pr-uw-z]{3}) \d\d[a-hj-npr-uw-z\d](?![\w-])")
_VEHICLE_HINTS = (
    "bil", "car ", "cars ", "taxi", "van ", "volvo", "saab", "passat", "moped", "motorcykel", "mc ",
    "skåpbil", "lastbil", "fordon", "vehicle",
)  # fmt: skip
_VEHICLE_LOOK_BACK = 60
_VEHICLE_LOOK_AHEAD = 30
_VEHICLE_APPOSITION = re.compile(r"(?:bil|bilen|car|the car|taxin|bussen|mopeden|vehicle)[,:] \Z")
# A document's or a product's code looks like a plate: "formuläret SKL-123", "blankett ABC 123".
_DOCUMENT_BEFORE = re.compile(
    r"(?:formulär|formuläret|blankett|blanketten|mall|mallen|modell|modellen|artikel|artikeln|form|model"
    r"|template)\s+\Z"
)
_DOCUMENT_LOOK_BACK = 16
# Written in lower case a plate only counts right after a word that says it is a plate.
_PLATE_CUES = frozenset(
    {
        "nr", "reg", "regnr", "regnummer", "regnumret", "registreringsnummer", "registreringsnumret",
        "registration", "plate", "skylt", "skylten",
    }
)  # fmt: skip
_PLATE_CUE_WORD = re.compile(rf"(?:{'|'.join(sorted(_PLATE_CUES, key=len, reverse=True))})(?![\w])")
_PLATE_CUE_HINTS = ("nr", "reg ", "reg:", "reg.", "regnum", "registr", "plate", "skylt")
# Every cue word starts with one of these: the pattern is tried only there.
_PLATE_CUE_STARTS = ("nr", "reg", "plate", "skylt")
# After a cue the plate may be typed with its characters spaced ("skylten GHJ 2 08").
_PLATE_AFTER_CUE = re.compile(
    r"[\s.:]*(?P<plate>[a-hj-pr-uw-z]{3} ?\d ?\d ?[a-hj-npr-uw-z\d])(?![\w-])", re.IGNORECASE
)


def find_plates(text: str, low: str, digit_runs: list[Span]) -> Iterator[Finding]:
    """Registration plates in capitals, glued in lower case, or in any case after a plate cue.

    `low` is `text` in lower case; `digit_runs` holds the (start, end) of its runs of digits.
    """
    # Every plate's first two digits start a run of two or more: the patterns are tried only before such
    # runs, and only where the characters just before them allow.
    runs = [run for run in digit_runs if run[1] - run[0] >= 2]
    if not runs:
        return
    for m in matches_at(_PLATE, text, _capital_starts(text, runs)):
        glued = m.start() and (text[m.start() - 1].isalnum() or text[m.start() - 1] in "_-")
        if glued or m.group() in _NOT_PLATES:
            continue
        if not _DOCUMENT_BEFORE.search(low, max(0, m.start() - _DOCUMENT_LOOK_BACK), m.start()):
            yield Finding(Kind.LICENSE_PLATE, m.start(), m.end())
    # Three letters (and a hyphen) before a run of digits; two such plates can never overlap.
    for digits, _ in runs:
        at = digits - 4 if text[digits - 1 : digits] == "-" else digits - 3
        if at >= 0 and text[at + 2] in _LOWER_PLATE_LETTERS and (lower := _LOWER_PLATE.match(text, at)):
            # Inside a link or a path ("…/meetup-join/abc123") it is part of an address, not a plate.
            glued = at and (text[at - 1].isalnum() or text[at - 1] in "_-/=.")
            if not glued and lower["letters"] not in _NOT_PLATE_LETTERS:
                yield Finding(Kind.LICENSE_PLATE, lower.start(), lower.end())
    if any_in(low, _VEHICLE_HINTS):
        yield from _spaced_lower_plates(text, low, runs)
    # The cue words are found in the lower-cased text, which keeps the normalised text's offsets.
    if not any_in(low, _PLATE_CUE_HINTS):
        return
    for cue in matches_at(_PLATE_CUE_WORD, low, occurrences(low, _PLATE_CUE_STARTS)):
        if cue.start() and text[cue.start() - 1].isalnum():
            continue
        if after := _PLATE_AFTER_CUE.match(text, cue.end()):
            yield Finding(Kind.LICENSE_PLATE, after.start("plate"), after.end("plate"))


def _spaced_lower_plates(text: str, low: str, digit_runs: list[Span]) -> Iterator[Finding]:
    """ "bilen sbx 912", "en svart passat, rau 547": three letters, a space and digits, after a vehicle."""
    for digits, _ in digit_runs:
        at = digits - 4
        if at < 0 or text[at + 2 : at + 4] not in _LOWER_LETTER_SPACE or (at and text[at - 1].isalnum()):
            continue
        if not (m := _SPACED_LOWER_PLATE.match(text, at)):
            continue
        letters = m["letters"]
        if letters in _NOT_PLATE_LETTERS:
            continue
        # "bilen, ohm 28b, står …": set off right after the vehicle's noun, letters that spell a rare word
        # Not a common word ("bilen, med 120 i timmen").
        if _is_word(letters) and (
            letters in name_lists().common_words or not _VEHICLE_APPOSITION.search(low, max(0, at - 12), at)
        ):
            continue
        # The vehicle may be named before the plate or just after it ("mbr 471 den röda bilen").
        before = low[max(0, at - _VEHICLE_LOOK_BACK) : at]
        after = low[m.end() : m.end() + _VEHICLE_LOOK_AHEAD]
        if any(hint in before or hint in after for hint in _VEHICLE_HINTS):
            yield Finding(Kind.LICENSE_PLATE, m.start(), m.end())


def _capital_starts(text: str, runs: list[Span]) -> list[int]:
    """Where a plate in capitals may start: three capitals (and a space or a hyphen) before a run."""
    starts = []
    for digits, _ in runs:
        end = digits - 1 if text[digits - 1 : digits] in _PLATE_SEPARATORS else digits
        if end >= 3 and text[end - 1] in _PLATE_CAPITALS:
            starts.append(end - 3)
    return starts


def _is_word(letters: str) -> bool:
    return letters in name_lists().common_words or is_dictionary_word(letters)
