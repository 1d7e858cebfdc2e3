"""Who may touch a consultation: the access rules every consultation use case applies first."""

from __future__ import annotations

from typing import TypedDict

from sqlalchemy.orm import Session

from bot.actors import Actor
from bot.errors import BrygganError
from bot.ids import is_person
from storage.consultations import get_consultation
from storage.contacts import current_assignments
from storage.models import Consultation, ConsultationStatus


class CaseRef(TypedDict):
    school_id: int
    subject_id: str


def about(case: Consultation) -> CaseRef:
    """What an audit row says about the case it concerns: its school and number, never its text."""
    return {"school_id": case.school_id, "subject_id": case.number}


def case_of(session: Session, actor: Actor, consultation_id: int) -> Consultation:
    """The case in the actor's workspace; BrygganError('consultation_not_found') when there is none."""
    case = get_consultation(session, team_id=actor.team_id, consultation_id=consultation_id)
    if case is None:
        raise BrygganError("consultation_not_found")
    return case


def case_for_receiver(session: Session, actor: Actor, consultation_id: int) -> Consultation:
    """The case, if the actor was routed it, holds it or serves its school."""
    case = case_of(session, actor, consultation_id)
    serving = {
        a.person_id for a in current_assignments(session, team_id=actor.team_id, school_ids=[case.school_id])
    }
    if actor.user_id not in (case.routed_to, case.holder_id) and actor.user_id not in serving:
        raise BrygganError("consultation_not_yours")
    return case


def case_for_party(session: Session, actor: Actor, consultation_id: int) -> Consultation:
    """The case, for its asker or a receiver; anyone else (administrators included) never touches the text."""
    try:
        return case_for_receiver(session, actor, consultation_id)
    except BrygganError as refused:
        if refused.key != "consultation_not_yours":
            raise
    case = case_of(session, actor, consultation_id)
    if case.asker_id != actor.user_id:
        raise BrygganError("consultation_not_yours")
    return case


def not_closed(case: Consultation) -> None:
    """Refuse to act on a closed case, naming a withdrawal as such."""
    if case.withdrawn_at is not None:
        raise BrygganError("consultation_withdrawn", number=case.number)
    if case.status is ConsultationStatus.CLOSED:
        raise BrygganError("consultation_closed", number=case.number)


def follow_forward(case: Consultation, actor: Actor) -> None:
    """A case forwarded to a person is theirs to take, answer and close; nobody else's."""
    if case.forwarded and is_person(case.holder_id) and case.holder_id != actor.user_id:
        raise BrygganError("consultation_forwarded_to", number=case.number, holder=case.holder_id)
