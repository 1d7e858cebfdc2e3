"""Socket Mode: one-time tickets, the app's WebSocket connections, envelopes and their acks."""

from __future__ import annotations

import asyncio
import concurrent.futures
import json
import secrets
import threading
import time
from dataclasses import dataclass, field
from typing import Any

from aiohttp import WSMsgType, web

from localslack.errors import LateAck, SlackFault

MAX_CONNECTIONS = 10
ACK_TIMEOUT = 3.0


@dataclass
class Connection:
    """One open WebSocket of an app."""

    app_token: str
    ws: web.WebSocketResponse
    number: int
    retiring: bool = False  # sent `disconnect`: Slack routes no new envelopes here
    received: list[dict[str, Any]] = field(default_factory=list)


class SocketHub:
    """The Socket Mode side of the stand-in; sends run on the server's event loop."""

    def __init__(self, app_ids: dict[str, str]) -> None:
        self._app_ids = app_ids  # app token -> api_app_id
        self._lock = threading.Condition()
        self._tickets: dict[str, str] = {}
        self._conns: dict[str, list[Connection]] = {}
        self._turn: dict[str, int] = {}
        self._pending: dict[str, asyncio.Future[dict[str, Any]]] = {}
        self._numbers = 0
        self._opened: dict[str, int] = {}
        self.loop: asyncio.AbstractEventLoop | None = None
        self.late_acks: list[dict[str, Any]] = []

    def issue_ticket(self, app_token: str) -> str:
        """A single-use ticket for apps.connections.open's URL."""
        ticket = secrets.token_urlsafe(16)
        with self._lock:
            self._tickets[ticket] = app_token
        return ticket

    def connection_count(self, app_token: str) -> int:
        """Open connections of an app."""
        with self._lock:
            return len(self._conns.get(app_token, []))

    def opened(self, app_token: str) -> int:
        """Connections the app has opened so far, closed ones included."""
        with self._lock:
            return self._opened.get(app_token, 0)

    def wait_for_connections(
        self, app_token: str, count: int = 1, timeout: float = 5.0, *, opened: int = 0
    ) -> None:
        """Block until the app has `count` usable connections (and has opened at least `opened`)."""

        def ready() -> bool:
            live = [c for c in self._conns.get(app_token, []) if not c.retiring]
            return len(live) >= count and self._opened.get(app_token, 0) >= opened

        with self._lock:
            if not self._lock.wait_for(ready, timeout):
                raise AssertionError(f"not {count} Socket Mode connection(s) within {timeout} s")

    async def handle(self, request: web.Request) -> web.StreamResponse:
        """GET /socket/<ticket>: upgrade, say hello, then read acks until the app hangs up."""
        with self._lock:
            app_token = self._tickets.pop(request.match_info["ticket"], None)
            full = app_token is not None and len(self._conns.get(app_token, [])) >= MAX_CONNECTIONS
        if app_token is None:
            return web.Response(status=401, text="invalid_ticket")
        if full:
            return web.Response(status=409, text="too_many_websockets")
        ws = web.WebSocketResponse(autoping=True)
        await ws.prepare(request)
        conn = self._register(app_token, ws)
        await ws.send_json(self._hello(app_token))
        await self._close_retiring(app_token)
        try:
            async for msg in ws:
                if msg.type == WSMsgType.TEXT:
                    self._on_text(conn, msg.data)
        finally:
            self._unregister(conn)
        return ws

    def send(self, app_token: str, envelope: dict[str, Any]) -> tuple[dict[str, Any], float]:
        """Deliver an envelope to one connection (round robin) and wait for its ack (≤ 3 s)."""
        if self.loop is None:
            raise SlackFault("the stand-in is not running")
        started = time.monotonic()
        future = asyncio.run_coroutine_threadsafe(self._deliver(app_token, envelope), self.loop)
        try:
            ack = future.result(timeout=ACK_TIMEOUT + 0.5)
        except (TimeoutError, concurrent.futures.TimeoutError):
            future.cancel()
            raise LateAck(time.monotonic() - started, envelope["type"]) from None
        elapsed = time.monotonic() - started
        if elapsed > ACK_TIMEOUT:
            raise LateAck(elapsed, envelope["type"])
        return ack, elapsed

    def disconnect(self, app_token: str | None, reason: str) -> int:
        """Send Slack's `disconnect` message to every (or one app's) connection; returns how many."""
        if self.loop is None:
            return 0
        with self._lock:
            conns = [c for t, cs in self._conns.items() if app_token in (None, t) for c in cs]
        message = {"type": "disconnect", "reason": reason, "debug_info": {"host": "localslack"}}
        for conn in conns:
            conn.retiring = True
            asyncio.run_coroutine_threadsafe(conn.ws.send_json(message), self.loop).result(timeout=2)
        return len(conns)

    async def close_all(self, app_token: str | None = None) -> None:
        """Close every connection (of one app, or all at server shutdown)."""
        with self._lock:
            conns = [c for t, cs in self._conns.items() if app_token in (None, t) for c in cs]
        for conn in conns:
            await conn.ws.close()

    async def _close_retiring(self, app_token: str) -> None:
        # Once the app has a fresh connection, Slack hangs up the ones it asked to refresh.
        with self._lock:
            retiring = [c for c in self._conns.get(app_token, []) if c.retiring]
        for conn in retiring:
            await conn.ws.close()

    async def _deliver(self, app_token: str, envelope: dict[str, Any]) -> dict[str, Any]:
        conn = self._next(app_token)
        loop = asyncio.get_running_loop()
        waiter: asyncio.Future[dict[str, Any]] = loop.create_future()
        self._pending[envelope["envelope_id"]] = waiter
        try:
            await conn.ws.send_json(envelope)
            return await asyncio.wait_for(waiter, ACK_TIMEOUT)
        finally:
            self._pending.pop(envelope["envelope_id"], None)

    def _next(self, app_token: str) -> Connection:
        with self._lock:
            conns = [c for c in self._conns.get(app_token, []) if not c.ws.closed and not c.retiring]
            if not conns:
                raise SlackFault("the app has no open Socket Mode connection")
            turn = self._turn.get(app_token, 0)
            self._turn[app_token] = turn + 1
            return conns[turn % len(conns)]

    def _on_text(self, conn: Connection, data: str) -> None:
        try:
            message = json.loads(data)
        except ValueError:
            return
        conn.received.append(message)
        envelope_id = message.get("envelope_id") if isinstance(message, dict) else None
        waiter = self._pending.get(envelope_id) if envelope_id else None
        if waiter is not None and not waiter.done():
            waiter.set_result(message)
        elif envelope_id:
            self.late_acks.append(message)

    def _hello(self, app_token: str) -> dict[str, Any]:
        return {
            "type": "hello",
            "num_connections": self.connection_count(app_token),
            "debug_info": {"host": "localslack-1", "build_number": 1, "approximate_connection_time": 18060},
            "connection_info": {"app_id": self._app_ids.get(app_token, "")},
        }

    def _register(self, app_token: str, ws: web.WebSocketResponse) -> Connection:
        with self._lock:
            self._numbers += 1
            conn = Connection(app_token, ws, self._numbers)
            self._conns.setdefault(app_token, []).append(conn)
            self._opened[app_token] = self._opened.get(app_token, 0) + 1
            self._lock.notify_all()
            return conn

    def _unregister(self, conn: Connection) -> None:
        with self._lock:
            conns = self._conns.get(conn.app_token, [])
            if conn in conns:
                conns.remove(conn)
            self._lock.notify_all()
