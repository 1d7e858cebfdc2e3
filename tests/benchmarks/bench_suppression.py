"""Secondary-suppression figures: cells hidden and totals ranged, and the time `Published` takes.

Run as `python tests/benchmarks/bench_suppression.py [--audit]`. Prints figures only; nothing here
asserts on time. The terms are random but seeded (the same figures every run): 60 schools of a
municipality with a realistic spread (many schools with a handful of consultations, a few with
many), terms of 3-8 schools, and a contact's view of one or two schools. "primary" counts the cells
that must be hidden in any case (a count of 1-4, a small school's withheld breakdown); "hidden" is
what the protection hides in all, "x" those of five or more, "ranged" the totals shown as a range.
`--audit` also asks the linear-programme reader of the tests (`tests/disclosure.py`, needs scipy)
how many hidden counts of 1-4 it can pin down in the small terms (slow: a minute or two).
"""

from __future__ import annotations

import random
import sys
import time
from collections import Counter
from datetime import UTC, date, datetime
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[2]))

from bot.consultations import AREAS, OUTCOMES
from bot.followup import Published
from bot.followup.figures import (
    GRADE_BANDS,
    ConsultationFigures,
    ContinuityFigures,
    MeetingFigures,
    Report,
    SchoolFigures,
    Term,
)

MONTHS = ("2026-08", "2026-09", "2026-10", "2026-11", "2026-12")


def school_figures(rng: random.Random, n: int, cases: int) -> tuple[SchoolFigures, Counter]:
    """One school's consultations drawn case by case, and its (month, area) counts."""
    band = rng.choice(GRADE_BANDS[:3])
    rows, by_month = [], Counter()
    for _ in range(cases):
        areas = rng.sample(AREAS[:6], rng.choice((1, 1, 1, 2)))
        outcome = rng.choice((*OUTCOMES, None, None))
        month = rng.choice(MONTHS)
        rows.append((band if rng.random() < 0.8 else rng.choice(GRADE_BANDS), areas, outcome))
        by_month.update((month, a) for a in areas)
    figures = ConsultationFigures(
        total=cases,
        by_area=dict(Counter(a for r in rows for a in r[1])),
        by_grade_band=dict(Counter(r[0] for r in rows)),
        by_outcome=dict(Counter(r[2] for r in rows if r[2])),
        acknowledged=sum(rng.random() < 0.9 for _ in rows),
        forwarded=sum(rng.random() < 0.1 for _ in rows),
        withdrawn=sum(rng.random() < 0.05 for _ in rows),
        texts_purged=sum(rng.random() < 0.05 for _ in rows),
    )
    school = SchoolFigures(n, f"Skola {n}", None, figures, MeetingFigures(), ContinuityFigures())
    return school, by_month


def report(rng: random.Random, schools: int, most: int) -> Report:
    """A term of `schools` schools, each with up to `most` consultations (smaller counts likelier)."""
    rows, months = [], Counter()
    for n in range(1, schools + 1):
        cases = min(most, int(rng.expovariate(1 / 6)))
        school, by_month = school_figures(rng, n, cases)
        rows.append(school)
        months.update(by_month)
    by_month_area: dict[str, dict[str, int]] = {}
    for (month, area), count in sorted(months.items()):
        by_month_area.setdefault(month, {})[area] = count
    everyone = ConsultationFigures(
        total=sum(s.consultations.total for s in rows),
        texts_purged=sum(s.consultations.texts_purged for s in rows),
        by_month_area=by_month_area,
    )
    municipality = SchoolFigures(0, "", None, everyone, MeetingFigures(), ContinuityFigures())
    term = Term("HT2026", date(2026, 8, 1), date(2026, 12, 31))
    return Report(term, date(2026, 12, 31), datetime(2026, 12, 31, tzinfo=UTC), municipality, tuple(rows))


