"""A modal's private_metadata leaves signed and comes back verified: Slack's copy is not trusted.

The signature covers the modal's callback_id, the workspace and the user it was opened for, so a
value can neither be altered nor moved to another form or person.
"""

from __future__ import annotations

from typing import Any

from bot.crypto import Stamp


def stamped(stamp: Stamp, view: dict[str, Any], *, team_id: str, user_id: str) -> dict[str, Any]:
    """`view` with its private_metadata signed for this person."""
    scope = _scope(view["callback_id"], team_id, user_id)
    return {**view, "private_metadata": stamp.sign(view.get("private_metadata", ""), scope=scope)}


def metadata(stamp: Stamp, body: dict[str, Any]) -> str:
    """The submitted modal's private_metadata as Bryggan signed it; BrygganError when it is not."""
    view, user = body["view"], body["user"]
    team_id = (body.get("team") or {}).get("id") or user.get("team_id", "")
    scope = _scope(view["callback_id"], team_id, user["id"])
    return stamp.verify(view.get("private_metadata", ""), scope=scope)


def _scope(callback_id: str, team_id: str, user_id: str) -> str:
    return f"{callback_id}:{team_id}:{user_id}"
