"""The stand-in against the Teams SDK (`microsoft-teams-apps`, the `bryggan[teams]` extra): its own
token validator, its token client and connector clients, and a whole SDK App served over HTTP.

Skipped where the extra is not installed. The SDK loads a `.env` found from the working directory
when it is imported, so it is imported from an empty directory and the environment is restored.
"""

from __future__ import annotations

import asyncio
import os
import socket
import threading
import time
from collections.abc import Iterator
from types import SimpleNamespace
from typing import Any

import pytest

from localteams import Driver, LocalTeams
from localteams.jws import SigningKey
from localteams.tokens import BotRegistration
from tests.localteams.teamsbed import APP_ID, CHANNEL, RITA, SAM, SECRET, TEAM, TENANT


def _teams_sdk() -> Any:
    """The SDK's apps module; skipped without the `teams` extra, except in CI, where it must be there."""
    if os.environ.get("CI"):
        import microsoft_teams.apps

        return microsoft_teams.apps
    return pytest.importorskip("microsoft_teams.apps")


@pytest.fixture(scope="module")
def sdk(tmp_path_factory: pytest.TempPathFactory) -> SimpleNamespace:
    """The SDK's modules, imported where no .env can be found, leaving os.environ as it was."""
    before = dict(os.environ)
    with pytest.MonkeyPatch.context() as patch:
        patch.chdir(tmp_path_factory.mktemp("no-dotenv"))
        apps = _teams_sdk()
        import httpx
        import jwt
        from microsoft_teams.api import ClientCredentials, MessageActivityInput
        from microsoft_teams.api.auth.cloud_environment import PUBLIC, with_overrides
        from microsoft_teams.api.clients.bot.token_client import BotTokenClient
        from microsoft_teams.apps.auth.token_validator import InboundActivityTokenValidator, TokenValidator
    os.environ.clear()
    os.environ.update(before)
    return SimpleNamespace(
        App=apps.App,
        jwt=jwt,
        httpx=httpx,
        ClientCredentials=ClientCredentials,
        MessageActivityInput=MessageActivityInput,
        PUBLIC=PUBLIC,
        with_overrides=with_overrides,
        BotTokenClient=BotTokenClient,
        InboundActivityTokenValidator=InboundActivityTokenValidator,
        TokenValidator=TokenValidator,
    )


def cloud_of(sdk: SimpleNamespace, teams: LocalTeams) -> Any:
    return sdk.with_overrides(sdk.PUBLIC, **teams.cloud_overrides())


def test_sdk_validator_accepts_the_stand_ins_activity_tokens(sdk: SimpleNamespace, teams: LocalTeams) -> None:
    cloud = cloud_of(sdk, teams)
    token = teams.authority.channel_token(APP_ID, teams.service_url)
    for validator in (
        sdk.TokenValidator.for_service(APP_ID, cloud=cloud),
        sdk.InboundActivityTokenValidator(APP_ID, cloud=cloud),
    ):
        claims = asyncio.run(validator.validate_token(token, teams.service_url))
        assert (claims["aud"], claims["iss"], claims["serviceurl"]) == (
            APP_ID,
            "https://api.botframework.com",
            teams.service_url,
        )


def test_sdk_validator_rejects_wrong_tokens(sdk: SimpleNamespace, teams: LocalTeams) -> None:
    validator = sdk.InboundActivityTokenValidator(APP_ID, cloud=cloud_of(sdk, teams))
    authority, url = teams.authority, teams.service_url
    wrong = {
        "expired": authority.channel_token(APP_ID, url, issued_offset=-7200),
        "audience": authority.channel_token(APP_ID, url, audience="00000000-0000-0000-0000-000000000000"),
        "unknown key": authority.channel_token(APP_ID, url, key=SigningKey()),
        "same kid, other key": authority.channel_token(
            APP_ID, url, key=SigningKey(kid=authority.channel_key.kid)
        ),
        "service url": authority.channel_token(APP_ID, "https://smba.trafficmanager.net/teams"),
    }
    for reason, token in wrong.items():
        with pytest.raises(sdk.jwt.PyJWTError):
            asyncio.run(validator.validate_token(token, url))
        assert reason


