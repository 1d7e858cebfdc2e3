"""A case taken by someone other than its first receiver moves to their DM, and replies follow it there."""

from __future__ import annotations

from dataclasses import replace
from datetime import datetime, timedelta

from sqlalchemy import select

from bot.app import Bryggan
from bot.clock import FakeClock
from localslack import Driver, LocalSlack, Message, Workspace
from storage.models import Consultation, ConsultationStatus, DeliveryStatus, OutboxMessage
from tests.conftest import STOCKHOLM
from tests.e2e import test_consultations as _seeded
from tests.e2e.test_consultation_replies import _dm_with, _reply, _write
from tests.e2e.test_consultations import CLEAN, _open, _submit
from tests.e2e.test_contacts import Kontakt, _text
from tests.slackbed import CHANNELS, PEOPLE

kontakt = _seeded.kontakt  # Berzeliusskolan with Sara as contact and Omar as deputy
fallback_driver = _seeded.fallback_driver  # the app with #personalrummet as BRYGGAN_FALLBACK_CHANNEL

EARLY = "Vi har också sett att eleven ofta saknar frukost och lunchlåda."
ADVICE = "Bjud in vårdnadshavarna till ett samtal och erbjud skolmåltid redan från nästa vecka."
THANKS = "Tack, vi bokar ett möte med vårdnadshavarna på torsdag."


def _case(bryggan: Bryggan) -> Consultation:
    with bryggan.sessions.begin() as session:
        return session.scalars(select(Consultation)).one()


def _rows(bryggan: Bryggan) -> dict[str, DeliveryStatus]:
    with bryggan.sessions.begin() as session:
        rows = session.scalars(select(OutboxMessage).where(OutboxMessage.key.like("consultation:%")))
        return {row.key: row.status for row in rows}


def _replied_with_a_lost_answer(kontakt: Kontakt, slack: LocalSlack, clock: FakeClock) -> None:
    """Deliver a threaded reply whose post Slack stores but answers with a failure; then reconcile."""
    slack.faults.inject(method="chat.postMessage", kind="accept_then_fail")
    kontakt.deliver()
    assert slack.faults.fired[-1] == ("chat.postMessage", "accept_then_fail")
    clock.advance(timedelta(seconds=5))
    kontakt.deliver()


def _latest(workspace: Workspace, channel: str, ts: str) -> Message:
    return next(m for m in workspace.messages_in(channel) if m.ts == ts)


def case_in_the_fallback_channel(
    fallback_driver: tuple[Driver, Bryggan], workspace: Workspace
) -> tuple[Kontakt, Message, Message]:
    """Sara is the only contact and away, so the rektor's clean case goes to the fallback channel."""
    driver, app = fallback_driver
    kontakt = Kontakt(driver, workspace, app)
    kontakt(PEOPLE.admin, CHANNELS.berzelius, "koppla Berzeliusskolan")
    kontakt(PEOPLE.admin, CHANNELS.berzelius, "tilldela @sara")
    kontakt(PEOPLE.sara, CHANNELS.berzelius, "frånvaro idag")  # no deputy: the case goes to the channel
    _open(driver, workspace)
    _submit(driver, CLEAN)
    kontakt.deliver()
    [posted] = [m for m in workspace.messages_in(CHANNELS.personalrum) if "K-2026-0001" in m.text]
    return kontakt, posted, _dm_with(workspace, PEOPLE.rektor, "Kvitto")


