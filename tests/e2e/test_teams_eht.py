"""An EHT series with reminders in Teams, end to end, through the real Teams SDK and the local stand-in.

The rector schedules the school's meetings in its channel; the outbox posts the day-before reminder
there at its due time; an agenda item with a name is refused in its dialog and nothing is stored, a
clean one is added; after the meeting the notes are written from the prompt's button; a meeting is
cancelled; the calendar feed link stands in for Slack's .ics. Nothing Teams shows names a slash
command. Skipped where the `teams` extra is not installed (required in CI).
"""

from __future__ import annotations

import os
import re
from collections.abc import Iterator
from datetime import date, datetime
from typing import Any

import httpx
import icalendar
import pytest
from sqlalchemy import func, select

from bot.app import Bryggan
from bot.clock import FakeClock
from localteams import Activity, Driver, LocalTeams
from storage.models import AgendaItem, MeetingNote
from storage.teams_addresses import internal_id
from tests.conftest import STOCKHOLM
from tests.teamsbed import CHANNEL, RITA, TEAM, WORKSPACE, serve_teams, teams_only_settings
from tests.teamscards import dialog, submit, text_of

if not os.environ.get("CI"):
    pytest.importorskip("microsoft_teams.apps")

PUBLIC = "https://bryggan.example.se"
ITEM = "Rutiner för uppföljning av frånvaro i årskurs 8"
NAMED = "Wilma Andersson i 8B är ofta frånvarande"


settings = teams_only_settings(RITA, public_url=PUBLIC)  # the public address: the calendar feed's


@pytest.fixture
def driver(teams: LocalTeams, bryggan: Bryggan, clock: FakeClock) -> Iterator[Driver]:
    """The Teams server, with the calendar feeds beside /api/messages as `bryggan run --teams` serves them."""
    with serve_teams(teams, bryggan, clock, feeds=True) as driver:
        driver.install_in_team(TEAM, by=RITA)
        yield driver


@pytest.fixture
def served(driver: Driver) -> str:
    """Where Bryggan's Teams server answers."""
    return driver.bot.endpoint.removesuffix("/api/messages")


@pytest.fixture
def school(bryggan: Bryggan, driver: Driver) -> None:
    """Berzeliusskolan's channel linked (not a Teams command yet): the administrator's use case."""
    from bot.actors import Actor

    admin = Actor(team_id=WORKSPACE, user_id=internal_id("user", RITA), is_admin=True)
    bryggan.services.contacts.changes.link(
        admin, channel_id=internal_id("channel", CHANNEL), name="Berzeliusskolan", create=True
    )


def _at(*parts: int) -> datetime:
    return datetime(*parts, tzinfo=STOCKHOLM)  # type: ignore[misc]


def _eht(teams: LocalTeams, driver: Driver, text: str) -> Activity:
    """Rita writes `@Bryggan eht …` in the school's channel; Bryggan's answer in that thread."""
    thread = driver.message(RITA, CHANNEL, f"eht {text}").activity["conversation"]["id"]
    return teams.directory.wait_for(lambda d: d.posted(thread)[-1:] or None)[0]


def _deliver(bryggan: Bryggan) -> None:
    """What the ticker does: owe the reminders, then deliver what is due, to Teams."""
    bryggan.services.meetings.reminders.materialise()
    for _ in range(10):
        if not any(bryggan.dispatcher.run_once().as_dict().values()):
            return


def _posts(teams: LocalTeams, word: str) -> list[Activity]:
    """The bot's own posts in the channel (the outbox's, not answers in threads) containing `word`."""
    return [a for a in teams.posted(CHANNEL) if a.root_id in (None, a.id) and word in text_of(a)]


def _submit(driver: Driver, card: dict[str, Any], **typed: str) -> dict[str, Any]:
    return dialog(submit(driver, RITA, CHANNEL, card, **typed))


def _count(bryggan: Bryggan, model: Any) -> int:
    with bryggan.sessions.begin() as session:
        return int(session.scalar(select(func.count()).select_from(model)) or 0)


