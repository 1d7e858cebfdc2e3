"""The three per-school charts: time to acknowledgement, EHT meetings held against planned, and the
share of working days with an acting contact. Each draws at most `max_rows` schools, the most relevant
first (`shown`), and its title then says how many of how many.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import TYPE_CHECKING

from bot.followup.charts import drawing, shown
from bot.followup.charts.words import Chart, ChartWords
from bot.followup.figures import Report

if TYPE_CHECKING:
    from matplotlib.figure import Figure


def ack_chart(new_figure: Callable[[], Figure], report: Report, words: ChartWords, max_rows: int) -> Chart:
    from matplotlib.lines import Line2D
    from matplotlib.patches import Patch

    rows, total = shown.cap(shown.ack_rows(report, words), max_rows)
    name, title = "ack_time_by_school.png", shown.title(words.ack_title, report, words, len(rows), total)
    figure = new_figure()
    axes = drawing.titled_axes(figure, title)
    if not rows:
        drawing.no_data(figure, axes, words)
        return Chart(name, title, drawing.png(figure))

    drawing.school_axis(axes, [r.name for r in rows])
    reach = max([max(r.median or 0.0, r.p90 or 0.0) for r in rows] + [1.0])
    right = reach * 1.25
    for y, row in enumerate(rows):
        if row.median is None:
            axes.text(
                0.005 * right,
                y,
                drawing.plain(row.note),
                va="center",
                fontsize=9,
                color=drawing.NOTE,
                style="italic",
            )
            continue
        axes.barh(y, row.median, 0.6, color=drawing.BAR)
        end = row.median
        if row.p90 is not None:
            axes.plot([row.p90], [y], marker="|", markersize=13, markeredgewidth=2.5, color=drawing.MARK)
            end = max(end, row.p90)
        axes.text(end + 0.012 * right, y, drawing.plain(row.note), va="center", fontsize=9)
    axes.set_xlim(0, right)
    axes.set_xlabel(drawing.plain(words.ack_axis))
    axes.grid(axis="x", color="#dddddd", linewidth=0.6)
    axes.set_axisbelow(True)
    handles = [
        Patch(facecolor=drawing.BAR, label=drawing.plain(words.ack_median)),
        Line2D(
            [],
            [],
            marker="|",
            markersize=13,
            markeredgewidth=2.5,
            color=drawing.MARK,
            linestyle="None",
            label=drawing.plain(words.ack_p90),
        ),
    ]
    drawing.top_legend(figure, handles)
    return Chart(name, title, drawing.png(figure))


def meetings_chart(
    new_figure: Callable[[], Figure], report: Report, words: ChartWords, max_rows: int
) -> Chart:
    from matplotlib.ticker import MaxNLocator

    rows, total = shown.cap(shown.meeting_rows(report), max_rows)
    name, title = "meetings_by_school.png", shown.title(words.meetings_title, report, words, len(rows), total)
    figure = new_figure()
    axes = drawing.titled_axes(figure, title)
    if not any(r.planned or r.held for r in rows):
        drawing.no_data(figure, axes, words)
        return Chart(name, title, drawing.png(figure))

    drawing.school_axis(axes, [r.name for r in rows])
    positions = range(len(rows))
    right = max(max(max(r.planned, r.held) for r in rows) * 1.12, 4.0)
    axes.barh(
        [y - 0.2 for y in positions],
        [r.planned for r in rows],
        0.4,
        color="#b8c7e0",
        label=drawing.plain(words.meetings_planned),
    )
    axes.barh(
        [y + 0.2 for y in positions],
        [r.held for r in rows],
        0.4,
        color=drawing.BAR,
        label=drawing.plain(words.meetings_held),
    )
    for y, row in enumerate(rows):
        axes.text(
            max(row.planned, row.held) + 0.01 * right, y, f"{row.held}/{row.planned}", va="center", fontsize=9
        )
    axes.set_xlim(0, right)
    axes.xaxis.set_major_locator(MaxNLocator(integer=True))
    axes.set_xlabel(drawing.plain(words.meetings_axis))
    axes.grid(axis="x", color="#dddddd", linewidth=0.6)
    axes.set_axisbelow(True)
    drawing.top_legend(figure, axes.get_legend_handles_labels()[0])
    return Chart(name, title, drawing.png(figure))


def coverage_chart(
    new_figure: Callable[[], Figure], report: Report, words: ChartWords, max_rows: int
) -> Chart:
    rows, total = shown.cap(shown.coverage_rows(report, words), max_rows)
    name, title = "coverage_by_school.png", shown.title(words.coverage_title, report, words, len(rows), total)
    figure = new_figure()
    axes = drawing.titled_axes(figure, title)
    if not any(r.percent is not None for r in rows):
        drawing.no_data(figure, axes, words)
        return Chart(name, title, drawing.png(figure))

    drawing.school_axis(axes, [r.name for r in rows])
    for y, row in enumerate(rows):
        if row.percent is None:
            axes.text(
                0.5, y, drawing.plain(row.note), va="center", fontsize=9, color=drawing.NOTE, style="italic"
            )
            continue
        axes.barh(y, row.percent, 0.6, color=drawing.BAR)
        axes.text(row.percent + 1.0, y, drawing.plain(row.note), va="center", fontsize=9)
    axes.set_xlim(0, 112)
    axes.set_xticks(range(0, 101, 20))
    axes.set_xlabel(drawing.plain(words.coverage_axis))
    axes.grid(axis="x", color="#dddddd", linewidth=0.6)
    axes.set_axisbelow(True)
    return Chart(name, title, drawing.png(figure))
