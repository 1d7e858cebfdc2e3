"""Each workspace's own Web API client for the outbox (OAuth mode): its latest token, rotated in time.

In single-token mode one client serves the one workspace. In OAuth mode every outbox row names its
workspace (`team_id`), and the message must go out with that workspace's bot token, read from the
installation store and refreshed before it expires. Slack's rate limits are per workspace as well:
the dispatcher's back-off is already kept per `team_id` (storage/outbox.py, slack_backoff).

Reading the token (two queries and several decryptions) cost more than the post itself, so each
workspace's token and client are kept in memory, never logged, and read again: when the token
enters its rotation window; when this process saves or deletes the workspace's tokens (the store
tells us: a reinstall, a rotation by Bolt, an uninstall); after RECHECK_AFTER at the latest, for
what another replica changed; and when Slack refuses the token (`forget`, called by the dispatcher).
"""

from __future__ import annotations

import logging
import threading
import time
from collections.abc import Callable
from dataclasses import dataclass
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
# A cached token is read again after this long (wall time), so a reinstall or removal through
# another replica is seen here soon even if Slack never refuses the old token.
RECHECK_AFTER = timedelta(seconds=30)


@dataclass(frozen=True)
class _Known:
    """A workspace's token and its client, and until when they may be used without a read."""

    token: str
    client: WebClient
    fresh_until: float  # the clock's timestamp at which the token enters its rotation window
    read_at: float  # the monotonic clock when the token was read


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
        monotonic: Callable[[], float] = time.monotonic,  # elapsed seconds, for RECHECK_AFTER
    ) -> None:
        self._installations = installations
        self._oauth = oauth  # a token-less client for oauth.v2.access
        self._client_id = client_id
        self._client_secret = client_secret
        self._clock = clock
        self._make_client = make_client
        self._window = window
        self._recheck = RECHECK_AFTER.total_seconds()
        self._monotonic = monotonic
        self._lock = threading.Lock()
        self._clients: dict[str, _Known] = {}  # team -> its token and client: one client per token
        self._forgotten = 0  # counts `forget` calls: a read that raced one is used but not kept
        installations.on_change(self.forget)

    def __call__(self, team_id: str) -> WebClient:
        with self._lock:
            known, forgotten = self._clients.get(team_id), self._forgotten
        if known is not None and self._fresh(known):
            return known.client
        try:
            installation = self._current(team_id)
        except NotInstalled:
            self.forget(team_id)  # removed or unreadable: its client goes (a reinstall makes a new one)
            raise
        token = str(installation.bot_token)
        expires_at = installation.bot_token_expires_at
        fresh_until = float("inf") if expires_at is None else expires_at - self._window.total_seconds()
        with self._lock:
            known = self._clients.get(team_id)
            client = known.client if known is not None and known.token == token else self._make_client(token)
            if forgotten == self._forgotten:
                self._clients[team_id] = _Known(token, client, fresh_until, self._monotonic())
            return client

    def forget(self, team_id: str) -> None:
        """Drop the workspace's cached token: the next call reads the store again."""
        with self._lock:
            self._clients.pop(team_id, None)
            self._forgotten += 1

    def _fresh(self, known: _Known) -> bool:
        return (
            self._clock.now().timestamp() < known.fresh_until
            and self._monotonic() - known.read_at < self._recheck
        )

    def token(self, team_id: str) -> str:
        """The workspace's bot token, refreshed first when it expires within the window.

        The refresh runs under the workspace's lock, across threads and replicas, and only if the
        installation re-read under the lock still needs it: whoever waited uses the token the first
        one stored instead of spending the (single-use) refresh token a second time.
        """
        return str(self._current(team_id).bot_token)

    def _current(self, team_id: str) -> Installation:
        """The installation with a token good beyond the window (refreshed first if need be)."""
        installation = self._installation(team_id)
        if not self._expiring(installation):
            return installation
        with self._installations.refresh_lock(team_id):
            latest = self._installation(team_id)
            if not self._expiring(latest):
                return latest
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

    def _rotate(self, installation: Installation) -> Installation:
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
            return latest
        refreshed = Installation(**installation.to_dict_for_copying())
        refreshed.bot_token = str(answer["access_token"])
        refreshed.bot_refresh_token = answer.get("refresh_token")
        refreshed.bot_token_expires_at = int(self._clock.now().timestamp()) + int(answer["expires_in"])
        self._installations.save(refreshed)
        log.info("bot token rotated", extra={"team_id": installation.team_id})
        return refreshed
