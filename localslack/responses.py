"""Replies through a response_url (and slash command ack bodies), as Slack shows them."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from localslack.methods.chat import message_content
from localslack.models import Message, Via
from localslack.webapi import ApiError
from localslack.workspace import Workspace


@dataclass
class Origin:
    """Where an interaction happened: the reply goes there, to that user."""

    channel_id: str
    user_id: str
    message_ts: str | None = None
    message_ephemeral: bool = False


def apply_reply(ws: Workspace, origin: Origin, body: Any, via: Via = Via.RESPONSE_URL) -> Message | None:
    """Record a reply body; raises ApiError(no_text / invalid_blocks / ...) for what Slack refuses."""
    if not isinstance(body, dict):
        raise ApiError("invalid_payload")
    original = _original(ws, origin)
    if body.get("delete_original") in (True, "true"):
        if original is not None:
            ws.revise(original, deleted=True)
        return None
    content = message_content(body.get("text"), body.get("blocks"))
    if body.get("replace_original") in (True, "true") and original is not None:
        return ws.revise(original, text=content.text, blocks=content.blocks, via=via, replace_original=True)
    in_channel = body.get("response_type") == "in_channel"
    message = Message(
        team_id=ws.team_id,
        channel=origin.channel_id,
        ts=ws.next_ts(),
        text=content.text,
        blocks=content.blocks,
        user=ws.bot_user_id,
        bot_id=ws.bot_id,
        thread_ts=body.get("thread_ts"),
        ephemeral_user=None if in_channel else origin.user_id,
        via=via,
        response_type="in_channel" if in_channel else "ephemeral",
    )
    return ws.store(message)


def _original(ws: Workspace, origin: Origin) -> Message | None:
    if origin.message_ts is None:
        return None
    owner = origin.user_id if origin.message_ephemeral else None
    return ws.find(origin.channel_id, origin.message_ts, owner)