def figures(reports: list[Report]) -> tuple[int, int, int, int, int, float]:
    """Cells, primary cells, hidden cells, hidden counts of five or more, ranged totals, and seconds."""
    cells = primary = hidden = big = ranged = 0
    started = time.perf_counter()
    protections = [Published(r).protection for r in reports]
    seconds = time.perf_counter() - started
    for p in protections:
        table = p.table
        cells += len(table.cells)
        primary += sum(1 for k, c in table.cells.items() if 0 < c.value < 5 or k in table.withheld)
        hidden += len(p.hidden)
        big += sum(1 for k in p.hidden if table.cells[k].value >= 5)
        ranged += len(p.ranged)
    return cells, primary, hidden, big, ranged, seconds


def demo_reports() -> list[Report]:
    """The console demo's term (its seven cases, on 24 Nov 2026), for all schools and for Sara's two."""
    from datetime import time as clock_time
    from datetime import timedelta
    from zoneinfo import ZoneInfo

    from bot.console.demo import DEMO_CASES, SCHOOLS
    from bot.followup import counting
    from bot.workhours import WorkingHours
    from storage.models import Consultation

    zone, today = ZoneInfo("Europe/Stockholm"), date(2026, 11, 24)
    cases: dict[str, list[Consultation]] = {s.name: [] for s in SCHOOLS}
    for n, (ago, school, grade, areas, hours, outcome) in enumerate(DEMO_CASES, start=1):
        received = datetime.combine(today - timedelta(days=ago), clock_time(9), tzinfo=zone)
        acknowledged = received + timedelta(hours=hours) if hours is not None else None
        case = Consultation(id=n, year=2026, seq=n, grade=grade, areas=areas, outcome=outcome, forwarded=0)
        case.received_at, case.acknowledged_at = received, acknowledged
        case.closed_at = acknowledged if outcome else None
        cases[school].append(case)

    def counted(rows: list[Consultation]) -> ConsultationFigures:
        return counting.consultations(rows, hours=WorkingHours(zone), target=4.0, zone=zone)

    def term_of(names: list[str]) -> Report:
        rows = tuple(
            SchoolFigures(n, name, None, counted(cases[name]), MeetingFigures(), ContinuityFigures())
            for n, name in enumerate(names, start=1)
        )
        everyone = counted([c for name in names for c in cases[name]])
        municipality = SchoolFigures(0, "", None, everyone, MeetingFigures(), ContinuityFigures())
        term = Term("HT2026", date(2026, 8, 1), date(2026, 12, 31))
        return Report(term, today, datetime(2026, 11, 24, tzinfo=UTC), municipality, rows)

    return [term_of([s.name for s in SCHOOLS]), term_of([s.name for s in SCHOOLS[:2]])]


def audit(reports: list[Report]) -> tuple[int, int]:
    """Terms in which the tests' reader pins a hidden count of 1-4 down, and how many such counts."""
    from tests.disclosure import derivable

    found = [len(derivable(Published(r).protection)) for r in reports]
    return sum(1 for n in found if n), sum(found)


def main() -> None:
    """Print the figures for a few 60-school terms and for many small random ones."""
    rng = random.Random(12)
    print(f"{'terms':<28}{'cells':>7}{'primary':>9}{'hidden':>8}{'x (≥5)':>8}{'ranged':>8}{'seconds':>9}")
    small = []
    for title, made in (
        ("demo term: admin", demo_reports()[:1]),
        ("demo term: Sara's 2 schools", demo_reports()[1:]),
        ("1 × 60 schools", [report(rng, 60, 40)]),
        ("5 × 60 schools", [report(rng, 60, 40) for _ in range(5)]),
        ("200 × 3–8 schools", [report(rng, rng.randint(3, 8), 12) for _ in range(200)]),
        ("300 × 1–2 schools", [report(rng, rng.randint(1, 2), 9) for _ in range(300)]),
    ):
        cells, primary, hidden, big, ranged, seconds = figures(made)
        print(f"{title:<28}{cells:>7}{primary:>9}{hidden:>8}{big:>8}{ranged:>8}{seconds:>9.2f}")
        small += made if len(made) >= 200 else []
    if "--audit" in sys.argv:
        terms, counts = audit(small)
        print(f"LP reader: {counts} hidden counts of 1-4 pinned down, in {terms} of {len(small)} small terms")


if __name__ == "__main__":
    main()