def test_sdk_token_and_connector_clients_work_against_the_stand_in(
    sdk: SimpleNamespace, teams: LocalTeams, driver: Driver
) -> None:
    cloud = cloud_of(sdk, teams)
    wrong = sdk.ClientCredentials(client_id=APP_ID, client_secret="fel")
    with pytest.raises(sdk.httpx.HTTPStatusError) as refused:
        asyncio.run(sdk.BotTokenClient(cloud=cloud).get(wrong))
    assert refused.value.response.json()["error"] == "invalid_client"
    conv = driver.install_personal(RITA)
    driver.install_in_team(TEAM, by=SAM)
    app = sdk.App(client_id=APP_ID, token=provider(sdk, cloud), service_url=teams.service_url, cloud=cloud)

    async def use_the_api() -> tuple[Any, ...]:
        await app.initialize()
        sent = await app.send(conv.id, "Hej från SDK")
        edit = sdk.MessageActivityInput(text="Ändrad")
        await app.api.conversations.update_activity(conv.id, sent.id, edit)
        members = await app.api.conversations.get_members(CHANNEL)
        page = await app.api.conversations.get_paged_members(CHANNEL, page_size=1)
        sam = await app.api.conversations.get_member_by_id(CHANNEL, SAM)
        channels = await app.api.teams.get_conversations(TEAM)
        return sent, members, page, sam, channels

    sent, members, page, sam, channels = asyncio.run(use_the_api())
    assert [(a.id, a.text, a.edits) for a in teams.posted(conv.id)] == [(sent.id, "Ändrad", 1)]
    assert [m.id for m in members] == [RITA, SAM]
    assert ([m.id for m in page.members], page.continuation_token) == ([RITA], "1")
    assert (sam.id, sam.name, sam.tenant_id) == (SAM, "Sam Socialsekreterare", TENANT)
    assert [(c.id, c.name) for c in channels] == [(TEAM, None), (CHANNEL, "Elevhälsa")]


def test_sdk_sends_are_refused_where_the_app_is_not_installed(
    sdk: SimpleNamespace, teams: LocalTeams, driver: Driver
) -> None:
    cloud = cloud_of(sdk, teams)
    conv = driver.install_personal(RITA)
    driver.uninstall_personal(RITA)
    app = sdk.App(client_id=APP_ID, token=provider(sdk, cloud), service_url=teams.service_url, cloud=cloud)

    async def send() -> None:
        await app.initialize()
        await app.send(conv.id, "Hej")

    with pytest.raises(sdk.httpx.HTTPStatusError) as caught:
        asyncio.run(send())
    assert caught.value.response.status_code == 403
    assert caught.value.response.json()["error"]["code"] == "BotNotInConversationRoster"
    assert teams.posted(conv.id) == []


def provider(sdk: SimpleNamespace, cloud: Any) -> Any:
    """The SDK's own client-credentials request, pointed at the stand-in by the cloud's login endpoint."""
    credentials = sdk.ClientCredentials(client_id=APP_ID, client_secret=SECRET)

    async def get_token(scope: str, tenant_id: str | None = None) -> str:
        return (await sdk.BotTokenClient(cloud=cloud).get(credentials)).access_token

    return get_token


class ServedSdkApp:
    """An SDK App behind uvicorn on a free local port, started and stopped from its own thread."""

    def __init__(self, app: Any) -> None:
        import uvicorn

        with socket.socket() as probe:
            probe.bind(("127.0.0.1", 0))
            port = probe.getsockname()[1]
        self.url = f"http://127.0.0.1:{port}/api/messages"
        config = uvicorn.Config(app.server.adapter.app, host="127.0.0.1", port=port, log_level="warning")
        self.server = uvicorn.Server(config)

        async def main() -> None:
            await app.initialize()
            await self.server.serve()

        self.thread = threading.Thread(target=asyncio.run, args=(main(),), daemon=True)
        self.thread.start()
        deadline = time.monotonic() + 10
        while not self.server.started and time.monotonic() < deadline:
            time.sleep(0.01)  # waiting for a port to open, not for time to pass in the test
        assert self.server.started, "the SDK app did not start"

    def close(self) -> None:
        self.server.should_exit = True
        self.thread.join(timeout=10)


@pytest.fixture
def sdk_bot(sdk: SimpleNamespace, teams: LocalTeams) -> Iterator[tuple[Any, BotRegistration]]:
    cloud = cloud_of(sdk, teams)
    app = sdk.App(client_id=APP_ID, token=provider(sdk, cloud), service_url=teams.service_url, cloud=cloud)

    @app.on_message
    async def echo(ctx: Any) -> None:
        await ctx.send(f"Du skrev: {ctx.activity.text}")

    served = ServedSdkApp(app)
    yield app, teams.register_bot(APP_ID, SECRET, served.url)
    served.close()


def test_a_whole_sdk_app_takes_the_drivers_message_and_answers_through_the_stand_in(
    teams: LocalTeams, sdk_bot: tuple[Any, BotRegistration]
) -> None:
    driver = Driver(teams, APP_ID)
    conv = driver.install_personal(RITA)
    answer = driver.message(RITA, conv.id, "hjälp")
    assert answer.status == 200
    (reply,) = teams.directory.wait_for(lambda d: d.posted(conv.id))
    assert reply.text == "Du skrev: hjälp"
    expired = teams.authority.channel_token(APP_ID, teams.service_url, issued_offset=-7200)
    assert driver.send(answer.activity, token=expired).status == 401
    assert driver.send(answer.activity, token=None).status == 401
    assert len(teams.posted(conv.id)) == 1
