"""The nouns of a Slack workspace as the stand-in keeps them."""

from __future__ import annotations

from dataclasses import dataclass, field
from enum import StrEnum
from typing import Any


class Via(StrEnum):
    """How a message reached the stand-in; `ack` is a slash command's ack body, as Slack shows it."""

    POST = "chat.postMessage"
    EPHEMERAL = "chat.postEphemeral"
    UPDATE = "chat.update"
    RESPONSE_URL = "response_url"
    ACK = "ack"
    FILES = "files"


@dataclass
class User:
    """A member of a workspace."""

    id: str
    name: str
    real_name: str = ""
    tz: str = "Europe/Stockholm"
    locale: str = "sv-SE"
    is_admin: bool = False
    is_owner: bool = False
    deleted: bool = False
    title: str = ""
    email: str = ""
    team_id: str = ""
    is_bot: bool = False


@dataclass
class Channel:
    """A conversation: public or private channel, or a bot's DM with one user."""

    id: str
    name: str
    members: list[str] = field(default_factory=list)
    is_private: bool = False
    is_archived: bool = False
    bot_member: bool = True
    is_im: bool = False
    im_user: str | None = None
    created: int = 0

    def has_member(self, user_id: str, bot_user_id: str) -> bool:
        """Whether the user (or the bot) is in this conversation."""
        if user_id == bot_user_id:
            return self.bot_member
        return user_id in self.members


@dataclass
class Message:
    """A message as stored by the stand-in: channel, ephemeral or via response_url."""

    team_id: str
    channel: str
    ts: str
    text: str
    blocks: list[dict[str, Any]] | None = None
    user: str = ""
    thread_ts: str | None = None
    metadata: dict[str, Any] | None = None
    ephemeral_user: str | None = None
    via: Via = Via.POST
    replace_original: bool = False
    deleted: bool = False
    bot_id: str = ""
    files: tuple[str, ...] = ()
    unfurl_links: bool | None = None
    unfurl_media: bool | None = None
    response_type: str | None = None

    def to_api(self, *, with_metadata: bool, team_id: str) -> dict[str, Any]:
        """The message as Slack's API shows it (conversations.history, chat.postMessage)."""
        out: dict[str, Any] = {"type": "message", "text": self.text, "ts": self.ts, "team": team_id}
        if self.bot_id:
            out.update(user=self.user, bot_id=self.bot_id, app_id="A" + team_id)
        else:
            out["user"] = self.user
        if self.blocks is not None:
            out["blocks"] = self.blocks
        if self.thread_ts:
            out["thread_ts"] = self.thread_ts
        if self.files:
            out["files"] = [{"id": f} for f in self.files]
        if with_metadata and self.metadata is not None:
            out["metadata"] = self.metadata
        return out


@dataclass
class UploadedFile:
    """A file uploaded by the bot through the two-step external upload."""

    id: str
    name: str
    length: int
    title: str = ""
    content: bytes | None = None
    channels: list[str] = field(default_factory=list)
    initial_comment: str | None = None
    completed: bool = False
