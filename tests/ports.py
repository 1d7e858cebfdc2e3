"""A free loopback port, for a test that starts Bryggan as its own process listening on it."""

from __future__ import annotations

import socket


def free_port() -> int:
    """A port nothing on 127.0.0.1 listens on now (the process to start binds it next)."""
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]
