"""`/kontakt` end to end: signed request in, handler, storage, template, Web API call out."""

from __future__ import annotations

import json
import urllib.error
import urllib.request

import pytest

from bot.actors import Actor
from bot.app import Bryggan
from bot.clock import FakeClock
from localslack import Driver, Message, Workspace
from storage.models import ContactProfile
from tests.slackbed import CHANNELS, PEOPLE, TEAM, link_school


def _replies_to(workspace: Workspace, user: str) -> list[Message]:
    return workspace.wait_for(lambda ws: ws.ephemerals_to(user) or None)


def test_unlinked_channel_answers_privately_in_swedish_how_to_link_it(
    driver: Driver, workspace: Workspace
) -> None:
    ack = driver.command(user=PEOPLE.rektor, channel=CHANNELS.personalrum, command="/kontakt", text="")
    assert ack.status == 200
    assert ack.elapsed < 3.0
    [reply] = _replies_to(workspace, PEOPLE.rektor)
    assert reply.via == "ack"  # an immediate answer rides in the ack body, no response_url call
    assert reply.channel == CHANNELS.personalrum
    assert reply.text == "Kanalen är inte kopplad till någon skola."
    body = json.dumps(reply.blocks, ensure_ascii=False)
    assert "Be en administratör (<@U0ADMIN01>)" in body
    assert "/kontakt koppla &lt;skolans namn&gt;" in body
    assert workspace.messages_in(CHANNELS.personalrum) == []  # nothing posted for everyone to see


@pytest.mark.parametrize("admin", [PEOPLE.admin, PEOPLE.slack_admin])
def test_an_administrator_is_told_the_command_that_links(
    driver: Driver, workspace: Workspace, admin: str
) -> None:
    driver.command(user=admin, channel=CHANNELS.personalrum, command="/kontakt", text="")
    [reply] = _replies_to(workspace, admin)
    assert "Som administratör kopplar du kanalen" in json.dumps(reply.blocks, ensure_ascii=False)


def test_a_user_with_an_english_slack_locale_gets_english(driver: Driver, workspace: Workspace) -> None:
    driver.command(user=PEOPLE.kurator_en, channel=CHANNELS.personalrum, command="/kontakt", text="")
    [reply] = _replies_to(workspace, PEOPLE.kurator_en)
    assert reply.text == "This channel is not linked to a school."


def test_a_linked_channel_names_its_school(
    driver: Driver, workspace: Workspace, bryggan: Bryggan, clock: FakeClock
) -> None:
    link_school(bryggan, name="Berzeliusskolan", channel_id=CHANNELS.berzelius, at=clock.now())
    driver.command(user=PEOPLE.rektor, channel=CHANNELS.berzelius, command="/kontakt", text="")
    [reply] = _replies_to(workspace, PEOPLE.rektor)
    assert reply.text == "Kontaktperson för Berzeliusskolan"
    assert (
        "*Berzeliusskolan* har just nu ingen kontaktperson på socialtjänsten."
        in reply.blocks[0]["text"]["text"]
    )


def test_a_school_name_with_slack_markup_is_shown_not_obeyed(
    driver: Driver, workspace: Workspace, bryggan: Bryggan, clock: FakeClock
) -> None:
    link_school(bryggan, name="<!channel> <@U0SARA001>", channel_id=CHANNELS.berzelius, at=clock.now())
    driver.command(user=PEOPLE.rektor, channel=CHANNELS.berzelius, command="/kontakt", text="")
    [reply] = _replies_to(workspace, PEOPLE.rektor)
    assert "&lt;!channel&gt; &lt;@U0SARA001&gt;" in reply.text
    assert "&lt;!channel&gt; &lt;@U0SARA001&gt;" in json.dumps(reply.blocks)
    assert "<!channel>" not in json.dumps(reply.blocks)


def test_an_unsigned_request_is_refused_and_nothing_is_sent(driver: Driver, workspace: Workspace) -> None:
    before = len(workspace.history)
    body = b"command=%2Fkontakt&text=&user_id=U0REKTOR1&channel_id=C0PERSONA&team_id=T0TEST001"
    result = driver.unsigned(body, "application/x-www-form-urlencoded")
    assert result.status == 401
    assert len(workspace.history) == before


def test_a_replayed_old_request_is_refused(driver: Driver, workspace: Workspace) -> None:
    body = b"command=%2Fkontakt&text=&user_id=U0REKTOR1&channel_id=C0PERSONA&team_id=T0TEST001"
    result = driver.send_raw(
        body, {"Content-Type": "application/x-www-form-urlencoded"}, sign=True, timestamp_offset=-301
    )
    assert result.status == 401
    assert workspace.ephemerals_to(PEOPLE.rektor) == []


def test_health_is_ok_while_the_database_answers(bryggan_url: str) -> None:
    with urllib.request.urlopen(f"{bryggan_url}/healthz", timeout=5) as response:
        assert response.status == 200
        assert json.load(response) == {"status": "ok", "database": True}


def test_a_card_already_shown_follows_every_change_even_one_made_elsewhere(
    driver: Driver, workspace: Workspace, bryggan: Bryggan, clock: FakeClock
) -> None:
    """Rendered cards are kept; the key is the data read, so no change may be answered by an old card."""
    admin = Actor(team_id=TEAM, user_id=PEOPLE.admin, is_admin=True)
    changes = bryggan.services.contacts.changes
    changes.link(admin, channel_id=CHANNELS.berzelius, name="Berzeliusskolan", create=True)
    changes.assign(admin, channel_id=CHANNELS.berzelius, person_id=PEOPLE.sara)
    changes.set_deputy(admin, channel_id=CHANNELS.berzelius, person_id=PEOPLE.omar)

    def card() -> str:
        shown = len(workspace.ephemerals_to(PEOPLE.rektor))
        driver.command(user=PEOPLE.rektor, channel=CHANNELS.berzelius, command="/kontakt", text="")
        [reply] = workspace.wait_for(lambda ws: ws.ephemerals_to(PEOPLE.rektor)[shown:] or None)
        return json.dumps(reply.blocks, ensure_ascii=False)

    first = card()
    assert "er kontaktperson är <@U0SARA001>" in first
    assert card() == first  # nothing changed: the same card
    # Another replica (here: storage directly, past this process's services) gives Sara a title.
    with bryggan.sessions.begin() as session:
        session.add(
            ContactProfile(
                team_id=TEAM, person_id=PEOPLE.sara, title="Socialsekreterare", updated_at=clock.now()
            )
        )
    assert "Socialsekreterare" in card()
    today = clock.now().astimezone(bryggan.settings.zone).date()
    bryggan.services.contacts.absences.register_absence(
        admin, person_id=PEOPLE.sara, first_day=today, last_day=today
    )
    assert "Under tiden är <@U0OMAR001> er kontakt (ersättare)" in card()
    changes.assign(admin, channel_id=CHANNELS.berzelius, person_id=PEOPLE.omar)
    assert "er kontaktperson är <@U0OMAR001>" in card()
