"""The term's figures as plain values: what is counted, never a case text, number or asker.

Counts are exact here; `bot/followup/published.py` (with `suppress.py`) decides what may be shown.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date, datetime

GRADE_BANDS = ("F–3", "4–6", "7–9", "gymnasiet")
RECOMMENDED_REPORT = "orosanmalan_rekommenderas"


@dataclass(frozen=True, slots=True)
class Term:
    """A school term, e.g. HT2026 = 1 Aug–31 Dec 2026 by default."""

    name: str
    first: date
    last: date


@dataclass(frozen=True, slots=True)
class ConsultationFigures:
    total: int = 0
    by_area: dict[str, int] = field(default_factory=dict)  # a case with two areas counts in both
    by_grade_band: dict[str, int] = field(default_factory=dict)
    by_outcome: dict[str, int] = field(default_factory=dict)  # closed cases only
    still_open: int = 0
    acknowledged: int = 0
    ack_median_hours: float | None = None  # working hours, as the acknowledgement reminder counts
    ack_p90_hours: float | None = None
    within_target: int = 0  # acknowledged within BRYGGAN_ACK_HOURS working hours
    by_month_area: dict[str, dict[str, int]] = field(default_factory=dict)  # "2026-09" -> area -> count
    texts_purged: int = 0  # texts withdrawn after delivery as personal data (a description or a reply)
    forwarded: int = 0  # cases handed on to another holder at least once
    withdrawn: int = 0  # cases withdrawn by their asker before anyone took them
    replied: int = 0  # cases with a reply from the receiving side
    reply_median_hours: float | None = None  # working hours from receipt to that side's first reply

    @property
    def recommended_report(self) -> int:
        """Closed with "orosanmälan rekommenderas", shown on its own."""
        return self.by_outcome.get(RECOMMENDED_REPORT, 0)

    @property
    def recommended_report_share(self) -> float | None:
        """Of the closed cases, the share closed with "orosanmälan rekommenderas"."""
        closed = sum(self.by_outcome.values())
        return self.recommended_report / closed if closed else None

    @property
    def within_target_share(self) -> float | None:
        """Acknowledged within the target, of all cases received (an open case is not within it)."""
        return self.within_target / self.total if self.total else None


@dataclass(frozen=True, slots=True)
class MeetingFigures:
    planned: int = 0  # every occurrence up to today that was not skipped (held + cancelled)
    held: int = 0
    cancelled: int = 0
    skipped: int = 0  # public holidays and school breaks
    with_notes: int = 0
    agenda_items: int = 0

    @property
    def notes_share(self) -> float | None:
        return self.with_notes / self.held if self.held else None


@dataclass(frozen=True, slots=True)
class ContinuityFigures:
    days: int = 0  # working days of the term counted so far
    covered_days: int = 0  # an acting contact (the contact, or the deputy while the contact was away)
    contact_changes: int = 0  # a new contact after an earlier one
    longest_assignment_days: int = 0  # the longest continuous contact period within the term
    absences: int = 0  # the contact's absences overlapping the term
    absences_covered: int = 0  # ... during which the deputy acted on every working day

    @property
    def uncovered_days(self) -> int:
        return self.days - self.covered_days

    @property
    def coverage_share(self) -> float | None:
        return self.covered_days / self.days if self.days else None


@dataclass(frozen=True, slots=True)
class SchoolFigures:
    school_id: int
    name: str
    contact: str | None  # the current contact's Slack id: the only person a report names
    consultations: ConsultationFigures
    meetings: MeetingFigures
    continuity: ContinuityFigures


@dataclass(frozen=True, slots=True)
class Report:
    term: Term
    until: date  # the last day counted: the term's last day, or today while it runs
    generated_at: datetime
    municipality: SchoolFigures  # school_id 0: the sums (exact), continuity summed over schools
    schools: tuple[SchoolFigures, ...]
