"""`uppföljning` in Teams end to end: the real Teams SDK behind HTTP, driven by the local Teams stand-in.

Slack's figures for Slack's people (an administrator all schools, a contact their own, others
refused in the same words), in the asker's language, only in the asker's personal chat, and the
charts after the card as inline PNG pictures, each a message the stand-in accepts as Teams would.
Skipped where the `teams` extra is not installed (required in CI).
"""

from __future__ import annotations

import base64
import os
from datetime import datetime

import pytest
from sqlalchemy import select

from bot.actors import Actor
from bot.app import Bryggan
from handlers.teams import cards
from localteams import Activity, Driver, LocalTeams
from localteams.messages import MAX_MESSAGE_BYTES
from storage.models import Consultation, ConsultationStatus, School
from storage.teams_addresses import internal_id
from tests.conftest import STOCKHOLM
from tests.teamsbed import (
    CHANNEL,
    KIM,
    RITA,
    SAM,
    TEAM,
    TENANT,
    WORKSPACE,
    install_personal,
    served_driver,
    slack_and_teams_settings,
)
from tests.teamscards import texts

if not os.environ.get("CI"):
    pytest.importorskip("microsoft_teams.apps")

ELLA = "29:ella"  # an English-speaking administrator
OTHER_CHANNEL = "19:ekholm@thread.tacv2"
CHART_NAMES = [
    "consultations_by_month.png",
    "ack_time_by_school.png",
    "meetings_by_school.png",
    "coverage_by_school.png",
]


settings = slack_and_teams_settings(RITA, ELLA)  # Rita and Ella administer, by their Teams ids
driver = served_driver()


@pytest.fixture(autouse=True)
def ella(teams: LocalTeams) -> None:
    teams.add_user(TENANT, ELLA, "Ella Admin", locale="en-GB")


@pytest.fixture
def schools(bryggan: Bryggan) -> None:
    """Berzeliusskolan (Sam's, six cases this term) and Ekholmsskolan (someone else's, two cases)."""
    admin = Actor(team_id=WORKSPACE, user_id=internal_id("user", RITA), is_admin=True)
    changes = bryggan.services.contacts.changes
    for channel, name, contact in (
        (CHANNEL, "Berzeliusskolan", internal_id("user", SAM)),
        (OTHER_CHANNEL, "Ekholmsskolan", "MUOTHERCONTACT"),
    ):
        changes.link(admin, channel_id=internal_id("channel", channel), name=name, create=True)
        changes.assign(admin, channel_id=internal_id("channel", channel), person_id=contact)
    with bryggan.sessions.begin() as session:
        ids = {s.name: s.id for s in session.scalars(select(School).where(School.team_id == WORKSPACE))}
        cases = [("Berzeliusskolan", day) for day in (7, 8, 9, 14, 15, 16)] + [
            ("Ekholmsskolan", day) for day in (10, 11)
        ]
        for seq, (name, day) in enumerate(cases, start=1):
            session.add(_case(ids[name], seq, datetime(2026, 9, day, 9, 0, tzinfo=STOCKHOLM)))


def _case(school_id: int, seq: int, received: datetime) -> Consultation:
    return Consultation(
        team_id=WORKSPACE,
        year=2026,
        seq=seq,
        school_id=school_id,
        asker_id="MUASKER",
        grade="8",
        areas=["franvaro"],
        reach="dm",
        description=None,
        routed_to=internal_id("user", SAM),
        status=ConsultationStatus.OPEN,
        received_at=received,
        acknowledged_at=received.replace(hour=10),
        acknowledged_by=internal_id("user", SAM),
    )


def _answers(teams: LocalTeams, conversation: str, count: int) -> list[Activity]:
    return teams.directory.wait_for(lambda d: d.posted(conversation)[count - 1 :] and d.posted(conversation))


def test_an_administrator_gets_every_schools_figures_and_the_charts_as_inline_pictures(
    teams: LocalTeams, driver: Driver, schools: None
) -> None:
    chat = install_personal(teams, driver, RITA)
    assert driver.message(RITA, chat.id, "uppföljning HT2026").status == 200
    _home, answer, *pictures = _answers(teams, chat.id, 6)
    shown = texts(answer.cards[0])
    assert "**Uppföljning HT2026**" in shown
    assert "**Konsultationer:** 6–10" in shown  # 8, shown as Slack shows it: a range protects the <5
    assert "**Berzeliusskolan**" in shown
    assert "**Ekholmsskolan**" in shown
    assert "\\<5 konsultationer" in shown  # Ekholmsskolan's two cases, suppressed as in Slack
    assert "4 diagram följer i egna meddelanden." in shown
    assert not [e for e in answer.cards[0]["body"] if e["type"] == "ActionSet"]  # no page buttons
    assert [p.images[0]["name"] for p in pictures] == CHART_NAMES
    for picture in pictures:
        [image] = picture.images
        prefix, _, data = image["contentUrl"].partition(",")
        assert (image["contentType"], prefix) == ("image/png", "data:image/png;base64")
        assert base64.b64decode(data).startswith(b"\x89PNG\r\n\x1a\n")
        assert len(str(picture.body).encode()) < MAX_MESSAGE_BYTES
    assert pictures[0].text == "Konsultationer per månad och område, HT2026"


