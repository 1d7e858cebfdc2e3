"""An aiohttp application served on its own event loop in a daemon thread: every stand-in's lifecycle.

The local Slack and the local Teams both run this way, so tests can call them synchronously while the
servers answer concurrently.
"""

from __future__ import annotations

import asyncio
import threading
from collections.abc import Awaitable, Callable

from aiohttp import web


class ServerThread:
    """Serves the application `start` is given on host:port (port 0 picks a free one)."""

    def __init__(self, host: str, port: int) -> None:
        self.host = host
        self.port = port
        self.loop: asyncio.AbstractEventLoop | None = None
        self._runner: web.AppRunner | None = None
        self._thread: threading.Thread | None = None

    def start(self, app: Callable[[], web.Application]) -> None:
        """Serve `app()` in a daemon thread; returns once the port is bound (re-raising a bind error)."""
        ready = threading.Event()
        errors: list[BaseException] = []
        self._thread = threading.Thread(target=self._serve, args=(app, ready, errors), daemon=True)
        self._thread.start()
        ready.wait(10)
        if errors:
            raise errors[0]

    def stop(self, before: Callable[[], Awaitable[None]] | None = None) -> None:
        """Run `before()` on the loop (closing what the server holds open), then stop serving."""
        loop = self.loop
        if loop is None:
            return
        if before is not None:
            asyncio.run_coroutine_threadsafe(before(), loop).result(timeout=10)
        if self._runner is not None:
            asyncio.run_coroutine_threadsafe(self._runner.cleanup(), loop).result(timeout=10)
        loop.call_soon_threadsafe(loop.stop)
        if self._thread:
            self._thread.join(timeout=10)
        self.loop = None

    def _serve(
        self, app: Callable[[], web.Application], ready: threading.Event, errors: list[BaseException]
    ) -> None:
        loop = asyncio.new_event_loop()
        asyncio.set_event_loop(loop)
        try:
            loop.run_until_complete(self._bind(app()))
        except BaseException as e:  # handed to start(), which re-raises in the caller's thread
            errors.append(e)
            ready.set()
            return
        self.loop = loop
        ready.set()
        loop.run_forever()
        loop.close()

    async def _bind(self, app: web.Application) -> None:
        self._runner = web.AppRunner(app, access_log=None)
        await self._runner.setup()
        site = web.TCPSite(self._runner, self.host, self.port)
        await site.start()
        self.port = site._server.sockets[0].getsockname()[1]  # type: ignore[union-attr]
