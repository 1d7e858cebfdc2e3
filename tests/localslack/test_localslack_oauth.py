"""OAuth on the stand-in: the consent page, oauth.v2.access with rotation, auth.test per token."""

from __future__ import annotations

import urllib.error
import urllib.request
from urllib.parse import parse_qs, urlencode, urlsplit

import pytest
from slack_sdk import WebClient
from slack_sdk.errors import SlackApiError

from localslack import LocalSlack, Workspace
from tests.localslack.conftest import FakeClock

CLIENT_ID, CLIENT_SECRET = "111.222", "client-secret"
REDIRECT = "https://bryggan.example.org/slack/oauth_redirect"


class _NoRedirect(urllib.request.HTTPRedirectHandler):
    def redirect_request(self, *args: object, **kwargs: object) -> None:
        return None


@pytest.fixture
def teams(slack: LocalSlack) -> tuple[Workspace, Workspace]:
    slack.register_oauth_app(CLIENT_ID, CLIENT_SECRET, REDIRECT)
    first = slack.add_workspace(
        team_id="T0NORR", name="Norrköping", bot_token="xoxb-static-norr", app_token="xapp-norr",
        bot_user_id="U0BOTNORR", bot_id="B0BOTNORR",
    )  # fmt: skip
    second = slack.add_workspace(
        team_id="T0FINS", name="Finspång", bot_token="xoxb-static-fins", app_token="xapp-fins",
        bot_user_id="U0BOTFINS", bot_id="B0BOTFINS",
    )  # fmt: skip
    for ws in (first, second):
        ws.add_user(id="U0ADMIN", name="admin")
    return first, second


def _consent(slack: LocalSlack, team_id: str, **query: str) -> tuple[int, str]:
    params = {"client_id": CLIENT_ID, "scope": "commands,chat:write", "state": "s-1", "team": team_id}
    params.update(user="U0ADMIN", **query)
    opener = urllib.request.build_opener(_NoRedirect)
    try:
        with opener.open(f"{slack.url}/oauth/v2/authorize?{urlencode(params)}") as response:
            return response.status, response.read().decode()
    except urllib.error.HTTPError as e:
        return e.code, e.headers.get("Location") or e.read().decode()


def _code(slack: LocalSlack, team_id: str) -> str:
    status, location = _consent(slack, team_id)
    assert status == 302
    assert location.startswith(REDIRECT + "?")
    query = parse_qs(urlsplit(location).query)
    assert query["state"] == ["s-1"]
    return query["code"][0]


def _error(call: object) -> str:
    with pytest.raises(SlackApiError) as caught:
        call()  # type: ignore[operator]
    return str(caught.value.response["error"])


def test_a_code_is_exchanged_once_for_rotating_tokens_of_its_workspace(
    slack: LocalSlack, teams: tuple[Workspace, Workspace]
) -> None:
    client = WebClient(base_url=slack.api_url)
    code = _code(slack, "T0NORR")
    answer = client.oauth_v2_access(client_id=CLIENT_ID, client_secret=CLIENT_SECRET, code=code)
    assert answer["team"] == {"id": "T0NORR", "name": "Norrköping"}
    assert answer["bot_user_id"] == "U0BOTNORR"
    assert answer["token_type"] == "bot"
    assert answer["access_token"].startswith("xoxe.xoxb-")
    assert answer["refresh_token"].startswith("xoxe-")
    assert answer["expires_in"] == 43200
    assert answer["scope"] == "chat:write,commands"

    assert _error(
        lambda: client.oauth_v2_access(client_id=CLIENT_ID, client_secret=CLIENT_SECRET, code=code)
    ) == ("invalid_code")
    other = _code(slack, "T0FINS")
    assert _error(
        lambda: client.oauth_v2_access(client_id="999.999", client_secret=CLIENT_SECRET, code=other)
    ) == ("invalid_client_id")
    assert _error(lambda: client.oauth_v2_access(client_id=CLIENT_ID, client_secret="wrong", code=other)) == (
        "bad_client_secret"
    )


def test_auth_test_answers_for_the_token_s_own_workspace(
    slack: LocalSlack, teams: tuple[Workspace, Workspace]
) -> None:
    client = WebClient(base_url=slack.api_url)
    tokens = {
        team: client.oauth_v2_access(
            client_id=CLIENT_ID, client_secret=CLIENT_SECRET, code=_code(slack, team)
        )["access_token"]
        for team in ("T0NORR", "T0FINS")
    }
    for team, bot in (("T0NORR", "U0BOTNORR"), ("T0FINS", "U0BOTFINS")):
        who = WebClient(token=tokens[team], base_url=slack.api_url).auth_test()
        assert (who["team_id"], who["user_id"]) == (team, bot)


def test_an_expired_token_is_refused_and_a_refresh_token_works_once(
    slack: LocalSlack, teams: tuple[Workspace, Workspace], clock: FakeClock
) -> None:
    client = WebClient(base_url=slack.api_url)
    first = client.oauth_v2_access(
        client_id=CLIENT_ID, client_secret=CLIENT_SECRET, code=_code(slack, "T0NORR")
    )
    clock.advance(43200)
    assert _error(WebClient(token=first["access_token"], base_url=slack.api_url).auth_test) == "token_expired"

    rotated = client.oauth_v2_access(
        client_id=CLIENT_ID,
        client_secret=CLIENT_SECRET,
        grant_type="refresh_token",
        refresh_token=first["refresh_token"],
    )
    assert rotated["access_token"] != first["access_token"]
    assert rotated["refresh_token"] != first["refresh_token"]
    assert rotated["expires_in"] == 43200
    assert WebClient(token=rotated["access_token"], base_url=slack.api_url).auth_test()["team_id"] == "T0NORR"
    again = lambda: client.oauth_v2_access(  # noqa: E731
        client_id=CLIENT_ID,
        client_secret=CLIENT_SECRET,
        grant_type="refresh_token",
        refresh_token=first["refresh_token"],
    )
    assert _error(again) == "invalid_refresh_token"


def test_the_consent_page_refuses_what_slack_refuses(
    slack: LocalSlack, teams: tuple[Workspace, Workspace]
) -> None:
    assert _consent(slack, "T0NORR", client_id="999.999") == (400, "invalid_client_id")
    assert _consent(slack, "T0NORR", redirect_uri="https://evil.example/cb") == (400, "bad_redirect_uri")
    assert _consent(slack, "T0NORR", scope="admin") == (400, "invalid_scope")
    status, _ = _consent(slack, "T0NOPE")
    assert status == 400


def test_an_uninstall_revokes_every_token_of_that_workspace_only(
    slack: LocalSlack, teams: tuple[Workspace, Workspace]
) -> None:
    client = WebClient(base_url=slack.api_url)
    norr = client.oauth_v2_access(
        client_id=CLIENT_ID, client_secret=CLIENT_SECRET, code=_code(slack, "T0NORR")
    )
    fins = client.oauth_v2_access(
        client_id=CLIENT_ID, client_secret=CLIENT_SECRET, code=_code(slack, "T0FINS")
    )
    slack.oauth.revoke("T0NORR")
    assert _error(WebClient(token=norr["access_token"], base_url=slack.api_url).auth_test) == "token_revoked"
    refresh = lambda: client.oauth_v2_access(  # noqa: E731
        client_id=CLIENT_ID,
        client_secret=CLIENT_SECRET,
        grant_type="refresh_token",
        refresh_token=norr["refresh_token"],
    )
    assert _error(refresh) == "invalid_refresh_token"
    assert WebClient(token=fins["access_token"], base_url=slack.api_url).auth_test()["ok"]
