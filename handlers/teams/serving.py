"""The Teams App served over HTTP by uvicorn: `POST /api/messages`, in the foreground or from a thread."""

from __future__ import annotations

import asyncio
import threading
import time
from collections.abc import Iterator
from contextlib import contextmanager
from typing import Any

_START_SECONDS = 10.0


def _server(app: Any, host: str, port: int) -> Any:
    import uvicorn

    config = uvicorn.Config(app.server.adapter.app, host=host, port=port, log_level="warning")
    return uvicorn.Server(config)


async def _serve(app: Any, server: Any) -> None:
    await app.initialize()  # JWT validation and the messaging route
    await server.serve()


def run(app: Any, host: str, port: int) -> None:
    """Serve until interrupted (`bryggan run --teams`)."""
    asyncio.run(_serve(app, _server(app, host, port)))


@contextmanager
def serving(app: Any, host: str = "127.0.0.1", port: int = 0) -> Iterator[str]:
    """Serve from a background thread (tests, the console); yields the messaging endpoint's URL."""
    server = _server(app, host, port)
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
