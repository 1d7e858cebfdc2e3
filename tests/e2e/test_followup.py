"""Term follow-up: a term of known activity (tests/followupbed.py), every figure asserted, and the
suppression of small counts, also on the demo's term."""

from __future__ import annotations

from datetime import date

import pytest

from bot.app import Bryggan
from bot.clock import FakeClock
from bot.followup import Published, exports
from bot.followup.suppress import HIDDEN, SECONDARY, Protection
from tests.disclosure import derivable
from tests.followupbed import _report, seeded_term, term_settings
from tests.slackbed import TEAM

settings = term_settings()
seeded = seeded_term()


def test_consultation_figures_per_school_and_for_the_municipality(
    bryggan: Bryggan, seeded: tuple[int, int]
) -> None:
    report = _report(bryggan)
    a, b = report.schools
    assert (a.name, b.name) == ("Berzeliusskolan", "Ekholmsskolan")
    assert report.until == date(2026, 11, 24)
    ca = a.consultations
    assert ca.total == 7
    assert ca.by_area == {"franvaro": 3, "psykisk_ohalsa": 2, "vald": 1, "annat": 1, "omsorgssvikt": 1}
    assert ca.by_grade_band == {"7–9": 3, "4–6": 2, "gymnasiet": 1, "F–3": 1}
    assert ca.by_outcome == {
        "rad_lamnat": 1,
        "orosanmalan_rekommenderas": 2,
        "hanvisad": 1,
        "fortsatt_kontakt": 1,
    }
    assert ca.recommended_report == 2
    assert ca.recommended_report_share == pytest.approx(2 / 5)  # of the five closed
    assert ca.still_open == 2
    assert (ca.acknowledged, ca.ack_median_hours, ca.ack_p90_hours) == (6, 3.5, 9.0)
    assert ca.within_target == 5
    assert ca.within_target_share == pytest.approx(5 / 7)
    m = report.municipality.consultations
    assert m.total == 9
    assert m.by_area == {"franvaro": 4, "psykisk_ohalsa": 2, "vald": 2, "annat": 1, "omsorgssvikt": 1}
    assert (m.acknowledged, m.ack_median_hours, m.ack_p90_hours, m.within_target) == (8, 3.0, 9.0, 7)
    assert m.by_month_area == {
        "2026-09": {"franvaro": 3, "psykisk_ohalsa": 1, "vald": 2},
        "2026-10": {"psykisk_ohalsa": 1, "franvaro": 1},
        "2026-11": {"annat": 1, "omsorgssvikt": 1},
    }


def test_meeting_figures_count_held_cancelled_moved_skipped_notes_items_and_a_replaced_series(
    bryggan: Bryggan, seeded: tuple[int, int]
) -> None:
    a, b = _report(bryggan).schools
    ma = a.meetings
    # Tuesdays from 6 Oct: 6, 13, 20 held; 27 Oct höstlov; 3 Nov held; 10 Nov cancelled; 17 Nov moved to
    # the 18th and held; 24 Nov 13:15 is still ahead at 08:00.
    assert (ma.planned, ma.held, ma.cancelled, ma.skipped) == (6, 5, 1, 1)
    assert (ma.with_notes, ma.agenda_items) == (3, 3)
    assert ma.notes_share == pytest.approx(3 / 5)
    mb = b.meetings
    # Mondays 17, 24, 31 Aug (first series); Thursdays 10 Sep–19 Nov, 29 Oct höstlov (second series).
    assert (mb.planned, mb.held, mb.cancelled, mb.skipped, mb.with_notes) == (13, 13, 0, 1, 0)
    everyone = _report(bryggan).municipality.meetings
    assert (everyone.planned, everyone.held, everyone.skipped, everyone.with_notes) == (19, 18, 2, 3)


