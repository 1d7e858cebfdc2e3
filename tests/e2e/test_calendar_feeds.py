"""The calendar feed end to end: `/eht prenumerera` through the stand-in, then the feed over HTTP as a
calendar app fetches it: valid iCalendar, only titles and the school, revocable at once, cacheable."""

from __future__ import annotations

import hashlib
import http.client
import os
import re
import subprocess
import sys
from datetime import date, datetime
from email.message import Message
from pathlib import Path
from urllib.parse import urlsplit

import icalendar
import pytest
from cryptography.fernet import Fernet
from sqlalchemy import select

from bot.app import Bryggan
from bot.clock import FakeClock
from bot.settings import Settings
from localslack import Driver, LocalSlack, Workspace
from storage.meetings import save_note
from storage.models import AuditEvent, CalendarFeed, MeetingNote
from tests.conftest import STOCKHOLM
from tests.e2e.test_meetings import BREAKS, ITEM, Eht
from tests.slackbed import APP_TOKEN, BOT_TOKEN, CHANNELS, PEOPLE, TEAM, test_settings

PUBLIC = "https://bryggan.example.se"
NOTES = "Beslut om ny rutin för sen ankomst i 9C"
PLACE = "Rum B12"
URL = re.compile(r"`(https://bryggan\.example\.se/calendar/[A-Za-z0-9_-]{43}\.ics)`")


@pytest.fixture
def public_url() -> str | None:
    """BRYGGAN_PUBLIC_URL; a test parametrizes it to None to see feeds switched off."""
    return PUBLIC


@pytest.fixture
def settings(
    database_url: str, slack: LocalSlack, workspace: Workspace, tmp_path: Path, public_url: str | None
) -> Settings:
    breaks = tmp_path / "lov.yaml"
    breaks.write_text(BREAKS, encoding="utf-8")
    return test_settings(
        database_url=database_url, api_url=slack.api_url, school_breaks=breaks, public_url=public_url
    )


@pytest.fixture
def eht(driver: Driver, workspace: Workspace, bryggan: Bryggan, clock: FakeClock) -> Eht:
    """Berzeliusskolan linked, with a Tuesday 13:15 series: one meeting cancelled, one moved, an item."""
    eht = Eht(driver, workspace, bryggan)
    eht(PEOPLE.admin, CHANNELS.berzelius, "koppla Berzeliusskolan")
    assert "Schemat är sparat" in eht.eht(PEOPLE.rektor, f"schema tisdag 13:15 {PLACE}").text
    clock.set(_at(2026, 11, 24, 8, 5))
    assert "inställt" in eht.eht(PEOPLE.rektor, "ställ in 1/12").text
    assert "flyttat" in eht.eht(PEOPLE.rektor, "flytta 8/12 14:00").text
    clock.set(_at(2026, 11, 24, 8, 10))
    eht.eht(PEOPLE.rektor, f"punkt {ITEM}")
    return eht


class Feed:
    """The feed as a calendar app sees it: GET and HEAD on Bryggan's HTTP listener."""

    def __init__(self, base: str) -> None:
        self.host = urlsplit(base).netloc

    def fetch(self, url: str, method: str = "GET", **headers: str) -> tuple[int, Message, bytes]:
        """Fetch the public URL's path from the listener (as a reverse proxy would pass it on)."""
        connection = http.client.HTTPConnection(self.host, timeout=10)
        try:
            connection.request(method, urlsplit(url).path, headers=headers)
            answer = connection.getresponse()
            return answer.status, answer.headers, answer.read()
        finally:
            connection.close()


@pytest.fixture
def feed(bryggan_url: str) -> Feed:
    return Feed(bryggan_url)


def _subscribe(eht: Eht, text: str = "prenumerera", user: str = PEOPLE.rektor) -> tuple[str, str]:
    """The reply to `/eht <text>` and the feed URL it shows."""
    reply = eht.eht(user, text).text
    found = URL.search(reply)
    assert found is not None, reply
    return reply, found.group(1)


def _at(*parts: int) -> datetime:
    return datetime(*parts, tzinfo=STOCKHOLM)  # type: ignore[misc]


