"""The .ics export and the calendar feed read by other projects' calendar readers: a year of an EHT
series across both clock changes must come out at the same local time in recurring-ical-events
(Python) and Mozilla's ical.js (Thunderbird and many web calendars), run with Node from
tests/interop/js (`npm ci` there)."""

from __future__ import annotations

import json
import os
import re
import shutil
import subprocess
import urllib.request
from datetime import UTC, date, datetime, time, timedelta
from pathlib import Path

import icalendar
import pytest
import recurring_ical_events

from bot.app import Bryggan
from bot.clock import FakeClock
from bot.settings import Settings
from localslack import Driver, LocalSlack, Workspace
from tests.conftest import STOCKHOLM
from tests.e2e.test_meetings import Eht
from tests.slackbed import CHANNELS, PEOPLE, test_settings

JS = Path(__file__).parent / "js"
FIRST = date(2027, 3, 2)  # the Tuesday after the clock is set; summer time starts Sunday 28 March
WEEKS = 40  # to Tuesday 30 November, past the end of summer time on Sunday 31 October
CANCELLED = date(2027, 4, 6)
MOVED, MOVED_TO = date(2027, 11, 9), datetime(2027, 11, 10, 14, 0, tzinfo=STOCKHOLM)


PUBLIC = "https://bryggan.example.se"


@pytest.fixture
def settings(database_url: str, slack: LocalSlack, workspace: Workspace) -> Settings:
    """The usual test settings with a public address, so that the calendar feed is served too."""
    return test_settings(database_url=database_url, api_url=slack.api_url, public_url=PUBLIC)


@pytest.fixture
def ics(driver: Driver, workspace: Workspace, bryggan: Bryggan, clock: FakeClock, tmp_path: Path) -> Path:
    """The calendar file of a Tuesday 13:15 series set on Monday 1 March 2027, one meeting cancelled
    and one moved, as uploaded to the stand-in."""
    clock.set(datetime(2027, 3, 1, 8, 0, tzinfo=STOCKHOLM))
    eht = Eht(driver, workspace, bryggan)
    eht(PEOPLE.admin, CHANNELS.berzelius, "koppla Berzeliusskolan")
    assert "Schemat är sparat" in eht.eht(PEOPLE.rektor, "schema tisdag 13:15 Rum B12").text
    assert "inställt" in eht.eht(PEOPLE.rektor, f"ställ in {CANCELLED.isoformat()}").text
    assert "flyttat" in eht.eht(PEOPLE.rektor, f"flytta {MOVED.isoformat()} 2027-11-10 14:00").text
    sent = driver.command(user=PEOPLE.rektor, channel=CHANNELS.berzelius, command="/eht", text="kalender")
    assert sent.status == 200
    (file,) = workspace.wait_for(lambda ws: [f for f in ws.files if f.completed] or None)
    path = tmp_path / file.name
    path.write_bytes(file.content)
    return path


@pytest.fixture
def feed(ics: Path, driver: Driver, workspace: Workspace, bryggan_url: str, tmp_path: Path) -> Path:
    """The same series' calendar feed, fetched over HTTP as a calendar app fetches it."""
    seen = len(workspace.ephemerals_to(PEOPLE.rektor))
    sent = driver.command(user=PEOPLE.rektor, channel=CHANNELS.berzelius, command="/eht", text="prenumerera")
    assert sent.status == 200
    reply = workspace.wait_for(lambda ws: ws.ephemerals_to(PEOPLE.rektor)[seen:] or None)[-1]
    found = re.search(rf"`{re.escape(PUBLIC)}(/calendar/[\w-]+\.ics)`", reply.text)
    assert found is not None, reply.text
    with urllib.request.urlopen(bryggan_url + found.group(1), timeout=10) as answer:
        path = tmp_path / "feed.ics"
        path.write_bytes(answer.read())
    return path


