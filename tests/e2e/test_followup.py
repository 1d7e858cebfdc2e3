"""Term follow-up: a term of known activity, every figure asserted, suppression, exports, delivery."""

from __future__ import annotations

from datetime import date, datetime, time
from pathlib import Path

import pytest
from sqlalchemy import select

from bot.app import Bryggan
from bot.clock import FakeClock
from bot.followup import Published, exports
from bot.followup.suppress import HIDDEN, SECONDARY, Protection
from bot.settings import Settings
from handlers.ids import Action
from localslack import Driver, LocalSlack, Workspace
from localslack.models import Message
from storage.models import (
    Absence,
    AgendaItem,
    Assignment,
    Consultation,
    ConsultationStatus,
    DeliveryStatus,
    MeetingChange,
    MeetingNote,
    MeetingSeries,
    OutboxMessage,
    Role,
    School,
    SchoolKind,
)
from tests.conftest import STOCKHOLM
from tests.disclosure import derivable
from tests.e2e.test_workspace_settings import _values as modal_values
from tests.slackbed import CHANNELS, PEOPLE, TEAM, test_settings

SARA, OMAR, ADMIN = PEOPLE.sara, PEOPLE.omar, PEOPLE.admin
OTHER = "T0OTHER01"  # a second workspace in the same database


def _at(*parts: int) -> datetime:
    return datetime(*parts, tzinfo=STOCKHOLM)  # type: ignore[misc]


@pytest.fixture
def settings(database_url: str, slack: LocalSlack, workspace: Workspace, tmp_path: Path) -> Settings:
    breaks = tmp_path / "lov.csv"
    breaks.write_text("\ufeffname;first;last;week\nHöstlov;;;2026-W44\n", encoding="utf-8")
    return test_settings(database_url=database_url, api_url=slack.api_url, school_breaks=breaks)


# (received, acknowledged, areas, grade, outcome): school A has seven cases, school B two.
CASES_A = [
    (_at(2026, 9, 7, 9, 0), _at(2026, 9, 7, 10, 0), ["franvaro"], "8", "rad_lamnat"),  # 1 h
    (
        _at(2026, 9, 7, 16, 0),
        _at(2026, 9, 8, 9, 0),
        ["franvaro", "psykisk_ohalsa"],
        "7",
        "orosanmalan_rekommenderas",
    ),
    (_at(2026, 9, 11, 16, 30), _at(2026, 9, 14, 10, 30), ["vald"], "9", "orosanmalan_rekommenderas"),  # 3 h
    (_at(2026, 10, 7, 8, 0), _at(2026, 10, 7, 12, 0), ["psykisk_ohalsa"], "4", "hanvisad"),  # 4 h
    (_at(2026, 10, 8, 8, 0), _at(2026, 10, 9, 8, 0), ["franvaro"], "5", None),  # 9 h, still open
    (_at(2026, 11, 2, 10, 0), _at(2026, 11, 2, 20, 0), ["annat"], "gy1", "fortsatt_kontakt"),  # 7 h
    (_at(2026, 11, 3, 8, 0), None, ["omsorgssvikt"], "2", None),  # never acknowledged
]
CASES_B = [
    (_at(2026, 9, 15, 9, 0), _at(2026, 9, 15, 9, 30), ["franvaro"], "8", "rad_lamnat"),  # 0.5 h
    (_at(2026, 9, 15, 13, 0), _at(2026, 9, 15, 16, 0), ["vald"], "6", None),  # 3 h
]


