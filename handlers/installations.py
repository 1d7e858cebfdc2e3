"""Installing Bryggan into workspaces (OAuth mode) and hearing that a workspace removed it.

Bolt serves the install link and the OAuth redirect itself (`OAuthSettings`): GET /slack/install
sends the installer to Slack's consent page, GET /slack/oauth_redirect exchanges the code for the
workspace's tokens (oauth.v2.access) and saves them in the installation store. From then on Bolt's
authorize finds each request's token by its team and refreshes it when it nears expiry.
"""

from __future__ import annotations

import logging
from collections.abc import Callable
from typing import Any

from slack_bolt import Ack, App, BoltContext
from slack_bolt.authorization import AuthorizeResult
from slack_bolt.authorization.authorize import InstallationStoreAuthorize
from slack_bolt.oauth.oauth_settings import OAuthSettings
from slack_sdk.oauth.installation_store import InstallationStore
from slack_sdk.oauth.state_store import OAuthStateStore

from bot.doctor.slack import SCOPES

log = logging.getLogger("bryggan.handlers")

INSTALL_PATH = "/slack/install"
REDIRECT_PATH = "/slack/oauth_redirect"
# The bot scopes of manifest.yml, the ones `bryggan doctor` checks (tests/unit/test_manifest.py); no
# user scopes: Bryggan never acts as a person.
BOT_SCOPES = tuple(sorted(SCOPES))
TOKEN_ROTATION_MINUTES = 120  # refresh a token with less than two hours left (Bolt's default)
STATE_SECONDS = 600  # an install must finish within ten minutes of opening the link

Gone = Callable[[str, str], object]  # (team_id, reason): the workspace can no longer be written to


def oauth_settings(
    *,
    client_id: str,
    client_secret: str,
    authorization_url: str,
    installations: InstallationStore,
    states: OAuthStateStore,
) -> OAuthSettings:
    """Bolt's OAuth flow on Bryggan's stores, with token rotation on."""
    return OAuthSettings(
        client_id=client_id,
        client_secret=client_secret,
        scopes=list(BOT_SCOPES),
        user_scopes=[],
        install_path=INSTALL_PATH,
        redirect_uri_path=REDIRECT_PATH,
        # The install link goes straight to Slack's consent page (no intermediate "Add to Slack" page).
        install_page_rendering_enabled=False,
        authorization_url=authorization_url,
        installation_store=installations,
        token_rotation_expiration_minutes=TOKEN_ROTATION_MINUTES,
        state_store=states,
        state_expiration_seconds=STATE_SECONDS,
    )


class RotatingFirst(InstallationStoreAuthorize):
    """Bolt's authorize from the installation store, a token due for rotation rotated first by
    `rotate(team_id)`, which does it under the workspace's lock across threads and replicas.

    Bolt's own rotation takes no lock: two requests at the turn would both spend the single-use
    refresh token, and Slack would refuse the second, failing its request. Rotated first, the token
    Bolt then reads is fresh. Bolt itself rotates only a token that has already expired: should the
    rotation fail at the turn, the request goes on with the token still good for the rest of its window.
    """

    def __init__(self, *, rotate: Callable[[str], object], **options: Any) -> None:
        super().__init__(**options)
        self._rotate = rotate

    @property
    def token_rotation_expiration_minutes(self) -> int:
        return 0  # the window is `rotate`'s

    @token_rotation_expiration_minutes.setter
    def token_rotation_expiration_minutes(self, _minutes: int) -> None:
        pass  # Bolt's App sets its OAuth settings' window here

    def __call__(
        self,
        *,
        context: BoltContext,
        enterprise_id: str | None,
        team_id: str | None,
        user_id: str | None,
        **actor: str | None,
    ) -> AuthorizeResult | None:
        if team_id:
            self._rotate(team_id)
        return super().__call__(
            context=context, enterprise_id=enterprise_id, team_id=team_id, user_id=user_id, **actor
        )


def register(app: App, *, gone: Gone) -> None:
    """Listen for a workspace removing Bryggan (`app_uninstalled`) or revoking its bot token."""

    @app.event("app_uninstalled")
    def forget_uninstalled_workspace(ack: Ack, body: dict) -> None:
        ack()
        gone(str(body.get("team_id") or ""), "app_uninstalled")

    @app.event("tokens_revoked")
    def forget_revoked_bot(ack: Ack, body: dict, event: dict) -> None:
        ack()
        # Bryggan asks for no user tokens: only a revoked bot token stops it.
        if (event.get("tokens") or {}).get("bot"):
            gone(str(body.get("team_id") or ""), "tokens_revoked")
