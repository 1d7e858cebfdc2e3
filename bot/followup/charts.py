"""PNG charts of a term report: four pictures, 1200×675 px each, ready to upload to Slack.

1. ``consultations_by_month.png``: the municipality's consultations per month, stacked by area.
2. ``ack_time_by_school.png``: median working hours to acknowledgement per school, the 90th percentile
   as a marker.
3. ``meetings_by_school.png``: EHT meetings held against planned per school.
4. ``coverage_by_school.png``: the share of working days with an acting contact per school.

Privacy: a count of 1–4 can point at a child at a small school, so the charts never draw one at all.
The month×area cells and month totals are those of `Published` (the same suppression as every other
output): a hidden cell ("<5", or "x" when hidden to protect another) gets no height; it is a hatched
box above its month's bar, off the scale, which the legend says. The bars and the axis show only
exact counts, and a month's total is exact, or a range when the suppression says so. A school with
1–4 acknowledged consultations gets no acknowledgement bar, only the words for "<5 cases".
Meetings and continuity are not about children and are exact. What each chart shows is computed
first by a pure function (`_month_bars`, `_ack_rows`, `_meeting_rows`, `_coverage_rows`) that never
hands a hidden count on to the drawing code; the tests check those.

Many schools: a per-school chart shows at most `MAX_ROWS` (30) schools, the most relevant ones — the
slowest to acknowledge, the lowest share of meetings held, the lowest coverage — and its title then
says e.g. "30 av 60 visas". Thirty rows keep the labels at a readable 9 pt in 675 px. A caller whose
pictures must stay small (a Teams message) asks for fewer with `max_rows`.

Every word comes from the caller (`ChartWords`, filled from the templates); `default_sv()` and
`default_en()` exist for tests and demos only. Matplotlib is imported on first use, and only its
object-oriented API is used (a `Figure` with its own Agg canvas, never pyplot's global state).
Rendering is serialised by a lock all the same, since Matplotlib does not promise thread safety;
a set of four charts takes about 0.4 s for a few schools and 1 s for sixty (the first call adds the
import, about 0.5 s). The PNGs carry no timestamp or software tag, so
the same report gives the same bytes.
"""

from __future__ import annotations

import io
import math
import threading
from collections.abc import Callable, Mapping
from dataclasses import dataclass
from typing import TYPE_CHECKING, TypeVar

from bot.consultations.intake import AREAS
from bot.followup.figures import Report, SchoolFigures
from bot.followup.published import Published
from bot.followup.suppress import HIDDEN, SMALL
from templates import Lang, Templates, unescape_mrkdwn

if TYPE_CHECKING:
    from matplotlib.axes import Axes
    from matplotlib.figure import Figure

WIDTH, HEIGHT, DPI = 12, 6.75, 100  # inches at 100 dpi: 1200×675 px, 16:9
MAX_ROWS = 30  # schools per chart
HIDDEN_BOX = 15  # points between the hatched boxes of hidden cells stacked above a bar
MAX_NAME = 34  # characters of a school's name on an axis
MIN_ROWS = 8  # a chart of fewer schools leaves the rest of its height empty
SCHOOL_LEFT = 0.25  # room for MAX_NAME characters at 10 pt

# Stable colours per area (Matplotlib's tab10, in AREAS order), so a report looks the same each term.
_COLOURS = (
    "#1f77b4",
    "#ff7f0e",
    "#2ca02c",
    "#d62728",
    "#9467bd",
    "#8c564b",
    "#e377c2",
    "#bcbd22",
    "#7f7f7f",
    "#17becf",
)
_BAR = "#4c72b0"
_MARK = "#c44e52"
_NOTE = "#555555"

_LOCK = threading.Lock()
_Row = TypeVar("_Row")