def _seed(bryggan: Bryggan) -> tuple[int, int]:
    with bryggan.sessions.begin() as session:
        a = School(
            team_id=TEAM,
            name="Berzeliusskolan",
            kind=SchoolKind.KOMMUNAL,
            channel_id=CHANNELS.berzelius,
            created_at=_at(2026, 1, 1),
        )
        b = School(
            team_id=TEAM,
            name="Ekholmsskolan",
            kind=SchoolKind.KOMMUNAL,
            channel_id=CHANNELS.ekholm,
            created_at=_at(2026, 1, 1),
        )
        session.add_all([a, b])
        session.flush()
        for school, cases in ((a, CASES_A), (b, CASES_B)):
            for n, (received, acked, areas, grade, outcome) in enumerate(cases, start=1):
                session.add(_case(school.id, n + 100 * school.id, received, acked, areas, grade, outcome))
        session.add_all(
            [
                _assignment(a.id, SARA, Role.CONTACT, _at(2026, 6, 1, 9, 0)),
                _assignment(a.id, OMAR, Role.DEPUTY, _at(2026, 6, 1, 9, 0)),
                _assignment(b.id, SARA, Role.CONTACT, _at(2026, 9, 1, 9, 0), _at(2026, 10, 19, 10, 0)),
                _assignment(b.id, OMAR, Role.CONTACT, _at(2026, 10, 19, 10, 0)),
                _absence(SARA, date(2026, 10, 12), date(2026, 10, 16)),
                _absence(OMAR, date(2026, 10, 15), date(2026, 10, 15)),
                _absence(SARA, date(2026, 11, 2), date(2026, 11, 3)),
                _series(a.id, 1, time(13, 15), date(2026, 10, 6), None),
                _series(b.id, 0, time(10, 0), date(2026, 8, 17), date(2026, 9, 6)),
                _series(b.id, 3, time(9, 0), date(2026, 9, 10), None),
                _change(a.id, date(2026, 11, 10), "cancelled"),
                _change(a.id, date(2026, 11, 17), "moved", date(2026, 11, 18), time(14, 0)),
                *(_note(a.id, day) for day in (date(2026, 10, 6), date(2026, 10, 13), date(2026, 11, 17))),
                *(_item(a.id, day) for day in (date(2026, 10, 6), date(2026, 10, 6), date(2026, 11, 24))),
            ]
        )
        return a.id, b.id


def _case(
    school_id: int,
    seq: int,
    received: datetime,
    acked: datetime | None,
    areas: list[str],
    grade: str,
    outcome: str | None,
) -> Consultation:
    return Consultation(
        team_id=TEAM,
        year=2026,
        seq=seq,
        school_id=school_id,
        asker_id=PEOPLE.rektor,
        grade=grade,
        areas=areas,
        reach="dm",
        description=None,
        routed_to=SARA,
        status=ConsultationStatus.CLOSED if outcome else ConsultationStatus.OPEN,
        received_at=received,
        acknowledged_at=acked,
        acknowledged_by=SARA if acked else None,
        closed_at=acked if outcome else None,
        outcome=outcome,
    )


def _assignment(
    school_id: int, person: str, role: Role, start: datetime, end: datetime | None = None
) -> Assignment:
    return Assignment(
        team_id=TEAM,
        school_id=school_id,
        person_id=person,
        role=role,
        starts_at=start,
        ends_at=end,
        assigned_by=ADMIN,
    )


def _absence(person: str, first: date, last: date) -> Absence:
    return Absence(
        team_id=TEAM,
        person_id=person,
        first_day=first,
        last_day=last,
        created_by=person,
        created_at=_at(2026, 8, 1),
    )


def _series(school_id: int, weekday: int, start: time, anchor: date, ended: date | None) -> MeetingSeries:
    return MeetingSeries(
        team_id=TEAM,
        school_id=school_id,
        weekday=weekday,
        start_time=start,
        every_weeks=1,
        anchor=anchor,
        duration_minutes=60,
        place=None,
        remind_at=time(8),
        contact_lead_minutes=60,
        ended_on=ended,
        updated_by=ADMIN,
        updated_at=_at(2026, 8, 1),
    )


def _change(
    school_id: int, day: date, kind: str, new_day: date | None = None, new_start: time | None = None
) -> MeetingChange:
    return MeetingChange(
        team_id=TEAM,
        school_id=school_id,
        day=day,
        kind=kind,
        new_day=new_day,
        new_start=new_start,
        created_by=ADMIN,
        created_at=_at(2026, 8, 1),
    )


def _note(school_id: int, day: date) -> MeetingNote:
    return MeetingNote(
        team_id=TEAM,
        school_id=school_id,
        day=day,
        decisions="Rutin beslutad.",
        actions=None,
        follow_up=None,
        author_id=PEOPLE.rektor,
        recorded_at=_at(2026, 11, 20),
    )


def _item(school_id: int, day: date) -> AgendaItem:
    return AgendaItem(
        team_id=TEAM,
        school_id=school_id,
        day=day,
        text="Frånvarorutin",
        author_id=PEOPLE.rektor,
        created_at=_at(2026, 10, 1),
    )


@pytest.fixture
def seeded(bryggan: Bryggan) -> tuple[int, int]:
    return _seed(bryggan)


