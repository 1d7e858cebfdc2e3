"""The calendar feed's iCalendar and its URLs: RFC 5545 lines, stable UIDs, cancellations, tokens."""

from __future__ import annotations

import re
from datetime import UTC, date, datetime, time, timedelta

import icalendar
import pytest

from bot.meetings.calendar_feeds import FeedMeeting, feed_urls, render_feed, token_hash, token_of
from bot.meetings.calendar_file import slug
from bot.meetings.recurrence import Occurrence, Status
from tests.conftest import STOCKHOLM

SET_AT = datetime(2026, 11, 24, 7, 0, tzinfo=UTC)
# Long, and 2 octets per å/ä/ö in UTF-8: the title's line must fold between characters, never inside one.
SCHOOL = "Kunskapsskolan Bäckebölsskolan Öster, Åkersberga högstadium och grundsärskola"
TITLE = f"EHT-möte – {SCHOOL}"


def _meeting(
    day: date, status: Status = Status.PLANNED, starts: time = time(13, 15), revised: datetime = SET_AT
) -> FeedMeeting:
    start = datetime.combine(day, starts, tzinfo=STOCKHOLM).astimezone(UTC)
    return FeedMeeting(
        f"eht-T1-7-{day:%Y%m%d}@bryggan", Occurrence(day, status, start, timedelta(minutes=60)), revised
    )


def _render(*meetings: FeedMeeting) -> bytes:
    return render_feed(meetings, title=TITLE, zone=STOCKHOLM, years=(2026, 2028))


def _events(body: bytes) -> dict[str, icalendar.Event]:
    return {str(e["UID"]): e for e in icalendar.Calendar.from_ical(body).walk("VEVENT")}


def test_lines_end_in_crlf_and_fold_at_75_octets_between_characters() -> None:
    body = _render(_meeting(date(2026, 12, 1)))
    lines = body.split(b"\r\n")
    assert lines[-1] == b""  # the last line ends in CRLF too
    assert not [line for line in lines if b"\n" in line or b"\r" in line]
    assert max(len(line) for line in lines) <= 75
    folded = [line for line in lines if line.startswith(b" ")]
    assert folded  # the long title did need folding
    for line in lines:
        line.decode("utf-8")  # no character was cut in two
    unfolded = body.replace(b"\r\n ", b"").decode()
    escaped = TITLE.replace(",", "\\,")  # TEXT values escape their commas
    assert f"SUMMARY:{escaped}\r\n" in unfolded
    assert f"X-WR-CALNAME:{TITLE}\r\n" in unfolded  # an X- property: icalendar writes it as given


def test_each_event_carries_what_rfc_5545_requires_and_times_in_the_zone() -> None:
    body = _render(_meeting(date(2026, 12, 1)))
    calendar = icalendar.Calendar.from_ical(body)
    assert (str(calendar["VERSION"]), str(calendar["PRODID"])) == ("2.0", "-//Bryggan//EHT//SV")
    (event,) = calendar.walk("VEVENT")
    assert event.decoded("DTSTAMP") == SET_AT
    assert event.decoded("DTSTART") == datetime(2026, 12, 1, 13, 15, tzinfo=STOCKHOLM)
    assert event.decoded("DTEND") == datetime(2026, 12, 1, 14, 15, tzinfo=STOCKHOLM)
    assert event["DTSTART"].params["TZID"] == "Europe/Stockholm"
    assert str(event["STATUS"]) == "CONFIRMED"
    assert [str(z["TZID"]) for z in calendar.walk("VTIMEZONE")] == ["Europe/Stockholm"]
    assert b"\r\nREFRESH-INTERVAL;VALUE=DURATION:PT1H\r\n" in body
    assert b"\r\nX-PUBLISHED-TTL:PT1H\r\n" in body


