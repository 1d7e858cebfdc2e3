"""Who is asking, where: one `Asker` per request, handed to every listener as its `asker` argument.

A middleware builds it from the payload (a command, a click, a submission, the Home tab opened);
the person behind it is asked of Slack (users.info, cached in People) on first use only, inside the
listener, so a failure there is answered by the listener's guard like any other.
"""

from __future__ import annotations

from typing import Any

from slack_bolt import App, BoltRequest, BoltResponse
from slack_sdk import WebClient

from bot.actors import Actor
from handlers.middleware import Step
from handlers.people import People, Person
from templates import Lang

_INTERACTIONS = ("block_actions", "view_submission", "view_closed", "shortcut", "message_action")


class Asker:
    """The person behind one request and where they are."""

    __slots__ = ("_client", "_people", "_person", "channel_id", "team_id", "user_id")

    def __init__(
        self, people: People, client: WebClient, *, team_id: str, user_id: str, channel_id: str
    ) -> None:
        self._people, self._client = people, client
        self._person: Person | None = None
        self.team_id, self.user_id, self.channel_id = team_id, user_id, channel_id

    @property
    def person(self) -> Person:
        """The asker as Bryggan knows them (users.info at most once a request)."""
        if self._person is None:
            self._person = self._people.resolve(self._client, team_id=self.team_id, user_id=self.user_id)
        return self._person

    @property
    def actor(self) -> Actor:
        """The asker, as the domain judges them."""
        return self.person.actor

    @property
    def lang(self) -> Lang:
        """The asker's language (their Slack locale, else the municipality's)."""
        return self.person.lang

    def named(self, user_id: str) -> str:
        """A person the asker named, checked to be an active human in Slack; their user id."""
        return self._people.verify(self._client, team_id=self.team_id, user_id=user_id).actor.user_id

    def lang_of(self, user_id: str) -> Lang:
        """Another person's language in this workspace (the other side of a case, say)."""
        return self._people.resolve(self._client, team_id=self.team_id, user_id=user_id).lang


def asker_of(body: dict[str, Any], people: People, client: WebClient) -> Asker | None:
    """The Asker of a payload Slack sent, or None for one no person stands behind."""
    if body.get("command"):
        team, user, channel = body.get("team_id"), body.get("user_id"), body.get("channel_id")
    elif body.get("type") in _INTERACTIONS:
        team = (body.get("team") or {}).get("id") or (body.get("user") or {}).get("team_id")
        user, channel = (body.get("user") or {}).get("id"), (body.get("channel") or {}).get("id")
    elif body.get("type") == "event_callback" and (body.get("event") or {}).get("type") == "app_home_opened":
        team, user, channel = body.get("team_id"), body["event"].get("user"), None
    else:
        return None
    if not team or not user:
        return None
    return Asker(people, client, team_id=team, user_id=user, channel_id=channel or "")


class AttachAsker(Step):
    """Puts the request's `Asker` in the context, where Bolt finds every listener's `asker` argument."""

    def __init__(self, people: People) -> None:
        self._people = people

    def check(self, req: BoltRequest) -> BoltResponse | None:
        """Attach the asker, if a person stands behind the payload; always continue."""
        asker = asker_of(req.body, self._people, req.context.client)
        if asker is not None:
            req.context["asker"] = asker
        return None


def register(app: App, people: People) -> None:
    """Give every listener its `asker` (after the middleware that counts Web API calls)."""
    app.middleware(AttachAsker(people))