@dataclass(frozen=True, slots=True)
class ChartWords:
    """Every word on the charts, filled by the caller from the templates (sv first, en second).

    Placeholders are replaced literally, so other braces are safe: ``{term}`` in the titles,
    ``{shown}`` and ``{total}`` in `shown_of`, ``{median}`` and ``{p90}`` in
    `ack_values`, ``{value}`` in `percent`.
    """

    month_title: str
    month_axis: str
    ack_title: str
    ack_axis: str
    ack_median: str
    ack_p90: str
    ack_values: str  # after a school's bar: {median} and {p90}, formatted numbers
    meetings_title: str
    meetings_axis: str
    meetings_planned: str
    meetings_held: str
    coverage_title: str
    coverage_axis: str
    hidden: str  # "<5", on a hatched cell
    secondary: str  # "x": hidden so that a "<5" cannot be worked out
    hidden_legend: str  # what the hatched boxes mean, and that they have no height
    few_cases: str  # a school with 1–4 acknowledged consultations
    none_acknowledged: str  # consultations received, none acknowledged yet
    no_cases: str
    no_days: str  # coverage with no working day counted
    no_data: str  # a chart with nothing to draw
    shown_of: str
    percent: str
    decimal_sep: str
    area_names: Mapping[str, str]
    month_names: tuple[str, ...]  # twelve, January first

    def __post_init__(self) -> None:
        if len(self.month_names) != 12:
            raise ValueError("ChartWords.month_names needs twelve names, January first")

    @classmethod
    def from_templates(cls, templates: Templates, lang: Lang) -> ChartWords:
        """The words of `lang`'s followup template (plain text: charts do not read Slack markup)."""
        w = templates.module(lang, "followup")
        areas = templates.module(lang, "consultations").areas
        return cls(
            **{key: unescape_mrkdwn(str(value)) for key, value in w.chart.items()},
            area_names={key: unescape_mrkdwn(str(name)) for key, name in areas.items()},
            month_names=tuple(w.chart_months),
        )

    @classmethod
    def default_sv(cls) -> ChartWords:
        """The Swedish words (tests and demos)."""
        return cls.from_templates(Templates(), "sv")

    @classmethod
    def default_en(cls) -> ChartWords:
        """The English words (tests and demos)."""
        return cls.from_templates(Templates(), "en")


@dataclass(frozen=True, slots=True)
class Chart:
    name: str  # file name, e.g. "consultations_by_month.png"
    title: str
    png: bytes


# --- what is shown: pure, no Matplotlib -------------------------------------------------------------


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


def _month_bars(report: Report, words: ChartWords) -> tuple[MonthBar, ...]:
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


def _ack_rows(report: Report, words: ChartWords) -> tuple[AckRow, ...]:
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


def _meeting_rows(report: Report) -> tuple[MeetingRow, ...]:
    """One row per school, the lowest share held first; schools with nothing planned last."""

    def key(school: SchoolFigures) -> tuple[int, float, int, str]:
        m = school.meetings
        if not m.planned:
            return (1, 0.0, 0, _name(school))
        return (0, m.held / m.planned, -m.planned, _name(school))

    return tuple(
        MeetingRow(_name(s), s.meetings.planned, s.meetings.held) for s in sorted(report.schools, key=key)
    )


def _coverage_rows(report: Report, words: ChartWords) -> tuple[CoverageRow, ...]:
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


def _cap(rows: tuple[_Row, ...], limit: int) -> tuple[tuple[_Row, ...], int]:
    return rows[:limit], len(rows)


def _title(text: str, report: Report, words: ChartWords, shown: int = 0, total: int = 0) -> str:
    title = _fill(text, term=report.term.name)
    if total > shown:
        title += " (" + _fill(words.shown_of, shown=shown, total=total) + ")"
    return title


# --- drawing ------------------------------------------------------------------------------------------


def render_charts(report: Report, words: ChartWords, *, max_rows: int = MAX_ROWS) -> list[Chart]:
    """The four charts of `report`, as 1200×675 PNGs with a white background; at most `max_rows`
    schools a chart (fewer where each picture must stay small, as in a Teams message)."""
    with _LOCK:
        new_figure = _figure_maker()
        return [
            _months_chart(new_figure, report, words),
            _ack_chart(new_figure, report, words, max_rows),
            _meetings_chart(new_figure, report, words, max_rows),
            _coverage_chart(new_figure, report, words, max_rows),
        ]


def _figure_maker() -> Callable[[], Figure]:
    import matplotlib

    matplotlib.use("Agg")  # in case anything else reaches pyplot; this module never does
    from matplotlib.backends.backend_agg import FigureCanvasAgg
    from matplotlib.figure import Figure

    def new_figure() -> Figure:
        figure = Figure(
            figsize=(WIDTH, HEIGHT),
            dpi=DPI,
            facecolor="white",
        )
        FigureCanvasAgg(figure)
        return figure

    return new_figure


def _png(figure: Figure) -> bytes:
    buffer = io.BytesIO()
    figure.savefig(buffer, format="png", dpi=DPI, facecolor="white", metadata={"Software": None})
    return buffer.getvalue()


def _plain(text: str) -> str:
    """Text as typed: a "$" in a school's name must not start Matplotlib's math mode."""
    return text.replace("$", r"\$")