def test_continuity_counts_covered_days_a_vacancy_a_change_and_absences_covered_by_the_deputy(
    bryggan: Bryggan, seeded: tuple[int, int]
) -> None:
    a, b = _report(bryggan).schools
    ka = a.continuity
    # 82 working days 1 Aug–24 Nov; only 15 Oct (contact and deputy both away) lacks an acting contact.
    assert (ka.days, ka.covered_days, ka.uncovered_days) == (82, 81, 1)
    assert (ka.contact_changes, ka.longest_assignment_days) == (0, 116)
    assert (ka.absences, ka.absences_covered) == (2, 1)  # 12–16 Oct not fully covered; 2–3 Nov covered
    kb = b.continuity
    # Vacant until 1 Sep (21 working days in August), no deputy during the contact's 5 days away.
    assert (kb.days, kb.covered_days, kb.uncovered_days) == (82, 56, 26)
    assert (kb.contact_changes, kb.longest_assignment_days) == (1, 48)
    assert (kb.absences, kb.absences_covered) == (1, 0)
    total = _report(bryggan).municipality.continuity
    assert (total.days, total.covered_days, total.contact_changes, total.absences) == (164, 137, 1, 3)


def test_small_counts_are_hidden_and_no_hidden_count_can_be_worked_out(
    bryggan: Bryggan, seeded: tuple[int, int]
) -> None:
    report = _report(bryggan)
    published = Published(report)
    a, b = (published.school(s) for s in report.schools)
    # Ekholmsskolan's 2 = 9 − 7 under the old rule: Berzeliusskolan's 7 is hidden now, the 9 stays.
    assert (a.total, b.total) == (SECONDARY, HIDDEN)
    assert a.by_area is not None
    assert (a.by_area["franvaro"], a.by_area["vald"], a.by_area["missbruk"]) == (HIDDEN, HIDDEN, 0)
    assert a.recommended_report == HIDDEN
    assert a.ack_median_hours == 3.5  # times of five or more acknowledged stay
    assert (b.by_area, b.by_grade_band, b.by_outcome, b.ack_median_hours) == (None, None, None, None)
    everyone = published.municipality
    assert (everyone.total, everyone.recommended_report, everyone.by_area["franvaro"]) == (9, 2, 4)
    assert everyone.acknowledged == 8
    # Exact: Ekholmsskolan's breakdown is withheld, 0–4 for all a reader knows, so 2 − "<5" stays open.
    assert (everyone.by_area["vald"], everyone.by_grade_band["4–6"], everyone.by_outcome["hanvisad"]) == (
        2,
        3,
        1,
    )
    assert everyone.recommended_report_share == pytest.approx(2 / 6)
    assert published.protection.ranged == frozenset()
    assert derivable(published.protection) == []
    assert derivable(Protection(published.protection.table, _only_small(published))) != []  # the old rule


def _only_small(published: Published) -> dict[object, str]:
    cells = published.protection.table.cells
    return {k: HIDDEN for k, c in cells.items() if 0 < c.value < 5} | dict.fromkeys(
        published.protection.table.withheld, SECONDARY
    )


def test_the_demo_term_gives_no_hidden_count_away_to_the_admin_or_to_a_contact_of_two_schools(
    bryggan: Bryggan, clock: FakeClock
) -> None:
    from bot.console import demo
    from storage.schools import list_schools

    demo.seed(bryggan.sessions, clock, bryggan.settings.zone)
    followup = bryggan.services.followup
    with bryggan.sessions.begin() as session:
        ids = {s.name: s.id for s in list_schools(session, team_id=demo.TEAM_ID)}
    term = followup.term(TEAM, None)
    everything = followup.report(demo.TEAM_ID, term)
    saras = followup.report(demo.TEAM_ID, term, only={ids["Berzeliusskolan"], ids["Ekholmsskolan"]})
    for report in (everything, saras):
        published = Published(report)
        assert _only_small(published), "the demo has small counts to hide"
        assert derivable(Protection(published.protection.table, _only_small(published))) != []  # old rule
        assert derivable(published.protection) == []
    table = exports.rows(everything, municipality_name="Hela kommunen")
    berzelius, ekholm, kunskapsbron, whole = table
    assert ekholm["consultations"] == HIDDEN
    # Berzeliusskolan 6, Ekholmsskolan <5, Kunskapsbron 0, whole municipality 7 gave Ekholm's 1 away;
    # now Kunskapsbron's 0 is "<5" too (true), and 7 − 6 = 1 is the two schools' together.
    assert (berzelius["consultations"], kunskapsbron["consultations"], whole["consultations"]) == (
        6,
        HIDDEN,
        7,
    )
