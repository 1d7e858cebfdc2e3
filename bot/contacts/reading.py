"""Reading coverage from storage: who serves each school today, and who of them is away."""

from __future__ import annotations

from datetime import date, tzinfo

from sqlalchemy import Connection
from sqlalchemy.orm import Session

from bot.actors import Actor
from bot.clock import LocalClock
from bot.contacts.coverage import cover
from bot.contacts.views import Profile, SchoolStatus
from bot.errors import BrygganError
from storage.cards import SchoolSeats, school_seats
from storage.contacts import absences_overlapping, current_assignments, get_profiles
from storage.models import Role, School
from storage.schools import get_school_by_channel


def statuses(
    session: Session, *, team_id: str, schools: list[School], today: date, zone: tzinfo
) -> list[SchoolStatus]:
    """Each school's coverage on `today`."""
    if not schools:
        return []
    assignments = current_assignments(session, team_id=team_id, school_ids=[s.id for s in schools])
    by_school: dict[int, dict[Role, tuple[str, date]]] = {}
    for a in assignments:
        by_school.setdefault(a.school_id, {})[a.role] = (a.person_id, a.starts_at.astimezone(zone).date())
    people = sorted({a.person_id for a in assignments})
    away = away_until(session, team_id=team_id, person_ids=people, today=today)
    result = []
    for school in schools:
        roles = by_school.get(school.id, {})
        contact = roles.get(Role.CONTACT)
        deputy = roles.get(Role.DEPUTY)
        coverage = cover(contact[0] if contact else None, deputy[0] if deputy else None, away)
        since = contact[1] if contact else None
        result.append(SchoolStatus(school.id, school.name, school.channel_id, coverage, since))
    return result


def statuses_now(
    session: Session, clock: LocalClock, *, team_id: str, schools: list[School]
) -> list[SchoolStatus]:
    """Each school's coverage today, in `clock`'s (its workspace's) zone."""
    return statuses(session, team_id=team_id, schools=schools, today=clock.today(), zone=clock.zone)


def card_of_channel(
    connection: Connection, clock: LocalClock, *, team_id: str, channel_id: str
) -> tuple[SchoolStatus, dict[str, Profile]] | None:
    """The coverage today of the school bound to `channel_id` and its holders' profiles; None if unbound.

    The same answer as `statuses_now` and `profiles` give for that school, read in one query.
    """
    seats = school_seats(connection, team_id=team_id, channel_id=channel_id, today=clock.today())
    return card_of_seats(seats, clock)


def card_of_seats(
    seats: SchoolSeats | None, clock: LocalClock
) -> tuple[SchoolStatus, dict[str, Profile]] | None:
    """The coverage and profiles `card_of_channel` gives, from the school's seats as read for today."""
    if seats is None:
        return None
    contact, deputy = seats.contact, seats.deputy
    holders = [h for h in (contact, deputy) if h is not None]
    away = {h.person_id: h.away_until for h in holders if h.away_until is not None}
    coverage = cover(contact.person_id if contact else None, deputy.person_id if deputy else None, away)
    since = contact.starts_at.astimezone(clock.zone).date() if contact else None
    status = SchoolStatus(seats.school_id, seats.name, seats.channel_id, coverage, since)
    return status, {h.person_id: Profile(h.title, h.phone, h.reachable) for h in holders}


def away_until(session: Session, *, team_id: str, person_ids: list[str], today: date) -> dict[str, date]:
    """For each person away on `today`, the last day of that absence."""
    if not person_ids:
        return {}
    found: dict[str, date] = {}
    for absence in absences_overlapping(
        session, team_id=team_id, person_ids=person_ids, first_day=today, last_day=today
    ):
        found[absence.person_id] = max(found.get(absence.person_id, absence.last_day), absence.last_day)
    return found


def profiles(session: Session, *, team_id: str, person_ids: list[str]) -> dict[str, Profile]:
    """Profiles of these people (an empty Profile when never set)."""
    rows = get_profiles(session, team_id=team_id, person_ids=person_ids)
    return {
        person: Profile(rows[person].title, rows[person].phone, rows[person].reachable)
        if person in rows
        else Profile()
        for person in person_ids
    }


def school_of_channel(session: Session, actor: Actor, channel_id: str) -> School:
    """The school bound to `channel_id`; BrygganError('channel_not_linked') when there is none."""
    school = get_school_by_channel(session, team_id=actor.team_id, channel_id=channel_id)
    if school is None:
        raise BrygganError("channel_not_linked")
    return school
