"""The drawing primitives every chart shares: a blank figure, its title and axes, a school axis, the
legend, "no data" and the PNG's bytes.

Matplotlib is imported on first use, and only its object-oriented API is used (a `Figure` with its own
Agg canvas, never pyplot's global state). The PNG carries no timestamp or software tag, so the same
figure gives the same bytes.
"""

from __future__ import annotations

import io
from collections.abc import Callable
from typing import TYPE_CHECKING

from bot.followup.charts.words import ChartWords

if TYPE_CHECKING:
    from matplotlib.axes import Axes
    from matplotlib.figure import Figure

WIDTH, HEIGHT, DPI = 12, 6.75, 100  # inches at 100 dpi: 1200×675 px, 16:9
MIN_ROWS = 8  # a chart of fewer schools leaves the rest of its height empty
SCHOOL_LEFT = 0.25  # room for a school's name (shown.MAX_NAME characters) at 10 pt

# Stable colours per area (Matplotlib's tab10, in AREAS order), so a report looks the same each term.
COLOURS = (
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
BAR = "#4c72b0"
MARK = "#c44e52"
NOTE = "#555555"


def figure_maker() -> Callable[[], Figure]:
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


def png(figure: Figure) -> bytes:
    buffer = io.BytesIO()
    figure.savefig(buffer, format="png", dpi=DPI, facecolor="white", metadata={"Software": None})
    return buffer.getvalue()


def plain(text: str) -> str:
    """Text as typed: a "$" in a school's name must not start Matplotlib's math mode."""
    return text.replace("$", r"\$")


def titled_axes(figure: Figure, title: str, *, left: float = SCHOOL_LEFT, right: float = 0.97) -> Axes:
    """Fixed margins (a layout engine would draw every figure twice): the title on the figure's left."""
    figure.subplots_adjust(left=left, right=right, top=0.86, bottom=0.1)
    figure.suptitle(plain(title), x=0.012, y=0.97, ha="left", va="top", fontsize=14, fontweight="bold")
    axes = figure.add_subplot()
    for side in ("top", "right"):
        axes.spines[side].set_visible(False)
    return axes


def top_legend(figure: Figure, handles: list) -> None:
    """Under the title on the right, clear of the bars."""
    figure.legend(
        handles=handles,
        loc="upper right",
        bbox_to_anchor=(0.97, 0.925),
        ncols=len(handles),
        frameon=False,
        fontsize=10,
    )


def no_data(figure: Figure, axes: Axes, words: ChartWords) -> None:
    axes.set_axis_off()
    figure.text(0.5, 0.5, plain(words.no_data), ha="center", va="center", fontsize=16, color=NOTE)


def school_axis(axes: Axes, names: list[str]) -> None:
    positions = list(range(len(names)))
    axes.set_yticks(positions, labels=[plain(n) for n in names], fontsize=9 if len(names) > 15 else 10)
    axes.set_ylim(max(len(names), MIN_ROWS) - 0.5, -0.5)  # first row at the top, bars never fat
    axes.tick_params(axis="y", length=0)
