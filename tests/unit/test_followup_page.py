"""/uppföljning's message: key figures, 15 schools a page, buttons only where a page exists."""

from __future__ import annotations

import json
from datetime import UTC, date, datetime

from bot.followup.figures import (
    ConsultationFigures,
    ContinuityFigures,
    MeetingFigures,
    Report,
    SchoolFigures,
    Term,
)
from handlers.followup import PAGE_SIZE, page
from templates import Templates


def _school(n: int, cases: int) -> SchoolFigures:
    return SchoolFigures(
        n,
        f"Skola {n:02d}",
        None,
        ConsultationFigures(total=cases, by_grade_band={"7–9": cases}),
        MeetingFigures(),
        ContinuityFigures(),
    )


def _report(schools: int) -> Report:
    rows = tuple(_school(n, n % 7) for n in range(1, schools + 1))
    everyone = _school(0, sum(r.consultations.total for r in rows))  # (every case in grades 7–9)
    return Report(
        Term("HT2026", date(2026, 8, 1), date(2026, 12, 31)),
        date(2026, 11, 24),
        datetime.now(UTC),
        everyone,
        rows,
    )


def _buttons(message: dict) -> list[tuple[str, int]]:
    return [
        (e["text"]["text"], json.loads(e["value"])["page"])
        for b in message["blocks"]
        if b["type"] == "actions"
        for e in b["elements"]
    ]


def test_twenty_schools_make_two_pages_with_a_button_each_way() -> None:
    report, templates = _report(20), Templates()
    first = page(report, 1, lang="sv", templates=templates)
    assert PAGE_SIZE == 15
    assert "Skola 15" in first["text"]
    assert "Skola 16" not in first["text"]
    assert _buttons(first) == [("Nästa sida", 2)]
    second = page(report, 2, lang="sv", templates=templates)
    assert "Skola 16" in second["text"]
    assert "Skola 20" in second["text"]
    assert _buttons(second) == [("Föregående sida", 1)]
    assert len(second["blocks"]) <= 50


def test_small_counts_are_hidden_in_the_school_lines_but_not_in_the_total() -> None:
    message = page(_report(6), 1, lang="sv", templates=Templates())
    assert "*Skola 03*: &lt;5 konsultationer" in message["text"]
    assert "*Skola 05*: 5 konsultationer" in message["text"]
    assert "*Konsultationer:* 21 ·" in message["text"]  # 1+2+3+4+5+6, exact
    assert _buttons(message) == []
