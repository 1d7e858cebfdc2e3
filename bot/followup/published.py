"""What a report may show of its consultation figures: one protection of the whole report, for every output.

The report's consultation counts form linked tables (README, "Privacy of figures"): per school its
consultations, the same cases by grade band (summing to them), by area and by outcome (with
"orosanmälan rekommenderas" among the outcomes), the acknowledged, forwarded and withdrawn ones,
and its texts withdrawn as personal data; for the municipality the same by month and area. The
columns' totals are the municipality's figures. `protect` decides once what is hidden; the Slack
table, the CSV, the Markdown, the charts, the App Home, a contact's own view and the end-of-term
message all read the result, so none shows what another hides.
"""

from __future__ import annotations

from dataclasses import dataclass
from functools import cached_property

from bot.consultations import AREAS, OUTCOMES
from bot.followup.figures import GRADE_BANDS, RECOMMENDED_REPORT, Report, SchoolFigures
from bot.followup.suppress import FREE, SMALL, Cell, Table, protect

Shown = int | str
WITHHELD = "–"  # a small school's breakdown: too few cases to divide


@dataclass(frozen=True, slots=True)
class ShownConsultations:
    """Consultation figures as they may be shown: a count, "<5", "x", or a range for a total."""

    total: Shown
    recommended_report: Shown
    acknowledged: Shown
    ack_median_hours: float | None
    ack_p90_hours: float | None
    within_target_share: float | None
    recommended_report_share: float | None
    by_area: dict[str, Shown] | None  # None: withheld (fewer than five cases)
    by_grade_band: dict[str, Shown] | None
    by_outcome: dict[str, Shown] | None
    forwarded: Shown  # handed on to another holder
    withdrawn: Shown  # withdrawn by the asker before being taken
    texts_purged: Shown  # texts withdrawn as personal data ("Innehåller personuppgifter")
    reply_median_hours: float | None  # to the receiving side's first reply, in working hours


class Published:
    """A report's consultation figures after primary and secondary suppression."""

    def __init__(self, report: Report) -> None:
        self.report = report
        self.protection = protect(_table(report))

    def school(self, school: SchoolFigures) -> ShownConsultations:
        """One school's figures as shown."""
        c, sid, p = school.consultations, school.school_id, self.protection
        enough = c.total >= SMALL

        def breakdown(kind: str, keys: tuple[str, ...]) -> dict[str, Shown] | None:
            return {key: p.cell((kind, sid, key)) for key in keys} if enough else None

        return ShownConsultations(
            total=p.cell(("total", sid)),
            recommended_report=p.cell(("outcome", sid, RECOMMENDED_REPORT)) if enough else WITHHELD,
            acknowledged=p.cell(("acknowledged", sid)),
            ack_median_hours=c.ack_median_hours if c.acknowledged >= SMALL else None,
            ack_p90_hours=c.ack_p90_hours if c.acknowledged >= SMALL else None,
            # A share beside a hidden total gives the total away (5/12 = 0.4167); beside a hidden
            # acknowledged count it gives a floor (4 of 10 within the target: at least 4 acknowledged).
            within_target_share=c.within_target_share
            if enough and all(isinstance(p.cell((kind, sid)), int) for kind in ("total", "acknowledged"))
            else None,
            recommended_report_share=None,
            by_area=breakdown("area", self._areas),
            by_grade_band=breakdown("grade", GRADE_BANDS),
            by_outcome=breakdown("outcome", OUTCOMES),
            forwarded=p.cell(("forwarded", sid)),
            withdrawn=p.cell(("withdrawn", sid)),
            texts_purged=p.cell(("texts_purged", sid)),
            reply_median_hours=c.reply_median_hours if c.replied >= SMALL else None,
        )

    @cached_property
    def municipality(self) -> ShownConsultations:
        """The municipality's figures: exact, unless a total must be shown as a range."""
        c, p = self.report.municipality.consultations, self.protection
        outcomes = {o: p.margin(f"outcome:{o}") for o in OUTCOMES}
        exact_outcomes = all(isinstance(n, int) for n in outcomes.values())
        return ShownConsultations(
            total=p.margin("total"),
            recommended_report=outcomes[RECOMMENDED_REPORT],
            acknowledged=p.margin("acknowledged"),
            ack_median_hours=c.ack_median_hours,
            ack_p90_hours=c.ack_p90_hours,
            within_target_share=c.within_target_share
            if all(isinstance(p.margin(name), int) for name in ("total", "acknowledged"))
            else None,
            recommended_report_share=c.recommended_report_share if exact_outcomes else None,
            by_area={a: p.margin(f"area:{a}") for a in self._areas},
            by_grade_band={g: p.margin(f"grade:{g}") for g in GRADE_BANDS},
            by_outcome=outcomes,
            forwarded=p.margin("forwarded"),
            withdrawn=p.margin("withdrawn"),
            texts_purged=p.margin("texts_purged"),
            reply_median_hours=c.reply_median_hours,
        )

    def month_cell(self, month: str, area: str) -> Shown:
        """The municipality's count of `area` in `month` ("2026-09"), as shown."""
        return self.protection.cell(("month", month, area))

    def month_areas(self, month: str) -> tuple[str, ...]:
        """The areas that have a cell in `month`."""
        return tuple(a for a in self._areas if ("month", month, a) in self.protection.table.cells)

    def month_total(self, month: str) -> Shown:
        """The month's count of areas raised, exact or as a range."""
        name = f"month:{month}"
        return self.protection.margin(name) if name in self.protection.table.margins else 0

    @cached_property
    def _areas(self) -> tuple[str, ...]:
        return _areas(self.report)


