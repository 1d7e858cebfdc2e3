"""The outbox's Teams transport: Bot Connector calls with the process's app token (teams_tokens.py).

Where a row goes is its recipient's address (storage/teams_addresses.py): a person's 1:1 chat with
the bot, or a channel's conversation. Teams gives a bot no way to read a conversation back, so an
unclear outcome cannot be checked before a re-send: see docs/decisions.md ("Teams: no history").
What each refusal means for the row is teams_errors.py's.
"""

from __future__ import annotations

import http.client
import json
import logging
import re
import urllib.parse
import urllib.request
from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from typing import Any, ClassVar

from sqlalchemy.orm import Session, sessionmaker

from scheduler.slack_errors import Failure
from scheduler.teams_errors import TIMEOUT, TeamsHttpError, TeamsUnreachable, classify, exchange
from scheduler.teams_tokens import AppToken
from scheduler.transport import Posted, Rendered
from storage.models import OutboxMessage
from storage.teams_addresses import Person, get_address, names_of

log = logging.getLogger("bryggan.outbox.teams")

CARD_CONTENT_TYPE = "application/vnd.microsoft.card.adaptive"
# A Teams person a rendered message mentions, as Slack's mrkdwn writes it: `<@MU…>` or `<@MU…|label>`.
_MENTION = re.compile(r"<@(MU[A-Z2-7]+)(?:\|[^<>]*)?>")

People = Mapping[str, Person]  # internal id -> Teams id and display name


@dataclass(frozen=True)
class _Where:
    """What a proactive message needs of an address."""

    kind: str
    service_url: str
    conversation_id: str
    people: People = field(default_factory=dict)  # those the message mentions, if known by name


