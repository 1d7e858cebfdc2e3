"""Socket Mode against slack_bolt's SocketModeHandler (slack_sdk's builtin client) over ws://."""

from __future__ import annotations

import asyncio
import threading
import time
from collections.abc import Iterator
from typing import Any

import aiohttp
import pytest
from slack_bolt import Ack, App
from slack_bolt.adapter.socket_mode import SocketModeHandler
from slack_sdk import WebClient
from slack_sdk.errors import SlackApiError

from localslack import Driver, LateAck, LocalSlack, SlackFault, Workspace
from localslack.socketmode import MAX_CONNECTIONS


@pytest.fixture
def handler(bolt_app: App, ws: Workspace, slack: LocalSlack) -> Iterator[SocketModeHandler]:
    socket_handler = SocketModeHandler(bolt_app, ws.app_token)
    socket_handler.connect()
    slack.sockets.wait_for_connections(ws.app_token, 1, timeout=5)
    yield socket_handler
    hang_up(slack, socket_handler)


def hang_up(slack: LocalSlack, socket_handler: SocketModeHandler) -> None:
    """Close from Slack's end first: the builtin client alone waits out its 3 s receive timeout."""
    client = socket_handler.client
    client.auto_reconnect_enabled = False
    slack.close_sockets()
    deadline = time.monotonic() + 3
    # The client's own reader drops the socket; closing before that races inside slack_sdk.
    while client.is_connected() and time.monotonic() < deadline:  # type: ignore[attr-defined]
        time.sleep(0.005)
    socket_handler.close()


@pytest.fixture
def socket_driver(slack: LocalSlack, ws: Workspace) -> Driver:
    return Driver(slack, team_id=ws.team_id, target="socket")


def test_connections_open_needs_an_app_token(slack: LocalSlack, ws: Workspace) -> None:
    as_app = WebClient(token=ws.app_token, base_url=slack.api_url, retry_handlers=[])
    url = as_app.apps_connections_open(app_token=ws.app_token)["url"]
    assert url.startswith(f"ws://127.0.0.1:{slack.port}/socket/")
    with pytest.raises(SlackApiError, match="invalid_auth"):
        as_app.apps_connections_open(app_token="xapp-unknown")


def test_hello_then_command_round_trip_with_ack_payload(
    bolt_app: App, handler: SocketModeHandler, socket_driver: Driver, ws: Workspace
) -> None:
    seen: dict[str, Any] = {}

    @bolt_app.command("/kontakt")
    def handle(ack: Ack, command: dict[str, Any]) -> None:
        seen.update(command)
        ack(text="Tack!", response_type="in_channel")

    result = socket_driver.command(user="U01", channel="C01", command="/kontakt", text="@anna")
    assert result.status == 200
    assert result.body == {"text": "Tack!", "response_type": "in_channel"}
    assert seen["text"] == "<@U02|anna>"
    assert [m.text for m in ws.messages_in("C01")] == ["Tack!"]


def test_hello_has_num_connections_and_debug_info(slack: LocalSlack, ws: Workspace, bolt_app: App) -> None:
    received: list[dict[str, Any]] = []
    got = threading.Event()

    def listen(_client: object, message: dict[str, Any], _raw: str | None) -> None:
        received.append(message)
        got.set()

    socket_handler = SocketModeHandler(bolt_app, ws.app_token)
    socket_handler.client.message_listeners.append(listen)
    socket_handler.connect()
    try:
        assert got.wait(5)
        hello = received[0]
        assert hello["type"] == "hello"
        assert hello["num_connections"] == 1
        assert set(hello["debug_info"]) >= {"host", "approximate_connection_time"}
        assert hello["connection_info"]["app_id"] == ws.api_app_id
    finally:
        hang_up(slack, socket_handler)


def test_events_and_interactions_over_the_socket(
    bolt_app: App, handler: SocketModeHandler, socket_driver: Driver, ws: Workspace, client: WebClient
) -> None:
    retries: list[int] = []

    @bolt_app.event("app_mention")
    def mention(body: dict[str, Any], context: dict[str, Any]) -> None:
        retries.append(1)

    @bolt_app.action("take")
    def take(ack: Ack) -> None:
        ack()

    event = {"type": "app_mention", "user": "U01", "text": "hej", "channel": "C01", "ts": "1.000001"}
    first = socket_driver.event(event)
    assert first.status == 200
    socket_driver.replay(first, retry_num=1, retry_reason="timeout")
    button = {"type": "button", "action_id": "take", "text": {"type": "plain_text", "text": "Ta"}}
    client.chat_postMessage(channel="C01", text="x", blocks=[{"type": "actions", "elements": [button]}])
    assert (
        socket_driver.block_action(user="U01", action_id="take", message=ws.messages_in("C01")[0]).status
        == 200
    )


def test_late_socket_ack_raises(bolt_app: App, handler: SocketModeHandler, socket_driver: Driver) -> None:
    @bolt_app.command("/seg")
    def slow(ack: Ack) -> None:
        time.sleep(3.3)  # deliberately slower than Slack's 3 s
        ack()

    with pytest.raises(LateAck):
        socket_driver.command(user="U01", channel="C01", command="/seg")


def test_disconnect_makes_the_client_reconnect(
    slack: LocalSlack,
    ws: Workspace,
    handler: SocketModeHandler,
    socket_driver: Driver,
    bolt_app: App,
    clock: Any,
) -> None:
    @bolt_app.command("/kontakt")
    def handle(ack: Ack) -> None:
        ack()

    clock.advance(61)  # apps.connections.open is Tier 1: Slack refreshes hours apart, not seconds
    assert slack.socket_disconnect(reason="refresh_requested") == 1
    slack.sockets.wait_for_connections(ws.app_token, 1, timeout=5, opened=2)
    assert socket_driver.command(user="U01", channel="C01", command="/kontakt").status == 200


def test_no_connection_is_a_fault(socket_driver: Driver) -> None:
    with pytest.raises(SlackFault, match="no open Socket Mode connection"):
        socket_driver.command(user="U01", channel="C01", command="/kontakt")


def test_an_eleventh_connection_is_refused(slack: LocalSlack, ws: Workspace) -> None:
    as_app = WebClient(token=ws.app_token, base_url=slack.api_url, retry_handlers=[])
    slack.rate_limits_enabled = False  # apps.connections.open is Tier 1
    urls = [as_app.apps_connections_open(app_token=ws.app_token)["url"] for _ in range(MAX_CONNECTIONS + 1)]

    async def open_all() -> int:
        async with aiohttp.ClientSession() as session:
            sockets = [await session.ws_connect(url) for url in urls[:MAX_CONNECTIONS]]
            try:
                await session.ws_connect(urls[-1])
            except aiohttp.WSServerHandshakeError as refused:
                return refused.status
            finally:
                for sock in sockets:
                    await sock.close()
            return 101

    assert asyncio.run(open_all()) == 409
    assert slack.sockets.opened(ws.app_token) == MAX_CONNECTIONS
