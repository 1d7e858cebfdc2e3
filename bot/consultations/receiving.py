"""Receiving: the contact takes a case, both sides reply through the guard, and the contact closes it."""

from __future__ import annotations

from sqlalchemy.orm import Session, sessionmaker

from bot.actors import Actor
from bot.audit import Auditor
from bot.clock import WorkspaceClocks
from bot.consultations.cases import (
    about,
    case_for_party,
    case_for_receiver,
    follow_forward,
    not_closed,
)
from bot.consultations.handover import Handover
from bot.crypto import TextBox
from bot.errors import BrygganError
from bot.ids import is_person
from bot.notices import Notice, Notifier
from bot.privacy import require_non_identifying
from storage.audit import AuditAction
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
    return len(withdraw(session, team_id=case.team_id, keys=keys))


class Receiving:
    """The receiver's and the asker's use cases after intake: take, reply, close."""

    def __init__(
        self,
        *,
        sessions: sessionmaker[Session],
        clock: WorkspaceClocks,
        box: TextBox,
        notices: Notifier,
        audit: Auditor,
        handover: Handover,
        report_url: str | None,
    ) -> None:
        self._sessions = sessions
        self._clock = clock
        self._box = box
        self._notices = notices
        self._audit = audit
        self._handover = handover
        self._report_url = report_url

    def acknowledge(self, actor: Actor, *, consultation_id: int) -> str:
        """The receiver takes an open case; the asker is told who did. Returns the case number.

        A case already closed or taken is refused with what is true, and nothing changes.
        """
        with self._sessions.begin() as session:
            case = case_for_receiver(session, actor, consultation_id)
            not_closed(case)
            follow_forward(case, actor)
            if case.status is ConsultationStatus.ACKNOWLEDGED and is_person(case.holder_id):
                if case.holder_id == actor.user_id:
                    raise BrygganError("consultation_already_yours", number=case.number)
                raise BrygganError("consultation_taken_by", number=case.number, holder=case.holder_id)
            self._handover.take(session, case, actor)
            self._notices.notify(
                session,
                Notice.CONSULTATION_ACKNOWLEDGED,
                team_id=case.team_id,
                recipient=case.asker_id,
                args={"number": case.number, "by": actor.user_id},
                key={"case": case.id},
            )
            self._audit.record(session, AuditAction.CONSULTATION_ACKNOWLEDGED, by=actor, **about(case))
            return case.number

    def reply(self, actor: Actor, *, consultation_id: int, text: str) -> str:
        """Guard `text`, store it encrypted and relay it to the other side's DM thread; returns the number."""
        text = text.strip()
        if not text or len(text) > MAX_REPLY:
            raise BrygganError("reply_length", most=MAX_REPLY)
        require_non_identifying(text, purpose="consultation_reply")
        with self._sessions.begin() as session:
            case = case_for_party(session, actor, consultation_id)
            not_closed(case)
            if actor.user_id != case.asker_id:
                self._handover.take_or_hold(session, case, actor)  # answering is taking it
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
            self._notices.notify(
                session,
                Notice.CONSULTATION_REPLY,
                team_id=case.team_id,
                recipient=case.asker_id if to_asker else case.holder_id,
                args={
                    "id": case.id,
                    "number": case.number,
                    "by": actor.user_id,
                    "text": sealed,
                    "reply": stored.id,
                },
                key={"case": case.id, "n": count},
                thread_key=case.asker_thread if to_asker else case.holder_thread,
            )
            self._audit.record(session, AuditAction.CONSULTATION_REPLIED, by=actor, **about(case))
            return case.number

    def close(self, actor: Actor, *, consultation_id: int, outcome: str) -> str:
        """The receiver closes the case with an outcome; the asker is told, with the duty to report."""
        if outcome not in OUTCOMES:
            raise BrygganError("consultation_outcome")
        with self._sessions.begin() as session:
            case = case_for_receiver(session, actor, consultation_id)
            not_closed(case)
            self._handover.take_or_hold(session, case, actor)
            case.status, case.closed_at, case.outcome = ConsultationStatus.CLOSED, self._clock.now(), outcome
            withdraw_call_reminders(session, case)  # no reminder of a call about a closed case
            at_risk = outcome == "orosanmalan_rekommenderas" or bool(AT_RISK_AREAS & set(case.areas))
            self._notices.notify(
                session,
                Notice.CONSULTATION_CLOSED,
                team_id=case.team_id,
                recipient=case.asker_id,
                args={
                    "number": case.number,
                    "by": actor.user_id,
                    "outcome": outcome,
                    "at_risk": at_risk,
                    "report_url": self._report_url,
                },
                key={"case": case.id},
                thread_key=case.asker_thread,
            )
            self._audit.record(
                session, AuditAction.CONSULTATION_CLOSED, by=actor, **about(case), qualifier=outcome
            )
            return case.number
