"""Swedish vehicle registration plates (ABC 123, ABC 12A)."""

import re
from collections.abc import Iterator

from bot.privacy.findings import Finding, Kind

# Plates never use I, Q or V in the letter group, and never O as the final letter.
_PLATE = re.compile(r"[A-HJ-PR-UW-Z]{3}[ -]?\d\d[A-HJ-NPR-UW-Z\d](?![\w-])")
# Typed in lower case and glued ("abc123", "abc-123") it is still a plate, unless the letters are one of
# the short words that number rooms, sections and documents ("sal204", "kap-123").
_LOWER_PLATE = re.compile(r"(?P<letters>[a-hj-pr-uw-z]{3})-?\d\d[a-hj-npr-uw-z\d](?![\w-])")
_LOWER_PLATE_HINT = re.compile(r"[a-z]-?\d\d")
_NOT_PLATE_LETTERS = frozenset(
    {"sal", "rum", "kap", "sfs", "dnr", "avd", "tel", "hus", "ref", "sid", "nro", "art", "lok", "fax", "grp"}
)
# Written in lower case a plate only counts right after a word that says it is a plate.
_PLATE_CUES = frozenset(
    {
        "nr", "reg", "regnr", "regnummer", "regnumret", "registreringsnummer", "registreringsnumret",
        "registration", "plate", "skylt", "skylten",
    }
)  # fmt: skip
_PLATE_CUE_WORD = re.compile(rf"(?:{'|'.join(sorted(_PLATE_CUES, key=len, reverse=True))})(?![\w])")
_TWO_DIGITS = re.compile(r"\d\d")
_PLATE_CUE_HINTS = ("nr", "reg ", "reg:", "reg.", "regnum", "registr", "plate", "skylt")
# After a cue the plate may be typed with its characters spaced ("skylten GHJ 2 08").
_PLATE_AFTER_CUE = re.compile(
    r"[\s.:]*(?P<plate>[a-hj-pr-uw-z]{3} ?\d ?\d ?[a-hj-npr-uw-z\d])(?![\w-])", re.IGNORECASE
)


def find_plates(text: str) -> Iterator[Finding]:
    """Registration plates in capitals, glued in lower case, or in any case after a plate cue."""
    if not _TWO_DIGITS.search(text):  # every plate has two digits together
        return
    for m in _PLATE.finditer(text):
        # Checked here rather than in the pattern, which then starts with letters and is fast to search.
        if not m.start() or not (text[m.start() - 1].isalnum() or text[m.start() - 1] in "_-"):
            yield Finding(Kind.LICENSE_PLATE, m.start(), m.end())
    if _LOWER_PLATE_HINT.search(text):
        for m in _LOWER_PLATE.finditer(text):
            # Inside a link or a path ("…/meetup-join/abc123") it is part of an address, not a plate.
            glued = m.start() and (text[m.start() - 1].isalnum() or text[m.start() - 1] in "_-/=.")
            if not glued and m["letters"] not in _NOT_PLATE_LETTERS:
                yield Finding(Kind.LICENSE_PLATE, m.start(), m.end())
    # The cue words are found in the lower-cased text, which keeps the normalised text's offsets.
    low = text.lower()
    if not any(hint in low for hint in _PLATE_CUE_HINTS):
        return
    for cue in _PLATE_CUE_WORD.finditer(low):
        if cue.start() and text[cue.start() - 1].isalnum():
            continue
        if m := _PLATE_AFTER_CUE.match(text, cue.end()):
            yield Finding(Kind.LICENSE_PLATE, m.start("plate"), m.end("plate"))
