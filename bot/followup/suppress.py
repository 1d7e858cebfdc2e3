"""What may be shown: small counts at school level can point at a child, so they are hidden.

The rule (README, "Privacy of figures"): at school level a consultation count of 1–4 is shown as
"<5", and a school's breakdown by area, grade band or outcome is withheld when it had fewer than
five consultations in the term; its acknowledgement times likewise when fewer than five were
acknowledged. The municipality's figures are exact. Meetings and continuity are not about
children and are always exact.
"""

from __future__ import annotations

from dataclasses import dataclass

from bot.followup.figures import ConsultationFigures, SchoolFigures

SMALL = 5
HIDDEN = "<5"


def shown(count: int) -> int | str:
    """`count`, or "<5" when it is 1–4."""
    return HIDDEN if 0 < count < SMALL else count


@dataclass(frozen=True, slots=True)
class ShownConsultations:
    """A school's consultation figures as they may be shown."""

    total: int | str
    recommended_report: int | str
    acknowledged: int | str
    ack_median_hours: float | None
    ack_p90_hours: float | None
    within_target_share: float | None
    by_area: dict[str, int | str] | None  # None: withheld (fewer than five cases)
    by_grade_band: dict[str, int | str] | None
    by_outcome: dict[str, int | str] | None


def consultations(figures: ConsultationFigures, *, exact: bool) -> ShownConsultations:
    """Apply the rule to one school's figures (`exact` for the municipality)."""
    if exact:
        return ShownConsultations(
            figures.total,
            figures.recommended_report,
            figures.acknowledged,
            figures.ack_median_hours,
            figures.ack_p90_hours,
            figures.within_target_share,
            dict(figures.by_area),
            dict(figures.by_grade_band),
            dict(figures.by_outcome),
        )
    enough = figures.total >= SMALL
    timed = figures.acknowledged >= SMALL

    def breakdown(values: dict[str, int]) -> dict[str, int | str] | None:
        return {key: shown(n) for key, n in values.items()} if enough else None

    return ShownConsultations(
        shown(figures.total),
        shown(figures.recommended_report),
        shown(figures.acknowledged),
        figures.ack_median_hours if timed else None,
        figures.ack_p90_hours if timed else None,
        figures.within_target_share if enough else None,
        breakdown(figures.by_area),
        breakdown(figures.by_grade_band),
        breakdown(figures.by_outcome),
    )


def school(figures: SchoolFigures, *, exact: bool = False) -> ShownConsultations:
    """A school's (or, exact, the municipality's) consultation figures as they may be shown."""
    return consultations(figures.consultations, exact=exact)
