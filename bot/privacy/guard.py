"""The guard's verdict for a use case: clean text passes, identifying text is refused before anything else."""

from __future__ import annotations

import logging
from collections import Counter

from bot.errors import BrygganError
from bot.privacy.scanner import scan
from bot.privacy.tokens import word_number

log = logging.getLogger("bryggan.privacy")


class IdentifyingText(BrygganError):
    """The text points at a person; `places` lists (kind, word number), never the words themselves."""

    def __init__(self, places: list[tuple[str, int]]) -> None:
        super().__init__("identifying_text", places=places)
        self.places = places


def require_non_identifying(text: str, *, purpose: str) -> str:
    """Return `text` if the guard finds nothing; otherwise raise IdentifyingText (and log only counts)."""
    findings = scan(text)
    if not findings:
        return text
    counts = Counter(f.kind.value for f in findings)
    log.info("identifying text refused", extra={"purpose": purpose, "kinds": dict(counts)})
    raise IdentifyingText([(f.kind.value, word_number(text, f.start)) for f in findings])
