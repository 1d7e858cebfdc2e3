"""Calendar feeds: a school's feed by its team and school, or by the hash of its URL's token."""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import delete, select, update
from sqlalchemy.orm import Session

from storage.models import CalendarFeed


def get_feed(session: Session, *, team_id: str, school_id: int) -> CalendarFeed | None:
    """The school's live feed, if it has one."""
    return session.scalars(
        select(CalendarFeed).where(CalendarFeed.team_id == team_id, CalendarFeed.school_id == school_id)
    ).first()


def find_feed(session: Session, *, token_hash: str) -> CalendarFeed | None:
    """The feed a URL's token opens. The one read not scoped by a request's team: the token names it,
    and everything read for the feed afterwards is scoped by the feed's own `team_id`."""
    return session.scalars(select(CalendarFeed).where(CalendarFeed.token_hash == token_hash)).first()


def add_feed(session: Session, feed: CalendarFeed) -> CalendarFeed:
    """Store a new feed (the school must have none: revoke the old one first)."""
    session.add(feed)
    session.flush()
    return feed


def delete_feed(session: Session, *, team_id: str, school_id: int) -> bool:
    """Revoke the school's feed at once; True when there was one."""
    gone = session.execute(
        delete(CalendarFeed).where(CalendarFeed.team_id == team_id, CalendarFeed.school_id == school_id)
    )
    return bool(gone.rowcount)  # type: ignore[attr-defined]


def delete_team_feeds(session: Session, *, team_id: str) -> int:
    """Delete every feed of a workspace (it removed Bryggan); how many there were."""
    gone = session.execute(delete(CalendarFeed).where(CalendarFeed.team_id == team_id))
    return int(gone.rowcount)  # type: ignore[attr-defined]


def mark_served(session: Session, *, team_id: str, feed_id: int, body_hash: str, at: datetime) -> datetime:
    """Record that the feed now serves the body hashed `body_hash`; when that body was first served.

    Writes only when the body changed: on SQLite even an UPDATE that matches no row takes the one
    writer lock, and a calendar app polling behind a writer would hold a request thread meanwhile.
    """
    served = session.execute(
        select(CalendarFeed.served_hash, CalendarFeed.served_since).where(
            CalendarFeed.team_id == team_id, CalendarFeed.id == feed_id
        )
    ).first()
    if served is not None and served.served_hash == body_hash and served.served_since is not None:
        return served.served_since
    session.execute(
        update(CalendarFeed)
        .where(CalendarFeed.team_id == team_id, CalendarFeed.id == feed_id)
        .values(served_hash=body_hash, served_since=at)
    )
    return at
