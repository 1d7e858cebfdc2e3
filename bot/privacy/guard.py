"""The guard's verdict for a use case: clean text passes, identifying text is refused before anything else."""

from __future__ import annotations

import logging
from collections import Counter
from collections.abc import Callable

from bot.errors import BrygganError
from bot.privacy.scanner import scan
from bot.privacy.tokens import word_number

log = logging.getLogger("bryggan.privacy")

# Who counts refusals (the metrics): they get the kinds found, never the text.
_refusal_hooks: list[Callable[[list[str]], object]] = []


def on_refusal(hook: Callable[[list[str]], object]) -> Callable[[], None]:
    """Call `hook(kinds)` on every refusal from now on; returns the function that stops it."""
    _refusal_hooks.append(hook)
    return lambda: _refusal_hooks.remove(hook) if hook in _refusal_hooks else None


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
    for hook in list(_refusal_hooks):
        hook(sorted(counts))
    raise IdentifyingText([(f.kind.value, word_number(text, f.start)) for f in findings])
