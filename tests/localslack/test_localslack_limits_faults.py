"""Rate limits on the injectable clock, and injected failures a sender must survive."""

from __future__ import annotations

import http.client

import pytest
from slack_sdk import WebClient
from slack_sdk.errors import SlackApiError

from localslack import LocalSlack, Workspace
from localslack.ratelimits import POST_BURST, TIER_2


def test_tier_limit_then_allowed_after_the_clock_moves(client: WebClient, clock: object) -> None:
    for _ in range(TIER_2):
        client.users_list()
    with pytest.raises(SlackApiError) as caught:
        client.users_list()
    response = caught.value.response
    assert (response.status_code, response["error"]) == (429, "ratelimited")
    assert int(response.headers["Retry-After"]) == 60
    client.users_info(user="U01")  # another method has its own window
    clock.advance(60)  # type: ignore[attr-defined]
    client.users_list()


def test_post_message_per_channel_burst(client: WebClient, clock: object) -> None:
    for i in range(POST_BURST):
        client.chat_postMessage(channel="C01", text=f"{i}")
    with pytest.raises(SlackApiError) as caught:
        client.chat_postMessage(channel="C01", text="en för mycket")
    assert caught.value.response.status_code == 429
    assert caught.value.response.headers["Retry-After"] == "1"
    client.chat_postMessage(channel="U01", text="another channel is fine")
    clock.advance(1)  # type: ignore[attr-defined]
    client.chat_postMessage(channel="C01", text="one more after a second")


def test_rate_limits_can_be_switched_off(slack: LocalSlack, client: WebClient, ws: Workspace) -> None:
    slack.rate_limits_enabled = False
    for i in range(POST_BURST * 3):
        client.chat_postMessage(channel="C01", text=f"{i}")
    assert [m.text for m in ws.messages_in("C01")] == [str(i) for i in range(POST_BURST * 3)]


def test_injected_ratelimit_and_server_error(slack: LocalSlack, client: WebClient, ws: Workspace) -> None:
    slack.faults.inject(method="chat.postMessage", kind="ratelimited", retry_after=7)
    with pytest.raises(SlackApiError) as caught:
        client.chat_postMessage(channel="C01", text="x")
    assert (caught.value.response.status_code, caught.value.response.headers["Retry-After"]) == (429, "7")
    slack.faults.inject(method="*", kind="server_error", status=503, times=2)
    for _ in range(2):
        with pytest.raises(SlackApiError) as caught:
            client.auth_test()
        assert caught.value.response.status_code == 503
    client.chat_postMessage(channel="C01", text="back")
    assert [m.text for m in ws.messages_in("C01")] == ["back"]


def test_injected_error_answer_and_team_filter(slack: LocalSlack, client: WebClient) -> None:
    slack.faults.inject(method="chat.postMessage", kind="error", error="fatal_error", team_id="T99")
    client.chat_postMessage(channel="C01", text="other team's fault does not apply")
    slack.faults.clear()
    slack.faults.inject(method="chat.postMessage", kind="error", error="fatal_error")
    with pytest.raises(SlackApiError) as caught:
        client.chat_postMessage(channel="C01", text="x")
    assert caught.value.response["error"] == "fatal_error"


def test_outage_closes_the_connection(slack: LocalSlack, client: WebClient, ws: Workspace) -> None:
    slack.faults.inject(method="chat.postMessage", kind="outage")
    with pytest.raises((http.client.RemoteDisconnected, ConnectionError, OSError)):
        client.chat_postMessage(channel="C01", text="lost")
    assert ws.messages_in("C01") == []


def test_accept_then_fail_stores_the_message(slack: LocalSlack, client: WebClient, ws: Workspace) -> None:
    slack.faults.inject(method="chat.postMessage", kind="accept_then_fail")
    with pytest.raises(SlackApiError) as caught:
        client.chat_postMessage(channel="C01", text="kanske skickad")
    assert caught.value.response.status_code == 500
    # The sender cannot know; conversations.history shows the message did arrive.
    history = client.conversations_history(channel="C01")["messages"]
    assert [m["text"] for m in history] == ["kanske skickad"]
    slack.faults.inject(method="chat.postMessage", kind="accept_then_fail", close=True)
    with pytest.raises((http.client.RemoteDisconnected, ConnectionError, OSError)):
        client.chat_postMessage(channel="C01", text="också kanske")
    assert len(ws.messages_in("C01")) == 2


def test_timeout_answers_late(slack: LocalSlack, ws: Workspace) -> None:
    slack.faults.inject(method="auth.test", kind="timeout", delay=0.5)
    impatient = WebClient(token=ws.bot_token, base_url=slack.api_url, retry_handlers=[], timeout=0.2)
    with pytest.raises(TimeoutError):
        impatient.auth_test()
