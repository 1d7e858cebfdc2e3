"""Before a case is taken its asker may withdraw it (texts deleted at once) or add to its description."""

from __future__ import annotations

from dataclasses import replace

from sqlalchemy import select

from bot.app import Bryggan
from localslack import Driver, Message, Workspace
from storage.models import AuditEvent, Consultation, ConsultationReply, ConsultationStatus, OutboxMessage
from storage.sealed_texts import reseal_texts
from tests.e2e import test_consultations as _seeded
from tests.e2e.test_consultation_purge import PURGE, _anywhere_in_slack, _latest
from tests.e2e.test_consultation_replies import _delivered_case, _dm_with, _reply, _write
from tests.e2e.test_consultations import CLEAN
from tests.e2e.test_contacts import Kontakt, _text
from tests.slackbed import PEOPLE

kontakt = _seeded.kontakt  # Berzeliusskolan with Sara as contact and Omar as deputy

EARLY = "Vi har också sett att eleven ofta saknar frukost och lunchlåda."
MORE = "Det har blivit värre de senaste två veckorna, särskilt efter helgerna."
WITHDRAW = "konsultation_withdraw"


def _addition(text: str) -> dict:
    return {"addition": {"addition": {"type": "plain_text_input", "value": text}}}


def _case(bryggan: Bryggan) -> Consultation:
    with bryggan.sessions.begin() as session:
        return session.scalars(select(Consultation)).one()


def _labels(message: Message) -> list[str]:
    return [e["text"]["text"] for b in message.blocks or [] if b["type"] == "actions" for e in b["elements"]]


def test_the_asker_adds_to_and_then_withdraws_an_untaken_case_and_its_texts_leave_slack(
    kontakt: Kontakt, driver: Driver, workspace: Workspace, bryggan: Bryggan
) -> None:
    received, receipt = _delivered_case(kontakt, driver, workspace)
    assert _labels(receipt) == ["Svara", "Lägg till", "Dra tillbaka", "Innehåller personuppgifter"]
    _write(driver, workspace, PEOPLE.rektor, receipt, "Svara", _reply(EARLY))

    # An addition passes the guard like the first text; a clean one reaches Sara in the case's thread.
    first = _case(bryggan).description
    _write(
        driver,
        workspace,
        PEOPLE.rektor,
        receipt,
        "Lägg till",
        _addition("Hennes bror Elias Berg går i åk 9."),
    )
    assert "namn" in workspace.modal_errors_of(PEOPLE.rektor)["addition"]
    assert driver.view_submission(user=PEOPLE.rektor, values=_addition(MORE)).status == 200
    kontakt.deliver()
    added = _dm_with(workspace, PEOPLE.sara, "Tillägg i *K-2026-0001*")
    assert MORE in added.text
    early = _dm_with(workspace, PEOPLE.sara, EARLY)
    assert added.thread_ts == received.ts
    assert _case(bryggan).description not in (None, first)  # sealed again with the addition

    # Only the asker may withdraw or add: Sara's correctly signed click is refused, nothing changes.
    forged = workspace.store(
        replace(receipt, ts=workspace.next_ts(), channel=workspace.open_im(PEOPLE.sara).id)
    )
    refusal = kontakt.click(PEOPLE.sara, forged, WITHDRAW)
    assert _text(refusal).startswith("Bara den som skickade konsultationen kan dra tillbaka den")
    _write(driver, workspace, PEOPLE.sara, forged, "Lägg till", _addition(MORE))
    assert workspace.modal_errors_of(PEOPLE.sara)["addition"].startswith("Bara den som skickade")
    assert _case(bryggan).withdrawn_at is None

    done = kontakt.click(PEOPLE.rektor, receipt, WITHDRAW)
    assert _text(done).startswith("*K-2026-0001* är tillbakadragen och texten raderad.")
    case = _case(bryggan)  # deleted at once, before anything is delivered
    assert (case.description, case.status) == (None, ConsultationStatus.CLOSED)
    assert case.withdrawn_at is not None
    with bryggan.sessions.begin() as session:
        assert [r.body for r in session.scalars(select(ConsultationReply))] == [None]
        rows = list(session.scalars(select(OutboxMessage)))
        assert not [row.key for row in rows if "text" in (row.args or {})]
        assert [
            e.actor_id
            for e in session.scalars(select(AuditEvent).where(AuditEvent.action == "consultation_withdrawn"))
        ] == [PEOPLE.rektor]

    kontakt.deliver()
    gone = "*K-2026-0001* drogs tillbaka av <@U0REKTOR1> innan den togs emot. Texten är raderad."
    for message in (received, added, early, receipt):
        now = _latest(workspace, message)
        assert now.text == gone
        assert _labels(now) == []
    assert not [m for m in workspace.dm_messages_to(PEOPLE.sara) if MORE in m.text or EARLY in m.text]

    followup = bryggan.services.followup
    counted = followup.report("T0TEST001", followup.term("T0TEST001", "HT2026")).municipality.consultations
    assert (counted.withdrawn, counted.forwarded, counted.replied) == (
        1,
        0,
        0,
    )  # the asker's reply not counted

    # Withdrawn, it cannot be taken (from a copy kept from before), withdrawn or added to again.
    kept = workspace.store(replace(received, ts=workspace.next_ts()))
    assert (
        _text(kontakt.click(PEOPLE.sara, kept, "konsultation_ack"))
        == "*K-2026-0001* är tillbakadragen; ingenting ändrades."
    )
    again = workspace.store(replace(receipt, ts=workspace.next_ts()))
    assert (
        _text(kontakt.click(PEOPLE.rektor, again, WITHDRAW))
        == "*K-2026-0001* är tillbakadragen; ingenting ändrades."
    )


