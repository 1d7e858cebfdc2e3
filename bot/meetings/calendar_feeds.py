"""Each school's calendar feed: a secret URL that calendar apps subscribe to, revocable at once.

The URL's token is 256 random bits and only its SHA-256 is stored, so the URL is shown once, when it
is issued; a new one revokes the old. The feed holds the school's EHT meetings from FEED_PAST ago to
CALENDAR_SPAN ahead, one VEVENT per occurrence whose UID comes from the school and the series day
(the occurrence's identity, kept through moves and cancellations), and nothing else: the meeting's
title and the school's name, never the place, agenda items or notes. The body depends only on
stored data and today's date, so the same data gives the same bytes and the same ETag.
"""

from __future__ import annotations

import functools
import hashlib
import re
import secrets
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from datetime import UTC, date, datetime, timedelta
from zoneinfo import ZoneInfo

import icalendar
from sqlalchemy.orm import Session, sessionmaker

from bot.actors import Actor
from bot.audit import Auditor
from bot.clock import WorkspaceClocks
from bot.contacts.reading import school_of_channel
from bot.errors import BrygganError
from bot.meetings.calendar_file import CALENDAR_SPAN, new_calendar, sequence_at, slug, title_of
from bot.meetings.calendar_zone import vtimezone
from bot.meetings.dates import Days, MeetingDates
from bot.meetings.recurrence import Occurrence, Status
from storage.audit import AuditAction
from storage.calendar_feeds import add_feed, delete_feed, delete_team_feeds, find_feed, get_feed, mark_served
from storage.meetings import changes_of, series_history
from storage.models import CalendarFeed, MeetingSeries, School
from storage.schools import get_school

TOKEN_BYTES = 32  # 256 bits, URL-safe base64: 43 characters
FEED_PAST = timedelta(days=30)  # the recent past stays visible after a meeting
FEED_PATH = "/calendar/"
# How often calendar apps are asked to look again (RFC 7986 and Outlook's older property).
REFRESH = timedelta(hours=1)
RENDERED = 256  # feeds kept rendered, by their meetings: a few hundred schools' at about 12 kB each
_TOKEN = re.compile(r"^[A-Za-z0-9_-]{43}$")


@dataclass(frozen=True, slots=True)
class FeedUrls:
    """The feed's address as calendar apps take it: https for Outlook and Google, webcal for Apple."""

    https: str
    webcal: str


def feed_urls(public_url: str, token: str) -> FeedUrls:
    """The feed's URLs under Bryggan's public address."""
    https = f"{public_url.rstrip('/')}{FEED_PATH}{token}.ics"
    return FeedUrls(https, "webcal://" + https.split("://", 1)[1])


def token_of(path: str) -> str | None:
    """The token in a feed URL's path (`/calendar/<token>.ics`), or None when the path holds none."""
    if not path.startswith(FEED_PATH) or not path.endswith(".ics"):
        return None
    token = path[len(FEED_PATH) : -len(".ics")]
    return token if _TOKEN.match(token) else None


def token_hash(token: str) -> str:
    """What is stored of a token: its SHA-256 (256 random bits need no salt or stretching)."""
    return hashlib.sha256(token.encode("ascii")).hexdigest()


@dataclass(frozen=True, slots=True)
class FeedShown:
    """A school's feed as /eht shows it; `urls` only when it was issued just now (never again)."""

    school: str
    created_at: datetime
    created_by: str
    urls: FeedUrls | None
    replaced: bool = False  # a new one revoked an older one


@dataclass(frozen=True, slots=True)
class ServedFeed:
    """The feed's body and what HTTP caching needs."""

    body: bytes
    etag: str  # strong: the body's hash
    last_modified: datetime  # when this body was first served
    filename: str


@dataclass(frozen=True, slots=True)
class FeedMeeting:
    """One occurrence as the feed carries it."""

    uid: str
    occurrence: Occurrence
    revised: datetime  # when its series or its change was last saved: DTSTAMP and SEQUENCE


