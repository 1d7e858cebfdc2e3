"""OAuth v2 on the stand-in: one app distributed to several workspaces, codes, tokens and rotation.

Slack's rules modelled here: the consent page redirects to the app's registered Redirect URL with a
`code` and the app's `state`; a code is good once and for 10 minutes; oauth.v2.access checks the
client id and secret (HTTP Basic or form fields); with token rotation on, an access token lives
`expires_in` seconds (12 h on Slack) and a refresh grant returns a new access token *and* a new
refresh token, the old refresh token being refused from then on.
"""

from __future__ import annotations

import base64
import secrets
import threading
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any
from urllib.parse import urlencode

from localslack.webapi import ApiError
from localslack.workspace import ALL_SCOPES, Workspace

CODE_TTL = 600.0
TOKEN_TTL = 12 * 3600  # Slack's expires_in for rotating tokens


@dataclass(frozen=True)
class OAuthApp:
    """A Slack app set up for distribution: its credentials, Redirect URL and bot scopes."""

    client_id: str
    client_secret: str
    redirect_uri: str
    app_id: str = "A0BRYGGAN"
    scopes: frozenset[str] = ALL_SCOPES
    token_rotation: bool = True
    token_ttl: int = TOKEN_TTL


@dataclass
class Grant:
    """What a code, access token or refresh token stands for."""

    team_id: str
    user_id: str
    issued_at: float
    expires_at: float | None = None
    used: bool = False
    scopes: frozenset[str] = field(default_factory=frozenset)


