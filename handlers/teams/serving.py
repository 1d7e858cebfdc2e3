"""The Teams App served by uvicorn: `POST /api/messages` and the calendar feeds, here or in a thread."""

from __future__ import annotations

import asyncio
import threading
import time
from collections.abc import Iterator
from contextlib import contextmanager
from typing import Any

from bot.services import Services
from handlers.teams import feeds

_START_SECONDS = 10.0


def _server(app: Any, host: str, port: int, services: Services | None) -> Any:
    import uvicorn

    served = app.server.adapter.app
    if services is not None:  # the calendar feeds too, on the same port (feeds.py)
        served = feeds.mounted(served, services)
    config = uvicorn.Config(served, host=host, port=port, log_level="warning")
    return uvicorn.Server(config)


async def _serve(app: Any, server: Any) -> None:
    await app.initialize()  # JWT validation and the messaging route
    await server.serve()


def run(app: Any, host: str, port: int, services: Services | None = None) -> None:
    """Serve until interrupted (`bryggan run --teams`); with `services`, the calendar feeds too."""
    asyncio.run(_serve(app, _server(app, host, port, services)))


@contextmanager
def serving(
    app: Any, host: str = "127.0.0.1", port: int = 0, services: Services | None = None
) -> Iterator[str]:
    """Serve from a background thread (tests, the console); yields the messaging endpoint's URL."""
    server = _server(app, host, port, services)
    thread = threading.Thread(
        target=asyncio.run, args=(_serve(app, server),), name="bryggan-teams", daemon=True
    )
    thread.start()
    deadline = time.monotonic() + _START_SECONDS
    while not server.started and thread.is_alive() and time.monotonic() < deadline:
        time.sleep(0.01)  # waiting for the port to open, not for time to pass
    if not server.started:
        raise RuntimeError("the Teams app did not start")
    bound = server.servers[0].sockets[0].getsockname()[1]
    try:
        yield f"http://{host}:{bound}/api/messages"
    finally:
        server.should_exit = True
        thread.join(timeout=10)