def test_a_school_subscribes_and_the_feed_is_valid_icalendar_with_cancelled_and_moved_meetings(
    eht: Eht, feed: Feed
) -> None:
    reply, url = _subscribe(eht)
    assert "webcal://bryggan.example.se/calendar/" in reply
    assert "Outlook" in reply
    assert "Google" in reply
    assert "Apple" in reply
    status, headers, body = feed.fetch(url)
    assert status == 200
    assert headers["Content-Type"] == "text/calendar; charset=utf-8"
    assert headers["Cache-Control"] == "private, no-cache"
    assert body.endswith(b"\r\n")
    assert b"\n" not in body.replace(b"\r\n", b"")
    assert max(len(line) for line in body.split(b"\r\n")) <= 75
    calendar = icalendar.Calendar.from_ical(body)
    assert str(calendar["X-WR-CALNAME"]) == "EHT-möte – Berzeliusskolan"
    (zone,) = calendar.walk("VTIMEZONE")
    assert str(zone["TZID"]) == "Europe/Stockholm"
    events = {str(e["UID"]): e for e in calendar.walk("VEVENT")}
    first = events[f"eht-{TEAM}-1-20261124@bryggan"]
    assert first.decoded("DTSTART") == _at(2026, 11, 24, 13, 15)
    assert first.decoded("DTEND") == _at(2026, 11, 24, 14, 15)
    assert first["DTSTART"].params["TZID"] == "Europe/Stockholm"
    assert str(first["STATUS"]) == "CONFIRMED"
    assert str(first["SUMMARY"]) == "EHT-möte – Berzeliusskolan"
    cancelled = events[f"eht-{TEAM}-1-20261201@bryggan"]
    assert str(cancelled["STATUS"]) == "CANCELLED"
    moved = events[f"eht-{TEAM}-1-20261208@bryggan"]
    assert moved.decoded("DTSTART") == _at(2026, 12, 8, 14, 0)
    assert moved["SEQUENCE"] > first["SEQUENCE"]  # changed after the series was set
    assert f"eht-{TEAM}-1-20261222@bryggan" not in events  # jullov: never a meeting
    assert all("DTSTAMP" in e and "SEQUENCE" in e for e in events.values())
    # Past summer, the end of the 40 weeks: both clock changes lie inside the feed.
    assert max(e.decoded("DTSTART") for e in events.values()).date() == date(2027, 8, 31)


def test_the_feed_carries_no_place_agenda_or_notes(
    eht: Eht, feed: Feed, bryggan: Bryggan, clock: FakeClock
) -> None:
    _, url = _subscribe(eht)
    clock.set(_at(2026, 11, 25, 9, 0))  # the first meeting was held, and its notes written
    with bryggan.sessions.begin() as session:
        save_note(
            session,
            MeetingNote(
                team_id=TEAM,
                school_id=1,
                day=date(2026, 11, 24),
                decisions=NOTES,
                actions="Kurator tar fram underlag",
                follow_up="Rektor",
                author_id=PEOPLE.rektor,
                recorded_at=clock.now(),
            ),
        )
    status, _, body = feed.fetch(url)
    assert status == 200
    unfolded = body.replace(b"\r\n ", b"").decode()
    assert f"eht-{TEAM}-1-20261124@bryggan" in unfolded  # the past meeting is there…
    for text in (ITEM, NOTES, "Kurator tar fram underlag", PLACE, "DESCRIPTION", "LOCATION", "ATTENDEE"):
        assert text not in unfolded  # …and nothing but its time, title and school


def test_a_new_url_revokes_the_old_at_once_and_closing_it_leaves_none(
    eht: Eht, feed: Feed, bryggan: Bryggan
) -> None:
    _, old = _subscribe(eht)
    assert feed.fetch(old)[0] == 200
    again = eht.eht(PEOPLE.kurator_en, "subscribe").text  # a colleague, in English: shown once only
    assert "already has a calendar link" in again
    assert "/calendar/" not in again
    reply, new = _subscribe(eht, "prenumerera ny")
    assert "slutade fungera nu" in reply
    assert new != old
    assert feed.fetch(old)[0] == 404
    assert feed.fetch(new)[0] == 200
    assert "är stängd" in eht.eht(PEOPLE.rektor, "prenumerera stäng").text
    assert feed.fetch(new)[0] == 404
    assert "ingen kalenderlänk att stänga" in eht.eht(PEOPLE.rektor, "prenumerera stäng").text
    with bryggan.sessions.begin() as session:
        assert session.scalars(select(CalendarFeed)).all() == []
        audit = [(e.action, e.actor_id) for e in session.scalars(select(AuditEvent).order_by(AuditEvent.id))]
    feeds = [a for a in audit if a[0].startswith("eht.feed")]
    assert feeds == [
        ("eht.feed_issued", PEOPLE.rektor),
        ("eht.feed_revoked", PEOPLE.rektor),
        ("eht.feed_issued", PEOPLE.rektor),
        ("eht.feed_revoked", PEOPLE.rektor),
    ]


