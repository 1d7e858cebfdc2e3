"""Consultation upkeep e2e: reminders and escalations in working hours; texts deleted after retention."""

from __future__ import annotations

from collections.abc import Iterator
from datetime import datetime, timedelta

import pytest
from sqlalchemy import select

from bot.actors import Actor
from bot.app import Bryggan
from bot.clock import FakeClock
from bot.consultations import upkeep as upkeep_module
from bot.consultations.upkeep import Upkeep
from bot.errors import BrygganError, ConfigError
from bot.settings import load_settings
from bot.workspace_settings import Key
from localslack import Driver, Workspace
from storage.audit import list_audit_events
from storage.models import Consultation, ConsultationReply, ConsultationStatus, OutboxMessage
from tests.conftest import STOCKHOLM
from tests.e2e.test_contacts import Kontakt
from tests.slackbed import CHANNELS, PEOPLE, TEAM, nested_checkouts

CLEAN = "Vi är oroliga för en elev i åk 8 som ofta är frånvarande på måndagar och verkar trött och hungrig."
OTHER = "En elev i åk 8 verkar otrygg på rasterna och säger att det är stökigt hemma på kvällarna."


def _at(*parts: int) -> datetime:
    return datetime(*parts, tzinfo=STOCKHOLM)  # type: ignore[misc]


@pytest.fixture
def kontakt(driver: Driver, workspace: Workspace, bryggan: Bryggan) -> Kontakt:
    kontakt = Kontakt(driver, workspace, bryggan)
    kontakt(PEOPLE.admin, CHANNELS.berzelius, "koppla Berzeliusskolan")
    kontakt(PEOPLE.admin, CHANNELS.berzelius, "tilldela @sara")
    kontakt(PEOPLE.admin, CHANNELS.berzelius, "ersättare @omar")
    kontakt.deliver()
    return kontakt


@pytest.fixture
def upkeep(bryggan: Bryggan) -> Upkeep:
    """The upkeep use cases, as the app wires them."""
    return bryggan.services.consultations.upkeep


def _consult(driver: Driver, workspace: Workspace, description: str = CLEAN) -> None:
    """Open /konsultation in Berzeliusskolan's channel as the principal and submit a clean case."""
    shown = [view["id"] for view in workspace.views_of(PEOPLE.rektor)]
    driver.command(user=PEOPLE.rektor, channel=CHANNELS.berzelius, command="/konsultation", text="")
    # A new modal replaces a finished one on the stack, so wait for a view not seen before.
    workspace.wait_for(lambda ws: [v for v in ws.views_of(PEOPLE.rektor) if v["id"] not in shown] or None)
    values = {
        "grade": {"grade": {"type": "static_select", "selected_option": {"value": "8"}}},
        "areas": {"areas": {"type": "multi_static_select", "selected_options": [{"value": "franvaro"}]}},
        "description": {"description": {"type": "plain_text_input", "value": description}},
        "reach": {"reach": {"type": "static_select", "selected_option": {"value": "dm"}}},
    }
    assert driver.view_submission(user=PEOPLE.rektor, values=values).status == 200


def _cases(bryggan: Bryggan) -> list[Consultation]:
    with bryggan.sessions.begin() as session:
        return list(session.scalars(select(Consultation).order_by(Consultation.id)))


def _outbox(bryggan: Bryggan) -> dict[str, dict]:
    with bryggan.sessions.begin() as session:
        return {row.key: dict(row.args) for row in session.scalars(select(OutboxMessage))}


def _dms(workspace: Workspace, user: str, word: str) -> list[str]:
    return [m.text for m in workspace.dm_messages_to(user) if word in m.text]


def test_the_receiver_is_reminded_after_eight_working_hours_not_before_and_only_once(
    kontakt: Kontakt, driver: Driver, workspace: Workspace, bryggan: Bryggan, clock: FakeClock, upkeep: Upkeep
) -> None:
    _consult(driver, workspace)  # Tuesday 08:00
    kontakt.deliver()
    clock.set(_at(2026, 11, 24, 15, 59))
    assert upkeep.queue_ack_reminders() == 0
    clock.set(_at(2026, 11, 24, 16, 0))
    assert upkeep.queue_ack_reminders() == 1
    assert upkeep.queue_ack_reminders() == 0  # the key is already owed
    kontakt.deliver()
    [reminder] = _dms(workspace, PEOPLE.sara, "Påminnelse")
    assert reminder == (
        "Påminnelse: konsultationen *K-2026-0001* från Berzeliusskolan (inkom 2026-11-24 08:00) har inte "
        "tagits emot på 8 arbetstimmar. Öppna direktmeddelandet och tryck *Ta emot*."
    )
    assert "frånvarande" not in str(_outbox(bryggan)["consultation:1:reminder1"])
    assert _dms(workspace, PEOPLE.omar, "Eskalering") == []
    assert _dms(workspace, PEOPLE.admin, "Eskalering") == []


