"""Slack's App Home in Teams: the home card in a person's 1:1 chat, end to end through the stand-in.

Installing the app for oneself sends the home card, in the person's language; `hem` / `home` in the
personal chat shows it again with what holds now; in a channel it is refused with words saying where
to ask. The card is the Slack view translated, without the settings button (no settings form in
Teams). Skipped where the `teams` extra is not installed (required in CI).
"""

from __future__ import annotations

import os

import pytest

from bot.actors import Actor
from bot.app import Bryggan
from localteams import Activity, Conversation, Driver, LocalTeams
from storage.teams_addresses import internal_id
from tests.teamsbed import CHANNEL, KIM, RITA, SAM, TEAM, WORKSPACE, served_driver, teams_only_settings
from tests.teamscards import posted, texts

if not os.environ.get("CI"):
    pytest.importorskip("microsoft_teams.apps")


settings = teams_only_settings(RITA)  # a Teams-only municipality; Rita administers
driver = served_driver()


def _posted(teams: LocalTeams, conversation: str, count: int) -> list[Activity]:
    """The bot's first `count` posts there, once that many have arrived (exactly that many)."""
    arrived = posted(teams, conversation, count)
    assert len(arrived) == count
    return arrived


def _installed(driver: Driver, teams: LocalTeams, person: str) -> tuple[Conversation, int]:
    """The person's 1:1 chat with Bryggan, just installed, and how many posts it holds (the home card)."""
    chat = driver.install_personal(person)
    return chat, len(_posted(teams, chat.id, 1))


def _school(bryggan: Bryggan, *, contact: str | None = None) -> None:
    admin = Actor(team_id=WORKSPACE, user_id=internal_id("user", RITA), is_admin=True)
    channel = internal_id("channel", CHANNEL)
    bryggan.services.contacts.changes.link(admin, channel_id=channel, name="Berzeliusskolan", create=True)
    if contact:
        bryggan.services.contacts.changes.assign(
            admin, channel_id=channel, person_id=internal_id("user", contact)
        )


def test_installing_for_oneself_sends_the_home_card_in_ones_language(
    teams: LocalTeams, driver: Driver
) -> None:
    sam = driver.install_personal(SAM)
    [card] = _posted(teams, sam.id, 1)[0].cards
    assert card["body"][0]["text"] == "Bryggan – skola och socialtjänst"
    assert "`hem` här i chatten visar det här kortet igen" in texts(card)
    kim = driver.install_personal(KIM)  # en-US
    [card] = _posted(teams, kim.id, 1)[0].cards
    assert card["body"][0]["text"] == "Bryggan – school and social services"


def test_installing_in_a_team_sends_no_home_card(teams: LocalTeams, driver: Driver) -> None:
    driver.install_in_team(TEAM, by=SAM)
    sam = driver.install_personal(SAM)
    assert len(_posted(teams, sam.id, 1)) == 1  # the personal install's card only
    assert teams.posted(TEAM) == []
    assert teams.posted(CHANNEL) == []


def test_hem_shows_the_home_again_with_what_holds_now(
    teams: LocalTeams, driver: Driver, bryggan: Bryggan
) -> None:
    sam, before = _installed(driver, teams, SAM)
    driver.message(SAM, sam.id, "hem")
    [card] = _posted(teams, sam.id, before + 1)[-1].cards
    shown = texts(card)
    assert card["body"][0]["text"] == "Bryggan – skola och socialtjänst"
    assert "`hem` här i chatten visar det här kortet igen" in shown
    assert "/kontakt" not in shown  # Teams has no slash commands
    assert "Dina skolor" not in shown  # Sam is no one's contact yet
    assert "ring 112" in shown
    _school(bryggan, contact=SAM)
    driver.message(SAM, sam.id, "home")  # the English word works whatever one's language
    [card] = _posted(teams, sam.id, before + 2)[-1].cards
    shown = texts(card)
    assert "**Dina skolor**" in shown
    assert "Berzeliusskolan" in shown


def test_an_administrators_home_has_the_schools_needing_action_and_no_button_teams_cannot_answer(
    teams: LocalTeams, driver: Driver, bryggan: Bryggan
) -> None:
    driver.install_in_team(TEAM, by=RITA)
    _school(bryggan)  # no contact: needs action
    rita, before = _installed(driver, teams, RITA)
    driver.message(RITA, rita.id, "hem")
    [card] = _posted(teams, rita.id, before + 1)[-1].cards
    shown = texts(card)
    assert "**Skolor som behöver en åtgärd**" in shown
    assert "Berzeliusskolan" in shown
    assert "Inställningar" not in str(card)  # Slack's settings button: no settings form in Teams
    assert "actions" not in card
    assert all(e["type"] != "ActionSet" for e in card["body"])


def test_hem_in_a_channel_says_to_ask_in_the_personal_chat(
    teams: LocalTeams, driver: Driver, bryggan: Bryggan
) -> None:
    driver.install_in_team(TEAM, by=SAM)
    _school(bryggan, contact=SAM)
    sent = driver.message(SAM, CHANNEL, "hem")
    [card] = _posted(teams, sent.activity["conversation"]["id"], 1)[0].cards
    shown = texts(card)
    assert shown.startswith("Hemkortet visar dina egna skolor och ärenden")
    assert "Berzeliusskolan" not in shown  # nothing of the home is shown to the channel


def test_home_is_in_english_for_an_english_locale(teams: LocalTeams, driver: Driver) -> None:
    kim, before = _installed(driver, teams, KIM)  # en-US
    driver.message(KIM, kim.id, "hem")
    [card] = _posted(teams, kim.id, before + 1)[-1].cards
    assert card["body"][0]["text"] == "Bryggan – school and social services"
    assert "`home` here in the chat shows this card again" in texts(card)


def test_help_lists_hem(teams: LocalTeams, driver: Driver) -> None:
    chat, before = _installed(driver, teams, RITA)
    driver.message(RITA, chat.id, "hjälp")
    [card] = _posted(teams, chat.id, before + 1)[-1].cards
    assert "`hem` – dina skolor" in texts(card)
