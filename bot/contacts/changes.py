"""Changing who serves a school: link, assign, deputy, handover, absence, profile. All audited."""

from __future__ import annotations

import difflib

from sqlalchemy.orm import Session, sessionmaker

from bot.actors import Actor, require_admin
from bot.audit import Auditor
from bot.clock import LocalClock, WorkspaceClocks
from bot.contacts import reading
from bot.contacts.views import Change, HandoverPlan, HandoverSeat, LinkOutcome, LinkResult, SeatOutcome
from bot.errors import BrygganError
from bot.notices import Notice, Notifier
from bot.privacy import require_non_identifying
from storage.audit import AuditAction
from storage.contacts import (
    absences_overlapping,
    add_assignment,
    assignments_of_person,
    current_assignments,
    end_assignment,
    save_profile,
)
from storage.models import Assignment, ContactProfile, Role, School, SchoolKind
from storage.schools import add_school, get_school, get_school_by_channel, get_school_by_name, list_schools

_CLOSE_ENOUGH = 0.6
# What each seat's change says, and to whom: the new holder, the one before, the school's channel.
_ASSIGNED = {
    Role.CONTACT: (
        Notice.CONTACT_ASSIGNED_NEW,
        Notice.CONTACT_ASSIGNED_PREVIOUS,
        Notice.CONTACT_ASSIGNED_CHANNEL,
        AuditAction.CONTACT_ASSIGNED,
    ),
    Role.DEPUTY: (
        Notice.DEPUTY_ASSIGNED_NEW,
        Notice.DEPUTY_ASSIGNED_PREVIOUS,
        Notice.DEPUTY_ASSIGNED_CHANNEL,
        AuditAction.DEPUTY_ASSIGNED,
    ),
}


