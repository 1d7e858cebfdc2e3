"""The term report's charts: four 1200×675 PNGs, and no count of 1–4 drawn at its true size."""

from __future__ import annotations

import struct
import subprocess
import sys
import zlib
from dataclasses import replace
from datetime import UTC, date, datetime

import pytest

from bot.followup import Published, charts
from bot.followup.charts import (
    MAX_ROWS,
    ChartWords,
    drawing,
    render_charts,
    shown,
)
from bot.followup.figures import (
    ConsultationFigures,
    ContinuityFigures,
    MeetingFigures,
    Report,
    SchoolFigures,
    Term,
)
from tests.disclosure import derivable

SV = ChartWords.default_sv()
EN = ChartWords.default_en()
NAMES = [
    "consultations_by_month.png",
    "ack_time_by_school.png",
    "meetings_by_school.png",
    "coverage_by_school.png",
]
HT2026 = Term("HT2026", date(2026, 8, 1), date(2026, 12, 31))


def school(
    school_id: int,
    name: str,
    *,
    total: int = 0,
    acknowledged: int = 0,
    median: float | None = None,
    p90: float | None = None,
    planned: int = 0,
    held: int = 0,
    days: int = 0,
    covered: int = 0,
) -> SchoolFigures:
    return SchoolFigures(
        school_id,
        name,
        None,
        ConsultationFigures(
            total=total,
            acknowledged=acknowledged,
            ack_median_hours=median,
            ack_p90_hours=p90,
            by_grade_band={"7–9": total} if total else {},
        ),
        MeetingFigures(planned=planned, held=held, cancelled=planned - held),
        ContinuityFigures(days=days, covered_days=covered),
    )


def report(
    schools: tuple[SchoolFigures, ...], by_month_area: dict[str, dict[str, int]], *, until: date = HT2026.last
) -> Report:
    # The months' areas are a school's areas too: the first with five cases or more, else one made up.
    areas: dict[str, int] = {}
    for cells in by_month_area.values():
        for area, n in cells.items():
            areas[area] = areas.get(area, 0) + n
    if any(areas.values()):
        big = [n for n, s in enumerate(schools) if s.consultations.total >= 5]
        if not big:
            schools, big = (*schools, school(99, "Övriga", total=max(5, *areas.values()))), [len(schools)]
        s = schools[big[0]]
        s = replace(s, consultations=replace(s.consultations, by_area=areas))
        schools = (*schools[: big[0]], s, *schools[big[0] + 1 :])
    total = sum(s.consultations.total for s in schools)
    municipality = SchoolFigures(
        0,
        "Kommunen",
        None,
        ConsultationFigures(total=total, by_month_area=by_month_area),
        MeetingFigures(),
        ContinuityFigures(),
    )
    return Report(HT2026, until, datetime(2027, 1, 4, 8, 0, tzinfo=UTC), municipality, tuple(schools))


EK = school(
    1, "Ekskolan", total=2, acknowledged=2, median=1.0, p90=2.0, planned=8, held=6, days=90, covered=90
)
BJORK = school(
    2, "Björkskolan", total=7, acknowledged=7, median=3.5, p90=9.0, planned=8, held=8, days=90, covered=45
)
GRAN = school(3, "Granskolan", planned=0, held=0, days=90, covered=89)
MONTHS = {
    "2026-08": {"franvaro": 3},
    "2026-09": {"franvaro": 7, "vald": 0},
    "2026-10": {"psykisk_ohalsa": 5, "annat": 1},
    "2026-11": {},
}  # December has no entry: the term's months are shown all the same
REPORT = report((EK, BJORK, GRAN), MONTHS)
EMPTY = Report(
    Term("VT2027", date(2027, 1, 1), date(2027, 6, 30)),
    date(2027, 1, 8),
    datetime(2027, 1, 8, tzinfo=UTC),
    SchoolFigures(0, "Kommunen", None, ConsultationFigures(), MeetingFigures(), ContinuityFigures()),
    (),
)


def png_facts(data: bytes) -> tuple[int, int, bytes]:
    """Width, height and the top-left pixel, read with struct and zlib (no Pillow)."""
    assert data[:8] == b"\x89PNG\r\n\x1a\n"
    length, kind = struct.unpack(">I4s", data[8:16])
    assert (kind, length) == (b"IHDR", 13)
    width, height, depth, colour = struct.unpack(">IIBB", data[16:26])
    assert (depth, colour) in {(8, 2), (8, 6)}  # RGB or RGBA
    offset, pixels = 8, b""
    while offset < len(data):
        length, kind = struct.unpack(">I4s", data[offset : offset + 8])
        if kind == b"IDAT":
            pixels += data[offset + 8 : offset + 8 + length]
        offset += 12 + length
    raw = zlib.decompress(pixels)
    # Every filter predicts 0 for the first pixel of the first row, so its bytes are the pixel itself.
    return width, height, raw[1 : 1 + (4 if colour == 6 else 3)]


