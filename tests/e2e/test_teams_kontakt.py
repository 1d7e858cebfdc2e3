"""Bryggan in Teams end to end: the real Teams SDK behind HTTP, driven by the local Teams stand-in.

Install for a person and in a team, `kontakt` in the school's channel, `hjälp`, an unknown word;
the addresses kept from each activity, and uninstalls marking them (the forms and buttons:
test_teams_kontakt_buttons.py).
Skipped where the `teams` extra is not installed (required in CI).
"""

from __future__ import annotations

import json
import os

import pytest
from sqlalchemy import select

from bot.actors import Actor
from bot.app import Bryggan
from localteams import Activity, Driver, LocalTeams
from storage.models import TeamsAddress
from storage.teams_addresses import internal_id
from tests.teamsbed import (
    APP_ID,
    CHANNEL,
    KIM,
    RITA,
    SAM,
    TEAM,
    TENANT,
    WORKSPACE,
    install_personal,
    say_with_mention,
    served_driver,
    slack_and_teams_settings,
)
from tests.teamscards import texts

if not os.environ.get("CI"):
    pytest.importorskip("microsoft_teams.apps")


settings = slack_and_teams_settings(RITA)  # Rita administers, by her Teams id
driver = served_driver()


def _school_with_contact(bryggan: Bryggan) -> None:
    admin = Actor(team_id=WORKSPACE, user_id=internal_id("user", RITA), is_admin=True)
    changes = bryggan.services.contacts.changes
    channel = internal_id("channel", CHANNEL)
    changes.link(admin, channel_id=channel, name="Berzeliusskolan", create=True)
    changes.assign(admin, channel_id=channel, person_id=internal_id("user", SAM))


def _answer(teams: LocalTeams, conversation: str, before: int = 0) -> Activity:
    posted = teams.directory.wait_for(lambda d: d.posted(conversation)[before:] or None)
    assert len(posted) == 1
    return posted[0]


def _addresses(bryggan: Bryggan) -> dict[str, tuple[str, str | None, bool]]:
    with bryggan.sessions.begin() as session:
        rows = session.scalars(select(TeamsAddress)).all()
        return {r.teams_id: (r.kind, r.conversation_id, r.installed) for r in rows}


def test_kontakt_in_the_schools_channel_names_its_contact(
    teams: LocalTeams, driver: Driver, bryggan: Bryggan
) -> None:
    driver.install_in_team(TEAM, by=SAM)
    _school_with_contact(bryggan)
    sent = driver.message(RITA, CHANNEL, "kontakt")
    assert sent.status == 200
    thread = sent.activity["conversation"]["id"]  # the reply goes in the message's own thread
    [card] = _answer(teams, thread).cards
    shown = texts(card)
    assert "Er kontakt på socialtjänsten" in shown
    assert "**Berzeliusskolan**: er kontaktperson är <at>Sam Socialsekreterare</at>" in shown
    assert card["msteams"]["entities"] == [
        {
            "type": "mention",
            "text": "<at>Sam Socialsekreterare</at>",
            "mentioned": {"id": SAM, "name": "Sam Socialsekreterare"},
        }
    ]


def test_kontakt_in_an_unlinked_chat_says_so_and_english_for_an_english_locale(
    teams: LocalTeams, driver: Driver
) -> None:
    chat = install_personal(teams, driver, KIM)
    driver.message(KIM, chat.id, "contact")
    [card] = _answer(teams, chat.id, before=1).cards
    assert "This channel is not linked to a school" in texts(card)


def test_hjalp_answers_with_the_teams_help(teams: LocalTeams, driver: Driver) -> None:
    chat = install_personal(teams, driver, RITA)
    driver.message(RITA, chat.id, "hjälp")
    [card] = _answer(teams, chat.id, before=1).cards
    assert card["body"][0]["text"] == "Bryggan i Teams"
    assert "`kontakt hjälp` visar allt" in texts(card)
    driver.message(RITA, chat.id, "kontakt hjälp")
    [card] = _answer(teams, chat.id, before=2).cards
    assert "`kontakt tilldela @person`" in texts(card)


def test_an_unknown_word_is_answered_in_the_askers_language(teams: LocalTeams, driver: Driver) -> None:
    chat = install_personal(teams, driver, RITA)
    driver.message(RITA, chat.id, "[skicka](https://evil.example) allt")
    [card] = _answer(teams, chat.id, before=1).cards
    assert texts(card) == (
        'Jag känner inte igen "\\[skicka\\]\\(https://evil.example\\)". '
        "Skriv `hjälp` för att se vad Bryggan kan i Teams."
    )
    english = install_personal(teams, driver, KIM)
    driver.message(KIM, english.id, "konsultera")
    [card] = _answer(teams, english.id, before=1).cards
    assert texts(card) == 'I do not recognise "konsultera". Type `help` to see what Bryggan does in Teams.'


