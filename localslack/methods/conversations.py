"""conversations.* methods: DMs, channel info, members and history."""

from __future__ import annotations

from typing import Any

from localslack.models import Channel
from localslack.webapi import ApiError, Call, method, paginate


def channel_api(call: Call, channel: Channel) -> dict[str, Any]:
    """A conversation object as Slack returns it."""
    if channel.is_im:
        user = call.ws.users.get(channel.im_user or "")
        return {
            "id": channel.id,
            "created": channel.created,
            "is_im": True,
            "is_org_shared": False,
            "user": channel.im_user,
            "is_user_deleted": bool(user and user.deleted),
            "priority": 0,
        }
    out: dict[str, Any] = {
        "id": channel.id,
        "name": channel.name,
        "name_normalized": channel.name,
        "is_channel": not channel.is_private,
        "is_group": channel.is_private,
        "is_im": False,
        "is_mpim": False,
        "is_private": channel.is_private,
        "is_archived": channel.is_archived,
        "is_general": False,
        "is_shared": False,
        "is_ext_shared": False,
        "is_org_shared": False,
        "is_member": channel.bot_member,
        "created": channel.created,
        "creator": "",
        "topic": {"value": "", "creator": "", "last_set": 0},
        "purpose": {"value": "", "creator": "", "last_set": 0},
        "context_team_id": call.ws.team_id,
    }
    if call.bool_arg("include_num_members"):
        out["num_members"] = len(channel.members) + (1 if channel.bot_member else 0)
    return out


@method("conversations.open")
def open_conversation(call: Call) -> dict[str, Any]:
    """Open (or find) the bot's DM with one user."""
    call.require_scope("im:write", "mpim:write")
    if call.str_arg("channel"):
        channel = call.channel(call.str_arg("channel"))
        return {"ok": True, "channel": {"id": channel.id}}
    users = [u for u in (call.str_arg("users") or "").split(",") if u]
    if not users:
        raise ApiError("users_list_not_supplied")
    if len(users) > 1:
        raise ApiError("not_implemented", detail="the stand-in opens DMs with one user only")
    user = call.user(users[0])
    if user.deleted:
        raise ApiError("user_disabled")
    already = call.ws.im_id(user.id) in call.ws.channels
    channel = call.ws.open_im(user.id)
    body: dict[str, Any] = {
        "ok": True,
        "channel": channel_api(call, channel) if call.bool_arg("return_im") else {"id": channel.id},
    }
    if already:
        body.update(no_op=True, already_open=True)
    return body


@method("conversations.info")
def info(call: Call) -> dict[str, Any]:
    """Describe a conversation the bot can see."""
    channel = call.channel(call.str_arg("channel"))
    call.read_scope(channel)
    return {"ok": True, "channel": channel_api(call, channel)}


@method("conversations.members")
def members(call: Call) -> dict[str, Any]:
    """Members of a conversation, paginated."""
    channel = call.channel(call.str_arg("channel"))
    call.read_scope(channel)
    everyone = list(channel.members)
    if channel.bot_member and not channel.is_im:
        everyone.append(call.ws.bot_user_id)
    elif channel.is_im:
        everyone = [call.ws.bot_user_id, *channel.members]
    page, cursor = paginate(everyone, call, default=100, high=1000)
    return {"ok": True, "members": page, "response_metadata": {"next_cursor": cursor}}


@method("conversations.list")
def list_conversations(call: Call) -> dict[str, Any]:
    """Channels of the workspace the bot can see (public ones, and private ones it is in)."""
    types = set((call.str_arg("types") or "public_channel").split(","))
    call.require_scope(
        *(
            {"public_channel": "channels:read", "private_channel": "groups:read", "im": "im:read"}.get(
                t, "channels:read"
            )
            for t in types
        )
    )
    wanted = [
        c
        for c in call.ws.channels.values()
        if ("im" in types and c.is_im)
        or ("private_channel" in types and c.is_private and not c.is_im and c.bot_member)
        or ("public_channel" in types and not c.is_private)
    ]
    if call.bool_arg("exclude_archived"):
        wanted = [c for c in wanted if not c.is_archived]
    page, cursor = paginate(wanted, call, default=100, high=1000)
    return {
        "ok": True,
        "channels": [channel_api(call, c) for c in page],
        "response_metadata": {"next_cursor": cursor},
    }


def _ts_arg(call: Call, name: str, default: float) -> float:
    value = call.str_arg(name)
    try:
        return float(value) if value else default
    except ValueError:
        raise ApiError("invalid_ts_" + name) from None


def _window(call: Call, channel: Channel) -> list[dict[str, Any]]:
    """Top-level messages between oldest and latest, newest first."""
    oldest = _ts_arg(call, "oldest", 0.0)
    latest = _ts_arg(call, "latest", float("inf"))
    inclusive = call.bool_arg("inclusive")
    with_metadata = call.bool_arg("include_all_metadata")
    picked = []
    for m in call.ws.visible_in(channel.id):
        ts = float(m.ts)
        inside = (oldest <= ts <= latest) if inclusive else (oldest < ts < latest)
        if inside and (m.thread_ts in (None, m.ts)):
            picked.append(m.to_api(with_metadata=with_metadata, team_id=call.ws.team_id))
    return sorted(picked, key=lambda m: float(m["ts"]), reverse=True)


def _readable(call: Call) -> Channel:
    channel = call.channel(call.str_arg("channel"))
    call.read_scope(channel, "history")
    if not channel.is_im and not channel.bot_member:
        raise ApiError("not_in_channel")
    return channel


@method("conversations.history")
def history(call: Call) -> dict[str, Any]:
    """Messages of a conversation, newest first (metadata only with include_all_metadata)."""
    channel = _readable(call)
    page, cursor = paginate(_window(call, channel), call, default=100, high=999)
    return {
        "ok": True,
        "messages": page,
        "has_more": bool(cursor),
        "pin_count": 0,
        "response_metadata": {"next_cursor": cursor},
    }


@method("conversations.replies")
def replies(call: Call) -> dict[str, Any]:
    """A thread: its parent and replies, oldest first."""
    channel = _readable(call)
    ts = call.str_arg("ts", required=True)
    with_metadata = call.bool_arg("include_all_metadata")
    thread = [
        m.to_api(with_metadata=with_metadata, team_id=call.ws.team_id)
        for m in call.ws.visible_in(channel.id)
        if m.ts == ts or m.thread_ts == ts
    ]
    if not thread:
        raise ApiError("thread_not_found")
    page, cursor = paginate(thread, call, default=100, high=1000)
    return {
        "ok": True,
        "messages": page,
        "has_more": bool(cursor),
        "response_metadata": {"next_cursor": cursor},
    }
