"""The Teams SDK (`microsoft-teams-apps`, the `bryggan[teams]` extra), imported and configured from Settings.

The SDK calls `load_dotenv` when it is imported and reads `CLIENT_ID`, `CLIENT_SECRET`, `TENANT_ID`,
`SERVICE_URL`, `CLOUD` and `PORT` for any option not passed: it is imported only here, on first
use, the environment is put back as it was afterwards, and every option is passed from Settings.
"""

from __future__ import annotations

import os
import time
from types import SimpleNamespace
from typing import Any

from bot.errors import ConfigError
from bot.settings import Settings

# A cached app token is renewed this long before Azure says it expires.
_TOKEN_MARGIN_SECONDS = 300.0
_sdk: SimpleNamespace | None = None


def sdk() -> SimpleNamespace:
    """The SDK's parts Bryggan uses, imported once, leaving os.environ as it was."""
    global _sdk
    if _sdk is None:
        before = dict(os.environ)
        try:
            from microsoft_teams.api import Attachment, ClientCredentials, MessageActivityInput
            from microsoft_teams.api.auth.cloud_environment import PUBLIC, with_overrides
            from microsoft_teams.api.clients.bot.token_client import BotTokenClient
            from microsoft_teams.apps import App
        except ImportError as exc:
            raise ConfigError("Teams needs the SDK: pip install 'bryggan[teams]'") from exc
        finally:
            os.environ.clear()
            os.environ.update(before)
        _sdk = SimpleNamespace(
            App=App,
            Attachment=Attachment,
            ClientCredentials=ClientCredentials,
            MessageActivityInput=MessageActivityInput,
            PUBLIC=PUBLIC,
            with_overrides=with_overrides,
            BotTokenClient=BotTokenClient,
        )
    return _sdk


def cloud(settings: Settings) -> Any:
    """Azure's public cloud, with the login and OpenID addresses replaced where settings give them."""
    parts = sdk()
    overrides = {
        "login_endpoint": settings.teams_login_url,
        "openid_metadata_url": settings.teams_openid_metadata_url,
    }
    given = {name: value.rstrip("/") for name, value in overrides.items() if value}
    return parts.with_overrides(parts.PUBLIC, **given) if given else parts.PUBLIC


class CachedTokens:
    """The bot's app token from the SDK's own client-credentials request, kept until shortly before expiry.

    Used where MSAL cannot go: MSAL insists on an https authority and asks login.microsoftonline.com
    to discover any other host, so a local login endpoint (the stand-in) is reached this way.
    """

    def __init__(self, settings: Settings, cloud_environment: Any) -> None:
        parts = sdk()
        self._credentials = parts.ClientCredentials(
            client_id=str(settings.teams_app_id),
            client_secret=settings.secret("teams_client_secret"),
            tenant_id=settings.teams_tenant_id,
        )
        self._client = parts.BotTokenClient(cloud=cloud_environment)
        self._token, self._until = "", 0.0

    async def __call__(self, scope: str, tenant_id: str | None = None) -> str:
        if time.monotonic() >= self._until:
            got = await self._client.get(self._credentials)
            self._token = got.access_token
            self._until = time.monotonic() + float(got.expires_in or 0) - _TOKEN_MARGIN_SECONDS
        return self._token


def make_app(settings: Settings) -> Any:
    """An SDK App for the bot in settings: Bot Framework's JWT check on POST /api/messages."""
    if not settings.teams_app_id:
        raise ConfigError("TEAMS_APP_ID is not set: see README, 'Microsoft Teams'")
    parts = sdk()
    environment = cloud(settings)
    options: dict[str, Any] = {"client_id": settings.teams_app_id, "cloud": environment}
    if settings.teams_login_url:
        options["token"] = CachedTokens(settings, environment)
    else:
        options["client_secret"] = settings.secret("teams_client_secret")
    if settings.teams_tenant_id:
        options["tenant_id"] = settings.teams_tenant_id
    if settings.teams_service_url:
        options["service_url"] = settings.teams_service_url
    return parts.App(**options)
