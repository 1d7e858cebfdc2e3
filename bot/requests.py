"""What a command's words mean to the domain: the days an absence spans, the one day a meeting is on,
and who sees the term's figures. The handlers only find the words; every command reads days here,
through the one reader in bot/dates.py.
"""

from __future__ import annotations

from datetime import date

from bot.actors import Actor
from bot.dates import parse_day, split_day_words
from bot.errors import BrygganError
from bot.followup import FollowUp, Report


def absence_days(words: list[str], *, today: date) -> tuple[date, date]:
    """The first and last day of an absence as typed (one day or two: `1/12 5/12`, `imorgon`)."""
    days = split_day_words(words)
    if not days or len(days) > 2:
        raise BrygganError("absence_dates_missing")
    return parse_day(days[0], today=today), parse_day(days[-1], today=today)


def meeting_day(words: list[str]) -> str:
    """The one day `/eht ställ in` names ("ställ in 1/12", "nästa fredag"), as the meetings read it."""
    if words[:1] and words[0].casefold() == "in":
        words = words[1:]
    days = split_day_words(words)
    if len(days) != 1:
        raise BrygganError("eht_cancel_usage")
    return days[0]


def home_figures(followup: FollowUp, actor: Actor) -> Report | None:
    """The current term's key figures on the Home tab: administrators see the municipality's, others none."""
    if not actor.is_admin:
        return None
    return followup.report(actor.team_id, followup.term(actor.team_id, None))