def test_a_taken_case_can_no_longer_be_withdrawn_or_added_to(
    kontakt: Kontakt, driver: Driver, workspace: Workspace, bryggan: Bryggan
) -> None:
    received, receipt = _delivered_case(kontakt, driver, workspace)
    kontakt.click(PEOPLE.sara, received, "konsultation_ack")
    refusal = kontakt.click(PEOPLE.rektor, receipt, WITHDRAW)
    assert _text(refusal) == (
        "*K-2026-0001* är redan mottagen, så den kan inte längre dras tillbaka eller ändras. "
        "Skriv ett svar i stället."
    )
    _write(driver, workspace, PEOPLE.rektor, receipt, "Lägg till", _addition(MORE))
    assert workspace.modal_errors_of(PEOPLE.rektor)["addition"].startswith("*K-2026-0001* är redan mottagen")
    case = _case(bryggan)
    assert (case.status, case.withdrawn_at) == (ConsultationStatus.ACKNOWLEDGED, None)
    assert case.description is not None


def test_a_withdrawn_description_takes_its_addition_with_it(
    kontakt: Kontakt, driver: Driver, workspace: Workspace, bryggan: Bryggan
) -> None:
    """An addition seals the description anew: what is stripped is found by what carries it."""
    _received, receipt = _delivered_case(kontakt, driver, workspace)
    _write(driver, workspace, PEOPLE.rektor, receipt, "Lägg till", _addition(MORE))
    kontakt.deliver()
    kontakt.click(PEOPLE.rektor, receipt, PURGE)
    kontakt.deliver()
    assert _case(bryggan).description is None
    assert _anywhere_in_slack(workspace, CLEAN) == []
    assert _anywhere_in_slack(workspace, MORE) == []
    with bryggan.sessions.begin() as session:
        assert [r.key for r in session.scalars(select(OutboxMessage)) if "text" in r.args] == []


def test_a_withdrawal_after_key_rotation_still_reaches_every_copy(
    kontakt: Kontakt, driver: Driver, workspace: Workspace, bryggan: Bryggan
) -> None:
    """Key rotation seals every text anew, the replies a copy carries included."""
    received, _receipt = _delivered_case(kontakt, driver, workspace)
    box = bryggan.services.consultations.intake._box
    with bryggan.sessions.begin() as session:
        replaced, left = reseal_texts(session, reseal=box.reseal)
    assert (replaced > 0, left) == (True, 0)
    kontakt.click(PEOPLE.sara, received, PURGE)
    kontakt.deliver()
    assert _case(bryggan).description is None
    assert _anywhere_in_slack(workspace, CLEAN) == []
    with bryggan.sessions.begin() as session:
        assert [r.key for r in session.scalars(select(OutboxMessage)) if "text" in r.args] == []