def test_the_same_meetings_give_the_same_bytes_and_a_moved_one_keeps_its_uid_with_a_higher_sequence() -> None:
    day = date(2026, 12, 8)
    before = _render(_meeting(date(2026, 12, 1)), _meeting(day))
    assert _render(_meeting(date(2026, 12, 1)), _meeting(day)) == before  # what the ETag relies on
    moved_at = SET_AT + timedelta(minutes=3)
    after = _render(_meeting(date(2026, 12, 1)), _meeting(day, Status.MOVED, time(14, 0), moved_at))
    old, new = _events(before), _events(after)
    uid = f"eht-T1-7-{day:%Y%m%d}@bryggan"
    assert set(old) == set(new)
    assert new[uid].decoded("DTSTART") == datetime(2026, 12, 8, 14, 0, tzinfo=STOCKHOLM)
    assert new[uid]["SEQUENCE"] > old[uid]["SEQUENCE"]
    assert new[uid].decoded("DTSTAMP") == moved_at
    first = "eht-T1-7-20261201@bryggan"
    assert new[first].to_ical() == old[first].to_ical()  # the other meeting did not change at all


def test_a_cancelled_meeting_stays_with_status_cancelled_and_takes_no_time() -> None:
    (event,) = _events(_render(_meeting(date(2026, 12, 1), Status.CANCELLED))).values()
    assert str(event["STATUS"]) == "CANCELLED"
    assert str(event["TRANSP"]) == "TRANSPARENT"
    assert event.decoded("DTSTART") == datetime(2026, 12, 1, 13, 15, tzinfo=STOCKHOLM)


def test_a_feed_without_meetings_is_still_a_valid_calendar() -> None:
    calendar = icalendar.Calendar.from_ical(_render())
    assert calendar.walk("VEVENT") == []
    assert calendar.walk("VTIMEZONE")  # RFC 5545 wants at least one component


def test_the_urls_put_the_token_under_calendar_and_webcal_swaps_only_the_scheme() -> None:
    urls = feed_urls("https://bryggan.kommun.se/", "A" * 43)
    assert urls.https == f"https://bryggan.kommun.se/calendar/{'A' * 43}.ics"
    assert urls.webcal == f"webcal://bryggan.kommun.se/calendar/{'A' * 43}.ics"
    assert (
        feed_urls("http://10.0.0.5:3000/bryggan", "b" * 43).webcal
        == f"webcal://10.0.0.5:3000/bryggan/calendar/{'b' * 43}.ics"
    )


@pytest.mark.parametrize(
    ("path", "token"),
    [
        (f"/calendar/{'aZ0_-' * 8}abc.ics", f"{'aZ0_-' * 8}abc"),
        (f"/calendar/{'a' * 42}.ics", None),  # too short to be one of ours
        (f"/calendar/{'a' * 44}.ics", None),
        (f"/calendar/{'a' * 42}=.ics", None),
        (f"/calendar/{'a' * 43}.ICS", None),
        (f"/calendar/{'a' * 43}", None),
        (f"/calendar/../{'a' * 40}.ics", None),
        (f"/kalender/{'a' * 43}.ics", None),
    ],
)
def test_only_a_well_formed_token_is_read_from_the_path(path: str, token: str | None) -> None:
    assert token_of(path) == token


def test_a_token_is_stored_as_its_sha_256() -> None:
    assert re.fullmatch(r"[0-9a-f]{64}", token_hash("a" * 43))
    assert token_hash("a" * 43) != token_hash("a" * 42 + "b")


@pytest.mark.parametrize(
    ("name", "expected"),
    [
        ("Čohkkiras skuvla", "cohkkiras-skuvla"),
        ("Åsens skola – Ŋ-klassen", "asens-skola-klassen"),
        ("Älvängens skola", "alvangens-skola"),
        ("Школа 5", "5"),
        ("中学", "skola"),
    ],
)
def test_a_file_name_part_is_plain_ascii_whatever_the_schools_name(name: str, expected: str) -> None:
    # It goes into a Content-Disposition header, which the HTTP server writes as Latin-1.
    made = slug(name)
    assert made == expected
    made.encode("ascii")
