"""The Teams SDK (`microsoft-teams-apps`, the `bryggan[teams]` extra), imported and configured from Settings.

The SDK calls `load_dotenv` when it is imported and reads `CLIENT_ID`, `CLIENT_SECRET`, `TENANT_ID`,
`SERVICE_URL`, `CLOUD` and `PORT` for any option not passed: it is imported only here, on first
use, the environment is put back as it was afterwards, and every option is passed from Settings.
"""

from __future__ import annotations

import asyncio
import os
from collections.abc import Awaitable, Callable
from types import SimpleNamespace
from typing import Any

from bot.errors import ConfigError
from bot.settings import Settings
from scheduler.teams_tokens import BOT_SCOPE, TeamsCredentials, app_token

_sdk: SimpleNamespace | None = None


def sdk() -> SimpleNamespace:
    """The SDK's parts Bryggan uses, imported once, leaving os.environ as it was."""
    global _sdk
    if _sdk is None:
        before = dict(os.environ)
        try:
            from microsoft_teams.api import Attachment, MessageActivityInput
            from microsoft_teams.api.auth.cloud_environment import PUBLIC, with_overrides
            from microsoft_teams.apps import App
        except ImportError as exc:
            raise ConfigError("Teams needs the SDK: pip install 'bryggan[teams]'") from exc
        finally:
            os.environ.clear()
            os.environ.update(before)
        _sdk = SimpleNamespace(
            App=App,
            Attachment=Attachment,
            MessageActivityInput=MessageActivityInput,
            PUBLIC=PUBLIC,
            with_overrides=with_overrides,
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


def bot_token(settings: Settings) -> Callable[[str | list[str], str | None], Awaitable[str]]:
    """The SDK's token provider: the process's one app token, which the outbox's transport shares."""
    token = app_token(TeamsCredentials.from_settings(settings))

    async def provide(scope: str | list[str], tenant_id: str | None = None) -> str:
        # The tenant is the registration's own (TEAMS_TENANT_ID, else botframework.com), as the token's.
        if scope not in (BOT_SCOPE, [BOT_SCOPE]):  # Bryggan asks Teams for nothing else (no Graph)
            raise ValueError(f"Bryggan's Teams app keeps no token for {scope}")
        return await asyncio.to_thread(token.get)  # a blocking request at most, off the event loop

    return provide


def make_app(settings: Settings) -> Any:
    """An SDK App for the bot in settings: Bot Framework's JWT check on POST /api/messages."""
    if not settings.teams_app_id:
        raise ConfigError("TEAMS_APP_ID is not set: see README, 'Microsoft Teams'")
    parts = sdk()
    environment = cloud(settings)
    options: dict[str, Any] = {
        "client_id": settings.teams_app_id,
        "cloud": environment,
        "token": bot_token(settings),
    }
    if settings.teams_tenant_id:
        options["tenant_id"] = settings.teams_tenant_id
    if settings.teams_service_url:
        options["service_url"] = settings.teams_service_url
    return parts.App(**options)
