"""Handover notes: the previous contact writes a few non-identifying lines to the new one."""

from __future__ import annotations

from sqlalchemy.orm import Session, sessionmaker

from bot.actors import Actor
from bot.audit import Auditor
from bot.crypto import TextBox
from bot.errors import BrygganError
from bot.notices import Notice, Notifier
from bot.privacy import require_non_identifying
from storage.audit import AuditAction
from storage.contacts import assignment_ended_at, get_assignment
from storage.schools import get_school

MAX_NOTE = 2000


class HandoverNotes:
    """Relays a guarded handover note, sealed, to the new contact through the outbox; keeps no copy."""

    def __init__(
        self, *, sessions: sessionmaker[Session], box: TextBox, notices: Notifier, audit: Auditor
    ) -> None:
        self._sessions = sessions
        self._box = box
        self._notices = notices
        self._audit = audit

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
                session, team_id=actor.team_id, school_id=new.school_id, role=new.role, at=new.starts_at
            )
            if new is None or previous is None or previous.person_id != actor.user_id:
                raise BrygganError("not_previous_contact")
            school = get_school(session, team_id=actor.team_id, school_id=new.school_id)
            name = school.name if school else ""
            queued = self._notices.notify(
                session,
                Notice.HANDOVER_NOTE,
                team_id=actor.team_id,
                recipient=new.person_id,
                args={"school": name, "previous": actor.user_id, "text": self._box.seal(text)},
                key={"assignment": new.id},
            )
            if not queued:
                raise BrygganError("note_already_sent")
            self._audit.record(
                session,
                AuditAction.HANDOVER_NOTE_SENT,
                by=actor,
                school_id=new.school_id,
                subject_id=new.person_id,
            )
            return name
