"""chat.* methods: messages, ephemerals, updates and deletes."""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import Any

from localslack.models import Channel, Message, Via
from localslack.rules import MAX_MESSAGE_BLOCKS, check_blocks, check_message_text
from localslack.webapi import ApiError, Call, RateLimited, invalid_arguments, method

_TS = re.compile(r"^\d+\.\d+$")
_EVENT_TYPE = re.compile(r"^[A-Za-z0-9_]{1,255}$")


@dataclass
class Content:
    """What a message says: text, blocks and metadata, already checked."""

    text: str
    blocks: list[dict[str, Any]] | None
    metadata: dict[str, Any] | None


def message_content(text: Any, blocks: Any, *, attachments: Any = None) -> Content:
    """Check a message body as Slack does: no_text, msg_too_long, invalid_blocks."""
    if blocks in (None, "", []) and not text and not attachments:
        raise ApiError("no_text")
    error = check_message_text(text)
    if error:
        raise ApiError(error)
    if blocks in (None, ""):
        return Content(text or "", None, None)
    if not isinstance(blocks, list):
        raise ApiError("invalid_blocks_format")
    problems = check_blocks(blocks, "/blocks", MAX_MESSAGE_BLOCKS)
    if problems:
        raise invalid_arguments(problems, "invalid_blocks")
    return Content(text or "", blocks, None)


def read_content(call: Call) -> Content:
    """The checked text/blocks/metadata arguments of a chat.* call."""
    content = message_content(
        call.args.get("text"),
        call.json_arg("blocks", "invalid_blocks_format"),
        attachments=call.json_arg("attachments"),
    )
    content.metadata = read_metadata(call.json_arg("metadata", "invalid_metadata_format"))
    return content


def read_metadata(metadata: Any) -> dict[str, Any] | None:
    """Message metadata: {"event_type": str, "event_payload": object}."""
    if metadata in (None, ""):
        return None
    if not isinstance(metadata, dict) or set(metadata) != {"event_type", "event_payload"}:
        raise ApiError("invalid_metadata_format")
    if not isinstance(metadata["event_type"], str) or not _EVENT_TYPE.match(metadata["event_type"]):
        raise ApiError("invalid_metadata_format")
    if not isinstance(metadata["event_payload"], dict):
        raise ApiError("invalid_metadata_format")
    return metadata


def writable(call: Call, channel: Channel) -> None:
    """Refuse archived channels, channels the bot isn't in, and DMs with deactivated users."""
    if channel.is_archived:
        raise ApiError("is_archived")
    if channel.is_im:
        user = call.ws.users.get(channel.im_user or "")
        if user is None or user.deleted:
            raise ApiError("is_archived")
        return
    if not channel.bot_member and "chat:write.public" not in call.ws.scopes:
        raise ApiError("not_in_channel")


def thread_ts(call: Call) -> str | None:
    """The thread_ts argument, which must look like a ts."""
    value = call.str_arg("thread_ts")
    if value is not None and not _TS.match(value):
        raise ApiError("invalid_thread_ts")
    return value


def thread_in(call: Call, channel: Channel, ts: str | None) -> str | None:
    """The parent a reply goes under: a message of this conversation (see README, "thread_ts").

    A ts naming no message here (one of another conversation, say) is refused with
    `thread_not_found`; a deleted parent leaves the reply at the top level, as Slack does.
    """
    if ts is None:
        return None
    parent = call.ws.find(channel.id, ts)
    if parent is None:
        raise ApiError("thread_not_found")
    if parent.deleted:
        return None
    return parent.thread_ts or parent.ts  # a reply's ts threads under its parent


def bot_message(call: Call, channel: Channel, content: Content, via: Via, **extra: Any) -> Message:
    """A new message from the bot (not stored yet)."""
    return Message(
        team_id=call.ws.team_id,
        channel=channel.id,
        ts=call.ws.next_ts(),
        text=content.text,
        blocks=content.blocks,
        user=call.ws.bot_user_id,
        bot_id=call.ws.bot_id,
        metadata=content.metadata,
        via=via,
        **extra,
    )


@method("chat.postMessage", "chat:write")
def post_message(call: Call) -> dict[str, Any]:
    """Post to a channel, or to a DM when `channel` is a user id."""
    channel = call.channel(call.str_arg("channel"), open_dm=True)
    writable(call, channel)
    content = read_content(call)
    thread = thread_in(call, channel, thread_ts(call))
    wait = call.slack.limiter.check_post(call.ws.team_id, channel.id)
    if wait is not None:
        raise RateLimited(wait)
    unfurl = {k: call.bool_arg(k) for k in ("unfurl_links", "unfurl_media") if k in call.args}
    message = bot_message(call, channel, content, Via.POST, thread_ts=thread, **unfurl)
    call.ws.store(message)
    api = message.to_api(with_metadata=True, team_id=call.ws.team_id)
    return {"ok": True, "channel": channel.id, "ts": message.ts, "message": api}


@method("chat.postEphemeral", "chat:write")
def post_ephemeral(call: Call) -> dict[str, Any]:
    """Show a message to one member of a channel."""
    channel = call.channel(call.str_arg("channel"), open_dm=True)
    user = call.user(call.str_arg("user", required=True))
    writable(call, channel)
    if user.deleted or not channel.has_member(user.id, call.ws.bot_user_id):
        raise ApiError("user_not_in_channel")
    content = read_content(call)
    message = bot_message(call, channel, content, Via.EPHEMERAL, ephemeral_user=user.id)
    message.thread_ts = thread_ts(call)
    call.ws.store(message)
    return {"ok": True, "message_ts": message.ts}


def _own_message(call: Call, error: str) -> tuple[Channel, Message]:
    channel = call.channel(call.str_arg("channel"))
    ts = call.str_arg("ts", required=True) or ""
    message = call.ws.find(channel.id, ts)
    if message is None or message.deleted:
        raise ApiError("message_not_found")
    if message.user != call.ws.bot_user_id:
        raise ApiError(error)
    return channel, message


@method("chat.update", "chat:write")
def update(call: Call) -> dict[str, Any]:
    """Edit one of the bot's messages."""
    channel, message = _own_message(call, "cant_update_message")
    if channel.is_archived:
        raise ApiError("is_archived")
    content = read_content(call)
    changes: dict[str, Any] = {"text": content.text, "blocks": content.blocks, "via": Via.UPDATE}
    if content.metadata is not None:
        changes["metadata"] = content.metadata
    call.ws.revise(message, **changes)
    api = message.to_api(with_metadata=True, team_id=call.ws.team_id)
    return {"ok": True, "channel": channel.id, "ts": message.ts, "text": message.text, "message": api}


@method("chat.delete", "chat:write")
def delete(call: Call) -> dict[str, Any]:
    """Delete one of the bot's messages."""
    channel, message = _own_message(call, "cant_delete_message")
    call.ws.revise(message, deleted=True)
    return {"ok": True, "channel": channel.id, "ts": message.ts}


@method("chat.getPermalink")
def get_permalink(call: Call) -> dict[str, Any]:
    """A link to a stored message."""
    channel = call.channel(call.str_arg("channel"))
    ts = call.str_arg("message_ts", required=True) or ""
    if call.ws.find(channel.id, ts) is None:
        raise ApiError("message_not_found")
    link = f"https://{call.ws.domain}.slack.com/archives/{channel.id}/p{ts.replace('.', '')}"
    return {"ok": True, "channel": channel.id, "permalink": link}
