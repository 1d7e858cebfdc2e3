"""Taking and handing over: when someone other than the holder takes a case, it moves to their DM."""

from __future__ import annotations

from sqlalchemy.orm import Session

from bot.actors import Actor
from bot.audit import Auditor
from bot.clock import WorkspaceClocks
from bot.consultations.cases import about, follow_forward
from bot.errors import BrygganError
from bot.ids import is_person
from bot.notices import Notice, Notifier, key_of
from storage.audit import AuditAction
from storage.consultations import list_replies
from storage.models import Consultation, ConsultationStatus, School
from storage.outbox import withdraw

SNOOZED = 2  # the reminder put off to the morning: CONSULTATION_REMINDER with n=2


class Handover:
    """Who holds a case: taking it, and moving it to a new holder with the replies so far."""

    def __init__(self, *, clock: WorkspaceClocks, notices: Notifier, audit: Auditor) -> None:
        self._clock = clock
        self._notices = notices
        self._audit = audit

    def take_or_hold(self, session: Session, case: Consultation, actor: Actor) -> None:
        """Take an open case; a taken one only its holder may act on (the asker answers the holder).

        A case forwarded to a channel waits there to be taken again, like one routed there.
        """
        follow_forward(case, actor)
        if case.status is ConsultationStatus.OPEN or not is_person(case.holder_id):
            self.take(session, case, actor)
        elif case.holder_id != actor.user_id:
            raise BrygganError("consultation_taken_by", number=case.number, holder=case.holder_id)

    def take(self, session: Session, case: Consultation, actor: Actor) -> None:
        """The actor takes the case: a snoozed reminder is withdrawn, the first taking is measured."""
        snoozed = key_of(Notice.CONSULTATION_REMINDER, case=case.id, n=SNOOZED)
        withdraw(session, team_id=case.team_id, keys=[snoozed])
        case.status = ConsultationStatus.ACKNOWLEDGED
        if case.acknowledged_at is None:  # the first taking is the one the follow-up measures
            case.acknowledged_at = self._clock.now()
            case.acknowledged_by = actor.user_id
        if case.holder_id != actor.user_id:
            self.hand_over(session, actor, case, actor.user_id)

    def hand_over(
        self, session: Session, actor: Actor, case: Consultation, to: str, forward: dict | None = None
    ) -> None:
        """Give `to` the case in their DM and rewrite the old holder's case message to say who has it.

        Later replies to the receiver's side go to `to`, threaded under the new message: a thread of
        another conversation does not exist there. `forward` (who forwarded, the sealed note) marks a
        forwarding rather than a taking. Every change of holder is audited.
        """
        previous, previous_thread = case.holder_id, case.holder_thread
        school = session.get(School, case.school_id)
        # A case may come back to someone it was forwarded away from: each forwarding is a new copy.
        step = f":f{case.forwarded}" if forward is not None else ""
        replies = [
            {"by": reply.author_id, "text": reply.body, "reply": reply.id}
            for reply in list_replies(session, team_id=case.team_id, consultation_id=case.id)
            if reply.body is not None
        ]
        args = {
            "id": case.id,
            "number": case.number,
            "school": school.name if school else "",
            "grade": case.grade,
            "areas": case.areas,
            "reach": case.reach,
            "asker": case.asker_id,
            "replies": replies,
            "previous": previous,
        }
        if forward is not None:
            args |= forward | {"open": case.status is ConsultationStatus.OPEN}
        if case.description is not None:  # withdrawn as personal data: the copy says so in its place
            args["text"] = case.description
        held = {"case": case.id, "to": to, "step": step}
        self._notices.notify(
            session, Notice.CONSULTATION_HELD, team_id=case.team_id, recipient=to, args=args, key=held
        )
        if previous_thread is not None:
            moved = {"number": case.number, "holder": to}
            if forward is not None:
                moved["forwarded_by"] = forward["forwarded_by"]
            self._notices.notify(
                session,
                Notice.CONSULTATION_MOVED,
                team_id=case.team_id,
                recipient=previous,
                args=moved,
                key=held,
                edit_of=previous_thread,
            )
        case.holder_id, case.holder_thread = to, key_of(Notice.CONSULTATION_HELD, **held)
        self._audit.record(
            session,
            AuditAction.CONSULTATION_HOLDER_CHANGED,
            by=actor,
            **about(case),
            detail=f"{previous}>{to}",
        )
