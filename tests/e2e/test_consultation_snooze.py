"""An untaken case's reminder can be put off to the next working morning, once; escalation keeps time."""

from __future__ import annotations

from dataclasses import replace

from sqlalchemy import select

from bot.app import Bryggan
from bot.clock import FakeClock
from bot.consultations.upkeep import Upkeep
from localslack import Driver, Message, Workspace
from storage.models import OutboxMessage
from tests.e2e import test_consultation_upkeep as _upkeep
from tests.e2e.test_consultation_upkeep import _at, _consult, _dms
from tests.e2e.test_contacts import Kontakt, _text
from tests.slackbed import PEOPLE

kontakt = _upkeep.kontakt  # Berzeliusskolan with Sara as contact and Omar as deputy
upkeep = _upkeep.upkeep
SNOOZE = "konsultation_snooze"


def _labels(message: Message) -> list[str]:
    return [e["text"]["text"] for b in message.blocks or [] if b["type"] == "actions" for e in b["elements"]]


def _reminder(workspace: Workspace, word: str = "Påminnelse") -> Message:
    return [m for m in workspace.dm_messages_to(PEOPLE.sara) if word in m.text][-1]


def _snoozed_row(bryggan: Bryggan) -> OutboxMessage | None:
    with bryggan.sessions.begin() as session:
        return session.scalar(select(OutboxMessage).where(OutboxMessage.key == "consultation:1:reminder2"))


def test_a_snoozed_reminder_comes_back_the_next_working_morning_once_and_escalation_keeps_its_time(
    kontakt: Kontakt, driver: Driver, workspace: Workspace, bryggan: Bryggan, clock: FakeClock, upkeep: Upkeep
) -> None:
    _consult(driver, workspace)  # Tuesday 08:00, to Sara
    clock.set(_at(2026, 11, 24, 16, 0))
    upkeep.queue_ack_reminders()
    kontakt.deliver()
    reminder = _reminder(workspace)
    assert _labels(reminder) == ["Ta emot", "Påminn mig i morgon bitti"]

    # Omar (the deputy, who does not hold it) is refused with a correctly signed click.
    forged = workspace.store(
        replace(reminder, ts=workspace.next_ts(), channel=workspace.open_im(PEOPLE.omar).id)
    )
    assert _text(kontakt.click(PEOPLE.omar, forged, SNOOZE)) == (
        "Bara den som har *K-2026-0001* just nu kan skjuta upp påminnelsen; ingenting ändrades."
    )
    assert _snoozed_row(bryggan) is None

    said = _text(kontakt.click(PEOPLE.sara, reminder, SNOOZE))
    assert said.startswith("Du påminns om *K-2026-0001* igen 2026-11-25 kl. 08:00.")
    row = _snoozed_row(bryggan)
    assert row is not None
    assert row.due_at == _at(2026, 11, 25, 8, 0)
    assert _text(kontakt.click(PEOPLE.sara, reminder, SNOOZE)) == (
        "Påminnelsen om *K-2026-0001* är redan uppskjuten en gång och kan inte skjutas upp igen."
    )

    clock.set(_at(2026, 11, 25, 7, 59))
    kontakt.deliver()
    assert _dms(workspace, PEOPLE.sara, "sköt upp") == []
    clock.set(_at(2026, 11, 25, 8, 0))
    kontakt.deliver()
    back = _reminder(workspace, "Påminnelsen du sköt upp")
    assert back.text.startswith("Påminnelsen du sköt upp: konsultationen *K-2026-0001* från Berzeliusskolan")
    assert _labels(back) == ["Ta emot"]  # once only

    # The escalation comes after 16 working hours (Wednesday 15:00) as before, snooze or not.
    clock.set(_at(2026, 11, 25, 14, 59))
    upkeep.queue_ack_reminders()
    kontakt.deliver()
    assert _dms(workspace, PEOPLE.omar, "Eskalering") == []
    clock.set(_at(2026, 11, 25, 15, 0))
    upkeep.queue_ack_reminders()
    kontakt.deliver()
    assert len(_dms(workspace, PEOPLE.omar, "Eskalering")) == 1


def test_a_friday_snooze_waits_for_monday_and_taking_the_case_withdraws_it(
    kontakt: Kontakt, driver: Driver, workspace: Workspace, bryggan: Bryggan, clock: FakeClock, upkeep: Upkeep
) -> None:
    clock.set(_at(2026, 11, 26, 13, 0))  # Thursday
    _consult(driver, workspace)
    clock.set(_at(2026, 11, 27, 13, 0))  # Friday, eight working hours later
    upkeep.queue_ack_reminders()
    kontakt.deliver()
    kontakt.click(PEOPLE.sara, _reminder(workspace), SNOOZE)
    row = _snoozed_row(bryggan)
    assert row is not None
    assert row.due_at == _at(2026, 11, 30, 8, 0)  # Monday
    received = [m for m in workspace.dm_messages_to(PEOPLE.sara) if "Ny konsultation" in m.text][-1]
    kontakt.click(PEOPLE.sara, received, "konsultation_ack")
    assert _snoozed_row(bryggan) is None
    clock.set(_at(2026, 11, 30, 8, 0))
    kontakt.deliver()
    assert _dms(workspace, PEOPLE.sara, "sköt upp") == []
