"""Consultations: staff consult their school's contact about a worry, without identifying the child."""

from __future__ import annotations

from bot.consultations.calls import AgreedCall, Calls
from bot.consultations.forwarding import Forwarding
from bot.consultations.intake import AREAS, GRADES, MAX_TEXT, MIN_TEXT, REACH, Intake, Submitted
from bot.consultations.listing import CaseLine, Listing
from bot.consultations.purging import Purging
from bot.consultations.receiving import OUTCOMES
from bot.consultations.upkeep import Upkeep
from bot.consultations.withdrawing import Withdrawing


class Consultations(Intake, Calls, Forwarding, Withdrawing, Listing, Upkeep, Purging):
    """Every consultation use case."""


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