def test_a_contact_sees_only_their_own_schools(teams: LocalTeams, driver: Driver, schools: None) -> None:
    driver.install_in_team(TEAM, by=SAM)
    chat = install_personal(teams, driver, SAM)
    driver.message(SAM, chat.id, "uppfoljning")
    _home, answer, *pictures = _answers(teams, chat.id, 6)
    shown = texts(answer.cards[0])
    assert "**Berzeliusskolan**" in shown
    assert "Ekholmsskolan" not in shown
    assert len(pictures) == 4


def test_a_teacher_is_refused_in_slacks_words_and_nothing_follows(
    teams: LocalTeams, driver: Driver, bryggan: Bryggan, schools: None
) -> None:
    kim = install_personal(teams, driver, KIM)  # Kim, a counsellor, writes in English
    driver.message(KIM, kim.id, "followup")
    _home, answer = _answers(teams, kim.id, 2)
    slack_words = str(bryggan.services.templates.module("en", "errors").followup_not_permitted())
    assert texts(answer.cards[0]) == cards.escape(slack_words)
    chat = install_personal(teams, driver, SAM)  # a term that has not begun, worded without a slash command
    driver.message(SAM, chat.id, "uppföljning VT2027")
    _home, answer = _answers(teams, chat.id, 2)
    assert "VT2027 har inte börjat än" in texts(answer.cards[0])
    assert "/uppföljning" not in texts(answer.cards[0])
    assert len(teams.posted(kim.id)) == 2  # the home card and the refusal: no charts after it


def test_an_english_administrator_gets_english_figures(
    teams: LocalTeams, driver: Driver, schools: None
) -> None:
    chat = install_personal(teams, driver, ELLA)
    driver.message(ELLA, chat.id, "followup HT2026")
    _home, answer, *pictures = _answers(teams, chat.id, 6)
    shown = texts(answer.cards[0])
    assert "**Follow-up HT2026**" in shown
    assert "4 charts follow in messages of their own." in shown
    assert pictures[0].text.startswith("Consultations per month")


def test_in_a_channel_the_figures_are_not_shown_and_the_asker_is_sent_to_their_chat(
    teams: LocalTeams, driver: Driver, schools: None
) -> None:
    driver.install_in_team(TEAM, by=RITA)
    sent = driver.message(RITA, CHANNEL, "uppföljning")
    [answer] = _answers(teams, sent.activity["conversation"]["id"], 1)
    shown = texts(answer.cards[0])
    assert "bara i din egen chatt med Bryggan" in shown
    assert "Berzeliusskolan" not in shown


def test_the_help_lists_the_followup_and_every_command_without_naming_slack(
    teams: LocalTeams, driver: Driver
) -> None:
    chat = install_personal(teams, driver, RITA)
    driver.message(RITA, chat.id, "hjälp")
    _home, answer = _answers(teams, chat.id, 2)
    shown = texts(answer.cards[0])
    assert "`uppföljning` – terminens siffror med diagram" in shown
    assert "`konsultation [text]` – en avidentifierad konsultation" in shown
    assert "`eht` – skolans EHT-möten" in shown
    assert "Ännu inte i Teams" not in shown  # every command works in Teams now
    assert "Slack" not in shown


def test_the_page_buttons_turn_the_schools_in_place_of_the_card(
    teams: LocalTeams, driver: Driver, bryggan: Bryggan, schools: None
) -> None:
    admin = Actor(team_id=WORKSPACE, user_id=internal_id("user", RITA), is_admin=True)
    for n in range(15):  # 17 schools: two pages of 15
        bryggan.services.contacts.changes.link(
            admin, channel_id=f"MCEXTRA{n:02d}", name=f"Extra {n:02d}", create=True
        )
    chat = install_personal(teams, driver, RITA)
    driver.message(RITA, chat.id, "uppföljning HT2026")
    _home, answer, *_ = _answers(teams, chat.id, 6)
    assert "Sida 1 av 2" in texts(answer.cards[0])
    turned = driver.click(RITA, answer, "Nästa sida")
    assert turned is not None
    assert turned.body["type"] == cards.CARD_CONTENT_TYPE
    conv, _ = teams.directory.resolve(chat.id)
    assert conv is not None
    shown = texts(conv.find(answer.id).cards[0])  # type: ignore[union-attr]
    assert "Sida 2 av 2" in shown
    assert len(teams.posted(chat.id)) == 6  # the home card; the page replaced the card; no charts again
    driver.click(RITA, answer, "Föregående sida")
    assert "Sida 1 av 2" in texts(conv.find(answer.id).cards[0])  # type: ignore[union-attr]


def test_a_page_turn_crafted_in_a_channel_shows_no_figures(
    teams: LocalTeams, driver: Driver, schools: None
) -> None:
    driver.install_in_team(TEAM, by=RITA)
    action = {
        "type": "Action.Execute",
        "verb": "uppfoljning_page:2",
        "data": {"value": '{"term": "HT2026", "page": 1}'},
    }
    said = driver.invoke(RITA, CHANNEL, "adaptiveCard/action", {"action": action, "trigger": "manual"})
    shown = texts(said.body["value"])  # in place of the card clicked: the refusal, no figures
    assert "bara i din egen chatt med Bryggan" in shown
    assert "Berzeliusskolan" not in str(said.body)
