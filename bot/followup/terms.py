"""School terms: HT (1 Aug–31 Dec) and VT (1 Jan–30 Jun) by default, configurable (BRYGGAN_TERMS)."""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import date

from bot.errors import BrygganError, ConfigError
from bot.followup.figures import Term

_NAME = re.compile(r"^(HT|VT)\s*(\d{4})$", re.IGNORECASE)
_SPEC = re.compile(r"^(HT|VT)=(\d{2})-(\d{2})\.\.(\d{2})-(\d{2})$")
DEFAULT = "HT=08-01..12-31,VT=01-01..06-30"


@dataclass(frozen=True, slots=True)
class Terms:
    """When HT and VT run each year, as (month, day) pairs."""

    spans: dict[str, tuple[tuple[int, int], tuple[int, int]]]

    @classmethod
    def parse(cls, spec: str = DEFAULT) -> Terms:
        """`HT=08-01..12-31,VT=01-01..06-30`; ConfigError naming BRYGGAN_TERMS otherwise."""
        spans: dict[str, tuple[tuple[int, int], tuple[int, int]]] = {}
        for part in spec.replace(" ", "").split(","):
            match = _SPEC.match(part.upper())
            if not match:
                raise ConfigError(f"BRYGGAN_TERMS: {part!r} must look like HT=08-01..12-31")
            first, last = (int(match[2]), int(match[3])), (int(match[4]), int(match[5]))
            try:
                if date(2024, *last) < date(2024, *first):
                    raise ValueError(part)
            except ValueError:
                raise ConfigError(f"BRYGGAN_TERMS: {part!r} is not a span within one year") from None
            spans[match[1]] = (first, last)
        if set(spans) != {"HT", "VT"}:
            raise ConfigError("BRYGGAN_TERMS: give both HT and VT, e.g. HT=08-01..12-31,VT=01-01..06-30")
        return cls(spans)

    def term(self, kind: str, year: int) -> Term:
        first, last = self.spans[kind]
        return Term(f"{kind}{year}", date(year, *first), date(year, *last))

    def named(self, name: str) -> Term:
        """`HT2026` or `vt 2027`; BrygganError('bad_term') otherwise."""
        match = _NAME.match(name.strip())
        if not match:
            raise BrygganError("bad_term", text=name)
        return self.term(match[1].upper(), int(match[2]))

    def current(self, today: date) -> Term:
        """The term running on `today`, or else the one that ended last (a summer shows VT)."""
        candidates = [self.term(kind, year) for year in (today.year - 1, today.year) for kind in ("VT", "HT")]
        started = [t for t in candidates if t.first <= today]
        return max(started, key=lambda t: t.first)

    def previous(self, term: Term) -> Term:
        """The term before `term`."""
        kind, year = term.name[:2], int(term.name[2:])
        return self.term("VT", year) if kind == "HT" else self.term("HT", year - 1)
