"""Consultations after intake: replies both ways through the guard, in each side's thread; closing."""

from __future__ import annotations

from dataclasses import replace
from datetime import timedelta

from sqlalchemy import select

from bot.app import Bryggan
from bot.clock import FakeClock
from localslack import Driver, Message, Workspace
from storage.models import Consultation, ConsultationReply, ConsultationStatus
from tests.e2e import test_consultations as _seeded
from tests.e2e.test_consultations import CLEAN, _open, _submit
from tests.e2e.test_contacts import Kontakt, _text
from tests.slackbed import PEOPLE

kontakt = _seeded.kontakt  # the same fixture: Berzeliusskolan with Sara as contact, Omar as deputy


def _dm_with(workspace: Workspace, user: str, needle: str) -> Message:
    return [m for m in workspace.dm_messages_to(user) if needle in m.text][-1]


def _write(
    driver: Driver, workspace: Workspace, user: str, message: Message, label: str, value: dict
) -> None:
    button = next(
        e
        for b in message.blocks
        if b["type"] == "actions"
        for e in b["elements"]
        if e["text"]["text"] == label
    )
    while workspace.views_of(user):  # a person closes the last "done" window before clicking on
        driver.view_closed(user=user)
    before = len(workspace.views_of(user))
    driver.block_action(user=user, action_id=button["action_id"], message=message)
    workspace.wait_for(lambda ws: ws.views_of(user)[before:] or None)
    assert driver.view_submission(user=user, values=value).status == 200


def _delivered_case(kontakt: Kontakt, driver: Driver, workspace: Workspace) -> tuple[Message, Message]:
    """Rektor submits a clean case; returns Sara's received DM and rektor's receipt, both delivered."""
    _open(driver, workspace)
    _submit(driver, CLEAN)
    kontakt.deliver()
    return _dm_with(workspace, PEOPLE.sara, "Ny konsultation"), _dm_with(workspace, PEOPLE.rektor, "Kvitto")


def _reply(text: str) -> dict:
    return {"reply": {"reply": {"type": "plain_text_input", "value": text}}}


def _case(bryggan: Bryggan) -> Consultation:
    with bryggan.sessions.begin() as session:
        return session.scalars(select(Consultation)).one()


def _replies(bryggan: Bryggan) -> list[ConsultationReply]:
    with bryggan.sessions.begin() as session:
        return list(session.scalars(select(ConsultationReply)))


def test_replies_go_both_ways_through_the_guard_in_each_sides_thread(
    kontakt: Kontakt, driver: Driver, workspace: Workspace, bryggan: Bryggan
) -> None:
    received, receipt = _delivered_case(kontakt, driver, workspace)

    _write(driver, workspace, PEOPLE.sara, received, "Svara", _reply("Ring mig, Amira Hassans mamma vet."))
    assert "namn (ord 3)" in workspace.modal_errors_of(PEOPLE.sara)["reply"]
    assert _replies(bryggan) == []

    advice = "Prata med eleven om frånvaron och bjud in vårdnadshavarna till ett möte på skolan."
    driver.view_submission(user=PEOPLE.sara, values=_reply(advice))
    kontakt.deliver()
    answer = _dm_with(workspace, PEOPLE.rektor, "Svar i *K-2026-0001*")
    assert advice in answer.text
    assert answer.thread_ts == receipt.ts  # in the asker's thread for this case
    [stored] = _replies(bryggan)
    assert stored.body is not None
    assert "frånvaron" not in stored.body  # encrypted at rest
    assert _case(bryggan).status is ConsultationStatus.ACKNOWLEDGED  # answering is taking it

    _write(driver, workspace, PEOPLE.rektor, answer, "Svara", _reply("Tack, vi bokar ett möte nästa vecka."))
    kontakt.deliver()
    back = _dm_with(workspace, PEOPLE.sara, "Tack, vi bokar")
    assert back.thread_ts == received.ts


def test_closing_with_an_outcome_tells_the_asker_and_reminds_of_the_duty_to_report(
    kontakt: Kontakt, driver: Driver, workspace: Workspace, bryggan: Bryggan
) -> None:
    received, _receipt = _delivered_case(kontakt, driver, workspace)
    outcome = {
        "outcome": {
            "outcome": {"type": "static_select", "selected_option": {"value": "orosanmalan_rekommenderas"}}
        }
    }
    _write(driver, workspace, PEOPLE.sara, received, "Avsluta", outcome)
    kontakt.deliver()
    closed = _dm_with(workspace, PEOPLE.rektor, "har avslutat")
    assert "<@U0SARA001> har avslutat *K-2026-0001*: Orosanmälan rekommenderas." in closed.text
    assert "*Kom ihåg anmälningsplikten:*" in closed.text
    case = _case(bryggan)
    assert (case.status, case.outcome) == (ConsultationStatus.CLOSED, "orosanmalan_rekommenderas")

    _write(driver, workspace, PEOPLE.sara, received, "Svara", _reply("En sak till om frånvaron i åk 8."))
    assert "*K-2026-0001* är redan avslutad." in workspace.modal_errors_of(PEOPLE.sara)["reply"]


