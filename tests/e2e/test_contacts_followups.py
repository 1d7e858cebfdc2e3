"""Contacts, continued: the guarded handover note, the App Home by role, and the weekly digest."""

from __future__ import annotations

from datetime import datetime, timedelta

import pytest
from sqlalchemy import select

from bot.app import Bryggan
from bot.clock import FakeClock
from localslack import Driver, Workspace
from storage.models import AuditEvent, OutboxMessage
from tests.conftest import STOCKHOLM
from tests.e2e.test_contacts import Kontakt
from tests.slackbed import CHANNELS, PEOPLE


@pytest.fixture
def kontakt(driver: Driver, workspace: Workspace, bryggan: Bryggan) -> Kontakt:
    return Kontakt(driver, workspace, bryggan)


def _note_rows(bryggan: Bryggan) -> list[OutboxMessage]:
    with bryggan.sessions.begin() as session:
        return list(session.scalars(select(OutboxMessage).where(OutboxMessage.template == "handover_note")))


def _reassign_sara_to_omar(kontakt: Kontakt, workspace: Workspace) -> None:
    kontakt(PEOPLE.admin, CHANNELS.berzelius, "koppla Berzeliusskolan")
    kontakt(PEOPLE.admin, CHANNELS.berzelius, "tilldela @sara")
    kontakt(PEOPLE.admin, CHANNELS.berzelius, "tilldela @omar")
    kontakt.deliver()


def _note(text: str) -> dict:
    return {"note": {"note": {"type": "plain_text_input", "value": text}}}


def test_the_handover_note_is_guarded_then_relayed_to_the_new_contact_only(
    kontakt: Kontakt, driver: Driver, workspace: Workspace, bryggan: Bryggan, caplog: pytest.LogCaptureFixture
) -> None:
    _reassign_sara_to_omar(kontakt, workspace)
    farewell = workspace.dm_messages_to(PEOPLE.sara)[-1]
    button = farewell.blocks[-1]["elements"][0]
    assert button["text"]["text"] == "Skriv överlämningsanteckning"
    driver.block_action(user=PEOPLE.sara, action_id=button["action_id"], message=farewell)
    modal = workspace.wait_for(lambda ws: ws.views_of(PEOPLE.sara) or None)[-1]
    assert modal["title"]["text"] == "Överlämning"

    identifying = "Eleven Amira Hassan, 20110312-2384, behöver stöd."
    refused = driver.view_submission(user=PEOPLE.sara, values=_note(identifying))
    errors = workspace.modal_errors_of(PEOPLE.sara)
    assert refused.status == 200
    assert "namn (ord 2)" in errors["note"]
    assert "personnummer (ord 4)" in errors["note"]
    assert "Amira" not in errors["note"]
    assert "20110312" not in errors["note"]
    assert _note_rows(bryggan) == []  # nothing stored
    assert "Amira" not in caplog.text
    assert "20110312" not in caplog.text

    clean = "Rektor vill ha EHT varannan tisdag. Två ärenden om frånvaro i åk 8 pågår via mottagningen."
    driver.view_submission(user=PEOPLE.sara, values=_note(clean))
    assert workspace.views_of(PEOPLE.sara)[-1]["blocks"][0]["text"]["text"].startswith("Tack!")
    [queued] = _note_rows(bryggan)
    assert clean not in str(queued.args)  # sealed while it waits in the outbox
    kontakt.deliver()
    note = workspace.dm_messages_to(PEOPLE.omar)[-1]
    assert note.text.startswith("Överlämningsanteckning från <@U0SARA001> om *Berzeliusskolan*:")
    assert clean in note.text
    assert not any(clean in m.text for m in workspace.messages if m.channel != note.channel)
    with bryggan.sessions.begin() as session:
        audited = session.scalars(select(AuditEvent).where(AuditEvent.action == "handover_note_sent")).all()
        assert [(e.actor_id, e.subject_id, e.detail) for e in audited] == [(PEOPLE.sara, PEOPLE.omar, None)]


