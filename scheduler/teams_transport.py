"""The outbox's Teams transport: Bot Connector calls with an app token got by client credentials.

Where a row goes is its recipient's address (storage/teams_addresses.py): a person's 1:1 chat with
the bot, or a channel's conversation. Teams gives a bot no way to read a conversation back, so an
unclear outcome cannot be checked before a re-send: see docs/decisions.md ("Teams: no history").
"""

from __future__ import annotations

import http.client
import json
import logging
import re
import threading
import time
import urllib.error
import urllib.parse
import urllib.request
from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from typing import Any, ClassVar

from sqlalchemy.orm import Session, sessionmaker

from scheduler.slack_errors import Failure, Kind
from scheduler.transport import Posted, Rendered
from storage.models import OutboxMessage
from storage.teams_addresses import Person, get_address, names_of

log = logging.getLogger("bryggan.outbox.teams")

BOT_SCOPE = "https://api.botframework.com/.default"
# Below the outbox's 60-second lease, as Slack's client's timeout is: a post cannot outlive its claim.
TIMEOUT = 30.0
# A token is asked for afresh this long before Azure AD's expiry, so none expires in flight.
TOKEN_MARGIN = 300.0
CARD_CONTENT_TYPE = "application/vnd.microsoft.card.adaptive"
# Teams' 4xx answers that waiting may mend (412: a precondition Teams asks to retry).
_RETRYABLE_4XX = frozenset({408, 409, 412, 425})
# A Teams person a rendered message mentions, as Slack's mrkdwn writes it: `<@MU…>` or `<@MU…|label>`.
_MENTION = re.compile(r"<@(MU[A-Z2-7]+)(?:\|[^<>]*)?>")

People = Mapping[str, Person]  # internal id -> Teams id and display name


@dataclass(frozen=True)
class TeamsCredentials:
    """The bot's Azure registration: app id, client secret, and the login service's token URL
    (https://login.microsoftonline.com/botframework.com/oauth2/v2.0/token for a multi-tenant bot)."""

    app_id: str
    secret: str = field(repr=False)
    token_url: str


class TeamsHttpError(Exception):
    """A refusal by Teams or the login service: status, Teams' error code, and any Retry-After."""

    def __init__(
        self, status: int, code: str, retry_after: int | None = None, *, token: bool = False
    ) -> None:
        super().__init__(f"{status} {code}")  # never the body beyond its code, never a header
        self.status, self.code, self.retry_after, self.token = status, code, retry_after, token


class TeamsUnreachable(Exception):
    """Bryggan has no way to reach the recipient: no address, no conversation, app not installed."""

    def __init__(self, error: str) -> None:
        super().__init__(error)
        self.error = error


class AppToken:
    """The bot's app token (client-credentials grant), kept until shortly before it expires.
    Shared by every dispatcher thread of a process; it is never logged."""

    def __init__(
        self,
        credentials: TeamsCredentials,
        *,
        timeout: float = TIMEOUT,
        monotonic: Callable[[], float] = time.monotonic,
    ) -> None:
        self._credentials = credentials
        self._timeout = timeout
        self._monotonic = monotonic
        self._lock = threading.Lock()
        self._token: str | None = None
        self._until = 0.0

    def __repr__(self) -> str:
        return f"AppToken(app_id={self._credentials.app_id!r})"

    def get(self) -> str:
        """A token valid for at least TOKEN_MARGIN more seconds."""
        with self._lock:
            if self._token is None or self._monotonic() >= self._until:
                self._token, lifetime = self._grant()
                self._until = self._monotonic() + max(lifetime - TOKEN_MARGIN, 0.0)
            return self._token

    def forget(self, token: str) -> None:
        """Drop `token` (Teams refused it) so the next `get` asks for a new one."""
        with self._lock:
            if self._token == token:
                self._token = None

    def _grant(self) -> tuple[str, float]:
        form = {
            "grant_type": "client_credentials",
            "client_id": self._credentials.app_id,
            "client_secret": self._credentials.secret,
            "scope": BOT_SCOPE,
        }
        request = urllib.request.Request(  # noqa: S310 (the configured https URL; http only in tests)
            self._credentials.token_url,
            data=urllib.parse.urlencode(form).encode(),
            headers={"Content-Type": "application/x-www-form-urlencoded"},
            method="POST",
        )
        body = _exchange(request, self._timeout, token=True)
        return str(body["access_token"]), float(body.get("expires_in") or 3599)


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
        return _exchange(request, self._timeout)


def classify(exc: Exception) -> Failure:
    """What a failed Teams call means for the row (the table in docs/decisions.md)."""
    if isinstance(exc, TeamsUnreachable):  # like Slack's dead recipients: the administrators are told
        return Failure(exc.error, Kind.PERMANENT)
    if not isinstance(exc, TeamsHttpError):
        # Reset, refused, timed out: the request may have reached Teams.
        return Failure(type(exc).__name__[:64], Kind.UNCLEAR)
    error = f"teams_{exc.code}"[:64]
    if exc.status == 429:
        return Failure("teams_throttled", Kind.RETRYABLE, retry_after=exc.retry_after or 1)
    if exc.token:  # the login service: nothing was posted, whatever it answered
        kind = Kind.RETRYABLE if exc.status >= 500 else Kind.PERMANENT
        return Failure(f"teams_token_{exc.code}"[:64], kind)
    if exc.status >= 500:
        return Failure(error, Kind.UNCLEAR)  # Teams may have stored the message
    if exc.status in _RETRYABLE_4XX:
        return Failure(error, Kind.RETRYABLE)
    # 400 (a card Teams will not render), 401 twice, 403 (not installed, blocked), 404, 413.
    return Failure(error, Kind.PERMANENT)


def _exchange(request: urllib.request.Request, timeout: float, *, token: bool = False) -> dict[str, Any]:
    """Send one request; its JSON body, or TeamsHttpError with Teams' (or Azure AD's) error code."""
    try:
        with urllib.request.urlopen(request, timeout=timeout) as response:  # noqa: S310 (see callers)
            raw = response.read()
    except urllib.error.HTTPError as e:
        raw_error = e.read()
        raise TeamsHttpError(
            e.code, _error_code(raw_error, e.code), _retry_after(e.headers.get("Retry-After")), token=token
        ) from None
    try:  # a 2xx whose body is no JSON object still means Teams took it
        answer = json.loads(raw) if raw else {}
    except ValueError:
        return {}
    return answer if isinstance(answer, dict) else {}


def _error_code(raw: bytes, status: int) -> str:
    """Bot Framework's `error.code`, or Azure AD's `error`, if it is a plain word; else the status."""
    try:
        body = json.loads(raw)
    except ValueError:
        body = None
    code = body.get("error") if isinstance(body, dict) else None
    if isinstance(code, dict):
        code = code.get("code")
    return code if isinstance(code, str) and re.fullmatch(r"[A-Za-z0-9_]{1,48}", code) else f"http_{status}"


def _retry_after(value: str | None) -> int | None:
    try:
        return max(1, int(value)) if value is not None else None
    except ValueError:
        return 1


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