def _report(bryggan: Bryggan):  # type: ignore[no-untyped-def]
    followup = bryggan.services.followup
    return followup.report(TEAM, followup.term(TEAM, "HT2026"))


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


def test_the_csv_opens_in_swedish_excel(bryggan: Bryggan, seeded: tuple[int, int]) -> None:
    words = bryggan.services.templates.module("sv", "followup")
    data = exports.to_csv(
        exports.rows(_report(bryggan), municipality_name=words.municipality),
        words.headers | _breakdown_headers(),
    )
    assert data.startswith(b"\xef\xbb\xbf")  # UTF-8 BOM
    lines = data.decode("utf-8-sig").split("\r\n")
    header, berzelius, ekholm, everyone = (line.split(";") for line in lines[:4])
    assert header[:4] == ["Skola", "Konsultationer", "Orosanmälan rekommenderas", "Kvitterade"]
    column = {name: n for n, name in enumerate(exports.COLUMNS)}
    assert berzelius[column["ack_median_hours"]] == "3,5"  # decimal comma
    # 71,4 % would give the hidden total away (5 of 7): a share is shown only beside an exact total.
    assert berzelius[column["within_target_share"]] == ""
    assert berzelius[column["area:franvaro"]] == "<5"
    assert berzelius[column["consultations"]] == "x"  # else 9 − 7 gives Ekholmsskolan's 2
    assert ekholm[column["consultations"]] == "<5"
    assert ekholm[column["area:franvaro"]] == "–"  # withheld: fewer than five cases
    assert everyone[:2] == ["Hela kommunen", "9"]
    assert everyone[column["area:franvaro"]] == "4"
    assert lines[4] == ""  # CRLF after the last row, nothing else


def _breakdown_headers() -> dict[str, str]:
    return {c: c for c in exports.COLUMNS if ":" in c}


