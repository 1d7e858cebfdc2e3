"""Fixtures: a running Teams stand-in on a fake clock with one tenant and team, a recording bot, a driver."""

from __future__ import annotations

from collections.abc import Iterator

import pytest

from localteams import Driver, LocalTeams
from localteams.tokens import BOT_SCOPE, BotRegistration
from tests.localteams.teamsbed import (
    APP_ID,
    CHANNEL,
    OUTSIDER,
    RITA,
    SAM,
    SECRET,
    TEAM,
    TENANT,
    FakeClock,
    RecordingBot,
    call,
)


@pytest.fixture
def clock() -> FakeClock:
    return FakeClock()


@pytest.fixture
def teams(clock: FakeClock) -> Iterator[LocalTeams]:
    stand_in = LocalTeams(clock=clock).start()
    stand_in.add_tenant(TENANT)
    stand_in.add_user(TENANT, RITA, "Rita Rektor")
    stand_in.add_user(TENANT, SAM, "Sam Socialsekreterare")
    stand_in.add_user(TENANT, OUTSIDER, "Otto Utanför")
    stand_in.add_team(TENANT, TEAM, "Berzeliusskolan", [RITA, SAM], {CHANNEL: "Elevhälsa"})
    yield stand_in
    stand_in.stop()


@pytest.fixture
def bot(teams: LocalTeams) -> Iterator[RecordingBot]:
    recording = RecordingBot(APP_ID, teams.openid_metadata_url)
    yield recording
    recording.close()


@pytest.fixture
def registration(teams: LocalTeams, bot: RecordingBot) -> BotRegistration:
    return teams.register_bot(APP_ID, SECRET, bot.url)


@pytest.fixture
def driver(teams: LocalTeams, registration: BotRegistration) -> Driver:
    return Driver(teams, APP_ID)


@pytest.fixture
def token(teams: LocalTeams, registration: BotRegistration) -> str:
    """An app token got the way the bot gets it: the client-credentials grant."""
    form = {
        "grant_type": "client_credentials",
        "client_id": APP_ID,
        "client_secret": SECRET,
        "scope": BOT_SCOPE,
    }
    reply = call(teams.token_url(), form=form)
    assert reply.status == 200, reply.body
    return str(reply.body["access_token"])