def test_a_friday_afternoon_case_is_reminded_on_monday_at_two(
    kontakt: Kontakt, driver: Driver, workspace: Workspace, clock: FakeClock, upkeep: Upkeep
) -> None:
    clock.set(_at(2026, 11, 27, 15, 0))
    _consult(driver, workspace)
    for quiet in (_at(2026, 11, 27, 23, 0), _at(2026, 11, 29, 12, 0), _at(2026, 11, 30, 13, 59)):
        clock.set(quiet)
        assert upkeep.queue_ack_reminders() == 0
    clock.set(_at(2026, 11, 30, 14, 0))
    assert upkeep.queue_ack_reminders() == 1
    kontakt.deliver()
    assert len(_dms(workspace, PEOPLE.sara, "Påminnelse")) == 1


def test_the_christmas_holidays_do_not_count(
    kontakt: Kontakt, driver: Driver, workspace: Workspace, clock: FakeClock, upkeep: Upkeep
) -> None:
    clock.set(_at(2026, 12, 23, 12, 0))  # Wednesday; julafton and juldagen follow, then the weekend
    _consult(driver, workspace)
    for quiet in (_at(2026, 12, 24, 16, 0), _at(2026, 12, 25, 16, 0), _at(2026, 12, 28, 10, 59)):
        clock.set(quiet)
        assert upkeep.queue_ack_reminders() == 0
    clock.set(_at(2026, 12, 28, 11, 0))  # 5 h on the 23rd + 3 h on Monday the 28th
    assert upkeep.queue_ack_reminders() == 1


def test_a_taken_case_is_neither_reminded_nor_escalated(
    kontakt: Kontakt, driver: Driver, workspace: Workspace, clock: FakeClock, upkeep: Upkeep
) -> None:
    _consult(driver, workspace)
    kontakt.deliver()
    [received] = [m for m in workspace.dm_messages_to(PEOPLE.sara) if "K-2026-0001" in m.text]
    kontakt.click(PEOPLE.sara, received, "konsultation_ack")
    for later in (_at(2026, 11, 24, 16, 0), _at(2026, 12, 2, 12, 0)):
        clock.set(later)
        assert upkeep.queue_ack_reminders() == 0


def test_after_sixteen_working_hours_the_deputy_and_administrators_are_told(
    kontakt: Kontakt, driver: Driver, workspace: Workspace, bryggan: Bryggan, clock: FakeClock, upkeep: Upkeep
) -> None:
    _consult(driver, workspace)  # Tuesday 08:00: 9 h on Tuesday, 7 h more by Wednesday 15:00
    clock.set(_at(2026, 11, 25, 14, 59))
    assert upkeep.queue_ack_reminders() == 1  # the reminder only
    clock.set(_at(2026, 11, 25, 15, 0))
    assert upkeep.queue_ack_reminders() == 2
    assert upkeep.queue_ack_reminders() == 0
    kontakt.deliver()
    expected = (
        "Eskalering: konsultationen *K-2026-0001* från Berzeliusskolan (inkom 2026-11-24 08:00) har inte "
        "tagits emot på 16 arbetstimmar. Den skickades till <@U0SARA001>. Se till att någon tar emot den."
    )
    assert _dms(workspace, PEOPLE.omar, "Eskalering") == [expected]
    assert _dms(workspace, PEOPLE.admin, "Eskalering") == [expected]
    assert _dms(workspace, PEOPLE.sara, "Eskalering") == []
    keys = sorted(k for k in _outbox(bryggan) if ":escalation:" in k)
    assert keys == ["consultation:1:escalation:U0ADMIN01", "consultation:1:escalation:U0OMAR001"]
    assert all("text" not in args for key, args in _outbox(bryggan).items() if "received" not in key)


