"""The month chart: the municipality's consultations per month, stacked by area.

A hidden cell gets no height: it is a hatched box above its month's bar, off the scale, which the
legend says; the month's total above them is exact, or a range when the suppression says so.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import TYPE_CHECKING

from bot.consultations.intake import AREAS
from bot.followup.charts import drawing, shown
from bot.followup.charts.words import Chart, ChartWords
from bot.followup.figures import Report

if TYPE_CHECKING:
    from matplotlib.axes import Axes
    from matplotlib.figure import Figure

HIDDEN_BOX = 15  # points between the hatched boxes of hidden cells stacked above a bar


def chart(new_figure: Callable[[], Figure], report: Report, words: ChartWords) -> Chart:
    from matplotlib.patches import Patch
    from matplotlib.ticker import MaxNLocator

    name, title = "consultations_by_month.png", shown.title(words.month_title, report, words)
    figure = new_figure()
    axes = drawing.titled_axes(figure, title, left=0.07, right=0.76)
    bars = shown.month_bars(report, words)
    if not bars:
        drawing.no_data(figure, axes, words)
        return Chart(name, title, drawing.png(figure))

    tops = [sum(s.height or 0.0 for s in bar.segments) for bar in bars]
    ceiling = max(max(tops) * 1.3, 5.0)  # room above for the boxes of hidden cells
    order = [*AREAS, *sorted({s.area for b in bars for s in b.segments} - set(AREAS))]
    colour = {area: drawing.COLOURS[i % len(drawing.COLOURS)] for i, area in enumerate(order)}
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
            drawing.plain(bar.total),
            (x, bottom),
            xytext=(0, HIDDEN_BOX * len(hidden) + 4),
            textcoords="offset points",
            ha="center",
            va="bottom",
            fontsize=10,
            fontweight="bold",
        )
    axes.set_xticks(range(len(bars)), labels=[drawing.plain(b.label) for b in bars], fontsize=11)
    axes.set_xlim(-0.6, len(bars) - 0.4)
    axes.set_ylim(0, ceiling)
    axes.yaxis.set_major_locator(MaxNLocator(integer=True))
    axes.set_ylabel(drawing.plain(words.month_axis))
    axes.grid(axis="y", color="#dddddd", linewidth=0.6)
    axes.set_axisbelow(True)

    drawn = [area for area in order if any(s.area == area for b in bars for s in b.segments)]
    handles = [Patch(facecolor=colour[a], label=drawing.plain(words.area_names.get(a, a))) for a in drawn]
    if any(s.hidden for b in bars for s in b.segments):
        handles.append(
            Patch(
                facecolor="white",
                edgecolor=drawing.NOTE,
                hatch="///",
                label=drawing.plain(words.hidden_legend),
            )
        )
    axes.legend(handles=handles, loc="upper left", bbox_to_anchor=(1.01, 1.0), frameon=False, fontsize=10)
    return Chart(name, title, drawing.png(figure))


def _hidden_box(axes: Axes, x: float, y: float, offset: float, label: str, colour: str) -> None:
    axes.annotate(
        drawing.plain(label),
        (x, y),
        xytext=(0, offset),
        textcoords="offset points",
        ha="center",
        va="bottom",
        fontsize=8,
        bbox={"boxstyle": "square,pad=0.25", "facecolor": colour, "alpha": 0.45, "hatch": "///"},
    )
