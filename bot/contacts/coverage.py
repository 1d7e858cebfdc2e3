"""Who acts for a school right now: the contact, unless away; then the deputy, unless away; else nobody."""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from datetime import date
from enum import StrEnum
from typing import TYPE_CHECKING

if TYPE_CHECKING:  # the rule itself needs no database
    from storage.models import Absence


class Acting(StrEnum):
    CONTACT = "contact"
    DEPUTY = "deputy"
    NOBODY = "nobody"


@dataclass(frozen=True, slots=True)
class Coverage:
    """A school's contact and deputy, who of them acts, and until when the absent are away."""

    contact: str | None
    deputy: str | None
    acting: Acting
    contact_away_until: date | None = None
    deputy_away_until: date | None = None

    @property
    def acting_person(self) -> str | None:
        """The Slack user id of whoever acts, or None when the school is uncovered."""
        if self.acting is Acting.CONTACT:
            return self.contact
        return self.deputy if self.acting is Acting.DEPUTY else None

    @property
    def uncovered(self) -> bool:
        """True when nobody acts for the school."""
        return self.acting is Acting.NOBODY

    @property
    def vacant(self) -> bool:
        """True when the school has no contact assigned at all."""
        return self.contact is None


def cover(contact: str | None, deputy: str | None, away_until: Mapping[str, date]) -> Coverage:
    """Apply the rule to a school's contact and deputy, given who is away (person -> last day away)."""
    contact_away = away_until.get(contact) if contact else None
    deputy_away = away_until.get(deputy) if deputy else None
    if contact and contact_away is None:
        acting = Acting.CONTACT
    elif deputy and deputy_away is None:
        acting = Acting.DEPUTY
    else:
        acting = Acting.NOBODY
    return Coverage(contact, deputy, acting, contact_away, deputy_away)


def away_on(absences: Iterable[Absence], day: date) -> dict[str, date]:
    """Who of these absences is away on `day`, with the last day of their absence (for `cover`)."""
    return {a.person_id: a.last_day for a in absences if a.first_day <= day <= a.last_day}
