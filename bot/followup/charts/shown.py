"""What each chart shows, computed before any drawing: pure, no Matplotlib.

These functions never hand a hidden count on to the drawing code (a hidden cell has no height, a school
with 1–4 acknowledged consultations no bar); the tests check them rather than the pictures. Each
per-school list comes most relevant first, so a chart capped at its row limit keeps the rows that
matter.
"""

from __future__ import annotations

import math
from dataclasses import dataclass
from typing import TypeVar

from bot.consultations.intake import AREAS
from bot.followup.charts.words import ChartWords
from bot.followup.figures import Report, SchoolFigures
from bot.followup.published import Published
from bot.followup.suppress import HIDDEN, SMALL

MAX_NAME = 34  # characters of a school's name on an axis

_Row = TypeVar("_Row")


@dataclass(frozen=True, slots=True)
class Segment:
    """One area's part of a month's bar. A hidden cell's true count is not kept."""

    area: str
    height: float | None  # the count; None: hidden, drawn without a height
    label: str  # the count, or words.hidden / words.secondary
    hidden: bool


@dataclass(frozen=True, slots=True)
class MonthBar:
    month: str  # "2026-09"
    label: str  # "sep"
    segments: tuple[Segment, ...]  # AREAS order; zero cells left out
    total: str  # exact, or a range when the suppression says so


@dataclass(frozen=True, slots=True)
class AckRow:
    name: str
    median: float | None  # None: no bar (too few, or none)
    p90: float | None
    note: str  # "3,5 h", or why there is no bar


@dataclass(frozen=True, slots=True)
class MeetingRow:
    name: str
    planned: int
    held: int


@dataclass(frozen=True, slots=True)
class CoverageRow:
    name: str
    percent: float | None  # 0–100; None: no working day counted
    note: str


def _fill(text: str, **values: object) -> str:
    for key, value in values.items():
        text = text.replace("{" + key + "}", str(value))
    return text


def _decimal(value: float, words: ChartWords) -> str:
    return f"{value:.1f}".replace(".", words.decimal_sep)


def _name(school: SchoolFigures) -> str:
    name = " ".join(school.name.split())
    return name if len(name) <= MAX_NAME else name[: MAX_NAME - 1].rstrip() + "…"


def _areas(keys: set[str]) -> list[str]:
    """The known areas in AREAS order, then any others alphabetically."""
    return [a for a in AREAS if a in keys] + sorted(keys - set(AREAS))


def _month_keys(report: Report) -> list[str]:
    """Every month of the term up to `until`, and any month that has figures."""
    last = min(report.term.last, max(report.until, report.term.first))
    year, month = report.term.first.year, report.term.first.month
    keys = set(report.municipality.consultations.by_month_area)
    while (year, month) <= (last.year, last.month):
        keys.add(f"{year:04d}-{month:02d}")
        year, month = (year + 1, 1) if month == 12 else (year, month + 1)
    return sorted(keys)


def _month_label(key: str, words: ChartWords, with_year: bool) -> str:
    try:
        year, month = (int(part) for part in key.split("-"))
        name = words.month_names[month - 1]
    except (ValueError, IndexError):
        return key
    return f"{name} {year}" if with_year else name


def month_bars(report: Report, words: ChartWords) -> tuple[MonthBar, ...]:
    """The municipality's month×area cells as `Published` shows them: hidden cells have no height.

    A month's total is the published one: exact, or a range when an exact total would give a hidden
    cell away. Empty when the term has no consultations at all.
    """
    by_month = report.municipality.consultations.by_month_area
    if not any(n > 0 for cells in by_month.values() for n in cells.values()):
        return ()
    published = Published(report)
    keys = _month_keys(report)
    with_year = len({key[:4] for key in keys}) > 1
    bars = []
    for key in keys:
        cells = by_month.get(key, {})
        segments = []
        # A hidden 0 is drawn like any hidden cell: a month without a box reads as none in that area.
        hidden = {a for a in published.month_areas(key) if not isinstance(published.month_cell(key, a), int)}
        for area in _areas({a for a, n in cells.items() if n > 0} | hidden):
            shown = published.month_cell(key, area)
            if isinstance(shown, int):
                segments.append(Segment(area, float(shown), str(shown), hidden=False))
            else:
                label = words.hidden if shown == HIDDEN else words.secondary
                segments.append(Segment(area, None, label, hidden=True))
        total = str(published.month_total(key))
        bars.append(MonthBar(key, _month_label(key, words, with_year), tuple(segments), total))
    return tuple(bars)