def test_when_the_deputy_received_the_case_the_escalation_goes_to_administrators_only(
    kontakt: Kontakt, driver: Driver, workspace: Workspace, clock: FakeClock, upkeep: Upkeep
) -> None:
    kontakt(PEOPLE.sara, CHANNELS.berzelius, "frånvaro idag 4/12")
    _consult(driver, workspace)  # routed to Omar, the deputy
    clock.set(_at(2026, 11, 25, 15, 0))
    assert upkeep.queue_ack_reminders() == 2  # Omar's reminder and the admin's escalation
    kontakt.deliver()
    assert len(_dms(workspace, PEOPLE.omar, "Påminnelse")) == 1
    assert _dms(workspace, PEOPLE.omar, "Eskalering") == []
    [escalation] = _dms(workspace, PEOPLE.admin, "Eskalering")
    assert "Den skickades till <@U0OMAR001>." in escalation


def _close(bryggan: Bryggan, number: str, at: datetime) -> None:
    # Closing is built elsewhere; set what it sets.
    with bryggan.sessions.begin() as session:
        case = next(c for c in session.scalars(select(Consultation)) if c.number == number)
        case.status, case.closed_at, case.outcome = ConsultationStatus.CLOSED, at, "radgivning"
        case.acknowledged_at, case.acknowledged_by = at, PEOPLE.sara
        session.add(
            ConsultationReply(team_id=TEAM, consultation_id=case.id, author_id=PEOPLE.sara, body="x", at=at)
        )


def _snapshot(case: Consultation) -> tuple:
    return (case.grade, case.areas, case.reach, case.outcome, case.status, case.received_at, case.closed_at)


def test_texts_are_deleted_once_the_retention_period_has_passed_and_figures_stay(
    kontakt: Kontakt, driver: Driver, workspace: Workspace, bryggan: Bryggan, clock: FakeClock, upkeep: Upkeep
) -> None:
    _consult(driver, workspace)
    _consult(driver, workspace, OTHER)
    _consult(driver, workspace, OTHER)
    closed_at = clock.now()
    _close(bryggan, "K-2026-0001", closed_at)
    clock.advance(timedelta(days=1))
    _close(bryggan, "K-2026-0002", clock.now())  # closed later: still within retention
    before = _cases(bryggan)
    outbox_before = _outbox(bryggan)

    clock.set(closed_at + timedelta(days=90))
    assert upkeep.delete_expired_texts() == 0
    assert [c.description for c in _cases(bryggan)] == [c.description for c in before]

    clock.advance(timedelta(seconds=1))
    assert upkeep.delete_expired_texts() == 1
    assert upkeep.delete_expired_texts() == 0
    first, second, third = _cases(bryggan)
    assert first.description is None
    assert first.text_deleted_at == clock.now()
    assert _snapshot(first) == _snapshot(before[0])
    assert (first.grade, first.areas, first.outcome) == ("8", ["franvaro"], "radgivning")
    assert [second.description, third.description] == [before[1].description, before[2].description]
    assert second.text_deleted_at is None

    outbox = _outbox(bryggan)
    assert "text" not in outbox["consultation:1:received"]
    assert outbox["consultation:1:received"] == {
        k: v for k, v in outbox_before["consultation:1:received"].items() if k != "text"
    }
    assert {k: v for k, v in outbox.items() if k != "consultation:1:received"} == {
        k: v for k, v in outbox_before.items() if k != "consultation:1:received"
    }
    with bryggan.sessions.begin() as session:
        bodies = dict(
            session.execute(select(ConsultationReply.consultation_id, ConsultationReply.body)).all()
        )
        assert bodies == {first.id: None, second.id: "x"}
        events = list_audit_events(session, team_id=TEAM, since=closed_at, until=None)
        deleted = [
            (e.actor_id, e.subject_id, e.at) for e in events if e.action == "consultation_text_deleted"
        ]
    assert deleted == [("bryggan", "K-2026-0001", clock.now())]