def test_the_end_of_term_report_is_delivered_once_to_the_admins(
    bryggan: Bryggan,
    seeded: tuple[int, int],
    clock: FakeClock,
    workspace: Workspace,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    followup = bryggan.services.followup
    clock.set(_at(2026, 12, 31, 23, 0))
    assert followup.queue_term_report() == 0  # the term has not ended
    clock.set(_at(2027, 1, 1, 8, 0))
    assert followup.queue_term_report() == 1

    def counted_again(*_args: object, **_kwargs: object) -> None:
        raise AssertionError("the term was counted again though its report is already owed")

    monkeypatch.setattr(followup, "report", counted_again)
    assert followup.queue_term_report() == 0  # once: the key is per term and recipient
    bryggan.dispatcher.run_once()
    (dm,) = [m for m in workspace.dm_messages_to(ADMIN) if "Terminsrapport HT2026" in m.text]
    assert "Konsultationer: 9" in dm.text
    assert "K-2026" not in dm.text  # never a case number
    clock.set(_at(2027, 1, 3, 9, 0))
    assert followup.queue_term_report() == 0
    bryggan.dispatcher.run_once()
    assert len([m for m in workspace.dm_messages_to(ADMIN) if "Terminsrapport" in m.text]) == 1
    with bryggan.sessions.begin() as session:
        rows = list(session.scalars(select(OutboxMessage).where(OutboxMessage.key.startswith("report:"))))
    assert [(r.key, r.status) for r in rows] == [("report:HT2026:" + ADMIN, DeliveryStatus.SENT)]


def _set_in_the_modal(driver: Driver, workspace: Workspace, **typed: str) -> None:
    """The administrator opens the settings modal from her Home tab and saves `typed` over it."""
    driver.app_home_opened(user=ADMIN)
    home = workspace.wait_for(lambda ws: ws.home_of(ADMIN))
    assert driver.block_action(user=ADMIN, action_id=Action.SETTINGS_OPEN, view=home).status == 200
    modal = workspace.wait_for(lambda ws: ws.views_of(ADMIN) or None)[-1]
    ack = driver.view_submission(user=ADMIN, values=modal_values(modal, **typed))
    assert ack.body["response_action"] == "update", ack.body


def test_a_workspaces_own_terms_report_channel_and_ack_hours_shape_its_term_report_only(
    bryggan: Bryggan, seeded: tuple[int, int], clock: FakeClock, workspace: Workspace, driver: Driver
) -> None:
    with bryggan.sessions.begin() as session:  # a second municipality that sets nothing of its own
        session.add(
            School(
                team_id=OTHER,
                name="Annan skola",
                kind=SchoolKind.KOMMUNAL,
                channel_id="C0ANNAN01",
                created_at=_at(2026, 1, 1),
            )
        )
    followup = bryggan.services.followup
    clock.set(_at(2026, 11, 25, 9, 0))
    _set_in_the_modal(
        driver,
        workspace,
        report_channel=CHANNELS.personalrum,
        terms="HT=09-10..11-30,VT=01-01..06-30",
        ack_hours="3",
    )
    assert followup.term(TEAM, "HT2026").first == date(2026, 9, 10)
    assert followup.term(OTHER, "HT2026").first == date(2026, 8, 1)
    # From 10 September: five cases at school A (one never acknowledged) and two at B; within three
    # working hours, the workspace's own target: 3 hours at A, half an hour and 3 hours at B.
    clock.set(_at(2026, 12, 1, 7, 59))
    assert followup.queue_term_report() == 0
    clock.set(_at(2026, 12, 1, 8, 0))
    m = followup.report(TEAM, followup.term(TEAM, "HT2026")).municipality.consultations
    assert (m.total, m.acknowledged, m.within_target) == (7, 6, 3)
    assert followup.queue_term_report() == 1  # A's term is over; the other's runs to 31 December
    bryggan.dispatcher.run_once()
    (posted,) = [m for m in workspace.messages_in(CHANNELS.personalrum) if "Terminsrapport HT2026" in m.text]
    assert "Konsultationer: 7" in posted.text
    assert not [m for m in workspace.dm_messages_to(ADMIN) if "Terminsrapport" in m.text]
    clock.set(_at(2027, 1, 1, 8, 0))
    assert followup.queue_term_report() == 1  # the other's, to the deployment's administrators
    with bryggan.sessions.begin() as session:
        rows = session.scalars(select(OutboxMessage).where(OutboxMessage.key.startswith("report:")))
        assert sorted((r.team_id, r.key) for r in rows) == [
            (OTHER, f"report:HT2026:{ADMIN}"),
            (TEAM, f"report:HT2026:{CHANNELS.personalrum}"),
        ]


def test_bryggan_report_writes_the_csv_and_markdown_as_a_real_process(
    bryggan: Bryggan, seeded: tuple[int, int], database_url: str, tmp_path: Path
) -> None:
    from tests.e2e.test_admin_cli import _bryggan

    done = _bryggan(
        tmp_path, database_url, "report", "--term", "HT2026", "--format", "csv", "--output", "ht.csv"
    )
    assert done.returncode == 0, done.stderr
    data = (tmp_path / "ht.csv").read_bytes()
    assert data.startswith(b"\xef\xbb\xbfSkola;Konsultationer;")
    assert "Område: Frånvaro" in data.decode("utf-8-sig")
    markdown = _bryggan(tmp_path, database_url, "report", "--term", "HT2026", "--format", "md")
    assert markdown.returncode == 0, markdown.stderr
    assert "| Skola | Konsultationer |" in markdown.stdout
    assert "| Ekholmsskolan | <5 |" in markdown.stdout
    assert "| Hela kommunen | 9 |" in markdown.stdout
    bad = _bryggan(tmp_path, database_url, "report", "--term", "HT26")
    assert bad.returncode == 2
    assert "ingen termin" in bad.stderr


@pytest.fixture
def served(bryggan: Bryggan, seeded: tuple[int, int], driver: Driver) -> Driver:
    return driver


def _reply(driver: Driver, workspace: Workspace, user: str, text: str) -> Message:
    seen = len(workspace.ephemerals_to(user))
    assert (
        driver.command(user=user, channel=CHANNELS.personalrum, command="/uppföljning", text=text).status
        == 200
    )
    return workspace.wait_for(lambda ws: ws.ephemerals_to(user)[seen:] or None)[-1]


def test_uppfoljning_shows_key_figures_a_school_table_and_sends_charts_to_the_admins_dm(
    served: Driver, workspace: Workspace
) -> None:
    reply = _reply(served, workspace, ADMIN, "HT2026")
    assert "*Uppföljning HT2026* (2026-08-01–2026-11-24), 2 skolor" in reply.text
    # Swedish writes a fixed (non-breaking) space before the percent sign, as Babel (CLDR) does.
    assert "*Konsultationer:* 9 · orosanmälan rekommenderas: 2 (33\u00a0% av de avslutade)" in reply.text
    assert "• *Ekholmsskolan*" in reply.text
    assert "&lt;5 konsultationer" in reply.text  # Ekholmsskolan's two cases
    assert "K-2026" not in reply.text
    files = workspace.wait_for(lambda ws: [f for f in ws.files if f.completed] or None)
    assert {f.name for f in files} >= {"consultations_by_month.png"}
    dm = workspace.wait_for(lambda ws: [m for m in ws.dm_messages_to(ADMIN) if m.files] or None)
    assert dm


def test_a_contact_sees_only_their_schools_and_others_are_refused(
    served: Driver, workspace: Workspace
) -> None:
    mine = _reply(served, workspace, SARA, "HT2026")  # Sara serves Berzeliusskolan now, no longer Ekholm
    assert "• *Berzeliusskolan*" in mine.text
    assert "Ekholmsskolan" not in mine.text
    workspace.wait_for(lambda ws: [m for m in ws.dm_messages_to(SARA) if m.files] or None)  # her charts
    refused = _reply(served, workspace, PEOPLE.rektor, "")
    assert "administratörer och för kontaktpersoner" in refused.text
    assert "ingen termin" in _reply(served, workspace, ADMIN, "hösten").text


def test_the_admins_home_shows_the_current_terms_key_figures_and_others_do_not(
    served: Driver, workspace: Workspace
) -> None:
    served.app_home_opened(user=ADMIN)
    home = workspace.wait_for(lambda ws: ws.home_of(ADMIN))
    texts = [b["text"]["text"] for b in home["blocks"] if b.get("type") == "section"]
    assert any("*Uppföljning HT2026*" in t and "*Konsultationer:* 9" in t for t in texts)
    served.app_home_opened(user=SARA)
    sara = workspace.wait_for(lambda ws: ws.home_of(SARA))
    assert not any("Uppföljning" in b.get("text", {}).get("text", "") for b in sara["blocks"])


FORMULA = '=HYPERLINK("http://example.org/?"&A1;"Öppna")'


def test_a_formula_like_school_name_stays_text_in_the_report_csv(
    bryggan: Bryggan, seeded: tuple[int, int], database_url: str, tmp_path: Path
) -> None:
    from sqlalchemy import update

    from tests.e2e.test_admin_cli import _bryggan

    with bryggan.sessions.begin() as session:
        session.execute(update(School).where(School.id == seeded[0]).values(name=FORMULA))
    done = _bryggan(
        tmp_path, database_url, "report", "--term", "HT2026", "--format", "csv", "--output", "ht.csv"
    )
    assert done.returncode == 0, done.stderr
    text = (tmp_path / "ht.csv").read_bytes().decode("utf-8-sig")
    # Quoted for the `;` inside it, and a leading apostrophe so Excel shows it as text.
    assert '\r\n"\'=HYPERLINK(""http://example.org/?""&A1;""Öppna"")";' in text
    assert "\r\n=HYPERLINK" not in text
    assert '\r\n"=HYPERLINK' not in text


def test_an_empty_database_has_nothing_to_report_and_a_term_ahead_has_not_begun(
    bryggan: Bryggan, database_url: str, tmp_path: Path
) -> None:
    from tests.e2e.test_admin_cli import _bryggan

    empty = _bryggan(tmp_path, database_url, "report", "--format", "csv")
    assert empty.returncode == 2
    assert "inget att rapportera" in empty.stderr
    assert "flera arbetsytor" not in empty.stderr
    _seed(bryggan)
    ahead = _bryggan(tmp_path, database_url, "report", "--term", "HT2099", "--format", "md")
    assert ahead.returncode == 2
    assert "HT2099 har inte börjat än (den börjar 2099-08-01)" in ahead.stderr
    assert ahead.stdout == ""


def test_uppfoljning_for_a_term_not_begun_says_so_and_sends_no_charts(
    served: Driver, workspace: Workspace
) -> None:
    reply = _reply(served, workspace, ADMIN, "VT2027")
    assert "VT2027 har inte börjat än (den börjar 2027-01-01)" in reply.text
    assert "2027-01-01–2026" not in reply.text  # no inverted period
    _reply(served, workspace, ADMIN, "HT2026")  # after it, the charts of a term that has begun arrive
    uploads = workspace.wait_for(lambda ws: [m for m in ws.dm_messages_to(ADMIN) if m.files] or None)
    assert [m.text for m in uploads] == ["Diagram för HT2026."]


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
