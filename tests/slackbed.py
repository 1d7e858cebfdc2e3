"""The test bed: the local Slack stand-in with a small municipality, and Bryggan served against it."""

from __future__ import annotations

import threading
from collections.abc import Iterator
from contextlib import AbstractContextManager, contextmanager
from dataclasses import dataclass
from datetime import datetime

from cryptography.fernet import Fernet
from pydantic import SecretStr
from sqlalchemy import event

from bot.app import Bryggan
from bot.settings import Settings, load_settings
from localslack import LocalSlack, Workspace
from storage.models import School, SchoolKind
from storage.schools import add_school

TEAM = "T0TEST001"
BOT_TOKEN = "xoxb-test-bryggan"
APP_TOKEN = "xapp-test-bryggan"
SIGNING_SECRET = "test-signing-secret"


@dataclass(frozen=True)
class People:
    """Slack user ids of the test municipality."""

    admin: str = "U0ADMIN01"  # named in BRYGGAN_ADMIN_USERS
    slack_admin: str = "U0WSADMIN"  # a Slack workspace admin
    rektor: str = "U0REKTOR1"
    kurator_en: str = "U0KURATEN"  # Slack locale en-US
    sara: str = "U0SARA001"  # a social secretary
    omar: str = "U0OMAR001"  # another social secretary
    gone: str = "U0GONE001"  # a deactivated account


@dataclass(frozen=True)
class Channels:
    """Slack channel ids of the test municipality."""

    berzelius: str = "C0BERZELI"
    ekholm: str = "C0EKHOLMS"
    personalrum: str = "C0PERSONA"


PEOPLE = People()
CHANNELS = Channels()


def add_test_workspace(slack: LocalSlack) -> Workspace:
    """A workspace with an administrator, school staff, a social secretary and two channels."""
    ws = slack.add_workspace(
        team_id=TEAM,
        domain="testkommun",
        name="Testkommunen",
        bot_token=BOT_TOKEN,
        app_token=APP_TOKEN,
        signing_secret=SIGNING_SECRET,
        bot_user_id="U0BRYGGAN",
        bot_id="B0BRYGGAN",
    )
    ws.add_user(id=PEOPLE.admin, name="admin", real_name="Alva Administratör")
    ws.add_user(id=PEOPLE.slack_admin, name="itchef", real_name="Ivar IT", is_admin=True)
    ws.add_user(id=PEOPLE.rektor, name="rektor", real_name="Rut Rektorsson")
    ws.add_user(id=PEOPLE.kurator_en, name="kurator", real_name="Kim Kurator", locale="en-US")
    ws.add_user(id=PEOPLE.sara, name="sara", real_name="Sara Socialsekreterare")
    ws.add_user(id=PEOPLE.omar, name="omar", real_name="Omar Socialsekreterare")
    ws.add_user(id=PEOPLE.gone, name="slutat", real_name="Slutat Konto", deleted=True)
    everyone = [PEOPLE.admin, PEOPLE.slack_admin, PEOPLE.rektor, PEOPLE.kurator_en, PEOPLE.sara, PEOPLE.omar]
    ws.add_channel(id=CHANNELS.berzelius, name="berzeliusskolan", members=everyone)
    ws.add_channel(id=CHANNELS.ekholm, name="ekholmsskolan", members=everyone)
    ws.add_channel(id=CHANNELS.personalrum, name="personalrummet", members=everyone)
    return ws


# One app installed through OAuth in every municipality: one client and one signing secret.
OAUTH_CLIENT_ID, OAUTH_CLIENT_SECRET = "1111.2222", "oauth-client-secret"
OAUTH_SIGNING_SECRET = "one-app-one-signing-secret"


def add_oauth_workspace(
    slack: LocalSlack,
    team_id: str,
    *,
    name: str,
    domain: str,
    bot_key: str,
    signing_secret: str = OAUTH_SIGNING_SECRET,
) -> Workspace:
    """A municipality's workspace where Bryggan gets a bot token only by being installed through OAuth."""
    return slack.add_workspace(
        team_id=team_id,
        domain=domain,
        name=name,
        bot_token=f"xoxb-never-given-to-bryggan-{team_id}",
        app_token=f"xapp-unused-{team_id}",
        signing_secret=signing_secret,
        bot_user_id=f"U0BOT{bot_key}",
        bot_id=f"B0BOT{bot_key}",
    )


def test_settings(*, database_url: str, api_url: str, **overrides: object) -> Settings:
    """Settings for Bryggan against the stand-in; nothing read from the environment that matters."""
    values: dict[str, object] = {
        "slack_bot_token": SecretStr(BOT_TOKEN),
        "slack_signing_secret": SecretStr(SIGNING_SECRET),
        "slack_app_token": SecretStr(APP_TOKEN),
        "slack_api_url": api_url,
        "database_url": database_url,
        "admin_users": frozenset({PEOPLE.admin}),
    }
    values.update(overrides)
    return load_settings(env_file=None).model_copy(update=values)


test_settings.__test__ = False  # type: ignore[attr-defined]


def oauth_test_settings(*, database_url: str, api_url: str, **overrides: object) -> Settings:
    """Settings for OAuth mode: no bot token, the one app's client and signing secret, a fresh key."""
    return test_settings(
        database_url=database_url,
        api_url=api_url,
        slack_bot_token=None,
        slack_app_token=None,
        slack_signing_secret=SecretStr(OAUTH_SIGNING_SECRET),
        slack_client_id=OAUTH_CLIENT_ID,
        slack_client_secret=SecretStr(OAUTH_CLIENT_SECRET),
        secret_key=SecretStr(Fernet.generate_key().decode()),
        **overrides,
    )


def serve_http(bryggan: Bryggan) -> AbstractContextManager[str]:
    """Serve Bryggan's HTTP mode on a free loopback port; yields the base URL."""
    return bryggan.serving()


def link_school(bryggan: Bryggan, *, name: str, channel_id: str, at: datetime) -> None:
    """Bind a school to a channel directly in storage (the link command comes with the contacts issue)."""
    with bryggan.sessions.begin() as session:
        add_school(
            session,
            School(team_id=TEAM, name=name, kind=SchoolKind.KOMMUNAL, channel_id=channel_id, created_at=at),
        )


@contextmanager
def nested_checkouts(bryggan: Bryggan) -> Iterator[list[int]]:
    """For each connection checked out, how many its own thread already held (0: none, as it should)."""
    pool, held, found = bryggan.sessions.kw["bind"].pool, threading.local(), []

    def checkout(*_: object) -> None:
        found.append(getattr(held, "n", 0))
        held.n = getattr(held, "n", 0) + 1

    def checkin(*_: object) -> None:
        held.n = getattr(held, "n", 1) - 1

    event.listen(pool, "checkout", checkout)
    event.listen(pool, "checkin", checkin)
    try:
        yield found
    finally:
        event.remove(pool, "checkout", checkout)
        event.remove(pool, "checkin", checkin)