def _areas(report: Report) -> tuple[str, ...]:
    seen = {a for s in report.schools for a in s.consultations.by_area}
    return (*AREAS, *sorted(seen - set(AREAS)))


def _table(report: Report) -> Table:
    """The report's consultation counts as cells between the sums they belong to."""
    cells: dict[object, Cell] = {}
    withheld: set[object] = set()
    areas = _areas(report)
    for school in report.schools:
        c, sid, row = school.consultations, school.school_id, f"school:{school.school_id}"
        cells[("total", sid)] = Cell(c.total, "total", row)  # a school's cases = its cases per grade band
        total = ("total", sid)  # what a reader knows of it caps the cells below (a 0 caps them at 0)
        cells[("acknowledged", sid)] = Cell(c.acknowledged, FREE, "acknowledged", total)
        cells[("forwarded", sid)] = Cell(c.forwarded, FREE, "forwarded", total)
        cells[("withdrawn", sid)] = Cell(c.withdrawn, FREE, "withdrawn", total)
        # A case may lose its description and replies: texts are not capped by the cases.
        cells[("texts_purged", sid)] = Cell(c.texts_purged, FREE, "texts_purged")
        parts = (
            [(("grade", sid, g), Cell(c.by_grade_band.get(g, 0), row, f"grade:{g}")) for g in GRADE_BANDS]
            + [(("area", sid, a), Cell(c.by_area.get(a, 0), FREE, f"area:{a}", total)) for a in areas]
            + [
                (("outcome", sid, o), Cell(c.by_outcome.get(o, 0), FREE, f"outcome:{o}", total))
                for o in OUTCOMES
            ]
        )
        for key, cell in parts:
            cells[key] = cell
            if c.total < SMALL:  # a small school's breakdown is withheld, and protected all the same
                withheld.add(key)
    months = report.municipality.consultations.by_month_area
    for month, counts in months.items():
        for area in areas:
            cells[("month", month, area)] = Cell(
                counts.get(area, 0), f"area-by-month:{area}", f"month:{month}"
            )
    margins = {
        "total": ("total",),
        "acknowledged": ("acknowledged",),
        "forwarded": ("forwarded",),
        "withdrawn": ("withdrawn",),
        "texts_purged": ("texts_purged",),
        **{f"grade:{g}": (f"grade:{g}",) for g in GRADE_BANDS},
        **{f"outcome:{o}": (f"outcome:{o}",) for o in OUTCOMES},
        **{f"area:{a}": (f"area:{a}", f"area-by-month:{a}") for a in areas},
        **{f"month:{m}": (f"month:{m}",) for m in months},
    }
    return Table(cells, margins, frozenset(withheld))
