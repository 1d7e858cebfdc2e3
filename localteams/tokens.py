"""Tokens both ways: the channel's token on each activity sent to the bot, and the bot's app token.

Both run on wall-clock time, not the stand-in's injectable clock: the Teams SDK checks `exp` with
`time.time()` and caches app tokens by it, so a fake clock would disagree with the real validator.
"""

from __future__ import annotations

import functools
import time
import uuid
from dataclasses import dataclass
from typing import Any

from localteams.jws import InvalidToken, SigningKey, verify

# Bot Framework's values, kept as they are so only URLs differ between the stand-in and Teams.
CHANNEL_ISSUER = "https://api.botframework.com"
BOT_SCOPE = "https://api.botframework.com/.default"
APP_TOKEN_AUDIENCE = "https://api.botframework.com"  # noqa: S105 (a URL, not a secret)
MULTI_TENANT = "botframework.com"  # the login tenant of a multi-tenant bot
# The directory id behind "botframework.com"; Azure AD names it in `iss` and `tid` of app tokens.
BOTFRAMEWORK_TENANT_ID = "d6d49420-f39b-4df7-a1dc-d59a935871db"
CHANNEL_TOKEN_LIFETIME = 3600
APP_TOKEN_LIFETIME = 3599


@dataclass
class BotRegistration:
    """The bot's Azure registration: app id, client secret, and its tenant if single-tenant."""

    app_id: str
    secret: str
    endpoint: str
    name: str = "Bryggan"
    tenant_id: str | None = None  # None: multi-tenant, tokens from the botframework.com tenant


class TokenError(Exception):
    """An OAuth 2.0 error answer of the token endpoint (Azure AD's shape)."""

    def __init__(self, status: int, error: str, description: str) -> None:
        super().__init__(description)
        self.status, self.error, self.description = status, error, description

    def body(self) -> dict[str, Any]:
        """The JSON body Azure AD sends."""
        return {"error": self.error, "error_description": self.description}


@functools.cache
def _process_keys() -> tuple[SigningKey, SigningKey]:
    """One channel key and one login key per process: an RSA key takes ~0.3 s to make."""
    return SigningKey(), SigningKey()


class Authority:
    """Issues and checks both kinds of token; one key for the channel, one for the login service."""

    def __init__(self, keys: tuple[SigningKey, SigningKey] | None = None) -> None:
        self.channel_key, self.login_key = keys or _process_keys()
        self.bots: dict[str, BotRegistration] = {}

    def jwks(self) -> dict[str, Any]:
        """The channel's signing keys, endorsed for Teams, as the OpenID config's jwks_uri serves them."""
        return {"keys": [self.channel_key.jwk(endorsements=["msteams"])]}

    def login_jwks(self) -> dict[str, Any]:
        """The login service's keys (app tokens)."""
        return {"keys": [self.login_key.jwk()]}

    # --- the channel's token on activities sent to the bot ---
    def channel_token(
        self,
        app_id: str,
        service_url: str,
        *,
        lifetime: float = CHANNEL_TOKEN_LIFETIME,
        issued_offset: float = 0.0,
        audience: str | None = None,
        key: SigningKey | None = None,
    ) -> str:
        """A token as Bot Framework puts on a request to the bot; the keywords make wrong ones for tests."""
        now = int(time.time() + issued_offset)
        claims = {
            "iss": CHANNEL_ISSUER,
            "aud": audience or app_id,
            "serviceurl": service_url,
            "nbf": now,
            "iat": now,
            "exp": int(now + lifetime),
        }
        return (key or self.channel_key).sign(claims)

    # --- the bot's app token (client credentials) ---
    def grant(self, tenant: str, form: dict[str, str]) -> dict[str, Any]:
        """Azure AD's client-credentials grant as Bot Framework bots use it; TokenError otherwise."""
        if form.get("grant_type") != "client_credentials":
            raise TokenError(400, "unsupported_grant_type", "AADSTS70003: The grant type is not supported.")
        bot = self.bots.get(form.get("client_id", ""))
        if bot is None or tenant != (bot.tenant_id or MULTI_TENANT):
            raise TokenError(
                400,
                "unauthorized_client",
                f"AADSTS700016: Application with identifier '{form.get('client_id')}' was not found "
                f"in the directory '{tenant}'.",
            )
        if form.get("client_secret") != bot.secret:
            raise TokenError(401, "invalid_client", "AADSTS7000215: Invalid client secret provided.")
        if form.get("scope") != BOT_SCOPE:
            raise TokenError(
                400, "invalid_scope", f"AADSTS70011: The provided scope is not valid: {BOT_SCOPE}."
            )
        token = self.app_token(bot)
        return {
            "token_type": "Bearer",
            "expires_in": APP_TOKEN_LIFETIME,
            "ext_expires_in": APP_TOKEN_LIFETIME,
            "access_token": token,
        }

    def app_token(self, bot: BotRegistration, *, lifetime: float = APP_TOKEN_LIFETIME) -> str:
        """An app token for `bot` (what the grant returns; tests use `lifetime` for an expired one)."""
        now = int(time.time())
        tenant = bot.tenant_id or BOTFRAMEWORK_TENANT_ID
        claims = {
            "aud": APP_TOKEN_AUDIENCE,
            "iss": f"https://sts.windows.net/{tenant}/",
            "appid": bot.app_id,
            "tid": tenant,
            "ver": "1.0",
            "iat": now,
            "nbf": now,
            "exp": int(now + lifetime),
            "uti": uuid.uuid4().hex,
        }
        return self.login_key.sign(claims)

    def check_app_token(self, authorization: str) -> BotRegistration:
        """The bot whose valid app token is in an Authorization header; InvalidToken otherwise."""
        if not authorization.startswith("Bearer "):
            raise InvalidToken("no bearer token")
        claims = verify(authorization.removeprefix("Bearer "), {self.login_key.kid: self.login_key.public})
        if claims.get("aud") != APP_TOKEN_AUDIENCE:
            raise InvalidToken(f"audience must be {APP_TOKEN_AUDIENCE}")
        exp = claims.get("exp")
        if not isinstance(exp, int | float) or exp <= time.time():
            raise InvalidToken("token expired")
        bot = self.bots.get(str(claims.get("appid")))
        if bot is None:
            raise InvalidToken("token of an unknown app")
        return bot
