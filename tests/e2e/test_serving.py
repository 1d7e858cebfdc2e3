"""Serving: the health check, HTTP mode as a real process, and Socket Mode through the stand-in."""

from __future__ import annotations

import json
import os
import subprocess
import sys
import threading
import time
import urllib.error
import urllib.request
from collections.abc import Iterator
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

import pytest
from cryptography.fernet import Fernet
from slack_bolt import Ack

from bot.app import build
from bot.clock import FakeClock
from bot.settings import Settings
from handlers.bodies import MAX_BODY_BYTES
from localslack import Driver, LocalSlack, Workspace
from tests.ports import free_port
from tests.processes import stopped_by_sigterm
from tests.slackbed import APP_TOKEN, BOT_TOKEN, CHANNELS, PEOPLE, SIGNING_SECRET, TEAM, serve_http

ROOT = Path(__file__).resolve().parents[2]


def test_health_is_unavailable_when_the_database_is_not(settings: Settings, clock: FakeClock) -> None:
    unreachable = settings.model_copy(update={"database_url": "postgresql+psycopg://nobody@127.0.0.1:9/none"})
    app = build(unreachable, clock=clock, run_migrations=False)
    with serve_http(app) as url, pytest.raises(urllib.error.HTTPError) as raised:
        urllib.request.urlopen(f"{url}/healthz", timeout=10)
    assert raised.value.code == 503
    assert json.load(raised.value) == {"status": "unavailable", "database": False}
    app.close()


def _wait_until_healthy(url: str, process: subprocess.Popen[bytes]) -> None:
    deadline = time.monotonic() + 30
    while time.monotonic() < deadline:
        if process.poll() is not None:
            raise AssertionError(f"bryggan exited with {process.returncode}: {process.stderr.read()!r}")  # type: ignore[union-attr]
        try:
            with urllib.request.urlopen(f"{url}/healthz", timeout=1):
                return
        except OSError:
            time.sleep(0.1)  # waiting for a process to start listening, not for the clock
    raise AssertionError("bryggan run --http did not start within 30 s")


def _environment(slack: LocalSlack, database_url: str) -> dict[str, str]:
    """`bryggan run` configured only by environment variables, against the stand-in."""
    return {
        **os.environ,
        "SLACK_BOT_TOKEN": BOT_TOKEN,
        "SLACK_SIGNING_SECRET": SIGNING_SECRET,
        "SLACK_APP_TOKEN": APP_TOKEN,
        "SLACK_API_URL": slack.api_url,
        "DATABASE_URL": database_url,
        "BRYGGAN_ADMIN_USERS": PEOPLE.admin,
        "BRYGGAN_SECRET_KEY": Fernet.generate_key().decode(),
    }


def _bryggan_run_http(slack: LocalSlack, database_url: str, cwd: Path) -> tuple[subprocess.Popen[bytes], str]:
    """`bryggan run --http --port N` as its own process."""
    port = free_port()
    process = subprocess.Popen(
        [sys.executable, "-m", "bot", "run", "--http", "--host", "127.0.0.1", "--port", str(port)],
        cwd=cwd,
        env=_environment(slack, database_url),
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
    )
    url = f"http://127.0.0.1:{port}"
    try:
        _wait_until_healthy(url, process)
    except BaseException:
        process.kill()
        process.wait(timeout=10)
        raise
    return process, url


@pytest.fixture
def bryggan_process(
    slack: LocalSlack, workspace: Workspace, database_url: str, tmp_path: Path
) -> Iterator[str]:
    process, url = _bryggan_run_http(slack, database_url, tmp_path)
    try:
        yield url
    finally:
        process.terminate()
        process.wait(timeout=10)


def test_sigterm_stops_bryggan_run_http_cleanly(
    slack: LocalSlack, workspace: Workspace, database_url: str, tmp_path: Path
) -> None:
    process, url = _bryggan_run_http(slack, database_url, tmp_path)
    driver = Driver(slack, team_id=TEAM, target="http", url=f"{url}/slack/events")
    ack = driver.command(user=PEOPLE.rektor, channel=CHANNELS.personalrum, command="/kontakt", text="")
    assert ack.status == 200
    records = stopped_by_sigterm(process)
    assert [r["event"] for r in records][-2:] == ["stopping on SIGTERM", "stopped"]
    assert [r["event"] for r in records if r["level"] != "info"] == []
    with pytest.raises(urllib.error.URLError, match="Connection refused"):
        urllib.request.urlopen(f"{url}/healthz", timeout=2)


def test_sigterm_stops_bryggan_run_in_socket_mode_cleanly(
    slack: LocalSlack, workspace: Workspace, database_url: str, tmp_path: Path
) -> None:
    process = subprocess.Popen(
        [sys.executable, "-m", "bot", "run"],
        cwd=tmp_path,
        env=_environment(slack, database_url),
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
    )
    try:
        slack.sockets.wait_for_connections(APP_TOKEN, timeout=30)
    except AssertionError:
        process.kill()
        raise
    events = [r["event"] for r in stopped_by_sigterm(process)]
    assert events[-1] == "stopped"
    assert "stopping on SIGTERM" in events
    assert slack.sockets.connection_count(APP_TOKEN) == 0