def test_someone_outside_the_case_can_neither_reply_nor_close(
    kontakt: Kontakt, driver: Driver, workspace: Workspace, bryggan: Bryggan
) -> None:
    received, _receipt = _delivered_case(kontakt, driver, workspace)
    forged = workspace.store(
        replace(received, ts=workspace.next_ts(), channel=workspace.open_im(PEOPLE.kurator_en).id)
    )
    _write(
        driver, workspace, PEOPLE.kurator_en, forged, "Svara", _reply("Jag vill också säga något om åk 8.")
    )
    assert "Only the school's contact and deputy" in workspace.modal_errors_of(PEOPLE.kurator_en)["reply"]
    assert _replies(bryggan) == []
    assert _text(kontakt(PEOPLE.rektor, "C0BERZELI"))  # the app still answers normally


def test_mina_lists_open_cases_with_their_age_and_no_text(
    kontakt: Kontakt, driver: Driver, workspace: Workspace, clock: FakeClock
) -> None:
    _open(driver, workspace)
    _submit(driver, CLEAN)
    clock.advance(timedelta(days=3))
    seen = len(workspace.ephemerals_to(PEOPLE.sara))
    driver.command(user=PEOPLE.sara, channel="C0PERSONA", command="/konsultation", text="mina")
    listed = workspace.wait_for(lambda ws: ws.ephemerals_to(PEOPLE.sara)[seen:] or None)[-1]
    assert (
        "*Dina öppna konsultationer*\n• *K-2026-0001*, Berzeliusskolan – ej mottagen, öppen i 3 dagar"
        in listed.text
    )
    assert "frånvarande" not in listed.text  # lists never show what was written
    seen = len(workspace.ephemerals_to(PEOPLE.rektor))
    driver.command(user=PEOPLE.rektor, channel="C0PERSONA", command="/konsultation", text="mine")
    asked = workspace.wait_for(lambda ws: ws.ephemerals_to(PEOPLE.rektor)[seen:] or None)[-1]
    assert "(du frågade)" in asked.text
    driver.app_home_opened(user=PEOPLE.sara)
    home = workspace.wait_for(lambda ws: ws.home_of(PEOPLE.sara))
    assert any("K-2026-0001" in b.get("text", {}).get("text", "") for b in home["blocks"])
    seen = len(workspace.ephemerals_to(PEOPLE.kurator_en))
    driver.command(user=PEOPLE.kurator_en, channel="C0PERSONA", command="/konsultation", text="mine")
    nothing = workspace.wait_for(lambda ws: ws.ephemerals_to(PEOPLE.kurator_en)[seen:] or None)[-1]
    assert nothing.text == "You have no open consultations."


def test_the_receiver_proposes_a_call_time_in_the_askers_thread(
    kontakt: Kontakt, driver: Driver, workspace: Workspace, bryggan: Bryggan
) -> None:
    received, receipt = _delivered_case(kontakt, driver, workspace)
    past = {
        "day": {"day": {"type": "datepicker", "selected_date": "2026-11-23"}},
        "time": {"time": {"type": "timepicker", "selected_time": "10:00"}},
    }
    _write(driver, workspace, PEOPLE.sara, received, "Föreslå samtalstid", past)
    assert workspace.modal_errors_of(PEOPLE.sara) == {"day": "Välj en tid som inte redan har passerat."}
    future = {
        "day": {"day": {"type": "datepicker", "selected_date": "2026-11-26"}},
        "time": {"time": {"type": "timepicker", "selected_time": "14:30"}},
    }
    driver.view_submission(user=PEOPLE.sara, values=future)
    kontakt.deliver()
    call = _dm_with(workspace, PEOPLE.rektor, "föreslår ett samtal")
    assert "<@U0SARA001> föreslår ett samtal om *K-2026-0001* 2026-11-26 kl. 14:30." in call.text
    assert call.thread_ts == receipt.ts
    assert _case(bryggan).status is ConsultationStatus.ACKNOWLEDGED


def test_every_time_a_text_is_shown_it_is_audited_with_its_reader(
    kontakt: Kontakt, driver: Driver, workspace: Workspace, bryggan: Bryggan
) -> None:
    received, _receipt = _delivered_case(kontakt, driver, workspace)
    _write(
        driver,
        workspace,
        PEOPLE.sara,
        received,
        "Svara",
        _reply("Ring mig gärna i morgon förmiddag om frånvaron."),
    )
    kontakt.deliver()
    from storage.models import AuditEvent

    with bryggan.sessions.begin() as session:
        shown = session.execute(
            select(AuditEvent.actor_id, AuditEvent.subject_id).where(
                AuditEvent.action == "consultation_text_shown"
            )
        ).all()
    assert sorted(shown) == [(PEOPLE.rektor, "K-2026-0001"), (PEOPLE.sara, "K-2026-0001")]
