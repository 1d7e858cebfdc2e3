"""What the contact use cases return: plain data for templates, no ORM objects."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date
from enum import StrEnum

from bot.contacts.coverage import Coverage


@dataclass(frozen=True, slots=True)
class Profile:
    """How a contact wants to be reached (all optional)."""

    title: str | None = None
    phone: str | None = None
    reachable: str | None = None


@dataclass(frozen=True, slots=True)
class SchoolStatus:
    """A school with its coverage today."""

    school_id: int
    name: str
    channel_id: str | None
    coverage: Coverage
    contact_since: date | None = None


@dataclass(frozen=True, slots=True)
class ContactCard:
    """What `/kontakt` shows in a channel; `school` is None when the channel is not linked."""

    admins: tuple[str, ...]
    intake: str
    school: SchoolStatus | None = None
    profiles: dict[str, Profile] = field(default_factory=dict)


@dataclass(frozen=True, slots=True)
class Period:
    """One assignment in a school's history."""

    person_id: str
    role: str
    first_day: date
    last_day: date | None
    days: int


class LinkOutcome(StrEnum):
    LINKED = "linked"  # an existing school bound to this channel
    CREATED = "created"  # a new school created and bound
    ALREADY = "already"  # this channel is already that school's
    CHOOSE = "choose"  # unsure which school was meant: candidates to pick from
    CONFIRM_MOVE = "confirm_move"  # the school belongs to another channel: confirm the move
    CHANNEL_TAKEN = "channel_taken"  # this channel belongs to another school


@dataclass(frozen=True, slots=True)
class LinkResult:
    """The outcome of `/kontakt koppla`."""

    outcome: LinkOutcome
    name: str
    school_id: int | None = None
    candidates: tuple[tuple[int, str], ...] = ()
    other_channel: str | None = None


@dataclass(frozen=True, slots=True)
class Change:
    """A contact or deputy change at one school."""

    school: str
    role: str
    new: str | None
    previous: str | None
    away_until: date | None = None  # the new person is away now, up to and including this day
    acting: str | None = None  # who acts for the school meanwhile (None: nobody)


class SeatOutcome(StrEnum):
    PLANNED = "planned"
    MOVED = "moved"
    KEPT = "kept"  # stayed with the one handing over
    EMPTIED = "emptied"


@dataclass(frozen=True, slots=True)
class HandoverPlan:
    """What a handover would move, and until when the receiver is away (None: not away today)."""

    seats: list[HandoverSeat]
    receiver_away_until: date | None = None


@dataclass(frozen=True, slots=True)
class HandoverSeat:
    """One seat a handover covers; `stuck` when the receiver already holds the school's other seat."""

    school: str
    role: str
    stuck: bool = False
    outcome: SeatOutcome = SeatOutcome.PLANNED
    change: Change | None = None


@dataclass(frozen=True, slots=True)
class AbsenceResult:
    """A registered absence and who acts meanwhile at each affected school."""

    person_id: str
    first_day: date
    last_day: date
    schools: tuple[SchoolStatus, ...]