def _axes(figure: Figure, title: str, *, left: float = SCHOOL_LEFT, right: float = 0.97) -> Axes:
    """Fixed margins (a layout engine would draw every figure twice): the title on the figure's left."""
    figure.subplots_adjust(left=left, right=right, top=0.86, bottom=0.1)
    figure.suptitle(_plain(title), x=0.012, y=0.97, ha="left", va="top", fontsize=14, fontweight="bold")
    axes = figure.add_subplot()
    for side in ("top", "right"):
        axes.spines[side].set_visible(False)
    return axes


def _top_legend(figure: Figure, handles: list) -> None:
    """Under the title on the right, clear of the bars."""
    figure.legend(
        handles=handles,
        loc="upper right",
        bbox_to_anchor=(0.97, 0.925),
        ncols=len(handles),
        frameon=False,
        fontsize=10,
    )


def _no_data(figure: Figure, axes: Axes, words: ChartWords) -> None:
    axes.set_axis_off()
    figure.text(0.5, 0.5, _plain(words.no_data), ha="center", va="center", fontsize=16, color=_NOTE)


def _school_axis(axes: Axes, names: list[str]) -> None:
    positions = list(range(len(names)))
    axes.set_yticks(positions, labels=[_plain(n) for n in names], fontsize=9 if len(names) > 15 else 10)
    axes.set_ylim(max(len(names), MIN_ROWS) - 0.5, -0.5)  # first row at the top, bars never fat
    axes.tick_params(axis="y", length=0)


def _months_chart(new_figure: Callable[[], Figure], report: Report, words: ChartWords) -> Chart:
    from matplotlib.patches import Patch
    from matplotlib.ticker import MaxNLocator

    name, title = "consultations_by_month.png", _title(words.month_title, report, words)
    figure = new_figure()
    axes = _axes(figure, title, left=0.07, right=0.76)
    bars = _month_bars(report, words)
    if not bars:
        _no_data(figure, axes, words)
        return Chart(name, title, _png(figure))

    tops = [sum(s.height or 0.0 for s in bar.segments) for bar in bars]
    ceiling = max(max(tops) * 1.3, 5.0)  # room above for the boxes of hidden cells
    order = [*AREAS, *sorted({s.area for b in bars for s in b.segments} - set(AREAS))]
    colour = {area: _COLOURS[i % len(_COLOURS)] for i, area in enumerate(order)}
    for x, bar in enumerate(bars):
        bottom = 0.0
        for s in bar.segments:
            if s.height is None:
                continue
            axes.bar(x, s.height, 0.7, bottom, color=colour[s.area], edgecolor="white", linewidth=0.6)
            if s.height >= 0.03 * ceiling:  # 13 px or more: room for a label
                axes.text(x, bottom + s.height / 2, s.label, ha="center", va="center", fontsize=8)
            bottom += s.height
        hidden = [s for s in bar.segments if s.hidden]
        for n, s in enumerate(hidden):  # off the scale: a box at a fixed distance, not a height
            _hidden_box(axes, x, bottom, HIDDEN_BOX * n + 4, s.label, colour[s.area])
        axes.annotate(
            _plain(bar.total),
            (x, bottom),
            xytext=(0, HIDDEN_BOX * len(hidden) + 4),
            textcoords="offset points",
            ha="center",
            va="bottom",
            fontsize=10,
            fontweight="bold",
        )
    axes.set_xticks(range(len(bars)), labels=[_plain(b.label) for b in bars], fontsize=11)
    axes.set_xlim(-0.6, len(bars) - 0.4)
    axes.set_ylim(0, ceiling)
    axes.yaxis.set_major_locator(MaxNLocator(integer=True))
    axes.set_ylabel(_plain(words.month_axis))
    axes.grid(axis="y", color="#dddddd", linewidth=0.6)
    axes.set_axisbelow(True)

    shown = [area for area in order if any(s.area == area for b in bars for s in b.segments)]
    handles = [Patch(facecolor=colour[a], label=_plain(words.area_names.get(a, a))) for a in shown]
    if any(s.hidden for b in bars for s in b.segments):
        handles.append(
            Patch(facecolor="white", edgecolor=_NOTE, hatch="///", label=_plain(words.hidden_legend))
        )
    axes.legend(handles=handles, loc="upper left", bbox_to_anchor=(1.01, 1.0), frameon=False, fontsize=10)
    return Chart(name, title, _png(figure))


def _hidden_box(axes: Axes, x: float, y: float, offset: float, label: str, colour: str) -> None:
    axes.annotate(
        _plain(label),
        (x, y),
        xytext=(0, offset),
        textcoords="offset points",
        ha="center",
        va="bottom",
        fontsize=8,
        bbox={"boxstyle": "square,pad=0.25", "facecolor": colour, "alpha": 0.45, "hatch": "///"},
    )


