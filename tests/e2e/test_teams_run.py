"""`bryggan run --teams` as its own process, configured by environment variables, answering the stand-in."""

from __future__ import annotations

import os
import socket
import subprocess
import sys
import time
from collections.abc import Iterator
from pathlib import Path

import pytest
from cryptography.fernet import Fernet

from bot.actors import Actor
from bot.app import build
from bot.clock import FakeClock
from bot.settings import load_settings
from localteams import Driver, LocalTeams
from storage.teams_addresses import internal_id
from tests.ports import free_port
from tests.processes import stopped_by_sigterm
from tests.slackbed import BOT_TOKEN
from tests.teamsbed import (
    APP_ID,
    CHANNEL,
    RITA,
    SAM,
    SECRET,
    TEAM,
    WORKSPACE,
    install_personal,
    say_with_mention,
    teams_env,
)

if not os.environ.get("CI"):
    pytest.importorskip("microsoft_teams.apps")


def _wait_until_listening(port: int, process: subprocess.Popen[bytes]) -> None:
    deadline = time.monotonic() + 30
    while time.monotonic() < deadline:
        if process.poll() is not None:
            raise AssertionError(f"bryggan exited with {process.returncode}: {process.stderr.read()!r}")  # type: ignore[union-attr]
        try:
            socket.create_connection(("127.0.0.1", port), timeout=1).close()
            return
        except OSError:
            time.sleep(0.1)  # waiting for a process to start listening, not for the clock
    raise AssertionError("bryggan run --teams did not start within 30 s")


def _bryggan_run_teams(
    teams: LocalTeams, database_url: str, cwd: Path
) -> tuple[subprocess.Popen[bytes], str]:
    """`bryggan run --teams` as a Teams-only municipality runs it: TEAMS_*, the database and the key,
    and no SLACK_* at all; Rita administers by her Teams id."""
    port = free_port()
    env = {
        **{k: v for k, v in os.environ.items() if not k.startswith(("SLACK_", "BRYGGAN_", "TEAMS_"))},
        **teams_env(teams),
        "TEAMS_PORT": str(port),
        "DATABASE_URL": database_url,
        "BRYGGAN_SECRET_KEY": Fernet.generate_key().decode(),
        "BRYGGAN_ADMIN_USERS": internal_id("user", RITA),
    }
    process = subprocess.Popen(
        [sys.executable, "-m", "bot", "run", "--teams", "--host", "127.0.0.1"],
        cwd=cwd,
        env=env,
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
    )
    try:
        _wait_until_listening(port, process)
    except BaseException:
        process.kill()
        process.wait(timeout=10)
        raise
    return process, f"http://127.0.0.1:{port}/api/messages"


@pytest.fixture
def teams_process(teams: LocalTeams, database_url: str, tmp_path: Path) -> Iterator[str]:
    process, url = _bryggan_run_teams(teams, database_url, tmp_path)
    try:
        yield url
    finally:
        process.terminate()
        process.wait(timeout=10)


def test_sigterm_stops_bryggan_run_teams_cleanly(
    teams: LocalTeams, database_url: str, tmp_path: Path
) -> None:
    process, _url = _bryggan_run_teams(teams, database_url, tmp_path)
    events = [record["event"] for record in stopped_by_sigterm(process)]
    assert events[-2:] == ["stopping on SIGTERM", "stopped"]  # after uvicorn's own graceful stop


def test_bryggan_run_teams_answers_hjalp_in_a_personal_chat(teams: LocalTeams, teams_process: str) -> None:
    teams.register_bot(APP_ID, SECRET, teams_process)
    driver = Driver(teams, APP_ID)
    chat = install_personal(teams, driver, RITA)  # the home card first
    assert driver.message(RITA, chat.id, "hjälp").status == 200
    [_home, reply] = teams.directory.wait_for(lambda d: d.posted(chat.id)[1:] and d.posted(chat.id))
    assert reply.cards[0]["body"][0]["text"] == "Bryggan i Teams"


def test_bryggan_run_teams_alone_delivers_a_notice_it_owes_through_its_ticker(
    teams: LocalTeams, teams_process: str, database_url: str, clock: FakeClock
) -> None:
    teams.register_bot(APP_ID, SECRET, teams_process)
    driver = Driver(teams, APP_ID)
    driver.install_in_team(TEAM, by=RITA)
    sam = install_personal(teams, driver, SAM)
    _link_school(database_url, clock)
    first = driver.message(RITA, CHANNEL, "kontakt")
    teams.directory.wait_for(lambda d: d.posted(first.activity["conversation"]["id"]) or None)
    say_with_mention(driver, first, "kontakt tilldela", SAM, "Sam Socialsekreterare")
    # The process's own ticker claims the row within its 2-second tick and posts it to Sam's chat.
    [_home, notice] = teams.directory.wait_for(
        lambda d: d.posted(sam.id)[1:] and d.posted(sam.id), timeout=20
    )
    assert notice.cards[0]["body"][0]["text"].startswith("Du är nu kontaktperson på socialtjänsten")


def _link_school(database_url: str, clock: FakeClock) -> None:
    # Linking a channel is not a Teams command yet: through the use case, in a Bryggan of the test's
    # own (no Slack, no Teams: nothing to serve) on the process's database.
    bryggan = build(
        load_settings(env_file=None, database_url=database_url), clock=clock, run_migrations=False
    )
    try:
        admin = Actor(team_id=WORKSPACE, user_id=internal_id("user", RITA), is_admin=True)
        bryggan.services.contacts.changes.link(
            admin, channel_id=internal_id("channel", CHANNEL), name="Berzeliusskolan", create=True
        )
    finally:
        bryggan.close()


def test_bryggan_run_teams_without_an_app_id_stops_with_one_line(tmp_path: Path) -> None:
    env = {
        **{k: v for k, v in os.environ.items() if not k.startswith(("SLACK_", "BRYGGAN_", "TEAMS_"))},
        "SLACK_BOT_TOKEN": BOT_TOKEN,
    }
    done = subprocess.run(
        [sys.executable, "-m", "bot", "run", "--teams"],
        cwd=tmp_path,
        env=env,
        capture_output=True,
        text=True,
        timeout=60,
    )
    assert done.returncode == 2
    assert done.stderr.strip().splitlines() == [
        "bryggan: TEAMS_APP_ID is not set: see README, 'Microsoft Teams'"
    ]