class OAuth:
    """Issues codes on the consent page and tokens on oauth.v2.access, on the injectable clock."""

    def __init__(self, clock: Callable[[], float], workspace: Callable[[str], Workspace]) -> None:
        self._clock = clock
        self._workspace = workspace
        self._lock = threading.Lock()
        self.app: OAuthApp | None = None
        self._codes: dict[str, Grant] = {}
        self._access: dict[str, Grant] = {}
        self._refresh: dict[str, Grant] = {}

    def register(self, app: OAuthApp) -> OAuthApp:
        """Set up the distributed app (one per stand-in, as one Bryggan deployment has one)."""
        self.app = app
        return app

    # --- the consent page --------------------------------------------------------------------
    def consent(self, query: dict[str, str], *, team_id: str, user_id: str) -> str:
        """The URL Slack's consent page sends the user to after "Allow"; ApiError for a bad request."""
        app = self._app(query.get("client_id"))
        redirect_uri = query.get("redirect_uri") or app.redirect_uri
        if redirect_uri != app.redirect_uri:
            raise ApiError("bad_redirect_uri")
        asked = frozenset(s for s in (query.get("scope") or "").split(",") if s)
        if not asked or not asked <= app.scopes:
            raise ApiError("invalid_scope")
        ws = self._workspace(team_id)
        if user_id not in ws.users:
            raise ApiError("user_not_found")
        code = f"{secrets.randbelow(10**12)}.{secrets.randbelow(10**12)}.{secrets.token_hex(16)}"
        with self._lock:
            self._codes[code] = Grant(team_id, user_id, self._clock(), scopes=asked)
        answer = {"code": code}
        if query.get("state"):
            answer["state"] = query["state"]
        return f"{redirect_uri}?{urlencode(answer)}"

    # --- oauth.v2.access -----------------------------------------------------------------------
    def access(self, args: dict[str, Any], authorization: str) -> dict[str, Any]:
        """oauth.v2.access: a code or a refresh token exchanged for tokens."""
        client_id, client_secret = _credentials(args, authorization)
        app = self._app(client_id)
        if not secrets.compare_digest(client_secret or "", app.client_secret):
            raise ApiError("bad_client_secret")
        if args.get("grant_type") == "refresh_token":
            return self._refreshed(app, str(args.get("refresh_token") or ""))
        if args.get("grant_type") not in (None, "", "authorization_code"):
            raise ApiError("unsupported_grant_type")
        return self._exchanged(app, args)

    def _exchanged(self, app: OAuthApp, args: dict[str, Any]) -> dict[str, Any]:
        redirect_uri = args.get("redirect_uri")
        if redirect_uri and redirect_uri != app.redirect_uri:
            raise ApiError("bad_redirect_uri")
        with self._lock:
            grant = self._codes.get(str(args.get("code") or ""))
            if grant is None or grant.used or self._clock() - grant.issued_at > CODE_TTL:
                raise ApiError("invalid_code")
            grant.used = True
            ws = self._workspace(grant.team_id)
            tokens = self._issue(app, ws, grant.user_id, grant.scopes)
        ws.token_revoked = False  # a reinstall brings the app back
        return {
            "ok": True,
            "app_id": app.app_id,
            "authed_user": {"id": grant.user_id},
            "scope": ",".join(sorted(grant.scopes)),
            "token_type": "bot",
            "bot_user_id": ws.bot_user_id,
            "team": {"id": ws.team_id, "name": ws.name},
            "enterprise": None,
            "is_enterprise_install": False,
            **tokens,
        }

    def _refreshed(self, app: OAuthApp, refresh_token: str) -> dict[str, Any]:
        with self._lock:
            grant = self._refresh.get(refresh_token)
            if grant is None or grant.used:
                raise ApiError("invalid_refresh_token")
            grant.used = True  # rotation: a refresh token is good once
            ws = self._workspace(grant.team_id)
            tokens = self._issue(app, ws, grant.user_id, grant.scopes)
        return {
            "ok": True,
            "app_id": app.app_id,
            "scope": ",".join(sorted(grant.scopes)),
            "token_type": "bot",
            "bot_user_id": ws.bot_user_id,
            "team": {"id": ws.team_id, "name": ws.name},
            "enterprise": None,
            "is_enterprise_install": False,
            **tokens,
        }

    def _issue(self, app: OAuthApp, ws: Workspace, user_id: str, scopes: frozenset[str]) -> dict[str, Any]:
        now = self._clock()
        if not app.token_rotation:
            token = f"xoxb-{ws.team_id}-{secrets.token_hex(12)}"
            self._access[token] = Grant(ws.team_id, user_id, now, scopes=scopes)
            return {"access_token": token}
        token = f"xoxe.xoxb-1-{secrets.token_urlsafe(48)}"
        refresh = f"xoxe-1-{secrets.token_urlsafe(48)}"
        self._access[token] = Grant(ws.team_id, user_id, now, now + app.token_ttl, scopes=scopes)
        self._refresh[refresh] = Grant(ws.team_id, user_id, now, scopes=scopes)
        return {"access_token": token, "refresh_token": refresh, "expires_in": app.token_ttl}

    # --- what the Web API frame asks ----------------------------------------------------------------
    def workspace_for(self, token: str) -> Workspace | None:
        """The workspace an issued access token belongs to (expired or not)."""
        grant = self._access.get(token)
        return None if grant is None else self._workspace(grant.team_id)

    def check(self, token: str) -> None:
        """token_expired past the token's expiry, token_revoked after an uninstall."""
        grant = self._access.get(token)
        if grant is None:
            return
        if grant.used:
            raise ApiError("token_revoked")
        if grant.expires_at is not None and self._clock() >= grant.expires_at:
            raise ApiError("token_expired")

    def revoke(self, team_id: str) -> list[str]:
        """Every token of the workspace stops working (an uninstall); returns the revoked access tokens."""
        with self._lock:
            revoked = []
            for token, grant in [*self._access.items(), *self._refresh.items()]:
                if grant.team_id == team_id and not grant.used:
                    grant.used = True
                    revoked.append(token)
            return [t for t in revoked if t in self._access]

    def _app(self, client_id: str | None) -> OAuthApp:
        if self.app is None or client_id != self.app.client_id:
            raise ApiError("invalid_client_id")
        return self.app


def _credentials(args: dict[str, Any], authorization: str) -> tuple[str | None, str | None]:
    """The client id and secret from HTTP Basic auth (slack_sdk's way) or from the form."""
    if authorization.startswith("Basic "):
        try:
            decoded = base64.b64decode(authorization[len("Basic ") :]).decode()
        except ValueError:
            raise ApiError("invalid_client_id") from None
        client_id, _, client_secret = decoded.partition(":")
        return client_id, client_secret
    return args.get("client_id"), args.get("client_secret")
