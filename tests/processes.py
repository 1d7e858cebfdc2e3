"""Bryggan started as its own process by a test: how it is stopped as a platform stops it."""

from __future__ import annotations

import json
import signal
import subprocess


def stopped_by_sigterm(process: subprocess.Popen[bytes]) -> list[dict[str, str]]:
    """SIGTERM `process` and wait for it to end (exit code 0 asserted); the JSON log records it wrote."""
    process.send_signal(signal.SIGTERM)
    try:
        _out, err = process.communicate(timeout=20)
    finally:
        process.kill()
    assert process.returncode == 0, err  # Python's default for SIGTERM would be -15, mid-answer
    return [json.loads(line) for line in err.decode().splitlines() if line.startswith("{")]