def test_bryggan_run_http_answers_signed_kontakt_in_time_and_refuses_unsigned(
    slack: LocalSlack, workspace: Workspace, bryggan_process: str
) -> None:
    driver = Driver(slack, team_id=TEAM, target="http", url=f"{bryggan_process}/slack/events")
    ack = driver.command(user=PEOPLE.rektor, channel=CHANNELS.personalrum, command="/kontakt", text="")
    assert ack.status == 200
    assert ack.elapsed < 3.0
    [reply] = workspace.wait_for(lambda ws: ws.ephemerals_to(PEOPLE.rektor) or None)
    assert reply.text == "Kanalen är inte kopplad till någon skola."
    unsigned = driver.unsigned(b"command=%2Fkontakt&user_id=U0REKTOR1", "application/x-www-form-urlencoded")
    assert unsigned.status == 401


def test_bryggan_run_http_answers_malformed_bodies_with_4xx_and_keeps_serving(
    slack: LocalSlack, workspace: Workspace, bryggan_process: str
) -> None:
    driver = Driver(slack, team_id=TEAM, target="http", url=f"{bryggan_process}/slack/events")
    form = {"Content-Type": "application/x-www-form-urlencoded"}
    assert driver.send_raw(b"payload={not json", form, sign=False).status == 401
    assert driver.send_raw(b"{not json", sign=False).status == 401
    assert driver.send_raw(b"payload={not json", form).status == 400
    assert driver.send_raw(b"{not json").status == 400
    assert driver.send_raw(b"payload=" + b"x" * MAX_BODY_BYTES, form).status == 413
    ack = driver.command(user=PEOPLE.rektor, channel=CHANNELS.personalrum, command="/kontakt", text="")
    assert ack.status == 200


def test_the_same_kontakt_works_through_socket_mode(
    slack: LocalSlack, workspace: Workspace, settings: Settings, clock: FakeClock
) -> None:
    app = build(settings, clock=clock, run_migrations=False)
    handler = app.socket_mode_handler()
    handler.connect()
    try:
        driver = Driver(slack, team_id=TEAM, target="socket")
        ack = driver.command(user=PEOPLE.rektor, channel=CHANNELS.personalrum, command="/kontakt", text="")
        assert ack.elapsed < 3.0
        [reply] = workspace.wait_for(lambda ws: ws.ephemerals_to(PEOPLE.rektor) or None)
        assert reply.text == "Kanalen är inte kopplad till någon skola."
    finally:
        handler.close()
        app.close()


def test_closing_socket_mode_lets_a_command_under_way_ack_first(
    slack: LocalSlack, workspace: Workspace, settings: Settings, clock: FakeClock
) -> None:
    app = build(settings, clock=clock, run_migrations=False)
    started, release = threading.Event(), threading.Event()

    @app.slack_app().command("/langsam")
    def slow(ack: Ack) -> None:  # a listener still at work when the process is asked to stop
        started.set()
        release.wait(5)
        ack(text="klar")

    handler = app.socket_mode_handler()
    handler.connect()
    driver = Driver(slack, team_id=TEAM, target="socket")
    with ThreadPoolExecutor(max_workers=1) as pool:
        answer = pool.submit(
            driver.command, user=PEOPLE.rektor, channel=CHANNELS.personalrum, command="/langsam"
        )
        assert started.wait(5)
        closing = threading.Thread(target=handler.close)
        closing.start()
        release.set()
        ack = answer.result(timeout=10)
        closing.join(10)
    app.close()
    assert ack.body == {"text": "klar"}
    assert slack.sockets.connection_count(APP_TOKEN) == 0


def test_bryggan_run_without_a_token_stops_with_one_line(tmp_path: Path) -> None:
    env = {k: v for k, v in os.environ.items() if not k.startswith(("SLACK_", "BRYGGAN_"))}
    done = subprocess.run(
        [sys.executable, "-m", "bot", "run"],
        cwd=tmp_path,
        env=env,
        capture_output=True,
        text=True,
        timeout=60,
    )
    assert done.returncode == 2
    assert done.stderr.strip().splitlines() == [
        "bryggan: SLACK_BOT_TOKEN is not set: see README, 'Real Slack set-up'"
    ]


def test_a_malformed_setting_stops_start_up_without_a_traceback(tmp_path: Path) -> None:
    env = {**os.environ, "BRYGGAN_TIMEZONE": "Europe/Linkoping"}
    done = subprocess.run(
        [sys.executable, "-m", "bot", "run", "--http"],
        cwd=tmp_path,
        env=env,
        capture_output=True,
        text=True,
        timeout=60,
    )
    assert done.returncode == 2
    assert "Traceback" not in done.stderr
    assert (
        done.stderr.strip() == "bryggan: BRYGGAN_TIMEZONE: is not a known time zone (e.g. Europe/Stockholm)"
    )