def test_taken_from_the_fallback_channel_the_case_and_its_replies_move_to_the_takers_dm(
    fallback_driver: tuple[Driver, Bryggan], workspace: Workspace, slack: LocalSlack, clock: FakeClock
) -> None:
    driver, app = fallback_driver
    kontakt, posted, receipt = case_in_the_fallback_channel(fallback_driver, workspace)

    # Before anyone takes it, the asker's reply goes where the case is: the channel's thread.
    _write(driver, workspace, PEOPLE.rektor, receipt, "Svara", _reply(EARLY))
    kontakt.deliver()
    [early] = [m for m in workspace.messages_in(CHANNELS.personalrum) if EARLY in m.text]
    assert early.thread_ts == posted.ts

    clock.set(datetime(2026, 11, 25, 8, 0, tzinfo=STOCKHOLM))  # Sara is back and takes it there
    assert "Du har tagit emot *K-2026-0001*." in _text(kontakt.click(PEOPLE.sara, posted, "konsultation_ack"))
    kontakt.deliver()
    held = _dm_with(workspace, PEOPLE.sara, "K-2026-0001")
    assert CLEAN in held.text
    assert f"<@{PEOPLE.rektor}>: {EARLY}" in held.text
    assert [e["text"]["text"] for e in held.blocks[-1]["elements"]] == [
        "Svara",
        "Föreslå samtalstid",
        "Avsluta",
        "Vidarebefordra",
        "Innehåller personuppgifter",
    ]
    moved = _latest(workspace, CHANNELS.personalrum, posted.ts)
    assert "*K-2026-0001* har tagits emot av <@U0SARA001>, som har ärendet nu." in moved.text
    assert CLEAN not in moved.text
    assert all(b["type"] != "actions" for b in moved.blocks or [])
    case = _case(app)
    assert (case.holder_id, case.holder_thread) == (PEOPLE.sara, f"consultation:{case.id}:held:{PEOPLE.sara}")

    # The asker's next reply reaches Sara's DM in her thread, once, though Slack's answer was lost.
    acknowledged = _dm_with(workspace, PEOPLE.rektor, "har tagit emot din konsultation")
    _write(driver, workspace, PEOPLE.rektor, receipt, "Svara", _reply(THANKS))
    _replied_with_a_lost_answer(kontakt, slack, clock)
    [thanks] = [m for m in workspace.dm_messages_to(PEOPLE.sara) if THANKS in m.text]
    assert thanks.thread_ts == held.ts
    assert not [m for m in workspace.messages_in(CHANNELS.personalrum) if THANKS in m.text]

    # And Sara's answer reaches the asker's thread.
    _write(driver, workspace, PEOPLE.sara, held, "Svara", _reply(ADVICE))
    kontakt.deliver()
    [advice] = [m for m in workspace.dm_messages_to(PEOPLE.rektor) if ADVICE in m.text]
    assert advice.thread_ts == receipt.ts
    assert acknowledged.thread_ts is None
    assert set(_rows(app).values()) == {DeliveryStatus.SENT}


