"""Shared plumbing of the consultation use cases: sessions, clock, the text box and notices."""

from __future__ import annotations

from datetime import timedelta
from zoneinfo import ZoneInfo

from sqlalchemy.orm import Session, sessionmaker

from bot.actors import Actor
from bot.clock import Clock
from bot.contacts.reading import school_of_channel
from bot.crypto import TextBox
from bot.errors import BrygganError
from storage.audit import add_audit_event
from storage.consultations import get_consultation
from storage.contacts import current_assignments
from storage.models import Consultation, ConsultationStatus, School
from storage.outbox import add_outbox_message

NOTICE_LIFETIME = timedelta(days=7)


def is_person(recipient: str) -> bool:
    """Whether a holder or recipient is a Slack user (else a channel)."""
    return recipient.startswith(("U", "W"))


class ConsultationsBase:
    """What every consultation use case shares."""

    def __init__(
        self,
        *,
        sessions: sessionmaker[Session],
        clock: Clock,
        zone: ZoneInfo,
        box: TextBox,
        fallback_channel: str | None,
        report_url: str | None = None,
    ) -> None:
        self._report_url = report_url
        self._sessions = sessions
        self._clock = clock
        self._zone = zone
        self._box = box
        self._fallback = fallback_channel

    @staticmethod
    def _case(session: Session, actor: Actor, consultation_id: int) -> Consultation:
        case = get_consultation(session, team_id=actor.team_id, consultation_id=consultation_id)
        if case is None:
            raise BrygganError("consultation_not_found")
        return case

    def _case_for_receiver(self, session: Session, actor: Actor, consultation_id: int) -> Consultation:
        case = self._case(session, actor, consultation_id)
        serving = {
            a.person_id
            for a in current_assignments(session, team_id=actor.team_id, school_ids=[case.school_id])
        }
        if actor.user_id not in (case.routed_to, case.holder_id) and actor.user_id not in serving:
            raise BrygganError("consultation_not_yours")
        return case

    def _case_for_party(self, session: Session, actor: Actor, consultation_id: int) -> Consultation:
        # The asker or a receiver; anyone else (administrators included) never touches the text.
        try:
            return self._case_for_receiver(session, actor, consultation_id)
        except BrygganError as refused:
            if refused.key != "consultation_not_yours":
                raise
        case = self._case(session, actor, consultation_id)
        if case.asker_id != actor.user_id:
            raise BrygganError("consultation_not_yours")
        return case

    @staticmethod
    def _not_closed(case: Consultation) -> None:
        """Refuse to act on a closed case, naming a withdrawal as such."""
        if case.withdrawn_at is not None:
            raise BrygganError("consultation_withdrawn", number=case.number)
        if case.status is ConsultationStatus.CLOSED:
            raise BrygganError("consultation_closed", number=case.number)

    @staticmethod
    def _follow_forward(case: Consultation, actor: Actor) -> None:
        """A case forwarded to a person is theirs to take, answer and close; nobody else's."""
        if case.forwarded and is_person(case.holder_id) and case.holder_id != actor.user_id:
            raise BrygganError("consultation_forwarded_to", number=case.number, holder=case.holder_id)

    @staticmethod
    def _school(session: Session, actor: Actor, channel_id: str) -> School:
        return school_of_channel(session, actor, channel_id)

    def _notify(
        self,
        session: Session,
        case: Consultation,
        key: str,
        recipient: str,
        template: str,
        args: dict,
        thread_key: str | None = None,
        edit_of: str | None = None,
    ) -> bool:
        """Queue a message about `case` (key prefixed per case kind); False when it was already queued.

        With `edit_of` (a full outbox key) the row rewrites that message instead of posting a new one.
        """
        now = self._clock.now()
        return add_outbox_message(
            session,
            team_id=case.team_id,
            key=f"consultation:{key}",
            recipient=recipient,
            template=template,
            args=args,
            due_at=now,
            now=now,
            expires_at=now + NOTICE_LIFETIME,
            thread_key=thread_key,
            edit_of=edit_of,
        )

    def _audit(
        self, session: Session, actor: Actor, action: str, case: Consultation, detail: str | None = None
    ) -> None:
        add_audit_event(
            session,
            team_id=actor.team_id,
            at=self._clock.now(),
            actor_id=actor.user_id,
            action=action,
            school_id=case.school_id,
            subject_id=case.number,
            detail=detail,
        )