class ContactChanges:
    """The changing use cases; each opens one unit of work and writes its audit and notices in it."""

    def __init__(
        self, *, sessions: sessionmaker[Session], clock: WorkspaceClocks, notices: Notifier, audit: Auditor
    ) -> None:
        self._sessions = sessions
        self._clock = clock
        self._notices = notices
        self._audit = audit

    def link(
        self,
        actor: Actor,
        *,
        channel_id: str,
        name: str = "",
        school_id: int | None = None,
        move: bool = False,
        create: bool = False,
    ) -> LinkResult:
        """Bind this channel to a school: by exact name, a picked candidate, or (create) a new school."""
        require_admin(actor)
        name = " ".join(name.split())
        if school_id is None and not 2 <= len(name) <= 200:
            raise BrygganError("school_name_missing")
        with self._sessions.begin() as session:
            current = get_school_by_channel(session, team_id=actor.team_id, channel_id=channel_id)
            target = self._target(session, actor, name, school_id, create)
            if isinstance(target, LinkResult):
                return target
            if current is not None and (target is None or current.id != target.id):
                return LinkResult(LinkOutcome.CHANNEL_TAKEN, current.name, current.id)
            if target is not None and current is not None:
                return LinkResult(LinkOutcome.ALREADY, target.name, target.id)
            if target is not None and target.channel_id and not move:
                return LinkResult(
                    LinkOutcome.CONFIRM_MOVE, target.name, target.id, other_channel=target.channel_id
                )
            return self._bind(session, actor, channel_id, name, target)

    def _target(
        self, session: Session, actor: Actor, name: str, school_id: int | None, create: bool
    ) -> School | LinkResult | None:
        if school_id is not None:
            school = get_school(session, team_id=actor.team_id, school_id=school_id)
            if school is None:
                raise BrygganError("school_not_found")
            return school
        exact = get_school_by_name(session, team_id=actor.team_id, name=name)
        if exact is not None or create:
            return exact
        schools = {s.name: s.id for s in list_schools(session, team_id=actor.team_id)}
        close = difflib.get_close_matches(name, list(schools), n=5, cutoff=_CLOSE_ENOUGH)
        if close:
            return LinkResult(LinkOutcome.CHOOSE, name, candidates=tuple((schools[c], c) for c in close))
        return None

    def _bind(
        self, session: Session, actor: Actor, channel_id: str, name: str, target: School | None
    ) -> LinkResult:
        now = self._clock.now()
        if target is None:
            target = add_school(
                session,
                School(
                    team_id=actor.team_id,
                    name=name,
                    kind=SchoolKind.KOMMUNAL,
                    channel_id=channel_id,
                    created_at=now,
                ),
            )
            outcome, action = LinkOutcome.CREATED, AuditAction.SCHOOL_CREATED
        else:
            action = AuditAction.SCHOOL_MOVED if target.channel_id else AuditAction.SCHOOL_LINKED
            target.channel_id = channel_id
            outcome = LinkOutcome.LINKED
        session.flush()
        self._audit.record(session, action, by=actor, school_id=target.id, subject_id=channel_id)
        return LinkResult(outcome, target.name, target.id)

    def assign(self, actor: Actor, *, channel_id: str, person_id: str) -> Change:
        """Make `person_id` the school's contact from now; the previous period ends, both are told."""
        return self._appoint(actor, channel_id=channel_id, person_id=person_id, role=Role.CONTACT)

    def set_deputy(self, actor: Actor, *, channel_id: str, person_id: str) -> Change:
        """Make `person_id` the school's deputy from now."""
        return self._appoint(actor, channel_id=channel_id, person_id=person_id, role=Role.DEPUTY)

    def _appoint(self, actor: Actor, *, channel_id: str, person_id: str, role: Role) -> Change:
        require_admin(actor)
        local = self._clock.for_team(actor.team_id)  # before the unit of work: it may read the database
        with self._sessions.begin() as session:
            school = reading.school_of_channel(session, actor, channel_id)
            held = {
                a.role: a.person_id
                for a in current_assignments(session, team_id=actor.team_id, school_ids=[school.id])
            }
            if held.get(role) == person_id:
                raise BrygganError("already_in_role", role=role.value, school=school.name)
            if role is Role.DEPUTY and held.get(Role.CONTACT) == person_id:
                raise BrygganError("contact_cannot_be_deputy", school=school.name)
            return self._replace(session, actor, school, role, person_id, local)

    def _replace(
        self, session: Session, actor: Actor, school: School, role: Role, person_id: str, local: LocalClock
    ) -> Change:
        now = local.now()
        previous = end_assignment(session, team_id=actor.team_id, school_id=school.id, role=role, at=now)
        if role is Role.CONTACT:
            self._end_own_deputy_seat(session, actor, school.id, person_id)
        new = add_assignment(
            session,
            Assignment(
                team_id=actor.team_id,
                school_id=school.id,
                person_id=person_id,
                role=role,
                starts_at=now,
                assigned_by=actor.user_id,
            ),
        )
        self._audit.record(session, _ASSIGNED[role][3], by=actor, school_id=school.id, subject_id=person_id)
        coverage = reading.statuses_now(session, local, team_id=actor.team_id, schools=[school])[0].coverage
        away = coverage.contact_away_until if role is Role.CONTACT else coverage.deputy_away_until
        change = Change(
            school.name,
            role.value,
            person_id,
            previous.person_id if previous else None,
            away_until=away,
            acting=coverage.acting_person,
        )
        self._announce_change(session, actor.team_id, school, new, change, role, local)
        return change

    def _end_own_deputy_seat(self, session: Session, actor: Actor, school_id: int, person_id: str) -> None:
        # A deputy promoted to contact leaves the deputy seat: one person cannot hold both roles.
        for held in current_assignments(session, team_id=actor.team_id, school_ids=[school_id]):
            if held.role is Role.DEPUTY and held.person_id == person_id:
                self._end_deputy_seat(session, actor, held)

    def _end_deputy_seat(self, session: Session, actor: Actor, held: Assignment) -> None:
        held.ends_at = self._clock.now()
        session.flush()
        self._audit.record(
            session, AuditAction.DEPUTY_ENDED, by=actor, school_id=held.school_id, subject_id=held.person_id
        )

    def _announce_change(
        self,
        session: Session,
        team_id: str,
        school: School,
        new: Assignment,
        change: Change,
        role: Role,
        local: LocalClock,
    ) -> None:
        args = {
            "school": school.name,
            "channel": school.channel_id,
            "role": change.role,
            "new": change.new,
            "previous": change.previous,
            "assignment_id": new.id,
            "since": local.today().isoformat(),
        }
        to_new, to_previous, to_channel, _audited = _ASSIGNED[role]
        told = {"team_id": team_id, "args": args, "key": {"assignment": new.id}}
        self._notices.notify(session, to_new, recipient=str(change.new), **told)
        if change.previous:
            self._notices.notify(session, to_previous, recipient=change.previous, **told)
        if school.channel_id:
            self._notices.notify(session, to_channel, recipient=school.channel_id, **told)

    def plan_handover(self, actor: Actor, *, from_person: str, to_person: str) -> HandoverPlan:
        """Every seat `from_person` holds, each marked stuck where `to_person` holds the other seat."""
        require_admin(actor)
        if from_person == to_person:
            raise BrygganError("handover_same_person")
        today = self._clock.for_team(actor.team_id).today()
        with self._sessions.begin() as session:
            held = assignments_of_person(session, team_id=actor.team_id, person_id=from_person)
            if not held:
                raise BrygganError("nothing_to_hand_over", person=from_person)
            names = {s.id: s.name for s in list_schools(session, team_id=actor.team_id)}
            seats = [
                HandoverSeat(names[a.school_id], a.role.value, self._stuck(session, actor, a, to_person))
                for a in held
            ]
            away = absences_overlapping(
                session, team_id=actor.team_id, person_ids=[to_person], first_day=today, last_day=today
            )
            return HandoverPlan(seats, max((a.last_day for a in away), default=None))

    @staticmethod
    def _stuck(session: Session, actor: Actor, held: Assignment, to_person: str) -> bool:
        # The receiver is the school's contact: nobody holds both seats, so the deputy seat cannot move.
        current = current_assignments(session, team_id=actor.team_id, school_ids=[held.school_id])
        return held.role is Role.DEPUTY and any(a.person_id == to_person for a in current)

    def handover(
        self, actor: Actor, *, from_person: str, to_person: str, keep_stuck: bool = True
    ) -> list[HandoverSeat]:
        """Move every seat of `from_person` to `to_person`; a stuck seat is kept by `from_person`, or emptied.

        Every seat the preview listed comes back with its outcome; a channel losing its deputy is told.
        """
        self.plan_handover(actor, from_person=from_person, to_person=to_person)
        local = self._clock.for_team(actor.team_id)
        with self._sessions.begin() as session:
            seats = []
            for held in assignments_of_person(session, team_id=actor.team_id, person_id=from_person):
                school = get_school(session, team_id=actor.team_id, school_id=held.school_id)
                assert school is not None  # an assignment's school exists (foreign key)
                if not self._stuck(session, actor, held, to_person):
                    change = self._replace(session, actor, school, held.role, to_person, local)
                    seats.append(HandoverSeat(school.name, held.role.value, False, SeatOutcome.MOVED, change))
                elif keep_stuck:
                    seats.append(HandoverSeat(school.name, held.role.value, True, SeatOutcome.KEPT))
                else:
                    self._end_deputy_seat(session, actor, held)
                    self._announce_empty_deputy_seat(session, actor.team_id, school, held, local)
                    seats.append(HandoverSeat(school.name, held.role.value, True, SeatOutcome.EMPTIED))
            self._audit.record(
                session, AuditAction.HANDOVER, by=actor, subject_id=f"{from_person}->{to_person}"
            )
            return seats

    def _announce_empty_deputy_seat(
        self, session: Session, team_id: str, school: School, held: Assignment, local: LocalClock
    ) -> None:
        status = reading.statuses_now(session, local, team_id=team_id, schools=[school])[0]
        args = {
            "school": school.name,
            "previous": held.person_id,
            "acting": status.coverage.acting_person,
            "since": local.today().isoformat(),
        }
        told = {"team_id": team_id, "args": args, "key": {"assignment": held.id}}
        self._notices.notify(session, Notice.DEPUTY_ENDED_PREVIOUS, recipient=held.person_id, **told)
        if school.channel_id:
            self._notices.notify(session, Notice.DEPUTY_ENDED_CHANNEL, recipient=school.channel_id, **told)

    def save_profile(self, actor: Actor, *, title: str, phone: str, reachable: str) -> None:
        """Set the actor's own title, work phone and reachable hours (empty clears a field)."""
        values = {"title": (title, 150), "phone": (phone, 40), "reachable": (reachable, 200)}
        for field, (value, limit) in values.items():
            if len(value) > limit:
                raise BrygganError("profile_too_long", field=field, limit=limit)
        # Free text stored and shown to staff: the guard runs first (the phone is a work number).
        require_non_identifying(f"{title}\n{reachable}", purpose="profile")
        with self._sessions.begin() as session:
            save_profile(
                session,
                ContactProfile(
                    team_id=actor.team_id,
                    person_id=actor.user_id,
                    title=title.strip() or None,
                    phone=phone.strip() or None,
                    reachable=reachable.strip() or None,
                    updated_at=self._clock.now(),
                ),
            )
            self._audit.record(session, AuditAction.PROFILE_UPDATED, by=actor, subject_id=actor.user_id)