def _ack_chart(new_figure: Callable[[], Figure], report: Report, words: ChartWords, max_rows: int) -> Chart:
    from matplotlib.lines import Line2D
    from matplotlib.patches import Patch

    rows, total = _cap(_ack_rows(report, words), max_rows)
    name, title = "ack_time_by_school.png", _title(words.ack_title, report, words, len(rows), total)
    figure = new_figure()
    axes = _axes(figure, title)
    if not rows:
        _no_data(figure, axes, words)
        return Chart(name, title, _png(figure))

    _school_axis(axes, [r.name for r in rows])
    reach = max([max(r.median or 0.0, r.p90 or 0.0) for r in rows] + [1.0])
    right = reach * 1.25
    for y, row in enumerate(rows):
        if row.median is None:
            axes.text(
                0.005 * right, y, _plain(row.note), va="center", fontsize=9, color=_NOTE, style="italic"
            )
            continue
        axes.barh(y, row.median, 0.6, color=_BAR)
        end = row.median
        if row.p90 is not None:
            axes.plot([row.p90], [y], marker="|", markersize=13, markeredgewidth=2.5, color=_MARK)
            end = max(end, row.p90)
        axes.text(end + 0.012 * right, y, _plain(row.note), va="center", fontsize=9)
    axes.set_xlim(0, right)
    axes.set_xlabel(_plain(words.ack_axis))
    axes.grid(axis="x", color="#dddddd", linewidth=0.6)
    axes.set_axisbelow(True)
    handles = [
        Patch(facecolor=_BAR, label=_plain(words.ack_median)),
        Line2D(
            [],
            [],
            marker="|",
            markersize=13,
            markeredgewidth=2.5,
            color=_MARK,
            linestyle="None",
            label=_plain(words.ack_p90),
        ),
    ]
    _top_legend(figure, handles)
    return Chart(name, title, _png(figure))


def _meetings_chart(
    new_figure: Callable[[], Figure], report: Report, words: ChartWords, max_rows: int
) -> Chart:
    from matplotlib.ticker import MaxNLocator

    rows, total = _cap(_meeting_rows(report), max_rows)
    name, title = "meetings_by_school.png", _title(words.meetings_title, report, words, len(rows), total)
    figure = new_figure()
    axes = _axes(figure, title)
    if not any(r.planned or r.held for r in rows):
        _no_data(figure, axes, words)
        return Chart(name, title, _png(figure))

    _school_axis(axes, [r.name for r in rows])
    positions = range(len(rows))
    right = max(max(max(r.planned, r.held) for r in rows) * 1.12, 4.0)
    axes.barh(
        [y - 0.2 for y in positions],
        [r.planned for r in rows],
        0.4,
        color="#b8c7e0",
        label=_plain(words.meetings_planned),
    )
    axes.barh(
        [y + 0.2 for y in positions],
        [r.held for r in rows],
        0.4,
        color=_BAR,
        label=_plain(words.meetings_held),
    )
    for y, row in enumerate(rows):
        axes.text(
            max(row.planned, row.held) + 0.01 * right, y, f"{row.held}/{row.planned}", va="center", fontsize=9
        )
    axes.set_xlim(0, right)
    axes.xaxis.set_major_locator(MaxNLocator(integer=True))
    axes.set_xlabel(_plain(words.meetings_axis))
    axes.grid(axis="x", color="#dddddd", linewidth=0.6)
    axes.set_axisbelow(True)
    _top_legend(figure, axes.get_legend_handles_labels()[0])
    return Chart(name, title, _png(figure))


def _coverage_chart(
    new_figure: Callable[[], Figure], report: Report, words: ChartWords, max_rows: int
) -> Chart:
    rows, total = _cap(_coverage_rows(report, words), max_rows)
    name, title = "coverage_by_school.png", _title(words.coverage_title, report, words, len(rows), total)
    figure = new_figure()
    axes = _axes(figure, title)
    if not any(r.percent is not None for r in rows):
        _no_data(figure, axes, words)
        return Chart(name, title, _png(figure))

    _school_axis(axes, [r.name for r in rows])
    for y, row in enumerate(rows):
        if row.percent is None:
            axes.text(0.5, y, _plain(row.note), va="center", fontsize=9, color=_NOTE, style="italic")
            continue
        axes.barh(y, row.percent, 0.6, color=_BAR)
        axes.text(row.percent + 1.0, y, _plain(row.note), va="center", fontsize=9)
    axes.set_xlim(0, 112)
    axes.set_xticks(range(0, 101, 20))
    axes.set_xlabel(_plain(words.coverage_axis))
    axes.grid(axis="x", color="#dddddd", linewidth=0.6)
    axes.set_axisbelow(True)
    return Chart(name, title, _png(figure))
