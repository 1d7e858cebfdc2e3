"""Term follow-up: figures per school and term, with charts and exports (never case texts)."""

from __future__ import annotations

from bot.followup.figures import Report, SchoolFigures, Term
from bot.followup.published import Published
from bot.followup.service import FollowUp
from bot.followup.terms import Terms

__all__ = ["FollowUp", "Published", "Report", "SchoolFigures", "Term", "Terms"]
