"""Logs: one JSON object a line, and no exception message (which may quote user text) ever."""

from __future__ import annotations

import io
import json
import logging
import threading
from datetime import timedelta

import pytest

from bot.logs import configure
from scheduler.runner import Ticker


@pytest.fixture
def stream() -> io.StringIO:
    out = io.StringIO()
    yield out
    logging.getLogger().handlers.clear()


def test_json_lines_carry_the_extra_fields(stream: io.StringIO) -> None:
    configure("json", "INFO", stream)
    logging.getLogger("bryggan.test").info("case stored", extra={"case_id": 42, "kinds": ["grade"]})
    entry = json.loads(stream.getvalue().strip())
    assert entry["event"] == "case stored"
    assert entry["case_id"] == 42
    assert entry["kinds"] == ["grade"]
    assert entry["level"] == "info"


def test_an_exception_is_logged_without_its_message(stream: io.StringIO) -> None:
    configure("json", "INFO", stream)
    typed = "Anna Andersson 20110312-1234"
    try:
        raise ValueError(typed)
    except ValueError:
        logging.getLogger("bryggan.test").exception("failed")
    line = stream.getvalue()
    assert "Anna" not in line
    assert "20110312" not in line
    assert "ValueError" in json.loads(line)["exception"]


def test_slack_libraries_never_log_payloads_even_at_debug(stream: io.StringIO) -> None:
    configure("console", "DEBUG", stream)
    logging.getLogger("slack_bolt.App").debug("payload: text=Anna")
    logging.getLogger("slack_sdk.web").debug("request body: Anna")
    logging.getLogger("bryggan.test").debug("visible")
    assert "Anna" not in stream.getvalue()
    assert "visible" in stream.getvalue()


def test_a_running_ticker_logs_only_what_an_operator_needs(stream: io.StringIO) -> None:
    configure("json", "INFO", stream)
    runs: list[int] = []
    enough = threading.Event()

    def sent_some() -> int:
        runs.append(1)
        if len(runs) >= 3:
            enough.set()
        return 2 if len(runs) == 1 else 0  # something to do once, then idle ticks

    def broken() -> None:
        raise RuntimeError("broken")

    ticker = Ticker()
    ticker.every(timedelta(milliseconds=20), sent_some, name="dispatch_outbox")
    ticker.every(timedelta(milliseconds=20), broken, name="broken_job")
    ticker.start()
    try:
        assert enough.wait(timeout=10)
    finally:
        ticker.shutdown()
    entries = [json.loads(line) for line in stream.getvalue().splitlines()]
    assert not [e for e in entries if e["logger"].startswith("apscheduler")]
    done = [e for e in entries if e["event"] == "job done"]
    assert [(e["job"], e["result"]) for e in done] == [("dispatch_outbox", "2")]
    failed = [e for e in entries if e["event"] == "job failed"]
    assert failed
    assert {e["job"] for e in failed} == {"broken_job"}
    assert all(e["level"] == "error" for e in failed)


@pytest.mark.parametrize("fmt", ["json", "console"])
def test_a_calendar_feeds_secret_path_never_reaches_the_log(stream: io.StringIO, fmt: str) -> None:
    # The web server names the path of a request that failed; a feed's path is its secret link.
    configure(fmt, "INFO", stream)
    token = "Zq3-x_" + "k" * 37
    logging.getLogger("waitress").error("Exception while serving /calendar/%s.ics", token)
    logging.getLogger("bryggan.test").info("GET /calendar/%s.ics?x=1 200", token)
    assert token not in stream.getvalue()
    assert stream.getvalue().count("/calendar/[hidden]") == 2
