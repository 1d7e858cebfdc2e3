"""The bot's Teams app token against the stand-in's login service: one grant until shortly before
it expires, refusals classed for the outbox, the token URL from settings (TEAMS_LOGIN_URL, the
tenant), and one cache per registration in a process, which the Teams SDK's App asks too."""

from __future__ import annotations

import asyncio
import uuid
from collections.abc import Iterator

import pytest
from pydantic import SecretStr

from bot.settings import Settings, load_settings
from localteams import LocalTeams
from localteams.faults import FaultKind
from localteams.tokens import APP_TOKEN_LIFETIME
from scheduler.slack_errors import Failure, Kind
from scheduler.teams_errors import TeamsHttpError, classify
from scheduler.teams_tokens import TOKEN_MARGIN, AppToken, TeamsCredentials, app_token

APP_ID = "00000000-0000-0000-0000-0000000b0771"
SECRET = "test-client-secret"
TENANT = "11111111-2222-3333-4444-555555555555"


@pytest.fixture
def teams() -> Iterator[LocalTeams]:
    stand_in = LocalTeams().start()
    stand_in.register_bot(APP_ID, SECRET, "http://127.0.0.1:9/api/messages")  # only tokens are asked
    yield stand_in
    stand_in.stop()


class Monotonic:
    """A monotonic clock the test moves."""

    def __init__(self) -> None:
        self.now = 1000.0

    def __call__(self) -> float:
        return self.now


def _grants(teams: LocalTeams) -> list[str]:
    """The tenant of each grant the login service was asked for."""
    return [tenant for op, tenant, _form in teams.calls if op == "token"]


def _settings(**teams_settings: object) -> Settings:
    given = {"teams_app_id": APP_ID, "teams_client_secret": SecretStr(SECRET), **teams_settings}
    return load_settings(env_file=None).model_copy(update=given)


def test_the_token_is_kept_until_shortly_before_it_expires_then_asked_for_again(teams: LocalTeams) -> None:
    clock = Monotonic()
    token = AppToken(TeamsCredentials(APP_ID, SECRET, teams.token_url()), monotonic=clock)
    first = token.get()
    clock.now += APP_TOKEN_LIFETIME - TOKEN_MARGIN - 1
    assert token.get() == first
    assert _grants(teams) == ["botframework.com"]
    clock.now += 1
    assert token.get() != first
    assert _grants(teams) == ["botframework.com", "botframework.com"]


def test_a_forgotten_token_is_asked_for_again_but_not_when_it_was_already_replaced(
    teams: LocalTeams,
) -> None:
    token = AppToken(TeamsCredentials(APP_ID, SECRET, teams.token_url()))
    first = token.get()
    token.forget("an older token")
    assert token.get() == first
    token.forget(first)
    assert token.get() != first
    assert len(_grants(teams)) == 2


def test_refused_credentials_are_permanent_and_a_login_outage_is_retried(teams: LocalTeams) -> None:
    wrong = AppToken(TeamsCredentials(APP_ID, "not-the-secret", teams.token_url()))
    with pytest.raises(TeamsHttpError) as refused:
        wrong.get()
    assert classify(refused.value) == Failure("teams_token_invalid_client", Kind.PERMANENT)

    token = AppToken(TeamsCredentials(APP_ID, SECRET, teams.token_url()))
    teams.faults.inject("token", FaultKind.SERVER_ERROR, status=503)
    with pytest.raises(TeamsHttpError) as outage:
        token.get()
    assert classify(outage.value) == Failure("teams_token_ServiceError", Kind.RETRYABLE)
    assert token.get()  # nothing was kept from the failure: the next call asks again
    assert len(_grants(teams)) == 3


def test_the_token_url_is_azure_ads_unless_teams_login_url_replaces_it() -> None:
    assert TeamsCredentials.from_settings(_settings()).token_url == (
        "https://login.microsoftonline.com/botframework.com/oauth2/v2.0/token"
    )
    own = _settings(teams_login_url="http://127.0.0.1:8/", teams_tenant_id=TENANT)
    assert TeamsCredentials.from_settings(own).token_url == f"http://127.0.0.1:8/{TENANT}/oauth2/v2.0/token"


def test_a_single_tenant_bot_gets_its_token_from_its_own_tenant(teams: LocalTeams) -> None:
    teams.register_bot(APP_ID, SECRET, "http://127.0.0.1:9/api/messages", tenant_id=TENANT)
    settings = _settings(teams_login_url=teams.url, teams_tenant_id=TENANT)
    assert AppToken(TeamsCredentials.from_settings(settings)).get()
    assert _grants(teams) == [TENANT]


def test_one_token_per_registration_in_a_process_serves_the_outbox_and_the_sdk_app(
    teams: LocalTeams,
) -> None:
    pytest.importorskip("microsoft_teams.apps")  # handlers/teams/sdk.py imports the SDK only on use
    from handlers.teams.sdk import bot_token

    # A secret of its own: no earlier test's token for this registration is kept in this process.
    secret = f"secret-{uuid.uuid4().hex}"
    teams.register_bot(APP_ID, secret, "http://127.0.0.1:9/api/messages")
    settings = _settings(teams_client_secret=SecretStr(secret), teams_login_url=teams.url)
    outbox = app_token(TeamsCredentials.from_settings(settings))
    assert app_token(TeamsCredentials.from_settings(settings)) is outbox
    provide = bot_token(settings)
    sdk_token = asyncio.run(provide("https://api.botframework.com/.default", "botframework.com"))
    assert outbox.get() == sdk_token
    assert len(_grants(teams)) == 1
    with pytest.raises(ValueError, match=r"no token for https://graph\.microsoft\.com/\.default"):
        asyncio.run(provide("https://graph.microsoft.com/.default", TENANT))
    other = TeamsCredentials(APP_ID, "another-secret", teams.token_url())
    assert app_token(other) is not outbox
