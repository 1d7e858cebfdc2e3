"""The tenants, people, teams, channels, installations and conversations the stand-in keeps."""

from __future__ import annotations

import copy
import hashlib
import threading
import uuid
from collections.abc import Callable
from dataclasses import dataclass, field
from enum import StrEnum
from typing import Any, TypeVar

T = TypeVar("T")


class Kind(StrEnum):
    """Teams' conversationType."""

    PERSONAL = "personal"
    CHANNEL = "channel"


@dataclass
class User:
    """A person in a tenant; `id` is the Bot Framework id ("29:…"), stable per bot."""

    id: str
    name: str
    tenant_id: str
    aad_object_id: str = field(default_factory=lambda: str(uuid.uuid4()))
    email: str = ""
    locale: str = "sv-SE"

    def account(self) -> dict[str, Any]:
        """The ChannelAccount in `from` of an activity."""
        return {"id": self.id, "name": self.name, "aadObjectId": self.aad_object_id}

    def member(self) -> dict[str, Any]:
        """The TeamsChannelAccount the roster calls answer with."""
        email = self.email or f"{self.name.lower().replace(' ', '.')}@example.se"
        return {
            **self.account(),
            "email": email,
            "userPrincipalName": email,
            "tenantId": self.tenant_id,
            "userRole": "user",
        }


@dataclass
class Team:
    """A team; its General channel has the team's id and no name, as in Teams."""

    id: str
    name: str
    tenant_id: str
    members: list[str]
    channels: dict[str, str | None] = field(default_factory=dict)  # channel id -> name


@dataclass
class Activity:
    """An activity in a conversation, as posted (bot) or sent (user)."""

    id: str
    body: dict[str, Any]
    from_bot: bool
    root_id: str | None = None  # the thread's first message in a channel
    deleted: bool = False
    edits: int = 0

    @property
    def text(self) -> str:
        """The activity's text ("" without)."""
        return str(self.body.get("text") or "")

    @property
    def cards(self) -> list[dict[str, Any]]:
        """The Adaptive Cards attached."""
        return [
            a.get("content", {})
            for a in self.body.get("attachments") or []
            if a.get("contentType") == "application/vnd.microsoft.card.adaptive"
        ]

    @property
    def images(self) -> list[dict[str, Any]]:
        """The pictures attached (inline images: `image/…` with a `contentUrl`)."""
        return [
            a for a in self.body.get("attachments") or [] if str(a.get("contentType")).startswith("image/")
        ]


@dataclass
class Conversation:
    """A bot's 1:1 chat with a user, or a team channel (its threads are `;messageid=` ids)."""

    id: str
    kind: Kind
    tenant_id: str
    user_id: str | None = None
    team_id: str | None = None
    activities: list[Activity] = field(default_factory=list)

    def find(self, activity_id: str) -> Activity | None:
        """An activity of this conversation by id."""
        return next((a for a in self.activities if a.id == activity_id), None)