def render_feed(
    meetings: Sequence[FeedMeeting], *, title: str, zone: ZoneInfo, years: tuple[int, int]
) -> bytes:
    """The feed as iCalendar (RFC 5545): folded at 75 octets, CRLF, times in `zone` with its VTIMEZONE."""
    cal = new_calendar(title)
    cal.add("refresh-interval", REFRESH, parameters={"VALUE": "DURATION"})
    cal.add("x-published-ttl", icalendar.vDuration(REFRESH))  # unknown to icalendar: typed here
    # Always there, so that a feed without meetings still holds a component, as RFC 5545 requires.
    cal.add_component(vtimezone(zone, years[0], years[1]))
    for meeting in meetings:
        cal.add_component(_event(meeting, title, zone))
    return cal.to_ical()


@functools.lru_cache(maxsize=RENDERED)
def _rendered(
    meetings: tuple[FeedMeeting, ...], title: str, zone: ZoneInfo, years: tuple[int, int]
) -> tuple[bytes, str]:
    # Rendering is most of a request's work (icalendar folds every line) and calendar apps mostly
    # ask again for what they have: the same meetings give the same bytes, so they are kept.
    body = render_feed(meetings, title=title, zone=zone, years=years)
    return body, hashlib.sha256(body).hexdigest()


def _event(meeting: FeedMeeting, title: str, zone: ZoneInfo) -> icalendar.Event:
    found = meeting.occurrence
    event = icalendar.Event()
    event.add("uid", meeting.uid)
    event.add("dtstamp", meeting.revised.astimezone(UTC))
    event.add("last-modified", meeting.revised.astimezone(UTC))
    event.add("sequence", sequence_at(meeting.revised))
    event.add("summary", title)
    event.add("dtstart", found.starts_at.astimezone(zone))
    event.add("dtend", found.ends_at.astimezone(zone))
    event.add("status", "CANCELLED" if found.status is Status.CANCELLED else "CONFIRMED")
    event.add("transp", "TRANSPARENT" if found.status is Status.CANCELLED else "OPAQUE")
    return event


