"""Per-conversation rate limits on the injectable clock, and injected 429s, 5xx and outages."""

from __future__ import annotations

import http.client
import urllib.error

import pytest

from localteams import Driver, LocalTeams
from localteams.faults import OPERATIONS
from localteams.ratelimits import READ_LIMITS, SEND_LIMITS
from tests.localteams.teamsbed import CHANNEL, RITA, SAM, TEAM, TENANT, FakeClock, call, message


def send(teams: LocalTeams, conversation: str, token: str, text: str = "x") -> int:
    url = f"{teams.service_url}/v3/conversations/{conversation}/activities"
    return call(url, json_body=message(text), token=token).status


def test_sends_per_conversation_follow_teams_windows(
    teams: LocalTeams, driver: Driver, token: str, clock: FakeClock
) -> None:
    rita, sam = driver.install_personal(RITA), driver.install_personal(SAM)
    per_second = SEND_LIMITS[0][1]
    assert [send(teams, rita.id, token) for _ in range(per_second)] == [201] * per_second
    url = f"{teams.service_url}/v3/conversations/{rita.id}/activities"
    over = call(url, json_body=message(), token=token)
    assert (over.status, over.headers["Retry-After"], over.body["error"]["code"]) == (429, "1", "Throttled")
    assert send(teams, sam.id, token) == 201  # another conversation has its own windows
    clock.advance(1)
    assert send(teams, rita.id, token) == 201  # the 2-second window allows one more (8)
    assert send(teams, rita.id, token) == 429
    clock.advance(2)
    assert send(teams, rita.id, token) == 201
    assert len(teams.posted(rita.id)) == per_second + 2


def test_thirty_second_window(teams: LocalTeams, driver: Driver, token: str, clock: FakeClock) -> None:
    conv = driver.install_personal(RITA)
    window, allowed = SEND_LIMITS[2]
    for _ in range(allowed):
        assert send(teams, conv.id, token) == 201
        clock.advance(0.3)
    over = call(
        f"{teams.service_url}/v3/conversations/{conv.id}/activities", json_body=message(), token=token
    )
    assert over.status == 429
    assert 1 <= int(over.headers["Retry-After"]) <= window


def test_roster_reads_have_their_own_limit(teams: LocalTeams, driver: Driver, token: str) -> None:
    driver.install_in_team(TEAM, by=RITA)
    url = f"{teams.service_url}/v3/conversations/{CHANNEL}/members"
    statuses = [call(url, "GET", token=token).status for _ in range(READ_LIMITS[0][1] + 1)]
    assert statuses == [200] * READ_LIMITS[0][1] + [429]
    assert send(teams, CHANNEL, token) == 201


def test_rate_limits_can_be_switched_off(teams: LocalTeams, driver: Driver, token: str) -> None:
    conv = driver.install_personal(RITA)
    teams.limiter.enabled = False
    assert {send(teams, conv.id, token, str(i)) for i in range(20)} == {201}


def test_injected_throttle_and_server_errors(teams: LocalTeams, driver: Driver, token: str) -> None:
    conv = driver.install_personal(RITA)
    url = f"{teams.service_url}/v3/conversations/{conv.id}/activities"
    teams.faults.inject("activities.send", "throttled", retry_after=7)
    throttled = call(url, json_body=message(), token=token)
    assert (throttled.status, throttled.headers["Retry-After"]) == (429, "7")
    teams.faults.inject("*", "server_error", status=502, times=2)
    assert [send(teams, conv.id, token) for _ in range(3)] == [502, 502, 201]
    assert [a.text for a in teams.posted(conv.id)] == ["x"]
    assert [kind for _, kind in teams.faults.fired] == ["throttled", "server_error", "server_error"]


def test_accept_then_fail_keeps_the_message(teams: LocalTeams, driver: Driver, token: str) -> None:
    conv = driver.install_personal(RITA)
    teams.faults.inject("activities.send", "accept_then_fail", status=504)
    assert send(teams, conv.id, token, "kanske") == 504
    assert [a.text for a in teams.posted(conv.id)] == ["kanske"]


def test_outage_drops_the_connection(teams: LocalTeams, driver: Driver, token: str) -> None:
    conv = driver.install_personal(RITA)
    teams.faults.inject("activities.send", "outage")
    with pytest.raises((http.client.RemoteDisconnected, ConnectionError, urllib.error.URLError)):
        send(teams, conv.id, token)
    assert teams.posted(conv.id) == []


def test_the_token_endpoint_can_fail_too(teams: LocalTeams, token: str) -> None:
    teams.faults.inject("token", "server_error", status=503)
    reply = call(teams.token_url(), form={"grant_type": "client_credentials"})
    assert reply.status == 503


def test_faults_are_checked_when_armed() -> None:
    teams = LocalTeams()
    with pytest.raises(ValueError, match="unknown operation"):
        teams.faults.inject("chat.postMessage")
    with pytest.raises(ValueError, match="unknown fault kind"):
        teams.faults.inject("activities.send", "ratelimited")
    with pytest.raises(ValueError, match="5xx"):
        teams.faults.inject("activities.send", "server_error", status=404)
    assert "token" in OPERATIONS


def test_creates_count_against_the_member_they_name(teams: LocalTeams, driver: Driver, token: str) -> None:
    driver.install_personal(RITA)
    driver.install_personal(SAM)

    def create(user: str) -> int:
        body = {"isGroup": False, "members": [{"id": user}], "tenantId": TENANT}
        return call(f"{teams.service_url}/v3/conversations", json_body=body, token=token).status

    per_second = SEND_LIMITS[0][1]
    assert [create(RITA) for _ in range(per_second + 1)] == [201] * per_second + [429]
    assert create(SAM) == 201
