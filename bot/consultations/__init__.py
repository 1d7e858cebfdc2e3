"""Consultations: staff consult their school's contact about a worry, without identifying the child."""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING

from sqlalchemy.orm import Session, sessionmaker

from bot.audit import Auditor
from bot.clock import WorkspaceClocks
from bot.consultations.calls import AgreedCall, Calls
from bot.consultations.forwarding import Forwarding
from bot.consultations.handover import Handover
from bot.consultations.intake import AREAS, GRADES, MAX_TEXT, MIN_TEXT, REACH, Intake, Submitted
from bot.consultations.listing import CaseLine, Listing, TextReads
from bot.consultations.purging import Purging
from bot.consultations.receiving import OUTCOMES, Receiving
from bot.consultations.upkeep import Upkeep
from bot.consultations.withdrawing import Withdrawing
from bot.crypto import TextBox
from bot.notices import Notifier

if TYPE_CHECKING:
    from bot.workspace_settings import RetentionsNow, ValuesOf


@dataclass(frozen=True, slots=True)
class Consultations:
    """The consultation services, one per family of use cases, sharing one handover."""

    intake: Intake
    receiving: Receiving
    calls: Calls
    forwarding: Forwarding
    withdrawing: Withdrawing
    purging: Purging
    listing: Listing
    upkeep: Upkeep
    reads: TextReads

    @classmethod
    def compose(
        cls,
        *,
        sessions: sessionmaker[Session],
        clock: WorkspaceClocks,
        notices: Notifier,
        audit: Auditor,
        box: TextBox,
        workspace: ValuesOf,
        retentions: RetentionsNow,
        report_url: str | None,
    ) -> Consultations:
        """Each service with its collaborators; the app factory passes the shared ones."""
        handover = Handover(clock=clock, notices=notices, audit=audit)
        cases = {"sessions": sessions, "notices": notices, "audit": audit}
        return cls(
            intake=Intake(**cases, clock=clock, box=box, workspace=workspace),
            receiving=Receiving(**cases, clock=clock, box=box, handover=handover, report_url=report_url),
            calls=Calls(**cases, clock=clock, handover=handover),
            forwarding=Forwarding(**cases, box=box, handover=handover, workspace=workspace),
            withdrawing=Withdrawing(**cases, clock=clock, box=box),
            purging=Purging(**cases),
            listing=Listing(sessions=sessions, clock=clock),
            upkeep=Upkeep(**cases, clock=clock, workspace=workspace, retentions=retentions),
            reads=TextReads(audit=audit),
        )


__all__ = [
    "AREAS",
    "GRADES",
    "MAX_TEXT",
    "MIN_TEXT",
    "OUTCOMES",
    "REACH",
    "AgreedCall",
    "CaseLine",
    "Consultations",
    "Submitted",
]