def test_an_eht_series_with_reminders_agenda_notes_cancelling_and_the_feed_in_teams(
    teams: LocalTeams, driver: Driver, bryggan: Bryggan, clock: FakeClock, school: None, served: str
) -> None:
    scheduled = text_of(_eht(teams, driver, "schema onsdag 10:00 Rum B12"))
    assert "Schemat är sparat" in scheduled
    assert "onsdag 25 november kl. 10:00" in scheduled

    _deliver(bryggan)  # Tuesday 08:00: the working day before the meeting
    [reminder] = _posts(teams, "EHT-möte onsdag 25 november kl. 10:00")
    assert "Rum B12" in text_of(reminder)
    assert "`eht punkt`" in text_of(reminder)  # as typed in Teams, never Slack's slash command

    form = dialog(driver.click(RITA, reminder, "Lägg till punkt"))
    refused = _submit(driver, form, item=NAMED)
    [field] = [e for e in refused["body"] if e.get("id") == "item"]
    assert "value" not in field  # the refused words are not shown again
    assert "kan peka ut en person" in str(refused)
    assert "Wilma" not in str(refused)
    assert _count(bryggan, AgendaItem) == 0

    added = _submit(driver, refused, item=ITEM)
    assert "Punkten är tillagd på dagordningen för EHT-mötet onsdag 25 november" in str(added)
    assert _count(bryggan, AgendaItem) == 1

    clock.set(_at(2026, 11, 25, 11, 0))  # the meeting has ended: the prompt for notes
    _deliver(bryggan)
    ended = "EHT-mötet onsdag 25 november kl. 10:00 är slut"
    [prompt] = [a for a in teams.posted(CHANNEL) if ended in text_of(a)]
    assert prompt.root_id == reminder.id  # in the meeting's thread, as in Slack
    notes = dialog(driver.click(RITA, prompt, "Skriv anteckningar"))
    # A name in the second field: its error stands under that field, whose words do not come back.
    refused = _submit(driver, notes, decisions="Ny rutin för frånvaro", actions=NAMED)
    fields = {e["id"]: e for e in refused["body"] if e["type"].startswith("Input.")}
    assert "value" not in fields["actions"]
    assert fields["decisions"]["value"] == "Ny rutin för frånvaro"
    assert "Wilma" not in str(refused)
    body = refused["body"]
    [error] = [i for i, e in enumerate(body) if e.get("color") == "Attention"]
    [under] = [e["id"] for e in body[:error] if e["type"].startswith("Input.")][-1:]
    assert under == "actions"
    assert _count(bryggan, MeetingNote) == 0
    saved = _submit(driver, refused, decisions="Ny rutin för frånvaro", actions="Kurator tar fram underlag")
    assert "Anteckningarna är sparade" in str(saved)
    assert _count(bryggan, MeetingNote) == 1
    _deliver(bryggan)
    [written] = [a for a in teams.posted(CHANNEL) if "Anteckningar från EHT-mötet" in text_of(a)]
    assert "Ny rutin för frånvaro" in text_of(written)
    assert written.root_id == reminder.id

    again = _eht(teams, driver, "anteckningar")  # a message cannot open a dialog: a button does
    prefilled = dialog(driver.click(RITA, again, "Skriv anteckningar"))
    assert "Ny rutin för frånvaro" in str(prefilled)

    cancelled = text_of(_eht(teams, driver, "ställ in 2/12"))
    assert "EHT-mötet onsdag 2 december kl. 10:00 är inställt" in cancelled
    _deliver(bryggan)
    assert _posts(teams, "inställt")

    feed = text_of(_eht(teams, driver, "kalender"))  # Slack uploads an .ics; Teams gets the feed link
    assert "för alla i kanalen" in feed
    [link] = re.findall(rf"{re.escape(PUBLIC)}/calendar/([^\s`]+)\.ics", feed)
    assert f"webcal://bryggan.example.se/calendar/{link}.ics" in feed
    calendar = httpx.get(f"{served}/calendar/{link}.ics")  # served beside Teams' endpoint
    assert calendar.status_code == 200
    assert calendar.headers["content-type"].startswith("text/calendar")
    events = icalendar.Calendar.from_ical(calendar.content).walk("VEVENT")
    cancelled_day = [e for e in events if e.decoded("DTSTART").date() == date(2026, 12, 2)]
    assert [str(e["STATUS"]) for e in cancelled_day] == ["CANCELLED"]
    unchanged = httpx.get(
        f"{served}/calendar/{link}.ics", headers={"If-None-Match": calendar.headers["etag"]}
    )
    assert unchanged.status_code == 304
    assert "stängd" in text_of(_eht(teams, driver, "prenumerera stäng"))
    assert httpx.get(f"{served}/calendar/{link}.ics").status_code == 404  # revoked

    shown = [text_of(a) for a in teams.posted(CHANNEL)]
    assert not [text for text in shown if "/eht" in text or "Slack" in text]


def test_a_new_schedule_is_previewed_and_replaced_with_its_button(
    teams: LocalTeams, driver: Driver, bryggan: Bryggan, school: None
) -> None:
    _eht(teams, driver, "schema onsdag 10:00")
    preview = _eht(teams, driver, "schema torsdag 13:15")
    done = driver.click(RITA, preview, "Ersätt schemat")
    assert done is not None
    assert done.body["value"].startswith("Schemat är sparat")
    assert "torsdag 26 november kl. 13:15" in text_of(_eht(teams, driver, "nästa"))


def test_refusals_name_the_command_as_typed_in_teams(teams: LocalTeams, driver: Driver, school: None) -> None:
    assert "`eht schema tisdag 13:15 varannan vecka`" in text_of(_eht(teams, driver, "nästa"))  # no series
    _eht(teams, driver, "schema onsdag 10:00")
    refused = text_of(_eht(teams, driver, "ställ in"))
    assert "`eht ställ in 2026-12-08`" in refused
    assert "/eht" not in refused


def test_eht_help_names_the_command_as_typed_in_teams(
    teams: LocalTeams, driver: Driver, school: None
) -> None:
    shown = text_of(_eht(teams, driver, "hjälp"))
    assert shown.startswith("eht – elevhälsoteamets möten")
    assert "`eht flytta 8/12 onsdag`" in shown
    assert "Teams får ingen kalenderfil" in shown  # `eht kalender` gives the link here
    assert "`eht ställ in 2026-12-08`" in shown
    assert "/eht" not in shown


def test_a_new_schedule_is_kept_with_its_button(
    teams: LocalTeams, driver: Driver, bryggan: Bryggan, school: None
) -> None:
    _eht(teams, driver, "schema onsdag 10:00")
    preview = _eht(teams, driver, "schema torsdag 13:15")
    kept = driver.click(RITA, preview, "Behåll det gamla")
    assert kept is not None
    [said] = kept.body["value"]["body"]  # a card in place of the preview: Slack's replace_original
    assert said["text"] == "Avbrutet – ingenting ändrades."
    assert "onsdag 25 november kl. 10:00" in text_of(_eht(teams, driver, "nästa"))
