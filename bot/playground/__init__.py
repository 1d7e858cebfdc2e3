"""The browser playground: a Slack-like page over the demo, every gesture sent through the stand-in."""

from __future__ import annotations

import sys
import threading
from collections.abc import Iterator
from contextlib import contextmanager, suppress
from dataclasses import dataclass
from typing import TextIO

from bot.console import Demo, running_demo
from bot.logs import configure
from bot.settings import Settings


@dataclass(frozen=True)
class Served:
    """The playground's address and the demo behind it (tests read the stand-in and the database)."""

    url: str
    demo: Demo


@contextmanager
def serving_playground(settings: Settings, *, host: str = "127.0.0.1", port: int = 3000) -> Iterator[Served]:
    """Start the demo and serve the page in a background thread; yields its address and the demo."""
    from bot.playground.server import Playground, make_server

    with running_demo(settings) as running:
        playground = Playground(running, lang=settings.locale)
        server = make_server(playground, host, port)
        thread = threading.Thread(target=server.serve_forever, name="playground-http", daemon=True)
        thread.start()
        delivery = playground.gestures.deliver_in_background()
        try:
            yield Served(f"http://{host}:{server.server_address[1]}/", running)
        finally:
            playground.gestures.stop()
            server.shutdown()
            server.server_close()
            delivery.join(timeout=5)


def run_playground(settings: Settings, *, host: str, port: int, out: TextIO | None = None) -> int:
    """Serve the playground until Ctrl-C, printing its address."""
    configure("console", "WARNING")
    out = out or sys.stdout
    with serving_playground(settings, host=host, port=port) as served:
        out.write(_started(settings, served.url) + "\n")
        out.flush()
        with suppress(KeyboardInterrupt):
            threading.Event().wait()
    return 0


def _started(settings: Settings, url: str) -> str:
    from templates import Templates, unescape_mrkdwn

    return unescape_mrkdwn(str(Templates().module(settings.locale, "playground").started(url)))
