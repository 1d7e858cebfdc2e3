"""Each workspace's outbox client (OAuth mode): its own token, refreshed in time, a lost race survived."""

from __future__ import annotations

import threading
from concurrent.futures import ThreadPoolExecutor
from datetime import UTC, datetime, timedelta
from typing import Any

import pytest
from cryptography.fernet import Fernet
from slack_sdk import WebClient
from slack_sdk.oauth.installation_store import Installation

from bot.clock import FakeClock
from bot.crypto import TextBox
from localslack import LocalSlack
from scheduler.slack_errors import classify
from scheduler.workspaces import RECHECK_AFTER, NotInstalled, WorkspaceClients
from storage.db import make_engine
from storage.installations import SealedInstallationStore

CLIENT_ID, CLIENT_SECRET = "1111.2222", "oauth-client-secret"
START = datetime(2026, 11, 24, 7, 0, tzinfo=UTC)
KEY = Fernet.generate_key().decode()


@pytest.fixture
def clock() -> FakeClock:
    return FakeClock(START)


@pytest.fixture
def store(database_url: str, slack: LocalSlack, clock: FakeClock) -> SealedInstallationStore:
    """One workspace installed through the stand-in's token exchange, its tokens in the store."""
    slack.register_oauth_app(CLIENT_ID, CLIENT_SECRET, "https://bryggan.example.org/slack/oauth_redirect")
    ws = slack.add_workspace(team_id="T0NORR001", bot_user_id="U0BOTNORR", bot_id="B0BOTNORR")
    ws.add_user(id="U0ADMNORR", name="admin")
    code = slack.oauth.consent(
        {"client_id": CLIENT_ID, "scope": "chat:write,commands"}, team_id="T0NORR001", user_id="U0ADMNORR"
    ).split("code=")[1]
    answer = WebClient(base_url=slack.api_url).oauth_v2_access(
        client_id=CLIENT_ID, client_secret=CLIENT_SECRET, code=code
    )
    store = SealedInstallationStore(client_id=CLIENT_ID, engine=make_engine(database_url), box=TextBox(KEY))
    installation = Installation(
        app_id=answer["app_id"],
        team_id="T0NORR001",
        bot_token=answer["access_token"],
        bot_id="B0BOTNORR",
        bot_user_id="U0BOTNORR",
        bot_refresh_token=answer["refresh_token"],
        user_id="U0ADMNORR",
        installed_at=START.timestamp(),
    )
    installation.bot_token_expires_at = int(clock.timestamp()) + int(answer["expires_in"])
    store.save(installation)
    return store


def _clients(
    store: SealedInstallationStore, slack: LocalSlack, clock: FakeClock, **options: Any
) -> WorkspaceClients:
    return WorkspaceClients(
        installations=store,
        oauth=WebClient(base_url=slack.api_url),
        client_id=CLIENT_ID,
        client_secret=CLIENT_SECRET,
        clock=clock,
        make_client=lambda token: WebClient(token=token, base_url=slack.api_url, retry_handlers=[]),
        **options,
    )


def _refreshes(slack: LocalSlack) -> int:
    return sum(
        1 for method, _team, args in slack.calls if method == "oauth.v2.access" and args.get("grant_type")
    )


def test_a_token_is_kept_until_two_hours_before_expiry_then_refreshed_once(
    store: SealedInstallationStore, slack: LocalSlack, clock: FakeClock
) -> None:
    clients = _clients(store, slack, clock)
    first = clients.token("T0NORR001")
    clock.advance(timedelta(hours=9, minutes=59))
    assert clients.token("T0NORR001") == first
    assert _refreshes(slack) == 0

    clock.advance(timedelta(minutes=2))  # under two hours left
    second = clients("T0NORR001").token
    assert second != first
    assert _refreshes(slack) == 1
    assert clients.token("T0NORR001") == second  # stored: the next row needs no refresh
    assert _refreshes(slack) == 1
    assert clients("T0NORR001").auth_test()["team_id"] == "T0NORR001"


class Replica(SealedInstallationStore):
    """Another replica's store on the same database, whose first `reads` reads return `stale` (what it
    read just before another replica, or Bolt for a listener, stored a refresh)."""

    def __init__(self, store: SealedInstallationStore, stale: Installation | None, reads: int) -> None:
        super().__init__(client_id=CLIENT_ID, engine=store.engine, box=store.bots.c.bot_token.type.box)  # type: ignore[attr-defined]
        self.stale, self.reads = stale, reads

    def find_installation(self, **kwargs: object) -> Installation | None:  # type: ignore[override]
        self.reads -= 1
        return self.stale if self.reads >= 0 else super().find_installation(**kwargs)  # type: ignore[arg-type]


def test_a_replica_that_read_an_expiring_token_uses_the_one_refreshed_meanwhile(
    store: SealedInstallationStore, slack: LocalSlack, clock: FakeClock
) -> None:
    stale = store.find_installation(enterprise_id=None, team_id="T0NORR001")
    clock.advance(timedelta(hours=11))
    winner = _clients(store, slack, clock).token("T0NORR001")

    late = Replica(store, stale, reads=1)  # re-reads under the lock and finds the refreshed token
    assert _clients(late, slack, clock).token("T0NORR001") == winner
    assert _refreshes(slack) == 1


def test_a_refresh_lost_to_bolt_s_own_rotation_uses_bolt_s_token(
    store: SealedInstallationStore, slack: LocalSlack, clock: FakeClock
) -> None:
    stale = store.find_installation(enterprise_id=None, team_id="T0NORR001")
    clock.advance(timedelta(hours=11))
    winner = _clients(store, slack, clock).token("T0NORR001")  # as Bolt's authorize, outside the lock

    late = Replica(store, stale, reads=2)  # even the read under the lock came before Bolt's save
    assert _clients(late, slack, clock).token("T0NORR001") == winner
    assert _refreshes(slack) == 2  # the late refresh was refused as Slack refuses a used token


