"""The browser playground, clicked through in Chromium: every gesture reaches Bryggan as Slack's signed
payload through the stand-in, so the database and the stand-in's record show what the page showed."""

from __future__ import annotations

import re
from datetime import timedelta

import pytest
from sqlalchemy import select

from bot.playground import Served
from storage.models import Assignment, Consultation, ConsultationStatus, Role
from tests.browser.conftest import shoot

pytestmark = pytest.mark.slow

ADMIN, REKTOR, KURATOR, SARA, OMAR = "U0ADMIN01", "U0REKTOR1", "U0KURATOR", "U0SARA001", "U0OMAR001"


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


def test_an_administrator_assigns_a_contact_and_the_dm_arrives(page, playground: Served) -> None:
    be(page, ADMIN)
    open_conversation(page, "kunskapsbron")
    type_command(page, "/kontakt tilldela @omar")
    reply = message(page, "Klart: @omar är nu kontaktperson för Friskolan Kunskapsbron.")
    assert "Bara synligt för dig" in reply.inner_text()  # an ephemeral reply is marked as such
    message(page, "Ny kontaktperson på socialtjänsten för Friskolan Kunskapsbron: @omar").wait_for()

    be(page, OMAR)
    dm = page.locator("#dm-list button")
    dm.locator(".badge").wait_for()  # the unread DM is marked in the sidebar
    dm.click()
    message(page, "Du är nu kontaktperson på socialtjänsten för Friskolan Kunskapsbron").wait_for()
    shoot(page, "assignment-dm")
    ws = playground.demo.workspace
    (sent,) = [m for m in ws.dm_messages_to(OMAR) if "Friskolan Kunskapsbron" in m.text]
    assert sent.bot_id  # posted by Bryggan through the stand-in's chat.postMessage
    with playground.demo.bryggan.sessions.begin() as session:
        current = session.scalars(
            select(Assignment).where(Assignment.person_id == OMAR, Assignment.ends_at.is_(None))
        ).all()
        assert {a.role for a in current} == {Role.DEPUTY, Role.CONTACT}  # still Berzeliusskolan's deputy

    page.get_by_role("button", name="English").click()
    page.locator(".sidebar h2", has_text="Direct messages").wait_for()
    assert page.locator("html").get_attribute("lang") == "en"


def test_moving_the_clock_brings_the_meeting_reminder_with_its_agenda(page, playground: Served) -> None:
    be(page, REKTOR)
    open_conversation(page, "berzeliusskolan")
    type_command(page, "/eht punkt Rutin för frånvaro i åk 8")
    message(page, "Punkten är tillagd på dagordningen för EHT-mötet").wait_for()
    before = page.locator("#clock-now").inner_text()
    page.get_by_role("button", name="+7 dagar").click()
    page.wait_for_function("text => document.querySelector('#clock-now').textContent !== text", arg=before)
    reminder = message(page, "EHT-möte")
    reminder.get_by_text("Rutin för frånvaro i åk 8").wait_for()
    shoot(page, "meeting-reminder")
    be(page, SARA)
    page.locator("#dm-list button").click()
    message(page, "Om en stund: EHT-möte").wait_for()
    posted = [m.text for m in playground.demo.workspace.messages_in("C0BERZELI")]
    assert any("Rutin för frånvaro i åk 8" in text for text in posted)


def test_the_follow_up_charts_are_shown_in_a_dm(page, playground: Served) -> None:
    be(page, ADMIN)
    open_conversation(page, "personalrummet")
    type_command(page, "/uppföljning")
    message(page, "Uppföljning").wait_for()
    page.locator("#dm-list button").click()
    chart = page.locator("#messages figure.file img").first
    chart.wait_for()
    page.wait_for_function(
        "() => [...document.querySelectorAll('#messages figure.file img')].every(i => i.naturalWidth > 0)"
    )
    shoot(page, "followup-chart")
    source = chart.get_attribute("src")
    file_id = source.split("/")[2]
    uploaded = playground.demo.workspace.file(file_id)
    assert uploaded is not None
    assert uploaded.name.endswith(".png")
    assert uploaded.content.startswith(b"\x89PNG")


def send_consultation(page, text: str) -> str:
    """The kurator sends a clean consultation from #ekholmsskolan; its number."""
    be(page, KURATOR)
    open_conversation(page, "ekholmsskolan")
    type_command(page, "/konsultation")
    modal = page.locator("#modal")
    modal.get_by_label("Årskurs").select_option(label="Åk 7")
    modal.get_by_label("Vad gäller oron?").select_option(label=["Frånvaro"])
    modal.get_by_label("Beskriv oron – utan att barnet kan identifieras").fill(text)
    modal.get_by_role("button", name="Skicka").click()
    sent = modal.get_by_text(re.compile(r"Tack! Konsultationen K-\d{4}-\d{4} är skickad"))
    number = re.search(r"K-\d{4}-\d{4}", sent.inner_text())[0]
    page.keyboard.press("Escape")  # closes the window, as in Slack
    modal.wait_for(state="hidden")
    return number


def test_a_confirm_dialog_a_date_and_time_and_the_home_tab(page, playground: Served) -> None:
    text = "En elev i åk 7 kommer sent <b>varje</b> morgon & verkar trött."
    number = send_consultation(page, text)
    be(page, SARA)
    page.locator("#dm-list button").click()
    case = message(page, f"Ny konsultation {number}")
    case.get_by_role("button", name="Innehåller personuppgifter").click()
    confirm = page.locator("#confirm")
    confirm.get_by_text("Ta bort texten?").wait_for()
    shoot(page, "confirm-dialog")
    page.keyboard.press("Escape")  # the confirm dialog's cancel: nothing is sent
    confirm.wait_for(state="hidden")
    shown = message(page, f"Ny konsultation {number}")
    assert text in shown.inner_text()  # user text is shown as typed, never read as HTML
    assert shown.locator("b").count() == 0

    message(page, f"Ny konsultation {number}").get_by_role("button", name="Föreslå samtalstid").click()
    modal = page.locator("#modal")
    day = playground.demo.now().date() + timedelta(days=1)
    while day.weekday() >= 5:
        day += timedelta(days=1)
    modal.get_by_label("Dag").fill(day.isoformat())
    modal.get_by_label("Tid").fill("13:30")
    modal.get_by_role("button", name="Skicka").click()
    modal.get_by_text(f"Förslaget om samtalstid i {number} är skickat.").wait_for()
    page.locator("#modal-close").click()
    modal.wait_for(state="hidden")
    call = next(
        m for m in playground.demo.workspace.dm_messages_to(KURATOR) if "föreslår ett samtal" in m.text
    )
    assert number in call.text
    assert "13" in call.text

    page.locator("#app-list button").click()
    page.locator("#messages").get_by_text("Bryggan – skola och socialtjänst").wait_for()
    assert playground.demo.workspace.home_of(SARA) is not None
    shoot(page, "home-tab")
