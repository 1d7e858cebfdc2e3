"""The report as files: CSV for Excel, Markdown to read, PNG charts; words from the templates."""

from __future__ import annotations

from typing import Any

from bot.followup import exports
from bot.followup.figures import Report
from bot.followup.published import Published
from templates import Lang, Templates, unescape_mrkdwn

FORMATS = ("csv", "md", "png")
MARKDOWN_COLUMNS = (
    "school",
    "consultations",
    "recommended_report",
    "ack_median_hours",
    "within_target_share",
    "meetings_held",
    "meetings_planned",
    "notes_share",
    "coverage_share",
    "contact_changes",
)


def headers(templates: Templates, lang: Lang) -> dict[str, str]:
    """Every column's heading, breakdown columns named after their area, grade band or outcome."""
    w = templates.module(lang, "followup")
    c = templates.module(lang, "consultations")
    found = dict(w.headers)
    for column in exports.COLUMNS:
        kind, _, key = column.partition(":")
        if kind == "area":
            found[column] = w.area_prefix + c.areas[key]
        elif kind == "grade":
            found[column] = w.grade_prefix + key
        elif kind == "outcome":
            found[column] = w.outcome_prefix + c.outcomes[key]
    return {key: unescape_mrkdwn(str(value)) for key, value in found.items()}


def render(report: Report, fmt: str, *, templates: Templates, lang: Lang) -> list[tuple[str, bytes]]:
    """(file name, bytes) for `fmt`: one CSV or Markdown file, or one PNG per chart."""
    w = templates.module(lang, "followup")
    table = exports.rows(report, municipality_name=str(w.municipality))
    base = f"uppfoljning-{report.term.name}"
    if fmt == "csv":
        return [(f"{base}.csv", exports.to_csv(table, headers(templates, lang)))]
    if fmt == "md":
        text = "\n\n".join(
            [
                unescape_mrkdwn(str(w.key_figures(report, Published(report).municipality))).replace(
                    "*", "**"
                ),
                exports.to_markdown(table, headers(templates, lang), MARKDOWN_COLUMNS),
                unescape_mrkdwn(str(w.hidden_note)),
            ]
        )
        return [(f"{base}.md", (text + "\n").encode("utf-8"))]
    if fmt == "png":
        from bot.followup.charts import render_charts

        return [(chart.name, chart.png) for chart in render_charts(report, chart_words(templates, lang))]
    raise ValueError(f"unknown format {fmt!r}; one of {FORMATS}")


def chart_words(templates: Templates, lang: Lang) -> Any:
    """The words on the charts, from the templates."""
    from bot.followup.charts import ChartWords

    return ChartWords.from_templates(templates, lang)