def _keys(entry: tuple) -> tuple:
    """Sort on everything but the row itself (two schools may share a name)."""
    return entry[:-1]


def ack_rows(report: Report, words: ChartWords) -> tuple[AckRow, ...]:
    """One row per school, slowest median first; schools without a bar after them.

    A school whose acknowledged or received count is hidden ("<5", which may be a hidden 0) shows
    words.few_cases instead of its times; then come schools with cases but none acknowledged, then
    those without cases. The counts are read as `Published` shows them, so no row tells a hidden 0.
    """
    published = Published(report)
    timed: list[tuple[float, float, str, AckRow]] = []
    untimed: list[tuple[int, str, AckRow]] = []
    for school in report.schools:
        c, name, shown = school.consultations, _name(school), published.school(school)
        if c.acknowledged >= SMALL and c.ack_median_hours is not None:
            p90 = c.ack_p90_hours
            shown_p90 = "–" if p90 is None else _decimal(p90, words)
            note = _fill(words.ack_values, median=_decimal(c.ack_median_hours, words), p90=shown_p90)
            row = AckRow(name, c.ack_median_hours, p90, note)
            timed.append((-c.ack_median_hours, -(p90 or 0.0), name, row))
        elif HIDDEN in (shown.acknowledged, shown.total):
            untimed.append((0, name, AckRow(name, None, None, words.few_cases)))
        elif c.acknowledged == 0 and c.total > 0:
            untimed.append((1, name, AckRow(name, None, None, words.none_acknowledged)))
        elif c.acknowledged == 0:
            untimed.append((2, name, AckRow(name, None, None, words.no_cases)))
        else:  # five or more acknowledged but no median: should not happen
            untimed.append((3, name, AckRow(name, None, None, "–")))
    return tuple(t[-1] for t in sorted(timed, key=_keys)) + tuple(t[-1] for t in sorted(untimed, key=_keys))


def meeting_rows(report: Report) -> tuple[MeetingRow, ...]:
    """One row per school, the lowest share held first; schools with nothing planned last."""

    def key(school: SchoolFigures) -> tuple[int, float, int, str]:
        m = school.meetings
        if not m.planned:
            return (1, 0.0, 0, _name(school))
        return (0, m.held / m.planned, -m.planned, _name(school))

    return tuple(
        MeetingRow(_name(s), s.meetings.planned, s.meetings.held) for s in sorted(report.schools, key=key)
    )


def coverage_rows(report: Report, words: ChartWords) -> tuple[CoverageRow, ...]:
    """One row per school, the lowest coverage first; schools with no working day counted last.

    The label is rounded down, so a school short of full coverage never reads "100 %".
    """
    rows = []
    for school in report.schools:
        share = school.continuity.coverage_share
        if share is None:
            rows.append((1, 0.0, _name(school), CoverageRow(_name(school), None, words.no_days)))
        else:
            percent = 100.0 * share
            label = _fill(words.percent, value=math.floor(percent + 1e-9))
            rows.append((0, percent, _name(school), CoverageRow(_name(school), percent, label)))
    return tuple(t[-1] for t in sorted(rows, key=_keys))


def cap(rows: tuple[_Row, ...], limit: int) -> tuple[tuple[_Row, ...], int]:
    return rows[:limit], len(rows)


def title(text: str, report: Report, words: ChartWords, shown: int = 0, total: int = 0) -> str:
    filled = _fill(text, term=report.term.name)
    if total > shown:
        filled += " (" + _fill(words.shown_of, shown=shown, total=total) + ")"
    return filled
