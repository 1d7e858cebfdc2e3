"""The offline console: Bryggan against the local Slack stand-in, driven by typed lines."""

from __future__ import annotations

import sys
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from datetime import datetime, timedelta
from pathlib import Path
from typing import TextIO

from pydantic import SecretStr

from bot.app import Bryggan, build
from bot.clock import OffsetClock
from bot.console import demo
from bot.console.session import ConsoleSession
from bot.logs import configure
from bot.settings import Settings
from handlers.ids import Command
from localslack import Driver, LocalSlack, Workspace
from storage.outbox import next_due_at

DEMO_DATABASE = Path("bryggan-demo.db")
# Files Bryggan uploads (charts, calendars) are saved here, beside the demo database, to be opened.
DEMO_FILES = Path("bryggan-demo-filer")
DEMO_BREAKS = Path(__file__).with_name("school_breaks.yaml")
# What Slack knows as Bryggan's commands (the manifest); others get Slackbot's own answer.
COMMANDS = frozenset(str(command) for command in Command)


@dataclass
class Demo:
    """The demo running: Bryggan served against the stand-in, the seeded workspace and a signed driver."""

    bryggan: Bryggan
    slack: LocalSlack
    workspace: Workspace
    driver: Driver
    clock: OffsetClock

    def forward(self, delta: timedelta) -> str:
        """Move the demo's clock and run what the ticker would have run meanwhile; the new local time."""
        return _fast_forward(self.bryggan, self.clock, delta)

    def now(self) -> datetime:
        """The demo's clock in the municipality's zone."""
        return self.clock.now().astimezone(self.bryggan.settings.zone)


@contextmanager
def running_demo(settings: Settings) -> Iterator[Demo]:
    """Start the stand-in and Bryggan on loopback with a fresh demo database, seeded; stop both after."""
    clock = OffsetClock()
    slack = LocalSlack(clock=clock.timestamp).start()
    workspace = _demo_workspace(slack)
    for path in DEMO_DATABASE.parent.glob(DEMO_DATABASE.name + "*"):
        path.unlink()  # the demo starts afresh every time
    for path in DEMO_FILES.glob("*"):
        path.unlink()
    bryggan = build(_demo_settings(settings, slack.api_url), clock=clock)
    try:
        with bryggan.serving() as url:
            demo.seed(bryggan.sessions, clock, bryggan.settings.zone)
            bryggan.services.meetings.reminders.materialise()
            driver = Driver(slack, team_id=demo.TEAM_ID, target="http", url=f"{url}/slack/events")
            yield Demo(bryggan, slack, workspace, driver, clock)
    finally:
        bryggan.close()
        slack.stop()


def run_console(settings: Settings, *, stdin: TextIO | None = None, stdout: TextIO | None = None) -> int:
    """Start the stand-in and Bryggan on loopback, seed the demo, and read commands until EOF."""
    configure("console", "WARNING")
    with running_demo(settings) as running:
        bryggan = running.bryggan
        session = ConsoleSession(
            running.workspace,
            running.driver,
            deliver=bryggan.dispatcher.run_once,
            tick=running.forward,
            now=running.now,
            commands=COMMANDS,
            files=DEMO_FILES,
            templates=bryggan.services.templates,
            lang=settings.locale,
            out=stdout or sys.stdout,
        )
        session.banner(running.slack.api_url, str(DEMO_DATABASE))
        session.loop(stdin or sys.stdin)
    return 0


def _fast_forward(bryggan: Bryggan, clock: OffsetClock, delta: timedelta) -> str:
    """Move time, stopping at each owed message's moment to run what the ticker would have run then."""
    target = clock.now() + delta
    while True:
        _run_jobs(bryggan)
        with bryggan.sessions.begin() as session:
            due = next_due_at(session)
        if due is None or due > target:
            break
        clock.advance(max(due - clock.now(), timedelta(seconds=1)))
    now = clock.advance(target - clock.now())
    _run_jobs(bryggan)
    return now.astimezone(bryggan.settings.zone).strftime("%Y-%m-%d %H:%M")


def _run_jobs(bryggan: Bryggan) -> None:
    bryggan.services.meetings.reminders.materialise()
    bryggan.services.contacts.overviews.queue_weekly_digest()
    while bryggan.dispatcher.run_once().as_dict():
        pass


def _demo_settings(settings: Settings, api_url: str) -> Settings:
    return settings.model_copy(
        update={
            "slack_bot_token": SecretStr(demo.BOT_TOKEN),
            "slack_signing_secret": SecretStr(demo.SIGNING_SECRET),
            "slack_app_token": None,
            "slack_api_url": api_url,
            "database_url": f"sqlite:///{DEMO_DATABASE}",
            "admin_users": demo.ADMINS,
            "school_breaks": settings.school_breaks or DEMO_BREAKS,
        }
    )


def _demo_workspace(slack: LocalSlack) -> Workspace:
    workspace = slack.add_workspace(
        team_id=demo.TEAM_ID,
        domain="linkoping-demo",
        name="Demokommunen",
        bot_token=demo.BOT_TOKEN,
        app_token=demo.APP_TOKEN,
        signing_secret=demo.SIGNING_SECRET,
        bot_user_id="U0BRYGGAN",
        bot_id="B0BRYGGAN",
    )
    for user in demo.USERS:
        workspace.add_user(id=user.id, name=user.name, real_name=user.real_name, title=user.title)
    everyone = [user.id for user in demo.USERS]
    for school in demo.SCHOOLS:
        workspace.add_channel(id=school.channel_id, name=school.channel_name, members=everyone)
    workspace.add_channel(id=demo.UNLINKED_CHANNEL[0], name=demo.UNLINKED_CHANNEL[1], members=everyone)
    return workspace
