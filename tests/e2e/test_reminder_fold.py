"""A reminder due in an hour the clocks repeat is owed once and kept, sync after sync.

Cairo turns its clocks back at midnight between the last Thursday and Friday of October, so 23:00-24:00
that Thursday comes twice. A Friday meeting reminded "påminn 23:30" the day before is due in that hour.
An aware wall time there never equals an instant of another zone (PEP 495), so a reminder kept in local
time and compared with the stored UTC instant would be withdrawn and owed anew at every sync.
"""

from __future__ import annotations

from datetime import UTC, datetime
from zoneinfo import ZoneInfo

import pytest

from bot.app import Bryggan
from bot.clock import FakeClock
from bot.settings import Settings
from localslack import Driver, LocalSlack, Workspace
from tests.e2e.test_meetings import Eht
from tests.slackbed import CHANNELS, PEOPLE, test_settings

CAIRO = ZoneInfo("Africa/Cairo")


@pytest.fixture
def clock() -> FakeClock:
    """Monday 26 October 2026, 09:00 in Cairo: the week the clocks go back."""
    return FakeClock(datetime(2026, 10, 26, 9, 0, tzinfo=CAIRO))


@pytest.fixture
def settings(database_url: str, slack: LocalSlack, workspace: Workspace) -> Settings:
    return test_settings(database_url=database_url, api_url=slack.api_url, timezone="Africa/Cairo")


@pytest.fixture
def eht(driver: Driver, workspace: Workspace, bryggan: Bryggan) -> Eht:
    eht = Eht(driver, workspace, bryggan)
    eht(PEOPLE.admin, CHANNELS.berzelius, "koppla Berzeliusskolan")
    eht(PEOPLE.admin, CHANNELS.berzelius, "tilldela @sara")
    eht.deliver()
    return eht


def test_a_reminder_in_the_repeated_hour_is_owed_once_and_not_renewed(eht: Eht, bryggan: Bryggan) -> None:
    eht.eht(PEOPLE.rektor, "schema fredag 10:00 påminn 23:30")
    first = {k: (row.id, row.due_at) for k, row in eht.rows().items() if ":day_before:" in k}
    (thursday,) = [due for k, (_, due) in first.items() if "2026-10-30" in k]
    # The first 23:30 of the two, while summer time still holds (UTC+3).
    assert thursday == datetime(2026, 10, 29, 20, 30, tzinfo=UTC)
    reminders = bryggan.services.meetings.reminders
    assert reminders.materialise() == 0
    assert reminders.materialise() == 0
    again = {k: (row.id, row.due_at) for k, row in eht.rows().items() if ":day_before:" in k}
    assert again == first
