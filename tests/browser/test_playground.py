"""The browser playground, clicked through in Chromium: every gesture reaches Bryggan as Slack's signed
payload through the stand-in, so the database and the stand-in's record show what the page showed."""

from __future__ import annotations

import re

import pytest
from sqlalchemy import select

from bot.playground import Served
from storage.models import Consultation, ConsultationStatus
from tests.browser.conftest import shoot

pytestmark = pytest.mark.slow

KURATOR, SARA = "U0KURATOR", "U0SARA001"


def be(page, person: str) -> None:
    """Pick the person in the picker, as a visitor would."""
    page.select_option("#person", person)
    page.wait_for_function("id => document.querySelector('#person').value === id", arg=person)


def open_conversation(page, label: str) -> None:
    page.locator(".sidebar button", has_text=label).first.click()


def type_command(page, line: str) -> None:
    page.fill("#composer-text", line)
    page.press("#composer-text", "Enter")


def message(page, text: str):
    """The newest message in the open conversation that shows `text`."""
    return page.locator("#messages article", has_text=text).last


def test_a_consultation_end_to_end(page, playground: Served) -> None:
    be(page, KURATOR)
    open_conversation(page, "ekholmsskolan")
    type_command(page, "/konsultation")
    modal = page.locator("#modal")
    modal.get_by_text("Inte för akuta lägen.").wait_for()
    modal.get_by_label("Årskurs").select_option(label="Åk 8")
    modal.get_by_label("Vad gäller oron?").select_option(label=["Frånvaro", "Psykisk ohälsa"])
    description = modal.get_by_label("Beskriv oron – utan att barnet kan identifieras")
    description.fill("Eleven 20110312-2384 i åk 8 är ofta borta.")
    modal.get_by_role("button", name="Skicka").click()
    refusal = modal.locator(".error", has_text="personnummer (ord 2)")
    refusal.wait_for()
    assert "20110312" not in refusal.inner_text()  # the refusal names the kind, never the words
    assert description.get_attribute("aria-invalid") == "true"
    shoot(page, "consultation-refused")
    with playground.demo.bryggan.sessions.begin() as session:
        assert (
            session.scalars(
                select(Consultation).where(
                    Consultation.asker_id == KURATOR, Consultation.description.is_not(None)
                )
            ).all()
            == []
        )

    description.fill("En elev i åk 8 är ofta borta på måndagar och verkar orolig.")
    modal.get_by_role("button", name="Skicka").click()
    sent = modal.get_by_text(re.compile(r"Tack! Konsultationen K-\d{4}-\d{4} är skickad till @sara"))
    number = re.search(r"K-\d{4}-\d{4}", sent.inner_text())[0]
    page.locator("#modal-close").click()
    page.locator("#modal").wait_for(state="hidden")

    be(page, SARA)
    open_conversation(page, "Bryggan")
    case = message(page, f"Ny konsultation {number}")
    case.get_by_role("button", name="Ta emot").click()
    message(page, f"Ny konsultation {number}").get_by_role("button", name="Svara").click()
    modal.get_by_label("Ditt svar").fill("Ring gärna intaget om frånvaron fortsätter efter lovet.")
    modal.get_by_role("button", name="Skicka").click()
    modal.get_by_text(f"Ditt svar i {number} är skickat.").wait_for()
    page.locator("#modal-close").click()
    modal.wait_for(state="hidden")
    message(page, f"Ny konsultation {number}").get_by_role("button", name="Avsluta").click()
    modal.get_by_label("Utfall").select_option(label="Råd lämnat")
    modal.get_by_role("button", name="Avsluta").click()
    modal.get_by_text(f"{number} är avslutad. Frågeställaren har fått besked.").wait_for()
    page.locator("#modal-close").click()
    modal.wait_for(state="hidden")
    shoot(page, "consultation-social-secretary")

    be(page, KURATOR)
    open_conversation(page, "Bryggan")
    message(page, f"@sara har tagit emot din konsultation {number}").wait_for()
    receipt = message(page, number)
    receipt.wait_for()
    page.locator(".thread-link").last.click()
    thread = page.locator("#thread-messages")
    thread.get_by_text(f"Svar i {number} från @sara").wait_for()
    thread.get_by_text(f"@sara har avslutat {number}: Råd lämnat.").wait_for()
    shoot(page, "consultation-asker")

    year, seq = (int(part) for part in number.split("-")[1:])
    with playground.demo.bryggan.sessions.begin() as session:
        stored = session.scalars(
            select(Consultation).where(Consultation.year == year, Consultation.seq == seq)
        ).one()
        assert stored.status == ConsultationStatus.CLOSED
        assert stored.outcome == "rad_lamnat"
        assert stored.acknowledged_by == SARA
