"""Which meeting a button or modal means: one occurrence of one school's series."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date


@dataclass(frozen=True, slots=True)
class Target:
    """One occurrence of one school, as buttons and modals carry it."""

    school_id: int
    day: date

    def encode(self) -> str:
        return f"{self.school_id}:{self.day.isoformat()}"

    @classmethod
    def decode(cls, value: str) -> Target:
        school_id, day = value.split(":", 1)
        return cls(int(school_id), date.fromisoformat(day))


@dataclass(frozen=True, slots=True)
class Noted:
    target: Target
    school: str
    first: bool
