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
first by a pure function in `shown` (`month_bars`, `ack_rows`, `meeting_rows`, `coverage_rows`) that
never hands a hidden count on to the drawing code; the tests check those.

Many schools: a per-school chart shows at most `MAX_ROWS` (30) schools, the most relevant ones — the
slowest to acknowledge, the lowest share of meetings held, the lowest coverage — and its title then
says e.g. "30 av 60 visas". Thirty rows keep the labels at a readable 9 pt in 675 px. A caller whose
pictures must stay small (a Teams message) asks for fewer with `max_rows`.

Every word comes from the caller (`ChartWords`, in `words`, filled from the templates); `default_sv()`
and `default_en()` exist for tests and demos only. Matplotlib is imported on first use, and only its
object-oriented API is used (`drawing`: a `Figure` with its own Agg canvas, never pyplot's global
state). Rendering is serialised by a lock all the same, since Matplotlib does not promise thread safety;
a set of four charts takes about 0.4 s for a few schools and 1 s for sixty (the first call adds the
import, about 0.5 s). The PNGs carry no timestamp or software tag, so
the same report gives the same bytes.

The package: `words` (the caller's words, a drawn `Chart`), `shown` (what each chart shows, pure),
`drawing` (the primitives every chart shares), `months` (the month chart), `schools` (the three
per-school charts); here the set of four and its row limit.
"""

from __future__ import annotations

import threading

from bot.followup.charts import drawing, months, schools
from bot.followup.charts.words import Chart, ChartWords
from bot.followup.figures import Report

__all__ = ["MAX_ROWS", "Chart", "ChartWords", "render_charts"]

MAX_ROWS = 30  # schools per chart

_LOCK = threading.Lock()


def render_charts(report: Report, words: ChartWords, *, max_rows: int = MAX_ROWS) -> list[Chart]:
    """The four charts of `report`, as 1200×675 PNGs with a white background; at most `max_rows`
    schools a chart (fewer where each picture must stay small, as in a Teams message)."""
    with _LOCK:
        new_figure = drawing.figure_maker()
        return [
            months.chart(new_figure, report, words),
            schools.ack_chart(new_figure, report, words, max_rows),
            schools.meetings_chart(new_figure, report, words, max_rows),
            schools.coverage_chart(new_figure, report, words, max_rows),
        ]
