"""Consultations: staff consult their school's contact about a worry, without identifying the child."""

from __future__ import annotations

from dataclasses import dataclass

from sqlalchemy.orm import Session, sessionmaker

from bot.audit import Auditor
from bot.clock import LocalClock
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
        clock: LocalClock,
        notices: Notifier,
        audit: Auditor,
        box: TextBox,
        fallback_channel: str | None,
        report_url: str | None,
        retention_days: int,
        ack_hours: float,
    ) -> Consultations:
        """Each service with its collaborators; the app factory passes the shared ones."""
        handover = Handover(clock=clock, notices=notices, audit=audit)
        cases = {"sessions": sessions, "notices": notices, "audit": audit}
        return cls(
            intake=Intake(**cases, clock=clock, box=box, fallback_channel=fallback_channel),
            receiving=Receiving(**cases, clock=clock, box=box, handover=handover, report_url=report_url),
            calls=Calls(**cases, clock=clock, handover=handover),
            forwarding=Forwarding(**cases, box=box, handover=handover, fallback_channel=fallback_channel),
            withdrawing=Withdrawing(**cases, clock=clock, box=box),
            purging=Purging(**cases),
            listing=Listing(sessions=sessions, clock=clock),
            upkeep=Upkeep(**cases, clock=clock, retention_days=retention_days, ack_hours=ack_hours),
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
