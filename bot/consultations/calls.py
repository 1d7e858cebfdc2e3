"""A call time agreed between the two sides: proposed, accepted, declined or answered with another."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import UTC, date, datetime, time, timedelta
from zoneinfo import ZoneInfo

import icalendar
from sqlalchemy.orm import Session, sessionmaker

from bot.actors import Actor
from bot.audit import Auditor
from bot.clock import WorkspaceClocks
from bot.consultations.cases import about, case_for_party, not_closed
from bot.consultations.handover import Handover
from bot.errors import BrygganError
from bot.meetings.calendar_zone import vtimezone
from bot.notices import Notice, Notifier, key_of
from storage.audit import AuditAction
from storage.models import Consultation
from storage.outbox import withdraw

CALL_LENGTH = timedelta(minutes=30)
CALL_REMINDER = timedelta(hours=1)  # how long before the call both sides are reminded


@dataclass(frozen=True, slots=True)
class AgreedCall:
    """A call both sides agreed on: each of them gets it as an .ics file."""

    number: str
    starts_at: datetime
    parties: tuple[str, str]  # the asker and the holder
    uid: str
    zone: ZoneInfo  # the case's workspace's: the time both sides were shown


class Calls:
    """Proposing a call time and answering a proposal; the agreed time is reminded through the outbox."""

    def __init__(
        self,
        *,
        sessions: sessionmaker[Session],
        clock: WorkspaceClocks,
        notices: Notifier,
        audit: Auditor,
        handover: Handover,
    ) -> None:
        self._sessions = sessions
        self._clock = clock
        self._notices = notices
        self._audit = audit
        self._handover = handover

    def propose_call(self, actor: Actor, *, consultation_id: int, day: date, at: time) -> str:
        """The holder proposes a time, or the asker answers a proposal with another; returns the number.

        A newer proposal supersedes the live one, whose message is withdrawn from the other side's view.
        """
        zone = self._clock.for_team(actor.team_id).zone  # before the unit of work: it may read the database
        when = datetime.combine(day, at, tzinfo=zone)
        if when <= self._clock.now():
            raise BrygganError("call_in_past")
        with self._sessions.begin() as session:
            case = case_for_party(session, actor, consultation_id)
            not_closed(case)
            asker = actor.user_id == case.asker_id
            if asker and (case.call_proposed_at is None or case.call_proposed_by == actor.user_id):
                raise BrygganError("call_nothing_to_answer", number=case.number)
            if not asker:
                self._handover.take_or_hold(session, case, actor)
            self._retract(session, case, Notice.CONSULTATION_CALL_WAS_SUPERSEDED, zone)
            case.call_proposals += 1
            case.call_proposed_at, case.call_proposed_by = when, actor.user_id
            to, thread = self._other_side(case, actor.user_id)
            local = when.astimezone(zone)
            args = {
                "id": case.id,
                "number": case.number,
                "by": actor.user_id,
                "day": local.date().isoformat(),
                "time": f"{local:%H:%M}",
                "proposal": case.call_proposals,
            }
            self._notices.notify(
                session,
                Notice.CONSULTATION_CALL,
                team_id=case.team_id,
                recipient=to,
                args=args,
                key={"case": case.id, "n": case.call_proposals},
                thread_key=thread,
            )
            self._audit.record(session, AuditAction.CONSULTATION_CALL_PROPOSED, by=actor, **about(case))
            return case.number

    def answer_call(
        self, actor: Actor, *, consultation_id: int, proposal: int, accept: bool
    ) -> AgreedCall | str:
        """The side a proposal went to accepts (an AgreedCall) or declines it (the case number)."""
        zone = self._clock.for_team(actor.team_id).zone
        with self._sessions.begin() as session:
            case = case_for_party(session, actor, consultation_id)
            not_closed(case)
            if proposal != case.call_proposals or case.call_proposed_at is None:
                raise BrygganError("call_not_current", number=case.number)
            proposer = str(case.call_proposed_by)
            if actor.user_id == proposer or actor.user_id not in (case.asker_id, case.holder_id):
                raise BrygganError("call_not_yours", number=case.number)
            when = case.call_proposed_at
            was = Notice.CONSULTATION_CALL_WAS_ACCEPTED if accept else Notice.CONSULTATION_CALL_WAS_DECLINED
            self._retract(session, case, was, zone)
            to, thread = self._other_side(case, actor.user_id)
            local = when.astimezone(zone)
            args = {"number": case.number, "by": actor.user_id, "day": local.date().isoformat()}
            args["time"] = f"{local:%H:%M}"
            answer = Notice.CONSULTATION_CALL_AGREED if accept else Notice.CONSULTATION_CALL_DECLINED
            self._notices.notify(
                session,
                answer,
                team_id=case.team_id,
                recipient=to,
                args=args,
                key={"case": case.id, "n": proposal},
                thread_key=thread,
            )
            audited = (
                AuditAction.CONSULTATION_CALL_AGREED if accept else AuditAction.CONSULTATION_CALL_DECLINED
            )
            self._audit.record(session, audited, by=actor, **about(case))
            if not accept:
                return case.number
            self._remind_call(session, case, when, args)
            return AgreedCall(case.number, when, (case.asker_id, case.holder_id), self._uid(case), zone)

    def call_calendar(self, call: AgreedCall, *, summary: str, description: str) -> bytes:
        """The agreed call as an .ics file (RFC 5545), in its workspace's zone."""
        cal = icalendar.Calendar()
        cal.add("prodid", "-//Bryggan//Konsultation//SV")
        cal.add("version", "2.0")
        local = call.starts_at.astimezone(call.zone)
        cal.add_component(vtimezone(call.zone, local.year, local.year + 1))
        event = icalendar.Event()
        event.add("uid", call.uid)
        event.add("dtstamp", self._clock.now().astimezone(UTC))
        event.add("summary", summary)
        event.add("description", description)
        event.add("dtstart", local)
        event.add("duration", CALL_LENGTH)
        cal.add_component(event)
        return cal.to_ical()

    def _retract(self, session: Session, case: Consultation, notice: Notice, zone: ZoneInfo) -> None:
        """Rewrite the live proposal's message (superseded, declined or accepted): no buttons are left."""
        if case.call_proposed_at is None:
            return
        n = case.call_proposals
        to, _thread = self._other_side(case, str(case.call_proposed_by))
        local = case.call_proposed_at.astimezone(zone)
        args = {"number": case.number, "day": local.date().isoformat(), "time": f"{local:%H:%M}"}
        self._notices.notify(
            session,
            notice,
            team_id=case.team_id,
            recipient=to,
            args=args,
            key={"case": case.id, "n": n},
            edit_of=key_of(Notice.CONSULTATION_CALL, case=case.id, n=n),
        )
        case.call_proposed_at = case.call_proposed_by = None

    def _remind_call(self, session: Session, case: Consultation, when: datetime, args: dict) -> None:
        # A newly agreed time replaces the reminders of an earlier one that have not gone out yet.
        sides = (case.asker_id, case.holder_id)
        if case.call_at is not None:
            at = f"{case.call_at:%Y%m%d%H%M}"
            old = [key_of(Notice.CONSULTATION_CALL_REMINDER, case=case.id, at=at, who=who) for who in sides]
            withdraw(session, team_id=case.team_id, keys=old)
        case.call_at = when
        now, due = self._clock.now(), when - CALL_REMINDER
        if due <= now:
            return
        for who in sides:
            self._notices.notify(
                session,
                Notice.CONSULTATION_CALL_REMINDER,
                team_id=case.team_id,
                recipient=who,
                args=args,
                key={"case": case.id, "at": f"{when:%Y%m%d%H%M}", "who": who},
                due_at=due,
                expires_at=when,
            )

    @staticmethod
    def _other_side(case: Consultation, user_id: str) -> tuple[str, str | None]:
        """Whom a message from `user_id` goes to, and under which thread."""
        if user_id == case.asker_id:
            return case.holder_id, case.holder_thread
        return case.asker_id, case.asker_thread

    @staticmethod
    def _uid(case: Consultation) -> str:
        return f"konsultation-{case.team_id}-{case.id}@bryggan"