@pytest.fixture(scope="module")
def rendered() -> list[charts.Chart]:
    return render_charts(REPORT, SV)


# --- the pictures ----------------------------------------------------------------------------------


def test_four_charts_with_their_names_and_titles(rendered) -> None:
    assert [c.name for c in rendered] == NAMES
    assert rendered[0].title == "Konsultationer per månad och område, HT2026"
    assert all("HT2026" in c.title and "visas" not in c.title for c in rendered)


def test_each_chart_is_a_1200_by_675_png_on_white(rendered) -> None:
    for chart in rendered:
        width, height, corner = png_facts(chart.png)
        assert (width, height) == (1200, 675), chart.name
        assert set(corner) == {255}, chart.name


def test_the_same_report_gives_the_same_bytes(rendered) -> None:
    again = render_charts(REPORT, SV)
    assert [c.png for c in again] == [c.png for c in rendered]
    assert b"Software" not in rendered[0].png  # no tool version or time in the file


def test_the_words_come_from_the_caller() -> None:
    assert render_charts(EMPTY, EN)[0].title == "Consultations per month and area, VT2027"
    with pytest.raises(ValueError, match="twelve"):
        replace(SV, month_names=("jan",))


def test_an_empty_report_still_gives_four_pictures_saying_there_is_no_data(monkeypatch) -> None:
    said = []
    original = drawing.no_data

    def no_data(figure, axes, words):
        said.append(words.no_data)
        original(figure, axes, words)

    monkeypatch.setattr(drawing, "no_data", no_data)
    empty = render_charts(EMPTY, SV)
    assert [c.name for c in empty] == NAMES
    assert all(png_facts(c.png)[:2] == (1200, 675) for c in empty)
    assert said == ["Inga uppgifter för perioden"] * 4


def test_matplotlib_is_imported_only_when_drawing() -> None:
    code = "import sys, bot.followup.charts; print('matplotlib' in sys.modules)"
    result = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert result.stdout.strip() == "False"


def test_many_schools_show_the_thirty_most_in_need_and_say_so() -> None:
    many = [
        school(i, f"Skola {i} med ett namn som är alldeles för långt för en axel", total=9, acknowledged=9,
               median=float(i), p90=2.0 * i, planned=10, held=i % 11, days=100, covered=40 + i)
        for i in range(1, 61)
    ]  # fmt: skip
    many.append(school(61, "Dollar $a$ skolan $", days=100, covered=10))  # "$" must not start math mode
    out = render_charts(report(tuple(many), {"2026-09": {"annat": 40}}), SV)
    assert [c.title.endswith("(30 av 61 visas)") for c in out] == [False, True, True, True]
    assert all(png_facts(c.png)[:2] == (1200, 675) for c in out)
    slowest = shown.ack_rows(report(tuple(many), {}), SV)[:MAX_ROWS]
    assert [r.median for r in slowest] == [float(i) for i in range(60, 30, -1)]
    assert all(len(r.name) <= shown.MAX_NAME for r in slowest)


# --- what is drawn: small counts -------------------------------------------------------------------


def test_a_hidden_month_cell_has_no_height_and_no_hidden_count_can_be_worked_out() -> None:
    bars = shown.month_bars(REPORT, SV)
    assert [b.month for b in bars] == ["2026-08", "2026-09", "2026-10", "2026-11", "2026-12"]
    assert [b.label for b in bars] == ["aug", "sep", "okt", "nov", "dec"]
    aug, sep, okt, nov, dec = bars
    # August's 3 are all "frånvaro": with its total exact, a 0 beside it is hidden too ("<5", which is
    # true; drawn like any hidden cell, since a month without a box reads as none in that area).
    assert [(s.area, s.height, s.label, s.hidden) for s in aug.segments] == [
        ("franvaro", None, "<5", True),
        ("annat", None, "<5", True),
    ]
    assert aug.total == "3"
    assert [(s.area, s.height, s.label, s.hidden) for s in sep.segments] == [("franvaro", 7.0, "7", False)]
    assert sep.total == "7"
    assert [(s.area, s.height, s.label) for s in okt.segments] == [
        ("franvaro", None, "<5"),  # a hidden 0: else 6 − 5 gives "annat" away
        ("psykisk_ohalsa", 5.0, "5"),
        ("annat", None, "<5"),
    ]
    assert okt.total == "6"
    assert (nov.segments, dec.segments) == ((), ())
    assert derivable(Published(REPORT).protection) == []