def test_only_the_previous_contact_may_write_the_note(
    kontakt: Kontakt, workspace: Workspace, bryggan: Bryggan
) -> None:
    _reassign_sara_to_omar(kontakt, workspace)
    [row] = [m for m in workspace.dm_messages_to(PEOPLE.sara) if m.blocks and len(m.blocks) > 1]
    assignment_id = int(row.blocks[-1]["elements"][0]["action_id"].split(":")[1])
    from bot.actors import Actor
    from bot.errors import BrygganError

    with pytest.raises(BrygganError) as refused:
        bryggan.services.contacts.notes.send_handover_note(
            Actor("T0TEST001", PEOPLE.omar, False), assignment_id=assignment_id, text="Allt lugnt."
        )
    assert refused.value.key == "not_previous_contact"


def test_the_home_tab_shows_my_schools_and_administrators_what_needs_action(
    kontakt: Kontakt, driver: Driver, workspace: Workspace
) -> None:
    kontakt(PEOPLE.admin, CHANNELS.berzelius, "koppla Berzeliusskolan")
    kontakt(PEOPLE.admin, CHANNELS.berzelius, "tilldela @sara")
    kontakt(PEOPLE.admin, CHANNELS.ekholm, "koppla Ekholmsskolan")
    driver.app_home_opened(user=PEOPLE.sara)
    driver.app_home_opened(user=PEOPLE.admin)
    sara = workspace.wait_for(lambda ws: ws.home_of(PEOPLE.sara))
    admin = workspace.wait_for(lambda ws: ws.home_of(PEOPLE.admin))
    sara_text = "\n".join(b["text"]["text"] for b in sara["blocks"] if b["type"] == "section")
    admin_text = "\n".join(b["text"]["text"] for b in admin["blocks"] if b["type"] == "section")
    assert "*Dina skolor*\n:large_green_circle: *Berzeliusskolan* – <@U0SARA001>" in sara_text
    assert "Skolor som behöver en åtgärd" not in sara_text
    assert "*Skolor som behöver en åtgärd*\n:red_circle: *Ekholmsskolan* – vakant" in admin_text
    assert "Berzeliusskolan" not in admin_text


def test_the_weekly_digest_lists_vacant_and_long_absent_once_a_week(
    kontakt: Kontakt, workspace: Workspace, bryggan: Bryggan, clock: FakeClock
) -> None:
    kontakt(PEOPLE.admin, CHANNELS.berzelius, "koppla Berzeliusskolan")
    kontakt(PEOPLE.admin, CHANNELS.berzelius, "tilldela @sara")
    kontakt(PEOPLE.admin, CHANNELS.ekholm, "koppla Ekholmsskolan")
    kontakt(PEOPLE.sara, CHANNELS.berzelius, "frånvaro 2026-11-02 2026-12-20")
    contacts = bryggan.services.contacts.overviews
    assert contacts.queue_weekly_digest() == 1  # Tuesday: this week's Monday 07:00 has passed
    assert contacts.queue_weekly_digest() == 0  # once a week
    kontakt.deliver()
    [digest] = [m for m in workspace.dm_messages_to(PEOPLE.admin) if "Veckans översikt" in m.text]
    assert digest.text.startswith("*Veckans översikt 2026-W48*")
    assert "• *Ekholmsskolan* (<#C0EKHOLMS>): ingen kontaktperson tilldelad" in digest.text
    assert "<@U0SARA001> har varit borta i mer än två veckor (till och med 2026-12-20)" in digest.text

    clock.set(datetime(2026, 11, 30, 6, 59, tzinfo=STOCKHOLM))  # next Monday, before 07:00
    assert contacts.queue_weekly_digest() == 0
    clock.advance(timedelta(minutes=1))
    assert contacts.queue_weekly_digest() == 1