def _expected() -> list[datetime]:
    tuesdays = [FIRST + timedelta(weeks=n) for n in range(WEEKS)]
    planned = [datetime.combine(d, time(13, 15), tzinfo=STOCKHOLM) for d in tuesdays if d != CANCELLED]
    return sorted(MOVED_TO if start.date() == MOVED else start for start in planned)


def _local(starts: list[datetime]) -> list[datetime]:
    return sorted(start.astimezone(STOCKHOLM) for start in starts)


def test_the_series_spans_both_clock_changes() -> None:
    offsets = {start.utcoffset() for start in _expected()}
    assert offsets == {timedelta(hours=1), timedelta(hours=2)}
    assert _expected()[-1].date() > date(2027, 10, 31)


def test_the_zone_is_written_with_yearly_rules_and_no_multi_valued_rdate(ics: Path) -> None:
    (zone,) = icalendar.Calendar.from_ical(ics.read_bytes()).walk("VTIMEZONE")
    rules = {str(part.name): part["RRULE"].to_ical().decode() for part in zone.subcomponents}
    assert rules == {
        "DAYLIGHT": "FREQ=YEARLY;BYDAY=-1SU;BYMONTH=3",
        "STANDARD": "FREQ=YEARLY;BYDAY=-1SU;BYMONTH=10",
    }
    assert not [part for part in zone.subcomponents if "RDATE" in part]
    # Read from the file's own VTIMEZONE (not the reader's zone database), every hour of the year.
    written = zone.to_tz(lookup_tzid=False)
    hours = [datetime(2027, 1, 1, tzinfo=UTC) + timedelta(hours=h) for h in range(366 * 24)]
    assert [h.astimezone(written).utcoffset() for h in hours] == [
        h.astimezone(STOCKHOLM).utcoffset() for h in hours
    ]


def test_recurring_ical_events_reads_every_meeting_at_its_local_time(ics: Path) -> None:
    calendar = icalendar.Calendar.from_ical(ics.read_bytes())
    events = recurring_ical_events.of(calendar).between(date(2027, 1, 1), date(2028, 1, 1))
    assert _local([event.decoded("DTSTART") for event in events]) == _expected()


def test_ical_js_reads_every_meeting_at_its_local_time(ics: Path) -> None:
    node = _node()
    until = int(datetime(2028, 1, 1, tzinfo=UTC).timestamp())
    run = subprocess.run(
        [node, str(JS / "expand.mjs"), str(ics), str(until)], capture_output=True, text=True, check=False
    )
    assert run.returncode == 0, run.stderr
    starts = [datetime.fromtimestamp(seconds, UTC) for seconds in json.loads(run.stdout)]
    assert _local(starts) == _expected()


def test_recurring_ical_events_reads_every_feed_meeting_at_its_local_time(feed: Path) -> None:
    calendar = icalendar.Calendar.from_ical(feed.read_bytes())
    events = recurring_ical_events.of(calendar).between(date(2027, 1, 1), date(2028, 1, 1))
    held = [e.decoded("DTSTART") for e in events if str(e.get("STATUS")) != "CANCELLED"]
    assert _local(held) == _expected()


def test_ical_js_reads_every_feed_meeting_at_its_local_time(feed: Path) -> None:
    node = _node()
    run = subprocess.run(
        [node, str(JS / "expand.mjs"), str(feed), "0"], capture_output=True, text=True, check=False
    )
    assert run.returncode == 0, run.stderr
    starts = [datetime.fromtimestamp(seconds, UTC) for seconds in json.loads(run.stdout)]
    assert _local(starts) == _expected()


def _node() -> str:
    """Node with ical.js installed; skipped locally without them, a failure in CI (.ci/run installs both)."""
    node = shutil.which("node")
    missing = (
        "node is not installed (Debian: apt-get install nodejs npm)"
        if node is None
        else "ical.js is not installed: run `npm ci` in tests/interop/js"
        if not (JS / "node_modules" / "ical.js").is_dir()
        else None
    )
    if missing is None:
        return node  # type: ignore[return-value]
    if os.environ.get("CI"):
        pytest.fail(f"CI must run the ical.js reader: {missing}")
    pytest.skip(missing)
