"""Who is acting: resolved from Slack by the handlers, judged by the domain."""

from __future__ import annotations

from dataclasses import dataclass

from bot.errors import NotPermitted


@dataclass(frozen=True, slots=True)
class Actor:
    """A person using Bryggan in one workspace."""

    team_id: str
    user_id: str
    is_admin: bool


def require_admin(actor: Actor) -> None:
    """Refuse anyone but an administrator (NotPermitted, which the handlers word)."""
    if not actor.is_admin:
        raise NotPermitted("not_permitted")
