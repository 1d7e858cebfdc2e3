"""App Home through the Events API, and Slack's retries handled once, even on another replica."""

from __future__ import annotations

import logging

import pytest

from bot.app import build
from bot.clock import FakeClock
from bot.settings import Settings
from localslack import Driver, LocalSlack, Workspace
from tests.slackbed import PEOPLE, TEAM, serve_http


def _publishes(workspace: Workspace, user: str) -> list[dict]:
    return [view for action, who, view in workspace.view_store.log if action == "publish" and who == user]


def test_opening_the_home_tab_publishes_bryggans_home(driver: Driver, workspace: Workspace) -> None:
    ack = driver.app_home_opened(user=PEOPLE.kurator_en)
    assert ack.status == 200
    home = workspace.wait_for(lambda ws: ws.home_of(PEOPLE.kurator_en))
    assert home["type"] == "home"
    assert home["blocks"][0]["text"]["text"] == "Bryggan – school and social services"


def test_a_retried_event_reaching_another_replica_is_handled_once(
    driver: Driver,
    slack: LocalSlack,
    workspace: Workspace,
    settings: Settings,
    clock: FakeClock,
    caplog: pytest.LogCaptureFixture,
) -> None:
    first = driver.app_home_opened(user=PEOPLE.sara)
    workspace.wait_for(lambda ws: _publishes(ws, PEOPLE.sara) or None)

    replica = build(settings, clock=clock, run_migrations=False)  # a second process on the same database
    with serve_http(replica) as url, caplog.at_level(logging.INFO, logger="bryggan.handlers"):
        other = Driver(slack, team_id=TEAM, target="http", url=f"{url}/slack/events")
        retry = other.replay(first, retry_num=1, retry_reason="http_timeout")
        assert retry.status == 200
        assert [r.event_id for r in caplog.records if r.getMessage() == "duplicate event dropped"] == [
            first.request.payload["event_id"]
        ]
        other.app_home_opened(user=PEOPLE.sara)  # a genuinely new event is still handled
        workspace.wait_for(lambda ws: len(_publishes(ws, PEOPLE.sara)) >= 2 or None)
    replica.close()
    assert len(_publishes(workspace, PEOPLE.sara)) == 2
