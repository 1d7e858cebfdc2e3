"""The words on the charts, given by the caller, and a drawn chart."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass

from templates import Lang, Templates, unescape_mrkdwn


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
