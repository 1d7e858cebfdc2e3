"""The bot's Teams app token (client credentials): one cache per process, for every call to Teams.

Two parts of a process call the Bot Connector with this token: the outbox's `TeamsTransport`
(scheduler/teams_transport.py) and the Teams SDK's App answering activities (handlers/teams/sdk.py,
given it as the SDK's token provider). `app_token(credentials)` hands both the same `AppToken`, so
the login service is asked once per registration and each renewal serves both.

Why it lives in scheduler/, not handlers/: dependencies point from handlers/ to scheduler/, never
back (docs/architecture.md, "Layers"), so the transport cannot reach a cache kept in handlers/,
while the SDK's App can reach this one. It needs neither SDK (a plain client-credentials POST), so a
process without the `teams` extra still delivers Teams rows. It is shared by its credentials rather
than handed over because the two are built apart: the transport by the composition root, the SDK's
App from settings by handlers/teams/. TEAMS_LOGIN_URL replaces login.microsoftonline.com (the
local stand-in); the SDK's own token client (MSAL) is not used, since it insists on an https
authority and asks login.microsoftonline.com about any other host.
"""

from __future__ import annotations

import threading
import time
import urllib.parse
import urllib.request
from collections.abc import Callable
from dataclasses import dataclass, field

from bot.settings import Settings
from scheduler.teams_errors import TIMEOUT, exchange

BOT_SCOPE = "https://api.botframework.com/.default"
LOGIN_URL = "https://login.microsoftonline.com"
MULTI_TENANT = "botframework.com"  # the login tenant of a multi-tenant bot
# A token is asked for afresh this long before Azure AD's expiry, so none expires in flight.
TOKEN_MARGIN = 300.0


@dataclass(frozen=True)
class TeamsCredentials:
    """The bot's Azure registration: app id, client secret, and the login service's token URL
    (https://login.microsoftonline.com/botframework.com/oauth2/v2.0/token for a multi-tenant bot)."""

    app_id: str
    secret: str = field(repr=False)
    token_url: str

    @classmethod
    def from_settings(cls, settings: Settings) -> TeamsCredentials:
        """The registration settings hold: TEAMS_APP_ID, TEAMS_CLIENT_SECRET, and the token URL."""
        # Azure AD's client-credentials endpoint: botframework.com for a multi-tenant bot, else the
        # tenant's own (TEAMS_TENANT_ID); TEAMS_LOGIN_URL replaces login.microsoftonline.com.
        login = (settings.teams_login_url or LOGIN_URL).rstrip("/")
        tenant = settings.teams_tenant_id or MULTI_TENANT
        return cls(
            app_id=str(settings.teams_app_id),
            secret=settings.secret("teams_client_secret"),
            token_url=f"{login}/{tenant}/oauth2/v2.0/token",
        )


class AppToken:
    """The bot's app token (client-credentials grant), kept until shortly before it expires.
    Shared by every thread of a process; it is never logged."""

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
        body = exchange(request, self._timeout, token=True)
        return str(body["access_token"]), float(body.get("expires_in") or 3599)


_shared: dict[TeamsCredentials, AppToken] = {}
_shared_lock = threading.Lock()


def app_token(credentials: TeamsCredentials) -> AppToken:
    """This process's one AppToken for `credentials`, made on first use."""
    with _shared_lock:
        token = _shared.get(credentials)
        if token is None:
            token = _shared[credentials] = AppToken(credentials)
        return token