class TeamsTransport:
    """Posts, replies and edits through the Bot Connector at each address's own service URL."""

    id_column: ClassVar[str] = "activity_id"
    reconciles: ClassVar[bool] = False  # the Bot Connector lets a bot write a conversation, not read it
    errors = (TeamsHttpError, TeamsUnreachable, OSError, http.client.HTTPException)

    def __init__(
        self,
        *,
        sessions: sessionmaker[Session],
        token: AppToken,
        timeout: float = TIMEOUT,
        card: Callable[[list[dict[str, Any]], People], dict[str, Any] | None],
    ) -> None:
        self._sessions = sessions
        self._token = token
        self._timeout = timeout
        # Block Kit as an Adaptive Card: the Teams adapter's one translator (handlers/teams/cards.py),
        # handed in by the composition root as the renderer is (docs/architecture.md, "Layers"), with
        # the names of the people the message mentions (their Teams mentions).
        self._card = card

    def open(self, row: OutboxMessage) -> str:
        """The recipient's internal id, once its address shows a conversation the app is in."""
        self._where(row.team_id, row.recipient)
        return row.recipient

    def find(self, row: OutboxMessage, conversation: str, parent_id: str | None) -> Posted | None:
        """Nothing can be found: the Bot Connector has no call that lists a conversation's activities."""
        return None

    def post(
        self, row: OutboxMessage, conversation: str, rendered: Rendered, parent_id: str | None
    ) -> Posted:
        """A new message, or a reply to the parent's activity (in a channel: in its thread)."""
        where = self._where(row.team_id, conversation, rendered)
        body = self.activity(rendered, where.people)
        target = where.conversation_id
        if parent_id:
            body["replyToId"] = parent_id
            if where.kind == "channel":  # a channel's thread is the conversation `{channel};messageid={root}`
                target = f"{target};messageid={parent_id}"
        answer = self._connector("POST", where.service_url, f"{_path(target)}/activities", body)
        # Accepted is accepted: an answer without an id is marked sent (it must never be posted again),
        # though it cannot be edited later.
        return Posted(str(answer.get("id") or ""), None)

    def edit(self, row: OutboxMessage, target: OutboxMessage, rendered: Rendered) -> Posted:
        """PUT the rewritten activity over the one sent for `target`."""
        where = self._where(target.team_id, target.recipient, rendered)
        activity_id = str(target.activity_id)
        body = {**self.activity(rendered, where.people), "id": activity_id}
        path = f"{_path(where.conversation_id)}/activities/{_path(activity_id)}"
        self._connector("PUT", where.service_url, path, body)
        return Posted(activity_id, None)

    def keep(self, conversation: str | None) -> str | None:
        """Nothing: the address, not the row, says where a Teams recipient is reached."""
        return None

    def classify(self, exc: Exception) -> Failure:
        """Give up, retry, or (unclear) retry knowing Teams may hold the message already."""
        return classify(exc)

    def activity(self, rendered: Rendered, people: People | None = None) -> dict[str, Any]:
        """The message activity: plain text, or an Adaptive Card with the text as its summary; each
        of `people` is named in the text and a Teams mention in the card."""
        text = plain_text(rendered.text, people)
        card = self._card(rendered.blocks, people or {}) if rendered.blocks else None
        if card is None:
            return {"type": "message", "textFormat": "plain", "text": text}
        attachment = {"contentType": CARD_CONTENT_TYPE, "content": card}
        return {"type": "message", "summary": text[:200], "attachments": [attachment]}

    def _where(self, team_id: str, internal_id: str, rendered: Rendered | None = None) -> _Where:
        """The recipient's address and, for a message, the names of the people it mentions."""
        with self._sessions.begin() as session:
            address = get_address(session, id=internal_id)
            if address is None or address.team_id != team_id:  # never another tenant's address
                raise TeamsUnreachable("teams_no_address")
            if not address.installed:
                raise TeamsUnreachable("teams_not_installed")
            if not address.conversation_id:
                raise TeamsUnreachable("teams_no_conversation")
            people = names_of(session, team_id=team_id, ids=_mentioned(rendered)) if rendered else {}
            return _Where(address.kind, address.service_url, address.conversation_id, people)

    def _connector(self, method: str, service_url: str, path: str, body: dict[str, Any]) -> dict[str, Any]:
        """One Bot Connector call; a token Teams refuses (401) is replaced once: nothing was stored."""
        url = f"{service_url.rstrip('/')}/v3/conversations/{path}"
        token = self._token.get()
        try:
            return self._call(method, url, body, token)
        except TeamsHttpError as exc:
            if exc.status != 401:
                raise
            self._token.forget(token)
            return self._call(method, url, body, self._token.get())

    def _call(self, method: str, url: str, body: dict[str, Any], token: str) -> dict[str, Any]:
        request = urllib.request.Request(  # noqa: S310 (the service URL Teams gave the address)
            url,
            data=json.dumps(body, ensure_ascii=False).encode(),
            headers={"Authorization": f"Bearer {token}", "Content-Type": "application/json"},
            method=method,
        )
        return exchange(request, self._timeout)


def _path(segment: str) -> str:
    """A conversation or activity id as one path segment (Teams' ids hold ':', ';', '@' and '=')."""
    return urllib.parse.quote(segment, safe=":;=@")


# --- Words: the text beside a card (its summary), as plain text -----------------------------------

_SLACK_TOKEN = re.compile(r"<([^<>|]+)(?:\|([^<>]*))?>")


def _mentioned(rendered: Rendered) -> set[str]:
    """The internal ids of the Teams people a rendered message mentions, in its text or its blocks."""
    return set(_MENTION.findall(rendered.text + json.dumps(rendered.blocks or [])))


def plain_text(mrkdwn: str, people: People | None = None) -> str:
    """Slack's mrkdwn as plain text: links as "label (url)", mentions as "@name" (else "@id"),
    entities undone. Shown with textFormat "plain", so nothing a user typed can become a link or a
    mention."""

    def token(match: re.Match[str]) -> str:
        target, label = match.group(1), match.group(2)
        if target[:1] == "@" and people and target[1:] in people:
            return f"@{people[target[1:]].name}"
        if target[:1] in "@#":
            return f"{target[0]}{label or target[1:]}"
        if target.startswith("!"):
            return f"@{label or target[1:]}"
        return f"{label} ({target})" if label and label != target else target

    text = _SLACK_TOKEN.sub(token, mrkdwn)
    return text.replace("&lt;", "<").replace("&gt;", ">").replace("&amp;", "&")