def test_addresses_are_kept_from_installs_and_messages_and_uninstalls_mark_them(
    teams: LocalTeams, driver: Driver, bryggan: Bryggan
) -> None:
    chat = install_personal(teams, driver, RITA)
    driver.install_in_team(TEAM, by=SAM)
    assert _addresses(bryggan) == {
        TENANT: ("tenant", None, True),
        RITA: ("user", chat.id, True),
        SAM: ("user", None, False),  # seen in the team; no 1:1 chat with the app
        TEAM: ("channel", TEAM, True),  # the General channel
        CHANNEL: ("channel", CHANNEL, True),  # listed from the team when the app was added
    }
    with bryggan.sessions.begin() as session:
        rita = session.get(TeamsAddress, internal_id("user", RITA))
        assert rita is not None
        assert (rita.team_id, rita.service_url) == (WORKSPACE, teams.service_url)
    driver.uninstall_personal(RITA)
    driver.uninstall_from_team(TEAM, by=SAM)
    kept = _addresses(bryggan)
    assert kept[RITA] == ("user", chat.id, False)
    assert kept[TEAM] == ("channel", TEAM, False)


def test_an_activity_without_a_valid_channel_token_is_refused_and_nothing_is_kept(
    teams: LocalTeams, driver: Driver, bryggan: Bryggan
) -> None:
    chat = install_personal(teams, driver, RITA)
    answer = driver.message(RITA, chat.id, "hjälp")
    _answer(teams, chat.id, before=1)
    forged = json.loads(json.dumps(answer.activity))
    forged["from"] = {"id": "29:mallory", "name": "Mallory"}
    expired = teams.authority.channel_token(APP_ID, teams.service_url, issued_offset=-7200)
    assert driver.send(forged, token=expired).status == 401
    assert driver.send(forged, token=None).status == 401
    assert "29:mallory" not in _addresses(bryggan)
    assert len(teams.posted(chat.id)) == 2  # the home card and the answer


def test_an_administrator_assigns_the_contact_by_mentioning_them_and_others_may_not(
    teams: LocalTeams, driver: Driver, bryggan: Bryggan
) -> None:
    driver.install_in_team(TEAM, by=SAM)
    admin = Actor(team_id=WORKSPACE, user_id=internal_id("user", RITA), is_admin=True)
    bryggan.services.contacts.changes.link(
        admin, channel_id=internal_id("channel", CHANNEL), name="Berzeliusskolan", create=True
    )
    first = driver.message(RITA, CHANNEL, "kontakt")
    thread = first.activity["conversation"]["id"]
    assert "ingen kontaktperson" in texts(_answer(teams, thread).cards[0])
    assert say_with_mention(driver, first, "kontakt tilldela", SAM, "Sam Socialsekreterare").status == 200
    [card] = _answer(teams, thread, before=1).cards
    assert texts(card).startswith(
        "Klart: <at>Sam Socialsekreterare</at> är nu kontaktperson för **Berzeliusskolan**."
    )
    kim = driver.message(KIM, CHANNEL, "contact assign")
    _answer(teams, kim.activity["conversation"]["id"])
    say_with_mention(driver, kim, "contact deputy", RITA, "Rita Rektor")
    [refused] = _answer(teams, kim.activity["conversation"]["id"], before=1).cards
    assert texts(refused).startswith("Only Bryggan's administrators may do this")


def test_a_person_never_seen_by_bryggan_is_assigned_by_mention_and_named_on_the_card(
    teams: LocalTeams, driver: Driver, bryggan: Bryggan
) -> None:
    teams.add_user(TENANT, "29:otto", "Otto Olsson")  # in the tenant; has never used Bryggan
    driver.install_in_team(TEAM, by=RITA)
    admin = Actor(team_id=WORKSPACE, user_id=internal_id("user", RITA), is_admin=True)
    bryggan.services.contacts.changes.link(
        admin, channel_id=internal_id("channel", CHANNEL), name="Berzeliusskolan", create=True
    )
    first = driver.message(RITA, CHANNEL, "kontakt hjälp")
    thread = first.activity["conversation"]["id"]
    _answer(teams, thread)
    say_with_mention(driver, first, "kontakt tilldela", "29:otto", "Otto Olsson")
    [card] = _answer(teams, thread, before=1).cards
    assert "Klart: <at>Otto Olsson</at> är nu kontaktperson" in texts(card)
    assert _addresses(bryggan)["29:otto"] == ("user", None, False)  # known, but no chat with the app


def test_the_contact_registers_their_own_absence_in_their_personal_chat(
    teams: LocalTeams, driver: Driver, bryggan: Bryggan
) -> None:
    driver.install_in_team(TEAM, by=SAM)
    _school_with_contact(bryggan)
    chat = install_personal(teams, driver, SAM)
    driver.message(SAM, chat.id, "kontakt frånvaro idag")
    [card] = _answer(teams, chat.id, before=1).cards
    assert texts(card) == (
        "Din frånvaro 2026-11-24–2026-11-24 är registrerad.\n"
        "• Berzeliusskolan: ingen ersättare – skolan hänvisas till mottagningen"
    )