def test_two_replicas_refreshing_at_once_refresh_once_and_share_the_new_token(
    store: SealedInstallationStore, slack: LocalSlack, clock: FakeClock
) -> None:
    clock.advance(timedelta(hours=11))
    both_read = threading.Barrier(2, timeout=10)

    class Racing(Replica):
        """A replica whose first read waits until the other replica has read too: both see the
        expiring token before either refreshes."""

        def find_installation(self, **kwargs: object) -> Installation | None:  # type: ignore[override]
            found = super().find_installation(**kwargs)
            if self.reads == -1:
                both_read.wait()
            return found

    replicas = [_clients(Racing(store, None, reads=0), slack, clock) for _ in range(2)]
    with ThreadPoolExecutor(max_workers=2) as pool:
        tokens = list(pool.map(lambda replica: replica.token("T0NORR001"), replicas))

    assert _refreshes(slack) == 1
    stored = store.find_installation(enterprise_id=None, team_id="T0NORR001")
    assert stored is not None
    assert tokens == [stored.bot_token, stored.bot_token]
    for replica in replicas:
        assert replica("T0NORR001").auth_test()["team_id"] == "T0NORR001"


def test_a_removed_workspace_s_client_goes_and_a_reinstall_brings_a_new_one(
    store: SealedInstallationStore, slack: LocalSlack, clock: FakeClock
) -> None:
    clients = _clients(store, slack, clock)
    installed = store.find_installation(enterprise_id=None, team_id="T0NORR001")
    assert installed is not None
    assert clients("T0NORR001").auth_test()["ok"]

    store.delete_all(enterprise_id=None, team_id="T0NORR001")
    with pytest.raises(NotInstalled):
        clients("T0NORR001")

    store.save(installed)
    assert clients("T0NORR001").token == installed.bot_token


def test_a_workspace_without_an_installation_is_not_installed(
    store: SealedInstallationStore, slack: LocalSlack, clock: FakeClock
) -> None:
    with pytest.raises(NotInstalled):
        _clients(store, slack, clock)("T0OTHER01")


def test_a_token_sealed_with_a_key_no_longer_configured_is_not_retried(
    store: SealedInstallationStore, slack: LocalSlack, clock: FakeClock
) -> None:
    other_key = SealedInstallationStore(
        client_id=CLIENT_ID, engine=store.engine, box=TextBox(Fernet.generate_key().decode())
    )
    with pytest.raises(NotInstalled) as refused:
        _clients(other_key, slack, clock)("T0NORR001")
    assert refused.value.error == "token_unreadable"
    failure = classify(refused.value)
    assert (failure.error, failure.permanent) == ("token_unreadable", True)


class Counting(SealedInstallationStore):
    """The store, counting its reads of an installation."""

    def __init__(self, store: SealedInstallationStore) -> None:
        super().__init__(client_id=CLIENT_ID, engine=store.engine, box=store.bots.c.bot_token.type.box)  # type: ignore[attr-defined]
        self.reads = 0

    def find_installation(self, **kwargs: object) -> Installation | None:  # type: ignore[override]
        self.reads += 1
        return super().find_installation(**kwargs)  # type: ignore[arg-type]


def test_the_token_is_read_once_and_again_after_a_change_here_or_elsewhere(
    store: SealedInstallationStore, slack: LocalSlack, clock: FakeClock
) -> None:
    counting = Counting(store)
    clients = _clients(counting, slack, clock)
    first = clients("T0NORR001")
    assert [clients("T0NORR001") for _ in range(5)] == [first] * 5
    assert counting.reads == 1  # the rows after the first read no token

    installed = counting.find_installation(enterprise_id=None, team_id="T0NORR001")
    assert installed is not None
    counting.save(installed)  # saved through this process's store: read again at once
    reads = counting.reads
    again = clients("T0NORR001")
    assert (counting.reads, again.token) == (reads + 1, first.token)

    store.delete_all(enterprise_id=None, team_id="T0NORR001")  # another replica's store: not told
    assert clients("T0NORR001") is again
    clients.forget("T0NORR001")  # what the dispatcher does when Slack refuses the token
    with pytest.raises(NotInstalled):
        clients("T0NORR001")


def test_a_cached_token_is_read_again_once_it_enters_the_rotation_window(
    store: SealedInstallationStore, slack: LocalSlack, clock: FakeClock
) -> None:
    clients = _clients(store, slack, clock)
    first = clients("T0NORR001")
    clock.advance(timedelta(hours=10, minutes=1))  # under two hours left of the twelve
    assert clients("T0NORR001").token != first.token
    assert _refreshes(slack) == 1


def test_a_token_another_replica_changed_is_read_again_after_30_seconds(
    store: SealedInstallationStore, slack: LocalSlack, clock: FakeClock
) -> None:
    elapsed = [0.0]
    clients = _clients(store, slack, clock, monotonic=lambda: elapsed[0])
    first = clients("T0NORR001")
    elsewhere = SealedInstallationStore(client_id=CLIENT_ID, engine=store.engine, box=TextBox(KEY))
    installed = elsewhere.find_installation(enterprise_id=None, team_id="T0NORR001")
    assert installed is not None
    installed.bot_token = "xoxb-rotated-by-another-replica"
    elsewhere.save(installed)  # this process's store is not told
    elapsed[0] = RECHECK_AFTER.total_seconds() - 1
    assert clients("T0NORR001") is first
    elapsed[0] = RECHECK_AFTER.total_seconds()
    assert clients("T0NORR001").token == "xoxb-rotated-by-another-replica"
