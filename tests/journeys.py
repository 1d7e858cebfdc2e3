"""One desk per platform for the journey suite: the same gestures, and what a person sees, in plain words.

A journey names people by role ("admin", "rektor", "contact", "deputy") and places by "school" (the
school's channel) or "own" (the person's own chat with Bryggan). Each desk drives its stand-in as
the platform would (signed Slack requests; Teams activities with the channel's token) and reads
back what the person would see: the text with the platform's markup taken away (bold, mentions as
`@Name`, escapes), and the buttons' labels. So one assertion holds for both, or the adapters differ.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from typing import Any, Protocol

from bot.actors import Actor
from bot.app import Bryggan

ROLES = ("admin", "rektor", "contact", "deputy")
# The same people on both platforms, by the names their platform shows.
NAMES = {
    "admin": "Alva Administratör",
    "rektor": "Rut Rektorsson",
    "contact": "Sara Socialsekreterare",
    "deputy": "Omar Socialsekreterare",
}
SCHOOL = "Berzeliusskolan"
OTHER_SCHOOL = "Ekholmsskolan"


@dataclass(frozen=True)
class Shown:
    """One message as its reader sees it: the words and the buttons' labels."""

    text: str
    buttons: tuple[str, ...]
    source: Any = field(default=None, repr=False, compare=False)  # the platform's message, to click in


@dataclass(frozen=True)
class Form:
    """A form (Slack modal, Teams dialog) as its user sees it; `fields` empty once nothing is asked."""

    text: str
    fields: tuple[str, ...]
    errors: dict[str, str]
    source: Any = field(default=None, repr=False, compare=False)


class Desk(Protocol):
    """The gestures of a journey, the same on every platform."""

    platform: str
    bryggan: Bryggan
    workspace: str  # Bryggan's team_id for this municipality

    def id(self, role: str) -> str:
        """The person's id as Bryggan stores it."""
        ...

    def channel_id(self, where: str) -> str:
        """The channel's id as Bryggan stores it ("school", "other")."""
        ...

    def say(self, role: str, where: str, text: str, mentions: tuple[str, ...] = ()) -> Shown:
        """The person writes a command (Slack: a slash command) and gets Bryggan's answer to them."""
        ...

    def open_form(self, role: str, where: str, text: str, button: str) -> Form:
        """The command that opens a form; `button` is what Teams shows first (a message opens no dialog)."""
        ...

    def submit_form(self, role: str, form: Form, values: dict[str, str | list[str]]) -> Form:
        """The person fills in `values` (keeping what the form already holds) and submits."""
        ...

    def click(self, role: str, message: Shown, button: str) -> Shown | Form:
        """The person clicks the button labelled `button`: an answer to them, or a form."""
        ...

    def messages_to(self, target: str) -> list[Shown]:
        """What Bryggan has posted to a person's own chat, or (target "school") in the channel."""
        ...

    def charts_to(self, role: str, count: int) -> list[str]:
        """The file names of the charts Bryggan sent to the person's own chat (waits for `count`)."""
        ...


def last_message_to(desk: Desk, target: str) -> Shown:
    """The latest message Bryggan posted to `target`."""
    return desk.messages_to(target)[-1]


def deliver_outbox(desk: Desk) -> None:
    """What the ticker does: materialise meeting reminders, then send every due outbox row."""
    desk.bryggan.services.meetings.reminders.materialise()
    for _ in range(20):
        if not any(desk.bryggan.dispatcher.run_once().as_dict().values()):
            return


def administrator(desk: Desk) -> Actor:
    """The municipality's administrator as an actor of the use cases (for set-up done off-screen)."""
    return Actor(team_id=desk.workspace, user_id=desk.id("admin"), is_admin=True)


def link_school(desk: Desk, where: str = "school", name: str = SCHOOL) -> None:
    """Link a channel to a school by the use case: `kontakt koppla` is not a Teams command yet."""
    desk.bryggan.services.contacts.changes.link(
        administrator(desk), channel_id=desk.channel_id(where), name=name, create=True
    )


# --- what a person sees: each platform's markup taken away ---
_SLACK_USER = re.compile(r"<@(\w+)>")
_SLACK_CHANNEL = re.compile(r"<#(\w+)(?:\|[^>]*)?>")
_SLACK_LINK = re.compile(r"<(?:https?|mailto|webcal):[^|>]*\|([^>]*)>")
_TEAMS_MENTION = re.compile(r"<at>(.*?)</at>")
_MARKDOWN_LINK = re.compile(r"\[([^\]]*)\]\([^)]*\)")
_MARKDOWN_ESCAPE = re.compile(r"\\([\\`*_\[\]()<>&#~|!{}])")
_ITALIC = re.compile(r"(?<!\w)_([^_\n]+)_(?!\w)")


def plain_slack(text: str, users: dict[str, str], channels: dict[str, str]) -> str:
    """Slack mrkdwn as the client shows it: `@Name`, `#channel`, link labels, no bold or strike marks."""
    text = _SLACK_USER.sub(lambda m: "@" + users.get(m[1], m[1]), text)
    text = _SLACK_CHANNEL.sub(lambda m: "#" + channels.get(m[1], m[1]), text)
    text = _ITALIC.sub(r"\1", _SLACK_LINK.sub(r"\1", text)).replace("*", "").replace("~", "")
    return text.replace("&lt;", "<").replace("&gt;", ">").replace("&amp;", "&")


def plain_teams(text: str) -> str:
    """Teams card markdown as the client shows it: `@Name`, link labels, no bold marks or escapes."""
    text = _MARKDOWN_LINK.sub(r"\1", _TEAMS_MENTION.sub(r"@\1", text)).replace("**", "")
    return _MARKDOWN_ESCAPE.sub(r"\1", _ITALIC.sub(r"\1", text))
