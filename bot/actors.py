"""Who is acting: resolved from Slack by the handlers, judged by the domain."""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True, slots=True)
class Actor:
    """A person using Bryggan in one workspace."""

    team_id: str
    user_id: str
    is_admin: bool
