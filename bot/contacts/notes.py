"""Handover notes: the previous contact writes a few non-identifying lines to the new one."""

from __future__ import annotations

from bot.actors import Actor
from bot.contacts.base import NOTICE_LIFETIME, ContactsBase
from bot.errors import BrygganError
from bot.privacy import require_non_identifying
from storage.audit import add_audit_event
from storage.contacts import assignment_ended_at, get_assignment
from storage.outbox import add_outbox_message
from storage.schools import get_school

MAX_NOTE = 2000


class HandoverNotes(ContactsBase):
    """Relays a guarded handover note, sealed, to the new contact through the outbox; keeps no copy."""

    def send_handover_note(self, actor: Actor, *, assignment_id: int, text: str) -> str:
        """Guard `text` first, then queue it as a DM to the new contact; returns the school's name."""
        text = text.strip()
        if not text:
            raise BrygganError("note_empty")
        if len(text) > MAX_NOTE:
            raise BrygganError("note_too_long", limit=MAX_NOTE)
        require_non_identifying(text, purpose="handover_note")
        with self._sessions.begin() as session:
            new = get_assignment(session, team_id=actor.team_id, assignment_id=assignment_id)
            previous = new and assignment_ended_at(
                session, school_id=new.school_id, role=new.role, at=new.starts_at
            )
            if new is None or previous is None or previous.person_id != actor.user_id:
                raise BrygganError("not_previous_contact")
            school = get_school(session, team_id=actor.team_id, school_id=new.school_id)
            name = school.name if school else ""
            now = self._clock.now()
            queued = add_outbox_message(
                session,
                team_id=actor.team_id,
                key=f"handover-note:{new.id}",
                recipient=new.person_id,
                template="handover_note",
                args={"school": name, "previous": actor.user_id, "text": self._box.seal(text)},
                due_at=now,
                now=now,
                expires_at=now + NOTICE_LIFETIME,
            )
            if not queued:
                raise BrygganError("note_already_sent")
            add_audit_event(
                session,
                team_id=actor.team_id,
                at=now,
                actor_id=actor.user_id,
                action="handover_note_sent",
                school_id=new.school_id,
                subject_id=new.person_id,
            )
            return name
