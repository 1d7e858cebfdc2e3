"""Who is typing or being named: Slack's users.info (cached briefly), reduced to an Actor and a language."""

from __future__ import annotations

import threading
import time
from dataclasses import dataclass

from slack_sdk import WebClient
from slack_sdk.errors import SlackApiError

from bot.actors import Actor
from bot.errors import BrygganError
from bot.settings import Settings
from bot.workspace_settings import ValuesOf
from templates import Lang, lang_of

# A person's admin flag or language rarely changes; a few minutes' staleness saves a call per command.
_TTL_SECONDS = 300.0


@dataclass(frozen=True, slots=True)
class Person:
    """A Slack user as Bryggan needs them."""

    actor: Actor
    lang: Lang
    real: bool  # an active human: not deleted, not a bot


class People:
    """Resolves Slack user ids to People, with a short in-process cache of users.info."""

    def __init__(self, settings: Settings, workspace: ValuesOf) -> None:
        self._settings = settings
        self._workspace = workspace
        self._cache: dict[tuple[str, str], tuple[float, Person]] = {}
        self._lock = threading.Lock()

    def resolve(self, client: WebClient, *, team_id: str, user_id: str) -> Person:
        """The Person behind `user_id` in `team_id`."""
        key = (team_id, user_id)
        with self._lock:
            cached = self._cache.get(key)
        if cached and time.monotonic() - cached[0] < _TTL_SECONDS:
            return cached[1]
        person = self._fetch(client, team_id=team_id, user_id=user_id)
        with self._lock:
            self._cache[key] = (time.monotonic(), person)
        return person

    def verify(self, client: WebClient, *, team_id: str, user_id: str) -> Person:
        """The named person, who must exist in Slack and be an active human; BrygganError otherwise."""
        try:
            person = self.resolve(client, team_id=team_id, user_id=user_id)
        except SlackApiError as exc:
            if exc.response.get("error") in ("user_not_found", "users_not_found"):
                raise BrygganError("no_such_person", person=user_id) from None
            raise
        if not person.real:
            raise BrygganError("no_such_person", person=user_id)
        return person

    def _fetch(self, client: WebClient, *, team_id: str, user_id: str) -> Person:
        user = client.users_info(user=user_id, include_locale=True)["user"]
        is_admin = (
            user_id in self._workspace(team_id).admin_users
            or bool(user.get("is_admin"))
            or bool(user.get("is_owner"))
        )
        return Person(
            actor=Actor(team_id=team_id, user_id=user_id, is_admin=is_admin),
            lang=lang_of(user.get("locale"), self._settings.locale),
            real=not user.get("deleted") and not user.get("is_bot") and user_id != "USLACKBOT",
        )
