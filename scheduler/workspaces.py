"""Each workspace's own Web API client for the outbox (OAuth mode): its latest token, rotated in time.

In single-token mode one client serves the one workspace. In OAuth mode every outbox row names its
workspace (`team_id`), and the message must go out with that workspace's bot token, read from the
installation store and refreshed before it expires. Slack's rate limits are per workspace as well:
the dispatcher's back-off is already kept per `team_id` (storage/outbox.py, slack_backoff).
"""

from __future__ import annotations

import logging
import threading
from collections.abc import Callable
from datetime import timedelta

from slack_sdk import WebClient
from slack_sdk.errors import SlackApiError
from slack_sdk.oauth.installation_store import Installation

from bot.clock import Clock
from bot.crypto import UnreadableText
from storage.installations import SealedInstallationStore

log = logging.getLogger("bryggan.workspaces")

# Bolt's default: a token is refreshed when it has less than two hours left.
ROTATION_WINDOW = timedelta(minutes=120)


class NotInstalled(Exception):
    """No usable bot token for the workspace: it never installed Bryggan or removed it
    (`not_installed`), or its token is sealed with a key no longer configured (`token_unreadable`)."""

    def __init__(self, team_id: str, error: str = "not_installed") -> None:
        super().__init__(f"{error}: {team_id}")
        self.team_id = team_id
        self.error = error


class WorkspaceClients:
    """`clients(team_id)`: a client carrying that workspace's current bot token."""

    def __init__(
        self,
        *,
        installations: SealedInstallationStore,
        oauth: WebClient,
        client_id: str,
        client_secret: str,
        clock: Clock,
        make_client: Callable[[str], WebClient],
        window: timedelta = ROTATION_WINDOW,
    ) -> None:
        self._installations = installations
        self._oauth = oauth  # a token-less client for oauth.v2.access
        self._client_id = client_id
        self._client_secret = client_secret
        self._clock = clock
        self._make_client = make_client
        self._window = window
        self._lock = threading.Lock()
        self._clients: dict[str, tuple[str, WebClient]] = {}  # team -> (token, client): one per token

    def __call__(self, team_id: str) -> WebClient:
        try:
            token = self.token(team_id)
        except NotInstalled:
            with self._lock:  # removed or unreadable: its client goes with it (a reinstall makes a new one)
                self._clients.pop(team_id, None)
            raise
        with self._lock:
            known = self._clients.get(team_id)
            if known is None or known[0] != token:
                known = (token, self._make_client(token))
                self._clients[team_id] = known
            return known[1]

    def token(self, team_id: str) -> str:
        """The workspace's bot token, refreshed first when it expires within the window.

        The refresh runs under the workspace's lock, across threads and replicas, and only if the
        installation re-read under the lock still needs it: whoever waited uses the token the first
        one stored instead of spending the (single-use) refresh token a second time.
        """
        installation = self._installation(team_id)
        if not self._expiring(installation):
            return str(installation.bot_token)
        with self._installations.refresh_lock(team_id):
            latest = self._installation(team_id)
            if not self._expiring(latest):
                return str(latest.bot_token)
            return self._rotate(latest)

    def _installation(self, team_id: str) -> Installation:
        try:
            installation = self._installations.find_installation(enterprise_id=None, team_id=team_id)
        except UnreadableText:  # waiting cannot help: the old key comes back, or the workspace reinstalls
            raise NotInstalled(team_id, "token_unreadable") from None
        if installation is None or not installation.bot_token:
            raise NotInstalled(team_id)
        return installation

    def _expiring(self, installation: Installation) -> bool:
        expires_at = installation.bot_token_expires_at
        return (
            expires_at is not None
            and expires_at - self._clock.now().timestamp() <= self._window.total_seconds()
        )

    def _rotate(self, installation: Installation) -> str:
        """Exchange the refresh token for a new pair and store it (as Bolt's authorize does for listeners)."""
        try:
            answer = self._oauth.oauth_v2_access(
                client_id=self._client_id,
                client_secret=self._client_secret,
                grant_type="refresh_token",
                refresh_token=installation.bot_refresh_token,
            )
        except SlackApiError as exc:
            if exc.response.get("error") != "invalid_refresh_token":
                raise
            # Bolt's authorize rotated first for a listener (it does not take the lock): theirs is stored.
            latest = self._installations.find_installation(enterprise_id=None, team_id=installation.team_id)
            if latest is None or not latest.bot_token or latest.bot_token == installation.bot_token:
                raise
            return latest.bot_token
        refreshed = Installation(**installation.to_dict_for_copying())
        refreshed.bot_token = str(answer["access_token"])
        refreshed.bot_refresh_token = answer.get("refresh_token")
        refreshed.bot_token_expires_at = int(self._clock.now().timestamp()) + int(answer["expires_in"])
        self._installations.save(refreshed)
        log.info("bot token rotated", extra={"team_id": installation.team_id})
        return refreshed.bot_token
