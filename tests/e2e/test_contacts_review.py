"""Contacts: the cases a review found — buttons are as guarded as commands, and odd inputs get answers."""

from __future__ import annotations

from dataclasses import replace
from datetime import timedelta

import pytest
from sqlalchemy import func, select

from bot.app import Bryggan
from bot.clock import FakeClock
from localslack import Driver, Workspace
from storage.models import Assignment, OutboxMessage, School
from tests.e2e.test_contacts import Kontakt, _text
from tests.slackbed import CHANNELS, PEOPLE


@pytest.fixture
def kontakt(driver: Driver, workspace: Workspace, bryggan: Bryggan) -> Kontakt:
    return Kontakt(driver, workspace, bryggan)


def _count(bryggan: Bryggan, model: type, **where: object) -> int:
    with bryggan.sessions.begin() as session:
        return session.scalar(select(func.count()).select_from(model).filter_by(**where)) or 0


def test_the_create_button_creates_even_when_a_similar_school_exists(
    kontakt: Kontakt, bryggan: Bryggan
) -> None:
    kontakt(PEOPLE.admin, CHANNELS.ekholm, "koppla Berzeliusskolan")
    ask = kontakt(PEOPLE.admin, CHANNELS.berzelius, "koppla Berzeliusskolan Norra")
    assert "Menade du någon av dessa" in _text(ask)
    done = kontakt.click(PEOPLE.admin, ask, "kontakt_link_create")
    assert "Skolan *Berzeliusskolan Norra* är skapad och kopplad" in _text(done)
    assert _count(bryggan, School, channel_id=CHANNELS.berzelius, name="Berzeliusskolan Norra") == 1


def test_buttons_refuse_a_non_administrator_too(
    kontakt: Kontakt, bryggan: Bryggan, workspace: Workspace
) -> None:
    kontakt(PEOPLE.admin, CHANNELS.berzelius, "koppla Berzeliusskolan")
    kontakt(PEOPLE.admin, CHANNELS.berzelius, "tilldela @sara")
    ask = kontakt(PEOPLE.admin, CHANNELS.ekholm, "koppla Berzeliusskolan")  # offers a move
    plan = kontakt(PEOPLE.admin, CHANNELS.personalrum, "överlämna @sara @omar")
    # Slack shows an ephemeral message only to its owner; a forged click by someone else must still fail.
    for message, prefix in ((ask, "kontakt_link_move"), (plan, "kontakt_handover_confirm")):
        forged = workspace.store(replace(message, ts=workspace.next_ts(), ephemeral_user=PEOPLE.rektor))
        reply = kontakt.click(PEOPLE.rektor, forged, prefix)
        assert "Det här får bara Bryggans administratörer göra" in _text(reply)
    assert _count(bryggan, School, channel_id=CHANNELS.ekholm) == 0
    assert _count(bryggan, Assignment, person_id=PEOPLE.omar) == 0


def test_a_deputys_absence_tells_nobody_that_the_contact_acts(kontakt: Kontakt, bryggan: Bryggan) -> None:
    kontakt(PEOPLE.admin, CHANNELS.berzelius, "koppla Berzeliusskolan")
    kontakt(PEOPLE.admin, CHANNELS.berzelius, "tilldela @sara")
    kontakt(PEOPLE.admin, CHANNELS.berzelius, "ersättare @omar")
    kontakt(PEOPLE.omar, CHANNELS.berzelius, "frånvaro imorgon 3/12")
    with bryggan.sessions.begin() as session:
        keys = list(session.scalars(select(OutboxMessage.key).where(OutboxMessage.key.like("absence:%"))))
    assert keys == []
    assert "er kontaktperson är <@U0SARA001>" in _text(kontakt(PEOPLE.rektor, CHANNELS.berzelius))


def test_an_overlong_note_and_an_identifying_profile_are_answered_in_the_modal(
    kontakt: Kontakt, driver: Driver, workspace: Workspace, bryggan: Bryggan
) -> None:
    kontakt(PEOPLE.admin, CHANNELS.berzelius, "koppla Berzeliusskolan")
    kontakt(PEOPLE.admin, CHANNELS.berzelius, "tilldela @sara")
    driver.command(user=PEOPLE.sara, channel=CHANNELS.berzelius, command="/kontakt", text="profil")
    workspace.wait_for(lambda ws: ws.views_of(PEOPLE.sara) or None)
    values = {
        "title": {"title": {"type": "plain_text_input", "value": "Socialsekreterare"}},
        "reachable": {
            "reachable": {"type": "plain_text_input", "value": "ring Amira Hassan på 070-123 45 67"}
        },
    }
    result = driver.view_submission(user=PEOPLE.sara, values=values)
    assert result.status == 200
    assert (
        "Texten innehåller uppgifter som kan peka ut en person"
        in workspace.modal_errors_of(PEOPLE.sara)["title"]
    )
    assert "Amira" not in _text(kontakt(PEOPLE.rektor, CHANNELS.berzelius))


def test_a_long_history_is_split_into_sections_slack_accepts(
    kontakt: Kontakt, workspace: Workspace, clock: FakeClock
) -> None:
    kontakt(PEOPLE.admin, CHANNELS.berzelius, "koppla Berzeliusskolan")
    for _ in range(30):  # 60 periods: far more than one section's 3,000 characters
        for person in ("@sara", "@omar"):
            kontakt(PEOPLE.admin, CHANNELS.berzelius, f"tilldela {person}")
            clock.advance(timedelta(days=1))
    reply = kontakt(PEOPLE.rektor, CHANNELS.berzelius, "historik")
    sections = [b for b in reply.blocks if b["type"] == "section"]
    assert len(sections) >= 2
    assert all(len(b["text"]["text"]) <= 3000 for b in sections)
    assert _text(reply).count("kontaktperson:") == 60
