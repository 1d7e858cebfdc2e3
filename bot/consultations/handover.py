"""Handover: when someone other than the holder takes a case, it moves to their own conversation."""

from __future__ import annotations

from sqlalchemy.orm import Session

from bot.actors import Actor
from bot.consultations.base import ConsultationsBase
from storage.consultations import list_replies
from storage.models import Consultation, ConsultationStatus, School


class Handover(ConsultationsBase):
    """Moving a case to a new holder: their own copy with the replies so far, and a note at the old one."""

    def _hand_over(
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
        held = f"{case.id}:held:{to}{step}"
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
        self._notify(session, case, held, to, "consultation_held", args)
        if previous_thread is not None:
            moved = {"number": case.number, "holder": to}
            if forward is not None:
                moved["forwarded_by"] = forward["forwarded_by"]
            self._notify(
                session, case, f"{case.id}:moved:{to}{step}", previous, "consultation_moved", moved,
                edit_of=previous_thread,
            )  # fmt: skip
        case.holder_id, case.holder_thread = to, f"consultation:{held}"
        self._audit(session, actor, "consultation_holder_changed", case, detail=f"{previous}>{to}")