def test_only_the_tokens_hash_is_stored_and_no_token_reaches_the_audit_or_the_log(
    eht: Eht, feed: Feed, bryggan: Bryggan, caplog: pytest.LogCaptureFixture
) -> None:
    caplog.set_level("DEBUG")
    _, url = _subscribe(eht)
    token = url.rsplit("/", 1)[1].removesuffix(".ics")
    feed.fetch(url)
    feed.fetch(url.replace(token, "x" * 43))
    with bryggan.sessions.begin() as session:
        (row,) = session.scalars(select(CalendarFeed)).all()
        assert row.token_hash == hashlib.sha256(token.encode()).hexdigest()
        stored = [repr(vars(row))] + [repr(vars(e)) for e in session.scalars(select(AuditEvent))]
    assert not [s for s in stored if token in s]
    assert token not in caplog.text


def test_etag_and_last_modified_answer_304_until_the_meetings_change_and_head_has_no_body(
    eht: Eht, feed: Feed, clock: FakeClock
) -> None:
    _, url = _subscribe(eht)
    status, headers, body = feed.fetch(url)
    etag, modified = headers["ETag"], headers["Last-Modified"]
    assert modified == "Tue, 24 Nov 2026 07:10:00 GMT"  # first served at 08:10 Stockholm time
    clock.set(_at(2026, 11, 24, 10, 0))
    assert feed.fetch(url, **{"If-None-Match": etag})[0] == 304
    assert feed.fetch(url, **{"If-None-Match": f'"other", W/{etag}'})[0] == 304
    assert feed.fetch(url, **{"If-Modified-Since": modified})[0] == 304
    assert feed.fetch(url, **{"If-None-Match": '"other"', "If-Modified-Since": modified})[0] == 200
    head = feed.fetch(url, "HEAD")
    assert (head[0], head[1]["ETag"], head[1]["Content-Length"], head[2]) == (200, etag, str(len(body)), b"")
    assert feed.fetch(url, "POST")[0] == 405

    eht.eht(PEOPLE.rektor, "ställ in 15/12")
    status, headers, changed = feed.fetch(url, **{"If-None-Match": etag, "If-Modified-Since": modified})
    assert status == 200
    assert headers["ETag"] != etag
    assert headers["Last-Modified"] == "Tue, 24 Nov 2026 09:00:00 GMT"
    cancelled = next(
        e for e in icalendar.Calendar.from_ical(changed).walk("VEVENT") if "20261215" in e["UID"]
    )
    assert str(cancelled["STATUS"]) == "CANCELLED"
    assert feed.fetch(url, **{"If-Modified-Since": modified})[0] == 200  # changed since then


@pytest.mark.parametrize("public_url", [None])
def test_without_a_public_url_the_command_says_feeds_are_off_and_nothing_is_served(
    eht: Eht, feed: Feed, bryggan: Bryggan
) -> None:
    reply = eht.eht(PEOPLE.rektor, "prenumerera").text
    assert "BRYGGAN_PUBLIC_URL" in reply
    assert "/eht kalender" in reply
    assert feed.fetch(f"/calendar/{'a' * 43}.ics")[0] == 404
    with bryggan.sessions.begin() as session:
        assert session.scalars(select(CalendarFeed)).all() == []


def test_a_feed_is_asked_for_in_the_schools_channel_and_an_unknown_word_is_explained(eht: Eht) -> None:
    assert (
        "inte kopplad till någon skola"
        in eht.eht(PEOPLE.rektor, "prenumerera", channel=CHANNELS.personalrum).text
    )
    assert '"imorgon" förstår jag inte här' in eht.eht(PEOPLE.rektor, "prenumerera imorgon").text
    assert "`/eht prenumerera [ny | stäng]`" in eht.eht(PEOPLE.rektor, "hjälp").text


def test_bryggan_run_in_socket_mode_refuses_a_public_url_it_could_not_serve(
    tmp_path: Path, database_url: str
) -> None:
    env = {
        **os.environ,
        "SLACK_BOT_TOKEN": BOT_TOKEN,
        "SLACK_APP_TOKEN": APP_TOKEN,
        "BRYGGAN_SECRET_KEY": Fernet.generate_key().decode(),
        "DATABASE_URL": database_url,
        "BRYGGAN_PUBLIC_URL": PUBLIC,
    }
    done = subprocess.run(
        [sys.executable, "-m", "bot", "run"],
        cwd=tmp_path,
        env=env,
        capture_output=True,
        text=True,
        timeout=60,
    )
    assert done.returncode == 2
    assert done.stderr.strip() == (
        "bryggan: BRYGGAN_PUBLIC_URL: calendar feeds need HTTP mode: run with --http, or unset it"
    )