def test_retention_and_reminder_settings_come_from_the_environment(monkeypatch: pytest.MonkeyPatch) -> None:
    assert (load_settings(env_file=None).retention_days, load_settings(env_file=None).ack_hours) == (90, 8)
    monkeypatch.setenv("BRYGGAN_RETENTION_DAYS", "30")
    monkeypatch.setenv("BRYGGAN_ACK_HOURS", "4.5")
    settings = load_settings(env_file=None)
    assert (settings.retention_days, settings.ack_hours) == (30, 4.5)
    monkeypatch.setenv("BRYGGAN_RETENTION_DAYS", "0")
    with pytest.raises(ConfigError, match="BRYGGAN_RETENTION_DAYS"):
        load_settings(env_file=None)


def test_a_workspaces_own_acknowledgement_hours_and_retention_drive_the_jobs(
    kontakt: Kontakt, driver: Driver, workspace: Workspace, bryggan: Bryggan, clock: FakeClock, upkeep: Upkeep
) -> None:
    admin = Actor(TEAM, PEOPLE.admin, is_admin=True)
    bryggan.services.workspace.change(admin, {Key.ACK_HOURS: "4", Key.RETENTION_DAYS: "10"})
    _consult(driver, workspace)  # Tuesday 08:00
    clock.set(_at(2026, 11, 24, 11, 59))
    assert upkeep.queue_ack_reminders() == 0
    clock.set(_at(2026, 11, 24, 12, 0))  # four working hours, not the environment's eight
    assert upkeep.queue_ack_reminders() == 1
    kontakt.deliver()
    [reminder] = _dms(workspace, PEOPLE.sara, "Påminnelse")
    assert "har inte tagits emot på 4 arbetstimmar" in reminder
    _close(bryggan, "K-2026-0001", clock.now())
    clock.advance(timedelta(days=10))
    assert upkeep.delete_expired_texts() == 0
    clock.advance(timedelta(seconds=1))  # ten days, not the environment's ninety
    assert upkeep.delete_expired_texts() == 1


def test_the_shortest_retention_in_force_bounds_which_closed_cases_are_read(
    bryggan: Bryggan, clock: FakeClock, upkeep: Upkeep, monkeypatch: pytest.MonkeyPatch
) -> None:
    bounds: list[datetime] = []
    read = upkeep_module.list_closed_with_text

    def spy(session: object, *, closed_before: datetime) -> list[Consultation]:
        bounds.append(closed_before)
        return read(session, closed_before=closed_before)  # type: ignore[arg-type]

    monkeypatch.setattr(upkeep_module, "list_closed_with_text", spy)
    upkeep.delete_expired_texts()
    bryggan.services.workspace.change(Actor(TEAM, PEOPLE.admin, is_admin=True), {Key.RETENTION_DAYS: "10"})
    upkeep.delete_expired_texts()
    assert bounds == [clock.now() - timedelta(days=90), clock.now() - timedelta(days=10)]


@pytest.fixture
def nested(bryggan: Bryggan) -> Iterator[list[int]]:
    with nested_checkouts(bryggan) as found:
        yield found


def test_settings_are_read_before_a_unit_of_work_never_inside_it(
    kontakt: Kontakt,
    driver: Driver,
    workspace: Workspace,
    bryggan: Bryggan,
    clock: FakeClock,
    upkeep: Upkeep,
    nested: list[int],
) -> None:
    def uncached() -> None:  # a change here clears the cache, so the next use reads the database
        settings = bryggan.services.workspace
        days = str(settings.values(TEAM).retention_days + 1)  # retention plays no part here
        settings.change(Actor(TEAM, PEOPLE.admin, is_admin=True), {Key.RETENTION_DAYS: days})

    uncached()
    _consult(driver, workspace)
    kontakt(PEOPLE.admin, CHANNELS.ekholm, "koppla Ekholmsskolan")
    uncached()
    with pytest.raises(BrygganError, match="consultation_nowhere"):  # no contact, no fallback channel
        bryggan.services.consultations.intake.submit(
            Actor(TEAM, PEOPLE.rektor, is_admin=False),
            channel_id=CHANNELS.ekholm,
            grade="8",
            areas=["franvaro"],
            description=CLEAN,
            reach="dm",
        )
    uncached()
    upkeep.snooze(Actor(TEAM, PEOPLE.sara, is_admin=False), consultation_id=_cases(bryggan)[0].id)
    clock.advance(timedelta(days=3))
    uncached()
    assert upkeep.queue_ack_reminders() > 0
    uncached()
    kontakt(PEOPLE.sara, CHANNELS.berzelius, "frånvaro imorgon 1/12")
    assert nested
    assert set(nested) == {0}