class CalendarFeeds:
    """Issuing, revoking and serving each school's feed."""

    def __init__(
        self,
        *,
        sessions: sessionmaker[Session],
        clock: WorkspaceClocks,
        days: Callable[[str], Days],
        dates: MeetingDates,
        audit: Auditor,
        public_url: str | None,
    ) -> None:
        self._sessions = sessions
        self._clock = clock
        self._days = days
        self._dates = dates
        self._audit = audit
        self._public_url = public_url

    @property
    def enabled(self) -> bool:
        """Whether feeds are served here (HTTP mode with BRYGGAN_PUBLIC_URL set)."""
        return self._public_url is not None

    def show(self, actor: Actor, *, channel_id: str, lang: str) -> FeedShown:
        """The school's feed: issued now (with its URLs) when it has none, else when and by whom it was."""
        public = self._public()
        with self._sessions.begin() as session:
            school = school_of_channel(session, actor, channel_id)
            feed = get_feed(session, team_id=school.team_id, school_id=school.id)
            if feed is not None:
                return FeedShown(school.name, feed.created_at, feed.created_by, None)
            return self._issue(session, actor, school, lang, public, replaced=False)

    def renew(self, actor: Actor, *, channel_id: str, lang: str) -> FeedShown:
        """A new feed URL for the school; the old one answers 404 from this moment."""
        public = self._public()
        with self._sessions.begin() as session:
            school = school_of_channel(session, actor, channel_id)
            replaced = self._revoke(session, actor, school)
            return self._issue(session, actor, school, lang, public, replaced=replaced)

    def revoke(self, actor: Actor, *, channel_id: str) -> str:
        """Revoke the school's feed; its school's name. BrygganError('eht_feed_none') when it has none."""
        with self._sessions.begin() as session:
            school = school_of_channel(session, actor, channel_id)
            if not self._revoke(session, actor, school):
                raise BrygganError("eht_feed_none")
            return school.name

    def close_workspace(self, team_id: str) -> int:
        """End every feed of a workspace that removed Bryggan: its links answer 404 from now on."""
        with self._sessions.begin() as session:
            return delete_team_feeds(session, team_id=team_id)

    def serve(self, token: str, *, summary: Callable[[str], str]) -> ServedFeed | None:
        """The feed a URL's token opens (None: unknown or revoked); `summary(lang)` words a meeting."""
        digest = token_hash(token)
        with self._sessions.begin() as session:
            feed = find_feed(session, token_hash=digest)
            if feed is None:
                return None
            team_id = feed.team_id
        days = self._days(team_id)  # before the unit of work: it may read the database itself
        clock = days.clock
        with self._sessions.begin() as session:
            feed = find_feed(session, token_hash=digest)  # revoked meanwhile: gone
            school = get_school(session, team_id=team_id, school_id=feed.school_id) if feed else None
            if feed is None or school is None:
                return None
            title = title_of(summary(feed.lang), school.name)
            today = clock.today()
            years = ((today - FEED_PAST).year, (today + CALENDAR_SPAN).year + 1)
            meetings = tuple(self._meetings(session, school, days))
            body, body_hash = _rendered(meetings, title, clock.zone, years)
            since = mark_served(
                session, team_id=team_id, feed_id=feed.id, body_hash=body_hash, at=clock.now()
            )
        return ServedFeed(body, f'"{body_hash[:32]}"', since, f"eht-{slug(school.name)}.ics")

    def _public(self) -> str:
        if self._public_url is None:
            raise BrygganError("eht_feed_off")
        return self._public_url

    def _issue(
        self, session: Session, actor: Actor, school: School, lang: str, public: str, *, replaced: bool
    ) -> FeedShown:
        token = secrets.token_urlsafe(TOKEN_BYTES)
        now = self._clock.now()
        feed = add_feed(
            session,
            CalendarFeed(
                team_id=school.team_id,
                school_id=school.id,
                token_hash=token_hash(token),
                lang=lang,
                created_by=actor.user_id,
                created_at=now,
            ),
        )
        self._audit.record(
            session, AuditAction.EHT_FEED_ISSUED, by=actor, school_id=school.id, subject_id=str(feed.id)
        )
        return FeedShown(school.name, now, actor.user_id, feed_urls(public, token), replaced)

    def _revoke(self, session: Session, actor: Actor, school: School) -> bool:
        old = get_feed(session, team_id=school.team_id, school_id=school.id)
        if old is None:
            return False
        old_id = old.id
        delete_feed(session, team_id=school.team_id, school_id=school.id)
        self._audit.record(
            session, AuditAction.EHT_FEED_REVOKED, by=actor, school_id=school.id, subject_id=str(old_id)
        )
        return True

    def _meetings(self, session: Session, school: School, days: Days) -> list[FeedMeeting]:
        today = days.clock.today()
        first, last = today - FEED_PAST, today + CALENDAR_SPAN
        rows = [
            r
            for r in series_history(session, team_id=school.team_id, since=first)
            if r.school_id == school.id
        ]
        changed = {
            c.day: c.created_at for c in changes_of(session, team_id=school.team_id, school_ids=[school.id])
        }
        by_day: dict[date, FeedMeeting] = {}
        for (
            row
        ) in rows:  # oldest first: where a replaced series and its successor share a day, the newer wins
            for found in self._occurrences(session, row, first, last, days):
                revised = max(row.updated_at, changed.get(found.day, row.updated_at))
                uid = f"eht-{school.team_id}-{school.id}-{found.day:%Y%m%d}@bryggan"
                by_day[found.day] = FeedMeeting(uid, found, revised)
        return sorted(by_day.values(), key=lambda m: (m.occurrence.starts_at, m.uid))

    def _occurrences(
        self, session: Session, row: MeetingSeries, first: date, last: date, days: Days
    ) -> list[Occurrence]:
        # Days skipped for a holiday or a break were never meetings: left out, not cancelled.
        end = min(last, row.ended_on) if row.ended_on is not None else last
        found = self._dates.occurrences(session, row, first, end, days) if first <= end else []
        return [o for o in found if o.status is not Status.SKIPPED]
