"""Structured logs: one JSON object a line in production, readable lines in the console.

Logs carry ids, kinds and counts, never user text: exceptions are rendered as their type and
frames without the message (a message may quote user text or SQL parameters), and the Slack
libraries, whose DEBUG output contains whole payloads, are never logged below INFO.
"""

from __future__ import annotations

import json
import logging
import re
import sys
import traceback
from datetime import UTC, datetime
from typing import Any, Literal

_STANDARD = set(vars(logging.makeLogRecord({}))) | {"message", "asctime"}
_TICKING = ("apscheduler.scheduler", "apscheduler.executors")
# The Teams SDK logs whole activities (their text) at DEBUG: it never goes below INFO either.
_CHATTY = (
    "slack_bolt", "slack_sdk", "urllib3", "apscheduler", "aiohttp", "waitress", "alembic",
    "microsoft_teams", "httpx", "httpcore", "uvicorn", "msal",
)  # fmt: skip


# A calendar feed's path is its secret: the web server names the path when a request fails.
_FEED_PATH = re.compile(r"/calendar/[^/\s.?#\"']+")


def _event(record: logging.LogRecord) -> str:
    message = record.getMessage()
    return _FEED_PATH.sub("/calendar/[hidden]", message) if "/calendar/" in message else message


def _extras(record: logging.LogRecord) -> dict[str, Any]:
    return {k: v for k, v in vars(record).items() if k not in _STANDARD and not k.startswith("_")}


def _safe_exception(record: logging.LogRecord) -> str | None:
    if not record.exc_info or record.exc_info[0] is None:
        return None
    kind, _value, tb = record.exc_info
    frames = "".join(traceback.format_tb(tb))
    return f"{frames}{kind.__module__}.{kind.__qualname__}"


class JsonFormatter(logging.Formatter):
    """One JSON object a line: time, level, logger, event and the record's extra fields."""

    def format(self, record: logging.LogRecord) -> str:
        entry: dict[str, Any] = {
            "ts": datetime.fromtimestamp(record.created, UTC).isoformat(timespec="milliseconds"),
            "level": record.levelname.lower(),
            "logger": record.name,
            "event": _event(record),
            **_extras(record),
        }
        exception = _safe_exception(record)
        if exception:
            entry["exception"] = exception
        return json.dumps(entry, default=str, ensure_ascii=False)


class ConsoleFormatter(logging.Formatter):
    """A short readable line for people watching a terminal."""

    def format(self, record: logging.LogRecord) -> str:
        extras = " ".join(f"{k}={v}" for k, v in _extras(record).items())
        line = f"{record.levelname:<7} {record.name}: {_event(record)} {extras}".rstrip()
        exception = _safe_exception(record)
        return f"{line}\n{exception}" if exception else line


def configure(fmt: Literal["json", "console"], level: str = "INFO", stream: Any = None) -> None:
    """Route all logging through one handler in the chosen format."""
    handler = logging.StreamHandler(stream or sys.stderr)
    handler.setFormatter(JsonFormatter() if fmt == "json" else ConsoleFormatter())
    root = logging.getLogger()
    root.handlers[:] = [handler]
    root.setLevel(level)
    floor = max(logging.INFO, logging.getLevelName(level))
    for name in _CHATTY:
        logging.getLogger(name).setLevel(floor)
    logging.getLogger("alembic.runtime.plugins").setLevel(logging.WARNING)  # import-time chatter
    # APScheduler announces every run of every job at INFO (the outbox runs every 2 s); the
    # ticker logs what an operator needs itself: jobs that did something, and jobs that failed. Its
    # warnings too are noise here: a tick skipped while the last still runs is how a busy ticker works.
    for name in _TICKING:
        logging.getLogger(name).setLevel(max(logging.ERROR, logging.getLevelName(level)))
