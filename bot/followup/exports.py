"""The report as rows, then as CSV that Swedish Excel opens correctly, or as Markdown.

CSV: UTF-8 with BOM (Excel otherwise guesses the wrong encoding), `;` between fields and a decimal
comma, as Excel in a Swedish locale expects. Consultation counts come from `Published`: "<5", "x"
or a range wherever the suppression rule says so.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from bot.consultations import AREAS, OUTCOMES
from bot.csvfiles import excel_csv
from bot.followup.figures import GRADE_BANDS, Report, SchoolFigures
from bot.followup.published import Published, ShownConsultations

WITHHELD = "–"
COLUMNS = (
    "school",
    "consultations",
    "recommended_report",
    "acknowledged",
    "ack_median_hours",
    "ack_p90_hours",
    "within_target_share",
    "meetings_planned",
    "meetings_held",
    "meetings_cancelled",
    "meetings_skipped",
    "meetings_with_notes",
    "notes_share",
    "agenda_items",
    "working_days",
    "covered_days",
    "uncovered_days",
    "coverage_share",
    "contact_changes",
    "longest_assignment_days",
    "absences",
    "absences_covered",
    *(f"area:{a}" for a in AREAS),
    *(f"grade:{g}" for g in GRADE_BANDS),
    *(f"outcome:{o}" for o in OUTCOMES),
)


def rows(report: Report, *, municipality_name: str) -> list[dict[str, Any]]:
    """One row per school, then the municipality's row, as `Published` allows them to be shown."""
    published = Published(report)
    found = [_row(s, s.name, published.school(s)) for s in report.schools]
    found.append(_row(report.municipality, municipality_name, published.municipality))
    return found


def _row(figures: SchoolFigures, name: str, c: ShownConsultations) -> dict[str, Any]:
    m, k = figures.meetings, figures.continuity
    row: dict[str, Any] = {
        "school": name,
        "consultations": c.total,
        "recommended_report": c.recommended_report,
        "acknowledged": c.acknowledged,
        "ack_median_hours": c.ack_median_hours,
        "ack_p90_hours": c.ack_p90_hours,
        "within_target_share": _percent(c.within_target_share),
        "meetings_planned": m.planned,
        "meetings_held": m.held,
        "meetings_cancelled": m.cancelled,
        "meetings_skipped": m.skipped,
        "meetings_with_notes": m.with_notes,
        "notes_share": _percent(m.notes_share),
        "agenda_items": m.agenda_items,
        "working_days": k.days,
        "covered_days": k.covered_days,
        "uncovered_days": k.uncovered_days,
        "coverage_share": _percent(k.coverage_share),
        "contact_changes": k.contact_changes,
        "longest_assignment_days": k.longest_assignment_days,
        "absences": k.absences,
        "absences_covered": k.absences_covered,
    }
    for prefix, keys, values in (
        ("area", AREAS, c.by_area),
        ("grade", GRADE_BANDS, c.by_grade_band),
        ("outcome", OUTCOMES, c.by_outcome),
    ):
        for key in keys:
            row[f"{prefix}:{key}"] = WITHHELD if values is None else values.get(key, 0)
    return row


def _percent(share: float | None) -> float | None:
    return None if share is None else round(100 * share, 1)


def to_csv(table: list[dict[str, Any]], headers: Mapping[str, str]) -> bytes:
    """Excel-ready CSV bytes (`bot.csvfiles`): decimal comma, empty for "not applicable"."""
    return excel_csv([headers[c] for c in COLUMNS], ([_cell(row[c]) for c in COLUMNS] for row in table))


def _cell(value: Any) -> str:
    if value is None:
        return ""
    if isinstance(value, float):
        return f"{value:.1f}".replace(".", ",")
    return str(value)


def to_markdown(table: list[dict[str, Any]], headers: Mapping[str, str], columns: tuple[str, ...]) -> str:
    """A Markdown table of `columns` (the whole CSV is too wide to read)."""
    lines = [
        "| " + " | ".join(headers[c] for c in columns) + " |",
        "|" + "---|" * len(columns),
    ]
    for row in table:
        lines.append("| " + " | ".join(_cell(row[c]) or WITHHELD for c in columns) + " |")
    return "\n".join(lines)
