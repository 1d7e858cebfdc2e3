"""Tokens both ways: the bot's client-credentials grant, app tokens on every connector call, and the
channel's signed activities with their OpenID keys."""

from __future__ import annotations

import pytest

from localteams import Driver, LocalTeams
from localteams.jws import SigningKey
from localteams.tokens import APP_TOKEN_AUDIENCE, BOT_SCOPE, BotRegistration
from tests.localteams.teamsbed import APP_ID, RITA, SECRET, TENANT, RecordingBot, call, message

GRANT = {"grant_type": "client_credentials", "client_id": APP_ID, "client_secret": SECRET, "scope": BOT_SCOPE}


def test_grant_answers_a_bearer_token_that_the_connector_accepts(
    teams: LocalTeams, driver: Driver, token: str
) -> None:
    conv = driver.install_personal(RITA)
    reply = call(
        f"{teams.service_url}/v3/conversations/{conv.id}/activities", json_body=message(), token=token
    )
    assert reply.status == 201
    assert [a.text for a in teams.posted(conv.id)] == ["Hej"]
    grant = call(teams.token_url(), form=GRANT).body
    assert (grant["token_type"], grant["expires_in"]) == ("Bearer", 3599)


@pytest.mark.parametrize(
    ("change", "status", "error"),
    [
        ({"client_secret": "fel"}, 401, "invalid_client"),
        ({"client_id": "okänd-app"}, 400, "unauthorized_client"),
        ({"scope": "https://graph.microsoft.com/.default"}, 400, "invalid_scope"),
        ({"grant_type": "password"}, 400, "unsupported_grant_type"),
    ],
)
def test_grant_refuses_what_azure_ad_refuses(
    teams: LocalTeams, registration: BotRegistration, change: dict[str, str], status: int, error: str
) -> None:
    reply = call(teams.token_url(), form={**GRANT, **change})
    assert (reply.status, reply.body["error"]) == (status, error)
    assert reply.body["error_description"].startswith("AADSTS")


def test_single_tenant_bot_gets_tokens_only_from_its_own_tenant(teams: LocalTeams, bot: RecordingBot) -> None:
    teams.register_bot(APP_ID, SECRET, bot.url, tenant_id=TENANT)
    assert call(teams.token_url(), form=GRANT).body["error"] == "unauthorized_client"
    assert call(teams.token_url(TENANT), form=GRANT).status == 200


def test_connector_refuses_calls_without_a_valid_app_token(
    teams: LocalTeams, driver: Driver, registration: BotRegistration
) -> None:
    conv = driver.install_personal(RITA)
    url = f"{teams.service_url}/v3/conversations/{conv.id}/activities"
    stranger = SigningKey(kid=teams.authority.login_key.kid)  # same kid, another key
    forged = stranger.sign({"aud": APP_TOKEN_AUDIENCE, "appid": APP_ID, "exp": 2**40})
    channel_token = teams.authority.channel_token(APP_ID, teams.service_url)  # audience: the app id
    expired = teams.authority.app_token(registration, lifetime=-1)
    for bad in (None, "not-a-jwt", forged, channel_token, expired):
        reply = call(url, json_body=message(), token=bad)
        assert reply.status == 401, bad
        assert reply.body == {"message": "Authorization has been denied for this request."}
    assert teams.posted(conv.id) == []


def test_openid_configuration_names_the_keys_that_sign_activities(teams: LocalTeams) -> None:
    config = call(teams.openid_metadata_url, "GET").body
    assert config["issuer"] == "https://api.botframework.com"
    assert config["id_token_signing_alg_values_supported"] == ["RS256"]
    keys = call(config["jwks_uri"], "GET").body["keys"]
    assert [(k["kid"], k["kty"], k["endorsements"]) for k in keys] == [
        (teams.authority.channel_key.kid, "RSA", ["msteams"])
    ]


def test_driver_signs_every_activity_as_bot_framework_does(driver: Driver, bot: RecordingBot) -> None:
    conv = driver.install_personal(RITA)
    answer = driver.message(RITA, conv.id, "hjälp")
    assert answer.status == 200
    assert bot.refused == []
    assert [a["type"] for a in bot.received] == ["installationUpdate", "conversationUpdate", "message"]


def test_wrong_tokens_are_refused_by_a_bot_framework_validator(
    teams: LocalTeams, driver: Driver, bot: RecordingBot
) -> None:
    conv = driver.install_personal(RITA)
    activity = driver.message(RITA, conv.id, "hej").activity
    authority = teams.authority
    wrong = {
        "expired": authority.channel_token(APP_ID, teams.service_url, issued_offset=-7200),
        "wrong audience": authority.channel_token(APP_ID, teams.service_url, audience="någon-annan"),
        "signed by an unknown key": authority.channel_token(APP_ID, teams.service_url, key=SigningKey()),
        "serviceurl mismatch": authority.channel_token(APP_ID, "https://smba.trafficmanager.net/teams"),
    }
    for reason, token in wrong.items():
        assert driver.send(activity, token=token).status == 401
        assert bot.refused[-1] == reason
    assert driver.send(activity, token=None).status == 401