def test_taken_by_the_deputy_the_case_moves_to_the_deputys_dm_and_the_contact_is_told(
    kontakt: Kontakt,
    driver: Driver,
    workspace: Workspace,
    bryggan: Bryggan,
    slack: LocalSlack,
    clock: FakeClock,
) -> None:
    _open(driver, workspace)
    _submit(driver, CLEAN)  # Tuesday 08:00, to Sara
    kontakt.deliver()
    received = _dm_with(workspace, PEOPLE.sara, "Ny konsultation")
    receipt = _dm_with(workspace, PEOPLE.rektor, "Kvitto")
    kontakt(PEOPLE.sara, CHANNELS.berzelius, "frånvaro idag 4/12")  # and Sara falls ill
    _write(driver, workspace, PEOPLE.rektor, receipt, "Svara", _reply(EARLY))
    kontakt.deliver()
    early = _dm_with(workspace, PEOPLE.sara, EARLY)
    assert early.thread_ts == received.ts

    clock.set(datetime(2026, 11, 25, 15, 0, tzinfo=STOCKHOLM))  # 16 working hours untaken
    bryggan.services.consultations.upkeep.queue_ack_reminders()
    kontakt.deliver()
    escalation = _dm_with(workspace, PEOPLE.omar, "Eskalering")
    assert "Du har tagit emot" in _text(kontakt.click(PEOPLE.omar, escalation, "konsultation_ack"))
    kontakt.deliver()
    held = _dm_with(workspace, PEOPLE.omar, "Konsultation K-2026-0001")
    assert CLEAN in held.text
    assert EARLY in held.text
    assert "den kom först till <@U0SARA001>" in held.text
    moved = _latest(workspace, workspace.im_id(PEOPLE.sara), received.ts)
    assert moved.text.startswith("*K-2026-0001* har tagits emot av <@U0OMAR001>, som har ärendet nu.")
    assert CLEAN not in moved.text

    # Omar answers; Slack stores his threaded reply but the answer is lost: found, not sent twice.
    _write(driver, workspace, PEOPLE.omar, held, "Svara", _reply(ADVICE))
    _replied_with_a_lost_answer(kontakt, slack, clock)
    [advice] = [m for m in workspace.dm_messages_to(PEOPLE.rektor) if ADVICE in m.text]
    assert advice.thread_ts == receipt.ts

    # The asker answers from that reply: it reaches Omar's thread, not Sara's.
    sara_saw = len(workspace.dm_messages_to(PEOPLE.sara))
    _write(driver, workspace, PEOPLE.rektor, advice, "Svara", _reply(THANKS))
    kontakt.deliver()
    thanks = _dm_with(workspace, PEOPLE.omar, THANKS)
    assert thanks.thread_ts == held.ts
    assert len(workspace.dm_messages_to(PEOPLE.sara)) == sara_saw
    assert set(_rows(bryggan).values()) == {DeliveryStatus.SENT}

    # Sara, back at her old thread, is told who has the case; nothing is sent.
    _write(driver, workspace, PEOPLE.sara, early, "Svara", _reply("Jag hör av mig när jag är tillbaka."))
    refusal = workspace.modal_errors_of(PEOPLE.sara)["reply"]
    assert "*K-2026-0001* har redan tagits emot av <@U0OMAR001>; ingenting ändrades." in refusal
    assert len(_rows(bryggan)) == len(set(_rows(bryggan)))


def test_take_on_a_taken_or_closed_case_says_what_is_true_and_changes_nothing(
    kontakt: Kontakt, driver: Driver, workspace: Workspace, bryggan: Bryggan
) -> None:
    _open(driver, workspace)
    _submit(driver, CLEAN)
    kontakt.deliver()
    received = _dm_with(workspace, PEOPLE.sara, "Ny konsultation")
    kontakt.click(PEOPLE.sara, received, "konsultation_ack")
    kontakt.deliver()
    taken = _case(bryggan)
    owed = _rows(bryggan)

    again = kontakt.click(PEOPLE.sara, received, "konsultation_ack")
    assert _text(again) == "Du har redan tagit emot *K-2026-0001*; ingenting ändrades."
    forged = workspace.store(
        replace(received, ts=workspace.next_ts(), channel=workspace.open_im(PEOPLE.omar).id)
    )
    by_other = kontakt.click(PEOPLE.omar, forged, "konsultation_ack")
    assert _text(by_other) == "*K-2026-0001* har redan tagits emot av <@U0SARA001>; ingenting ändrades."
    assert _rows(bryggan) == owed
    assert (_case(bryggan).acknowledged_by, _case(bryggan).acknowledged_at) == (
        taken.acknowledged_by,
        taken.acknowledged_at,
    )

    outcome = {"outcome": {"outcome": {"type": "static_select", "selected_option": {"value": "rad_lamnat"}}}}
    _write(driver, workspace, PEOPLE.sara, received, "Avsluta", outcome)
    kontakt.deliver()
    owed = _rows(bryggan)
    closed = kontakt.click(PEOPLE.sara, received, "konsultation_ack")
    assert _text(closed) == "*K-2026-0001* är redan avslutad."
    assert "Frågeställaren har fått besked" not in _text(closed)
    assert _rows(bryggan) == owed
    assert _case(bryggan).status is ConsultationStatus.CLOSED