class Directory:
    """Everything the stand-in knows, behind one lock; every change wakes `wait_for`."""

    def __init__(self, clock: Callable[[], float]) -> None:
        self.cond = threading.Condition(threading.RLock())
        self.tenants: dict[str, str] = {}
        self.users: dict[str, User] = {}
        self.teams: dict[str, Team] = {}
        self.conversations: dict[str, Conversation] = {}
        self.installs: set[tuple[str, str, str]] = set()  # (app id, "personal" | "team", user or team id)
        self._next_id = int(clock() * 1000)

    def changed(self) -> None:
        """Wake everyone waiting for a change."""
        with self.cond:
            self.cond.notify_all()

    def wait_for(self, predicate: Callable[[Directory], T], timeout: float = 5.0) -> T:
        """Block until `predicate(directory)` is truthy (no sleeping in tests); its value is returned."""
        with self.cond:
            result = self.cond.wait_for(lambda: predicate(self), timeout)
        if not result:
            raise TimeoutError("the stand-in never reached the expected state")
        return result

    def new_activity_id(self) -> str:
        """Teams' activity ids are millisecond timestamps; these only need to be unique and rising."""
        with self.cond:
            self._next_id += 1
            return str(self._next_id)

    # --- set-up ---
    def add_user(self, user: User) -> User:
        """A person in a known tenant."""
        if user.tenant_id not in self.tenants:
            raise ValueError(f"unknown tenant {user.tenant_id}")
        with self.cond:
            self.users[user.id] = user
        return user

    def add_team(self, team: Team) -> Team:
        """A team with its General channel and its channel conversations."""
        if team.tenant_id not in self.tenants or any(m not in self.users for m in team.members):
            raise ValueError("a team needs a known tenant and known members")
        with self.cond:
            team.channels = {team.id: None, **team.channels}
            self.teams[team.id] = team
            for channel_id in team.channels:
                self.conversations[channel_id] = Conversation(
                    channel_id, Kind.CHANNEL, team.tenant_id, team_id=team.id
                )
        return team

    # --- installations ---
    def install_personal(self, app_id: str, user_id: str) -> Conversation:
        """The app installed for a user: Teams opens the bot's 1:1 chat with them."""
        user = self.users[user_id]
        with self.cond:
            self.installs.add((app_id, "personal", user_id))
            conv_id = "a:" + hashlib.sha256(f"{app_id}|{user_id}".encode()).hexdigest()[:40]
            conv = self.conversations.setdefault(
                conv_id, Conversation(conv_id, Kind.PERSONAL, user.tenant_id, user_id=user_id)
            )
            self.changed()
            return conv

    def install_in_team(self, app_id: str, team_id: str) -> Team:
        """The app added to a team: the bot joins every channel's roster."""
        with self.cond:
            self.installs.add((app_id, "team", team_id))
            self.changed()
            return self.teams[team_id]

    def uninstall(self, app_id: str, *, user_id: str | None = None, team_id: str | None = None) -> None:
        """The app removed for a user or from a team; the bot's calls there become 403."""
        with self.cond:
            if user_id:
                self.installs.discard((app_id, "personal", user_id))
            if team_id:
                self.installs.discard((app_id, "team", team_id))
            self.changed()

    def personal_conversation(self, app_id: str, user_id: str) -> Conversation | None:
        """The bot's 1:1 chat with a user, if the app is installed for them."""
        if (app_id, "personal", user_id) not in self.installs:
            return None
        return next(
            (c for c in self.conversations.values() if c.kind is Kind.PERSONAL and c.user_id == user_id),
            None,
        )

    def reaches(self, app_id: str, conv: Conversation) -> bool:
        """Whether the bot is in the conversation's roster (its app installed there)."""
        if conv.kind is Kind.PERSONAL:
            return (app_id, "personal", conv.user_id or "") in self.installs
        return (app_id, "team", conv.team_id or "") in self.installs

    def roster(self, conv: Conversation) -> list[User]:
        """The people of a conversation."""
        if conv.kind is Kind.PERSONAL:
            return [self.users[conv.user_id or ""]]
        return [self.users[m] for m in self.teams[conv.team_id or ""].members]

    # --- reading ---
    def resolve(self, conversation_id: str) -> tuple[Conversation | None, str | None]:
        """(conversation, thread root id) for an id that may carry `;messageid=`."""
        base, _, thread = conversation_id.partition(";messageid=")
        return self.conversations.get(base), thread or None

    def posted(self, conversation_id: str) -> list[Activity]:
        """A snapshot of what the bot posted (and did not delete) in a conversation or thread."""
        conv, thread = self.resolve(conversation_id)
        if conv is None:
            return []
        with self.cond:
            return [
                copy.deepcopy(a)
                for a in conv.activities
                if a.from_bot and not a.deleted and (thread is None or thread in (a.root_id, a.id))
            ]
