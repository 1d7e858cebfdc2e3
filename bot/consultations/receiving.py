"""Receiving: the contact takes a case, both sides reply through the guard, and the contact closes it."""

from __future__ import annotations

from sqlalchemy.orm import Session

from bot.actors import Actor
from bot.consultations.base import is_person
from bot.consultations.handover import Handover
from bot.errors import BrygganError
from bot.privacy import require_non_identifying
from storage.consultation_purges import list_case_outbox
from storage.consultations import add_reply
from storage.models import Consultation, ConsultationReply, ConsultationStatus
from storage.outbox import withdraw

OUTCOMES = ("rad_lamnat", "orosanmalan_rekommenderas", "hanvisad", "fortsatt_kontakt", "annat")
# Areas and outcomes that point to a child at risk: the asker is reminded of the duty to report.
AT_RISK_AREAS = frozenset({"vald", "sexuella_overgrepp", "omsorgssvikt", "hedersrelaterat"})
MAX_REPLY = 2000


def withdraw_call_reminders(session: Session, case: Consultation) -> int:
    """Withdraw the reminders of an agreed call that have not gone out yet."""
    keys = [
        row.key
        for row in list_case_outbox(session, team_id=case.team_id, consultation_id=case.id)
        if ":call-at:" in row.key
    ]
    return withdraw(session, team_id=case.team_id, keys=keys)


class Receiving(Handover):
    """The receiver's and the asker's use cases after intake."""

    def acknowledge(self, actor: Actor, *, consultation_id: int) -> str:
        """The receiver takes an open case; the asker is told who did. Returns the case number.

        A case already closed or taken is refused with what is true, and nothing changes.
        """
        with self._sessions.begin() as session:
            case = self._case_for_receiver(session, actor, consultation_id)
            self._not_closed(case)
            self._follow_forward(case, actor)
            if case.status is ConsultationStatus.ACKNOWLEDGED and is_person(case.holder_id):
                if case.holder_id == actor.user_id:
                    raise BrygganError("consultation_already_yours", number=case.number)
                raise BrygganError("consultation_taken_by", number=case.number, holder=case.holder_id)
            self._take(session, case, actor)
            self._notify(
                session,
                case,
                f"{case.id}:acknowledged",
                case.asker_id,
                "consultation_acknowledged",
                {"number": case.number, "by": actor.user_id},
            )
            self._audit(session, actor, "consultation_acknowledged", case)
            return case.number

    def reply(self, actor: Actor, *, consultation_id: int, text: str) -> str:
        """Guard `text`, store it encrypted and relay it to the other side's DM thread; returns the number."""
        text = text.strip()
        if not text or len(text) > MAX_REPLY:
            raise BrygganError("reply_length", most=MAX_REPLY)
        require_non_identifying(text, purpose="consultation_reply")
        with self._sessions.begin() as session:
            case = self._case_for_party(session, actor, consultation_id)
            self._not_closed(case)
            if actor.user_id != case.asker_id:
                self._take_or_hold(session, case, actor)  # answering is taking it
            sealed = self._box.seal(text)
            stored = ConsultationReply(
                team_id=case.team_id,
                consultation_id=case.id,
                author_id=actor.user_id,
                body=sealed,
                at=self._clock.now(),
            )
            count = add_reply(session, stored)
            to_asker = actor.user_id != case.asker_id
            # Each side's replies go to that side's own conversation, under its own case message.
            recipient = case.asker_id if to_asker else case.holder_id
            thread = case.asker_thread if to_asker else case.holder_thread
            self._notify(
                session,
                case,
                f"{case.id}:reply:{count}",
                recipient,
                "consultation_reply",
                {
                    "id": case.id,
                    "number": case.number,
                    "by": actor.user_id,
                    "text": sealed,
                    "reply": stored.id,
                },
                thread_key=thread,
            )
            self._audit(session, actor, "consultation_replied", case)
            return case.number

    def close(self, actor: Actor, *, consultation_id: int, outcome: str) -> str:
        """The receiver closes the case with an outcome; the asker is told, with the duty to report."""
        if outcome not in OUTCOMES:
            raise BrygganError("consultation_outcome")
        with self._sessions.begin() as session:
            case = self._case_for_receiver(session, actor, consultation_id)
            self._not_closed(case)
            self._take_or_hold(session, case, actor)
            case.status, case.closed_at, case.outcome = ConsultationStatus.CLOSED, self._clock.now(), outcome
            withdraw_call_reminders(session, case)  # no reminder of a call about a closed case
            at_risk = outcome == "orosanmalan_rekommenderas" or bool(AT_RISK_AREAS & set(case.areas))
            self._notify(
                session,
                case,
                f"{case.id}:closed",
                case.asker_id,
                "consultation_closed",
                {
                    "number": case.number,
                    "by": actor.user_id,
                    "outcome": outcome,
                    "at_risk": at_risk,
                    "report_url": self._report_url,
                },
                thread_key=case.asker_thread,
            )
            self._audit(session, actor, f"consultation_closed:{outcome}", case)
            return case.number

    def _take_or_hold(self, session: Session, case: Consultation, actor: Actor) -> None:
        """Take an open case; a taken one only its holder may act on (the asker answers the holder).

        A case forwarded to a channel waits there to be taken again, like one routed there.
        """
        self._follow_forward(case, actor)
        if case.status is ConsultationStatus.OPEN or not is_person(case.holder_id):
            self._take(session, case, actor)
        elif case.holder_id != actor.user_id:
            raise BrygganError("consultation_taken_by", number=case.number, holder=case.holder_id)

    def _take(self, session: Session, case: Consultation, actor: Actor) -> None:
        withdraw(session, team_id=case.team_id, keys=[f"consultation:{case.id}:reminder2"])  # a snoozed one
        case.status = ConsultationStatus.ACKNOWLEDGED
        if case.acknowledged_at is None:  # the first taking is the one the follow-up measures
            case.acknowledged_at = self._clock.now()
            case.acknowledged_by = actor.user_id
        if case.holder_id != actor.user_id:
            self._hand_over(session, actor, case, actor.user_id)
