"""The report as rows, then as CSV that Swedish Excel opens correctly, or as Markdown.

CSV: UTF-8 with BOM (Excel otherwise guesses the wrong encoding), `;` between fields and a decimal
comma, as Excel in a Swedish locale expects. Small school counts arrive here already as "<5".
"""

from __future__ import annotations

import csv
import io
from collections.abc import Mapping
from typing import Any

from bot.consultations import AREAS, OUTCOMES
from bot.followup import suppress
from bot.followup.figures import GRADE_BANDS, Report, SchoolFigures

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
    """One row per school, then the municipality's (exact) row."""
    found = [_row(s, s.name, exact=False) for s in report.schools]
    found.append(_row(report.municipality, municipality_name, exact=True))
    return found


def _row(figures: SchoolFigures, name: str, *, exact: bool) -> dict[str, Any]:
    c = suppress.school(figures, exact=exact)
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
    """Excel-ready CSV bytes: BOM, `;`, decimal comma, empty for "not applicable"."""
    out = io.StringIO()
    writer = csv.writer(out, delimiter=";", lineterminator="\r\n")
    writer.writerow([headers[c] for c in COLUMNS])
    for row in table:
        writer.writerow([_cell(row[c]) for c in COLUMNS])
    return ("\ufeff" + out.getvalue()).encode("utf-8")


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
