"""One Slack workspace: its people, channels, messages, views and files, behind one lock."""

from __future__ import annotations

import copy
import threading
from collections.abc import Callable
from typing import Any, TypeVar

from localslack.modals import ViewStore
from localslack.models import Channel, Message, UploadedFile, User

T = TypeVar("T")

# Scopes a bot gets when the test does not restrict them; chat:write.public is left out on
# purpose, so posting to a public channel the bot was not invited to fails as in Bryggan's install.
ALL_SCOPES = frozenset(
    {
        "commands",
        "chat:write",
        "im:write",
        "im:read",
        "im:history",
        "mpim:read",
        "users:read",
        "users:read.email",
        "channels:read",
        "channels:history",
        "groups:read",
        "groups:history",
        "files:write",
        "files:read",
    }
)


class Workspace:
    """A team on the stand-in; every read is a snapshot and every change wakes `wait_for`."""

    def __init__(
        self,
        *,
        team_id: str,
        domain: str,
        name: str,
        bot_token: str,
        app_token: str,
        signing_secret: str,
        bot_user_id: str,
        bot_id: str,
        scopes: frozenset[str] | None,
        clock: Callable[[], float],
    ) -> None:
        self.team_id = team_id
        self.domain = domain
        self.name = name
        self.bot_token = bot_token
        self.app_token = app_token
        self.signing_secret = signing_secret
        self.bot_user_id = bot_user_id
        self.bot_id = bot_id
        self.api_app_id = "A" + team_id
        self.verification_token = "verif-" + team_id
        self.scopes = ALL_SCOPES if scopes is None else frozenset(scopes)
        self.token_revoked = False
        self.clock = clock
        self.cond = threading.Condition(threading.RLock())
        self.users: dict[str, User] = {}
        self.channels: dict[str, Channel] = {}
        self._messages: list[Message] = []
        self._history: list[Message] = []
        self._files: dict[str, UploadedFile] = {}
        self.view_errors: dict[str, dict[str, str]] = {}
        self.view_store = ViewStore(team_id=team_id, app_id=self.api_app_id, bot_id=bot_id)
        self._last_ts = 0.0
        self.add_user(id=bot_user_id, name="bryggan", real_name="Bryggan", is_bot=True)

    # --- set-up, used by tests -------------------------------------------------------------
    def add_user(self, id: str, name: str, real_name: str = "", **fields: Any) -> User:
        """Add a member (tz, locale, is_admin, is_owner, deleted, title, email as keywords)."""
        with self.cond:
            user = User(id=id, name=name, real_name=real_name or name, team_id=self.team_id, **fields)
            self.users[id] = user
            self.cond.notify_all()
            return user

    def add_channel(
        self,
        id: str,
        name: str,
        members: list[str] | None = None,
        *,
        is_private: bool = False,
        is_archived: bool = False,
        bot_member: bool = True,
    ) -> Channel:
        """Add a channel; `bot_member` says whether the bot was invited."""
        with self.cond:
            channel = Channel(
                id=id,
                name=name,
                members=list(members or []),
                is_private=is_private,
                is_archived=is_archived,
                bot_member=bot_member,
                created=int(self.clock()),
            )
            self.channels[id] = channel
            self.cond.notify_all()
            return channel

    # --- what tests read ---------------------------------------------------------------------
    @property
    def messages(self) -> list[Message]:
        """Every stored message in order (current versions, ephemerals and deleted ones included)."""
        with self.cond:
            return [copy.deepcopy(m) for m in self._messages]

    @property
    def history(self) -> list[Message]:
        """Every version of every message in the order Slack received them (updates appended)."""
        with self.cond:
            return [copy.deepcopy(m) for m in self._history]

    def messages_in(self, channel_id: str) -> list[Message]:
        """Visible (non-ephemeral, non-deleted) messages in a channel, oldest first."""
        return [
            m for m in self.messages if m.channel == channel_id and m.ephemeral_user is None and not m.deleted
        ]

    def dm_messages_to(self, user_id: str) -> list[Message]:
        """Visible messages in the bot's DM with a user."""
        return self.messages_in(self.im_id(user_id))

    def ephemerals_to(self, user_id: str) -> list[Message]:
        """Ephemeral messages shown to a user (postEphemeral, response_url, ack bodies)."""
        return [m for m in self.messages if m.ephemeral_user == user_id and not m.deleted]

    def views_of(self, user_id: str) -> list[dict[str, Any]]:
        """The user's open modal stack, bottom first."""
        with self.cond:
            return copy.deepcopy(self.view_store.stack(user_id))

    def home_of(self, user_id: str) -> dict[str, Any] | None:
        """The Home tab view published for the user, if any."""
        with self.cond:
            return copy.deepcopy(self.view_store.home(user_id))

    def modal_errors_of(self, user_id: str) -> dict[str, str]:
        """The field errors the app last answered a view_submission of this user with."""
        with self.cond:
            return dict(self.view_errors.get(user_id, {}))

    @property
    def files(self) -> list[UploadedFile]:
        """Uploaded files, in upload order."""
        with self.cond:
            return [copy.deepcopy(f) for f in self._files.values()]

    def wait_for(self, predicate: Callable[[Workspace], T | None], timeout: float = 5.0) -> T:
        """Block until predicate(workspace) is truthy; AssertionError after `timeout` wall seconds."""
        with self.cond:
            result = self.cond.wait_for(lambda: predicate(self), timeout=timeout)
        if not result:
            name = getattr(predicate, "__name__", repr(predicate))
            raise AssertionError(
                f"wait_for({name}) still false after {timeout} s; {len(self._messages)} messages stored, "
                f"last: {self._messages[-1:]!r}"
            )
        return result

    # --- used by the server --------------------------------------------------------------------
    def changed(self) -> None:
        """Wake waiters after a change made under `cond`."""
        with self.cond:
            self.cond.notify_all()

    def im_id(self, user_id: str) -> str:
        """The stable id of the bot's DM with a user."""
        return "D" + user_id

    def open_im(self, user_id: str) -> Channel:
        """The bot's DM channel with a user, created on first use."""
        with self.cond:
            cid = self.im_id(user_id)
            if cid not in self.channels:
                self.channels[cid] = Channel(
                    id=cid, name=cid, members=[user_id], is_private=True, is_im=True, im_user=user_id
                )
            return self.channels[cid]

    def next_ts(self) -> str:
        """A message ts from the clock, strictly increasing so ts stays a unique key."""
        with self.cond:
            ts = max(round(self.clock(), 6), round(self._last_ts + 0.000001, 6))
            self._last_ts = ts
            return f"{ts:.6f}"

    def store(self, message: Message) -> Message:
        """Record a new message."""
        with self.cond:
            self._messages.append(message)
            self._history.append(copy.deepcopy(message))
            self.cond.notify_all()
            return message

    def find(self, channel: str, ts: str, ephemeral_user: str | None = None) -> Message | None:
        """The stored message at (channel, ts), if any."""
        with self.cond:
            for m in self._messages:
                if m.channel == channel and m.ts == ts and m.ephemeral_user == ephemeral_user:
                    return m
            return None

    def revise(self, message: Message, **changes: Any) -> Message:
        """Change a stored message in place and log the new version."""
        with self.cond:
            for key, value in changes.items():
                setattr(message, key, value)
            self._history.append(copy.deepcopy(message))
            self.cond.notify_all()
            return message

    def visible_in(self, channel_id: str) -> list[Message]:
        """Live (not a copy) visible messages in a channel, for the API."""
        with self.cond:
            return [
                m
                for m in self._messages
                if m.channel == channel_id and m.ephemeral_user is None and not m.deleted
            ]

    def add_file(self, file: UploadedFile) -> None:
        """Register a file upload slot."""
        with self.cond:
            self._files[file.id] = file
            self.cond.notify_all()

    def file(self, file_id: str) -> UploadedFile | None:
        """A file by id (live)."""
        with self.cond:
            return self._files.get(file_id)
