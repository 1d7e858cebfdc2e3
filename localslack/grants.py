"""Short-lived grants Slack hands the app with an interaction: trigger_id and response_url."""

from __future__ import annotations

import secrets
import threading
from collections.abc import Callable
from dataclasses import dataclass

TRIGGER_TTL = 3.0
RESPONSE_URL_TTL = 30 * 60.0
RESPONSE_URL_USES = 5


@dataclass
class Trigger:
    """A trigger_id: lets the app open one modal within 3 s of the user's gesture."""

    id: str
    team_id: str
    user_id: str
    issued_at: float
    used: bool = False


@dataclass
class ResponseUrl:
    """A response_url: up to 5 replies within 30 minutes to the interaction's place."""

    token: str
    team_id: str
    channel_id: str
    user_id: str
    issued_at: float
    message_ts: str | None = None
    message_ephemeral: bool = False
    uses: int = 0


class Grants:
    """Issues and redeems trigger_ids and response_urls on the injectable clock."""

    def __init__(self, clock: Callable[[], float]) -> None:
        self._clock = clock
        self._lock = threading.Lock()
        self._triggers: dict[str, Trigger] = {}
        self._urls: dict[str, ResponseUrl] = {}

    def issue_trigger(self, team_id: str, user_id: str) -> str:
        """A fresh trigger_id in Slack's shape (digits.digits.hex)."""
        trigger_id = f"{secrets.randbelow(10**12)}.{secrets.randbelow(10**12)}.{secrets.token_hex(16)}"
        with self._lock:
            self._triggers[trigger_id] = Trigger(trigger_id, team_id, user_id, self._clock())
        return trigger_id

    def redeem_trigger(self, trigger_id: str, team_id: str) -> Trigger | str:
        """The trigger, now used up; or the error code views.open answers."""
        with self._lock:
            trigger = self._triggers.get(trigger_id)
            if trigger is None or trigger.team_id != team_id:
                return "invalid_trigger_id"
            if self._clock() - trigger.issued_at > TRIGGER_TTL:
                return "expired_trigger_id"
            if trigger.used:
                return "trigger_exchanged"
            trigger.used = True
            return trigger

    def issue_response_url(self, grant: ResponseUrl) -> None:
        """Register a response_url (the grant's token is its path)."""
        with self._lock:
            grant.issued_at = self._clock()
            self._urls[grant.token] = grant

    def redeem_response_url(self, token: str) -> ResponseUrl | str:
        """The grant with one more use counted; or "expired_url" / "used_url" / "not_found"."""
        with self._lock:
            grant = self._urls.get(token)
            if grant is None:
                return "not_found"
            if self._clock() - grant.issued_at > RESPONSE_URL_TTL:
                return "expired_url"
            if grant.uses >= RESPONSE_URL_USES:
                return "used_url"
            grant.uses += 1
            return grant


def new_token() -> str:
    """An unguessable path segment."""
    return secrets.token_urlsafe(18)
