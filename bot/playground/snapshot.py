"""What one person sees in the stand-in's workspace, as JSON for the page: Slack's client, read-only."""

from __future__ import annotations

from typing import Any

from bot.console import demo
from localslack import Message, Workspace
from localslack.models import Via


def revision(ws: Workspace) -> str:
    """Changes whenever anything a person could see changes (messages, views, files, modal errors)."""
    with ws.cond:
        stacks = [len(ws.view_store.stack(u)) for u in ws.users]
        errors = sorted(ws.view_errors.items())
        return repr((len(ws.history), len(ws.view_store.log), len(ws.files), stacks, errors))


def people(ws: Workspace) -> list[dict[str, Any]]:
    """The demo's people, in the order the picker shows them."""
    return [
        {"id": u.id, "name": u.name, "real_name": u.real_name, "title": u.title, "admin": u.id in demo.ADMINS}
        for u in (ws.users[d.id] for d in demo.USERS)
    ]


def seen_by(ws: Workspace, user_id: str) -> dict[str, Any]:
    """Channels, the DM with Bryggan, messages (threads included), the modal stack and the Home tab."""
    schools = {s.channel_id: s.name for s in demo.SCHOOLS}
    im = ws.open_im(user_id).id
    channels = [
        {"id": c.id, "name": c.name, "school": schools.get(c.id)}
        for c in ws.channels.values()
        if not c.is_im and user_id in c.members
    ]
    visible = {c["id"] for c in channels} | {im}
    messages = [_message(ws, m) for m in ws.messages if _shows(m, user_id, visible)]
    views = ws.views_of(user_id)
    return {
        "me": user_id,
        "channels": channels,
        "im": im,
        "messages": messages,
        "modal": views[-1] if views else None,
        "depth": len(views),
        "errors": ws.modal_errors_of(user_id),
        "home": ws.home_of(user_id),
        "names": {u.id: u.name for u in ws.users.values()} | {c.id: c.name for c in ws.channels.values()},
    }


def _shows(message: Message, user_id: str, visible: set[str]) -> bool:
    if message.deleted or message.channel not in visible:
        return False
    return message.ephemeral_user in (None, user_id)


def _message(ws: Workspace, message: Message) -> dict[str, Any]:
    files = [ws.file(f) for f in message.files]
    return {
        "channel": message.channel,
        "ts": message.ts,
        "thread_ts": message.thread_ts,
        "text": message.text,
        "blocks": message.blocks,
        "ephemeral": message.ephemeral_user is not None,
        "edited": message.via is Via.UPDATE or message.replace_original,
        "user": message.user,
        "bot": bool(message.bot_id),
        "files": [{"id": f.id, "name": f.name, "title": f.title} for f in files if f is not None],
    }
