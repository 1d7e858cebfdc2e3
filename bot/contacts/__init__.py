"""Contacts: every school always knows who its contact in social services is."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import TYPE_CHECKING

from sqlalchemy.orm import Session, sessionmaker

from bot.audit import Auditor
from bot.clock import WorkspaceClocks
from bot.contacts.absences import Absences
from bot.contacts.changes import ContactChanges
from bot.contacts.notes import HandoverNotes
from bot.contacts.overview import Overviews
from bot.contacts.queries import ContactQueries
from bot.crypto import TextBox
from bot.notices import Notifier

if TYPE_CHECKING:
    from bot.workspace_settings import ValuesOf


@dataclass(frozen=True, slots=True)
class Contacts:
    """The contact services: reading, changing, absences, handover notes, the App Home and the digest."""

    queries: ContactQueries
    changes: ContactChanges
    absences: Absences
    notes: HandoverNotes
    overviews: Overviews

    @classmethod
    def compose(
        cls,
        *,
        sessions: sessionmaker[Session],
        clock: WorkspaceClocks,
        notices: Notifier,
        audit: Auditor,
        workspace: ValuesOf,
        box: TextBox | None = None,
        can_post: Callable[[str, str], bool | None] = lambda _team, _channel: None,
    ) -> Contacts:
        """Each service with its collaborators; the app factory passes the shared ones."""
        changing = {"sessions": sessions, "notices": notices, "audit": audit}
        return cls(
            queries=ContactQueries(sessions=sessions, clock=clock, workspace=workspace),
            changes=ContactChanges(**changing, clock=clock),
            absences=Absences(**changing, clock=clock, workspace=workspace),
            notes=HandoverNotes(**changing, box=box or TextBox.ephemeral()),
            overviews=Overviews(
                sessions=sessions, clock=clock, notices=notices, workspace=workspace, can_post=can_post
            ),
        )


__all__ = ["Contacts"]
