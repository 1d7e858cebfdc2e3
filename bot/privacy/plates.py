"""Swedish vehicle registration plates (ABC 123, ABC 12A)."""

import re
from collections.abc import Iterator

from bot.privacy.findings import Finding, Kind
from bot.privacy.tokens import Token

# Plates never use I, Q or V in the letter group, and never O as the final letter.
_PLATE = re.compile(r"(?<![\w-])[A-HJ-PR-UW-Z]{3} ?\d\d[A-HJ-NPR-UW-Z\d](?![\w-])")
# Written in lower case a plate only counts right after a word that says it is a plate.
_PLATE_CUES = frozenset(
    {
        "nr", "regnr", "regnummer", "regnumret", "registreringsnummer", "registreringsnumret",
        "registration", "plate", "skylt", "skylten",
    }
)  # fmt: skip
_PLATE_AFTER_CUE = re.compile(
    r"[\s.:]*(?P<plate>[a-hj-pr-uw-z]{3} ?\d\d[a-hj-npr-uw-z\d])(?![\w-])", re.IGNORECASE
)


def find_plates(text: str, tokens: list[Token]) -> Iterator[Finding]:
    """Registration plates written in capitals, or in any case after a plate cue."""
    for m in _PLATE.finditer(text):
        yield Finding(Kind.LICENSE_PLATE, m.start(), m.end())
    for _, end, word in tokens:
        if word.lower() in _PLATE_CUES and (m := _PLATE_AFTER_CUE.match(text, end)):
            yield Finding(Kind.LICENSE_PLATE, m.start("plate"), m.end("plate"))