def test_the_bars_reach_only_as_high_as_their_exact_cells() -> None:
    """Hatched boxes used to count as 2.5 each, so a month could stand taller than the whole term."""
    bars = shown.month_bars(report((), {"2026-11": {"vald": 1, "annat": 2, "missbruk": 6}}), SV)
    (nov,) = [b for b in bars if b.month == "2026-11"]
    assert sum(s.height for s in nov.segments if s.height is not None) <= 9
    assert all(s.height is None for s in nov.segments if s.hidden)


@pytest.mark.parametrize("count", [1, 2, 3, 4])
def test_a_hidden_cell_looks_the_same_whatever_its_count(count: int) -> None:
    one = shown.month_bars(report((), {"2026-09": {"vald": 1, "missbruk": 12}}), SV)
    other = shown.month_bars(report((), {"2026-09": {"vald": count, "missbruk": 12}}), SV)
    assert one == other


def test_a_month_cell_of_five_is_exact() -> None:
    (bar,) = shown.month_bars(report((), {"2026-09": {"vald": 5}}, until=date(2026, 8, 20)), SV)[1:]
    assert ([(s.height, s.label, s.hidden) for s in bar.segments], bar.total) == ([(5.0, "5", False)], "5")


def test_no_consultations_means_no_month_bars() -> None:
    assert shown.month_bars(report((GRAN,), {"2026-09": {"vald": 0}}), SV) == ()


def test_a_school_with_1_to_4_acknowledged_has_no_ack_bar() -> None:
    few_open = school(4, "Lindskolan", total=3)
    rows = {r.name: r for r in shown.ack_rows(report((EK, BJORK, GRAN, few_open), {}), SV)}
    assert list(rows) == ["Björkskolan", "Ekskolan", "Lindskolan", "Granskolan"]
    assert (rows["Björkskolan"].median, rows["Björkskolan"].p90) == (3.5, 9.0)
    assert rows["Björkskolan"].note == "3,5 h (p90 9,0 h)"
    assert (rows["Ekskolan"].median, rows["Ekskolan"].p90, rows["Ekskolan"].note) == (
        None,
        None,
        "<5 ärenden",
    )
    assert (rows["Granskolan"].median, rows["Granskolan"].note) == (None, "inga ärenden")
    # Three cases, none acknowledged: "inga kvitterade" would tell that its "<5" is not a hidden 0.
    assert (rows["Lindskolan"].median, rows["Lindskolan"].note) == (None, "<5 ärenden")
    assert shown.ack_rows(report((BJORK,), {}), EN)[0].note == "3.5 h (p90 9.0 h)"
    open_five = school(7, "Askskolan", total=5, acknowledged=0)
    assert shown.ack_rows(report((open_five,), {}), SV)[0].note == "inga kvitterade"


def test_meetings_are_exact_lowest_share_held_first() -> None:
    rows = shown.meeting_rows(REPORT)
    assert [(r.name, r.planned, r.held) for r in rows] == [
        ("Ekskolan", 8, 6),
        ("Björkskolan", 8, 8),
        ("Granskolan", 0, 0),
    ]


def test_coverage_is_exact_lowest_first_and_never_rounded_up_to_full() -> None:
    nodays = school(4, "Lindskolan")
    rows = shown.coverage_rows(report((EK, BJORK, GRAN, nodays), {}), SV)
    assert [(r.name, r.percent, r.note) for r in rows] == [
        ("Björkskolan", 50.0, "50 %"),
        ("Granskolan", pytest.approx(98.89, abs=0.01), "98 %"),
        ("Ekskolan", 100.0, "100 %"),
        ("Lindskolan", None, "inga arbetsdagar"),
    ]
    almost = school(5, "Almskolan", days=180, covered=179)
    assert shown.coverage_rows(report((almost,), {}), EN)[0].note == "99%"


def test_schools_sharing_a_name_sort_without_error() -> None:
    twins = (school(1, "Skolan", total=7, acknowledged=7, median=2.0, p90=3.0, days=10, covered=5),) * 2
    assert len(shown.ack_rows(report(twins, {}), SV)) == len(shown.coverage_rows(report(twins, {}), SV)) == 2


def test_a_zero_hidden_as_lt5_is_not_told_apart_on_the_ack_chart() -> None:
    """Six cases at one school, none at the other, municipality 6: the 0 is hidden, so its row says <5."""
    six = school(5, "Almskolan", total=6, acknowledged=6, median=2.0, p90=4.0)
    rows = {r.name: r for r in shown.ack_rows(report((six, GRAN, school(6, "Lönnskolan", total=1)), {}), SV)}
    assert rows["Lönnskolan"].note == "<5 ärenden"
    assert Published(report((six, GRAN, school(6, "Lönnskolan", total=1)), {})).school(GRAN).total == "<5"
    assert rows["Granskolan"].note == "<5 ärenden"  # "inga ärenden" would give Lönnskolan's 1 away
