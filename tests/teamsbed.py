"""The Teams test bed: the local Teams stand-in with the test municipality's tenant, team and people,
and the Teams tests' `settings` and `driver` fixtures."""

from __future__ import annotations

import asyncio
import itertools
import json
from collections.abc import Awaitable, Callable, Iterator
from contextlib import contextmanager
from typing import Any

import pytest
from pydantic import SecretStr

from bot.app import Bryggan
from bot.clock import FakeClock
from bot.settings import Settings, load_settings
from localteams import Answer, Conversation, Driver, LocalTeams
from storage.teams_addresses import internal_id

APP_ID = "00000000-0000-0000-0000-0000000b0771"
SECRET = "test-client-secret"
TENANT = "11111111-2222-3333-4444-555555555555"
TEAM = "19:berzelius@thread.tacv2"
CHANNEL = "19:elevhalsa@thread.tacv2"
RITA, SAM, KIM = "29:rita", "29:sam", "29:kim"
WORKSPACE = internal_id("tenant", TENANT)  # the tenant as Bryggan's workspace (team_id)
_SAID = itertools.count(2)


def add_test_tenant(teams: LocalTeams) -> None:
    """A tenant with a rector, a social secretary, an English-speaking counsellor and one school team."""
    teams.add_tenant(TENANT)
    teams.add_user(TENANT, RITA, "Rita Rektor")
    teams.add_user(TENANT, SAM, "Sam Socialsekreterare")
    teams.add_user(TENANT, KIM, "Kim Kurator", locale="en-US")
    teams.add_team(TENANT, TEAM, "Berzeliusskolan", [RITA, SAM, KIM], {CHANNEL: "Elevhälsa"})


def teams_env(teams: LocalTeams) -> dict[str, str]:
    """The environment pointing `bryggan run --teams` at the stand-in."""
    return {
        "TEAMS_APP_ID": APP_ID,
        "TEAMS_CLIENT_SECRET": SECRET,
        "TEAMS_LOGIN_URL": teams.url,
        "TEAMS_OPENID_METADATA_URL": teams.openid_metadata_url,
        "TEAMS_SERVICE_URL": teams.service_url,
    }


def teams_settings(*, database_url: str, teams: LocalTeams, admins: frozenset[str]) -> Settings:
    """A Teams-only municipality (no Slack setting) pointed at the stand-in; `admins` by Teams id."""
    base = load_settings(env_file=None).model_copy(update={"database_url": database_url})
    return with_teams(base, teams, admins)


def with_teams(settings: Settings, teams: LocalTeams, admins: frozenset[str]) -> Settings:
    """`settings` plus the Teams bot pointed at the stand-in; `admins` by Teams id."""
    return settings.model_copy(
        update={
            "teams_app_id": APP_ID,
            "teams_client_secret": SecretStr(SECRET),
            "teams_login_url": teams.url,
            "teams_openid_metadata_url": teams.openid_metadata_url,
            "teams_service_url": teams.service_url,
            "admin_users": frozenset(internal_id("user", a) for a in admins),
        }
    )


@contextmanager
def serve_teams(
    teams: LocalTeams,
    bryggan: Bryggan,
    clock: FakeClock,
    *,
    pause: Callable[[float], Awaitable[Any]] = asyncio.sleep,
    feeds: bool = False,
) -> Iterator[Driver]:
    """Bryggan's Teams endpoint served on loopback and registered with the stand-in; its Driver.
    `pause` is how Teams answers wait out a Retry-After; `feeds` serves the calendar feeds beside it."""
    from handlers.teams import listeners, serving  # the `teams` extra: imported only where it is used

    app = listeners.build(bryggan.services, bryggan.sessions, clock.now, pause=pause)
    with serving.serving(app, services=bryggan.services if feeds else None) as url:
        teams.register_bot(APP_ID, SECRET, url)
        yield Driver(teams, APP_ID)


# A test module takes its fixtures as `settings = teams_only_settings(RITA)`, `driver = served_driver()`.
def teams_only_settings(*admins: str, **update: Any) -> Any:
    """A `settings` fixture: a Teams-only municipality, `admins` by Teams id, and any other `update`."""

    @pytest.fixture(name="settings")
    def settings(database_url: str, teams: LocalTeams) -> Settings:
        made = teams_settings(database_url=database_url, teams=teams, admins=frozenset(admins))
        return made.model_copy(update=update)

    return settings


def slack_and_teams_settings(*admins: str) -> Any:
    """A `settings` fixture: the Slack test settings plus the Teams bot, `admins` by Teams id."""

    @pytest.fixture(name="settings")
    def settings(settings: Settings, teams: LocalTeams) -> Settings:
        return with_teams(settings, teams, frozenset(admins))

    return settings


def served_driver() -> Any:
    """A `driver` fixture: Bryggan's Teams endpoint served for the test (`serve_teams`)."""

    @pytest.fixture(name="driver")
    def driver(teams: LocalTeams, bryggan: Bryggan, clock: FakeClock) -> Iterator[Driver]:
        with serve_teams(teams, bryggan, clock) as served:
            yield served

    return driver


def say_with_mention(driver: Driver, before: Answer, text: str, person: str, name: str) -> Answer:
    """The same author and thread as `before`, now @mentioning `person` as Teams' client does."""
    activity = json.loads(json.dumps(before.activity))
    mention = f"<at>{name}</at>"
    activity["id"] = f"{activity['id']}-{next(_SAID)}"  # a new message each time
    activity["text"] = f"<at>Bryggan</at> {text} {mention}"
    activity["entities"].append(
        {"type": "mention", "text": mention, "mentioned": {"id": person, "name": name}}
    )
    return driver.send(activity)


def install_personal(teams: LocalTeams, driver: Driver, user: str) -> Conversation:
    """The user adds the app for themselves; returned once Bryggan's home card, the chat's first post,
    is there (so what a test sends next is answered after it)."""
    chat = driver.install_personal(user)
    teams.directory.wait_for(lambda d: d.posted(chat.id) or None)
    return chat
