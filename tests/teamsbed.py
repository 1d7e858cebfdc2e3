"""The Teams test bed: the local Teams stand-in with the test municipality's tenant, team and people."""

from __future__ import annotations

import itertools
import json
from collections.abc import Iterator
from contextlib import contextmanager

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
    return load_settings(env_file=None).model_copy(
        update={
            "database_url": database_url,
            "teams_app_id": APP_ID,
            "teams_client_secret": SecretStr(SECRET),
            "teams_login_url": teams.url,
            "teams_openid_metadata_url": teams.openid_metadata_url,
            "teams_service_url": teams.service_url,
            "admin_users": frozenset(internal_id("user", a) for a in admins),
        }
    )


@contextmanager
def serve_teams(teams: LocalTeams, bryggan: Bryggan, clock: FakeClock) -> Iterator[Driver]:
    """Bryggan's Teams endpoint served on loopback and registered with the stand-in; its Driver."""
    from handlers.teams import listeners, serving  # the `teams` extra: imported only where it is used

    app = listeners.build(bryggan.services, bryggan.sessions, clock.now)
    with serving.serving(app) as url:
        teams.register_bot(APP_ID, SECRET, url)
        yield Driver(teams, APP_ID)


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
