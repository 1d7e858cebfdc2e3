"""Every slash command README.md names, typed into the playground's message box and answered there;
the `/eht kalender` file downloads as the .ics Bryggan uploaded."""

from __future__ import annotations

import pytest

from bot.playground import Served
from tests.browser.test_playground import be, open_conversation, type_command
from tests.e2e.test_readme_console import README, _commands

pytestmark = pytest.mark.slow

FAILURES = (
    "Det gick inte att göra det",  # the page's own word for a refused gesture
    "Något gick fel hos Bryggan",  # Bryggan's apology for an unexpected error
    "är inget giltigt kommando",  # Slackbot: the command is not in the manifest
    "inget datum jag förstår",
    "ingen tid jag förstår",
)


def _answered(page, before: int) -> None:
    page.wait_for_function(
        "n => document.querySelectorAll('#messages article').length > n"
        " || document.querySelector('#modal').open",
        arg=before,
    )
    if page.locator("#modal").is_visible():
        page.keyboard.press("Escape")
        page.locator("#modal").wait_for(state="hidden")


def test_every_readme_command_is_answered_in_the_page(page, playground: Served) -> None:
    commands = _commands(README.read_text(encoding="utf-8"))
    assert "/eht kalender" in commands
    be(page, "U0ADMIN01")
    open_conversation(page, "berzeliusskolan")
    for command in commands:
        before = page.locator("#messages article").count()
        type_command(page, command)
        _answered(page, before)
    body = page.locator("#messages").inner_text()
    for failure in FAILURES:
        assert failure not in body, failure

    link = page.locator("#messages .file a", has_text=".ics").last
    with page.expect_download() as download:
        link.click()
    path = download.value.path()
    uploaded = next(f for f in playground.demo.workspace.files if f.name.endswith(".ics"))
    assert download.value.suggested_filename == uploaded.name
    with open(path, "rb") as saved:
        assert saved.read() == uploaded.content
