"""Block Kit elements Bryggan does not use yet, drawn and used in the page: each reaches Bryggan as the
block_actions payload Slack sends (the stand-in's driver builds it from what the page picked)."""

from __future__ import annotations

from typing import Any

import pytest
from slack_sdk import WebClient

from bot.console import demo
from bot.playground import Served
from tests.browser.conftest import shoot
from tests.browser.test_playground import be, open_conversation

pytestmark = pytest.mark.slow


def _plain(text: str) -> dict[str, Any]:
    return {"type": "plain_text", "text": text}


def _options(*pairs: tuple[str, str]) -> list[dict[str, Any]]:
    return [{"text": _plain(text), "value": value} for value, text in pairs]


BLOCKS = [
    {"type": "header", "text": _plain("Alla element")},
    {
        "type": "section",
        "block_id": "fields",
        "text": {"type": "mrkdwn", "text": "*Fält* och en meny"},
        "fields": [{"type": "mrkdwn", "text": "*Ett*\nA"}, {"type": "mrkdwn", "text": "*Två*\nB"}],
        "accessory": {
            "type": "overflow",
            "action_id": "menu",
            "options": _options(("a", "Alfa"), ("b", "Beta")),
        },
    },
    {"type": "divider"},
    {"type": "context", "elements": [{"type": "mrkdwn", "text": "Liten text"}]},
    {"type": "image", "image_url": "https://bryggan.example.se/diagram.png", "alt_text": "ett diagram"},
    {
        "type": "actions",
        "block_id": "picks",
        "elements": [
            {
                "type": "static_select",
                "action_id": "one",
                "placeholder": _plain("En"),
                "options": _options(("1", "Ett"), ("2", "Två")),
            },
            {
                "type": "multi_static_select",
                "action_id": "many",
                "placeholder": _plain("Flera"),
                "options": _options(("x", "Ex"), ("y", "Yps"), ("z", "Zet")),
            },
            {"type": "users_select", "action_id": "who", "placeholder": _plain("Vem")},
            {"type": "datepicker", "action_id": "day"},
            {"type": "timepicker", "action_id": "at"},
        ],
    },
    {
        "type": "actions",
        "block_id": "more",
        "elements": [
            {"type": "checkboxes", "action_id": "ticks", "options": _options(("k", "Kryss"), ("l", "Lod"))},
            {
                "type": "button",
                "action_id": "sure",
                "text": _plain("Gör det"),
                "style": "danger",
                "value": "v1",
                "confirm": {
                    "title": _plain("Säker?"),
                    "text": _plain("Det går inte att ångra."),
                    "confirm": _plain("Ja, gör det"),
                    "deny": _plain("Nej"),
                },
            },
        ],
    },
]


def test_every_element_sends_what_slack_sends(page, playground: Served) -> None:
    sent: list[dict[str, Any]] = []
    driver = playground.demo.driver
    original = driver.block_action

    def recording(*args: Any, **kwargs: Any) -> Any:
        result = original(*args, **kwargs)
        sent.append(result.request.payload["actions"][0])
        return result

    driver.block_action = recording  # type: ignore[method-assign]
    client = WebClient(token=demo.BOT_TOKEN, base_url=playground.demo.slack.api_url)
    client.chat_postMessage(channel=demo.UNLINKED_CHANNEL[0], text="Alla element", blocks=BLOCKS)
    be(page, "U0ADMIN01")
    open_conversation(page, "personalrummet")
    shown = page.locator("#messages article", has_text="Alla element").last
    shown.get_by_role("heading", name="Alla element").wait_for()
    assert shown.locator(".fields div").count() == 2
    assert shown.locator("hr.block-divider").count() == 1
    assert shown.get_by_alt_text("ett diagram").count() == 1
    shoot(page, "block-kit")

    def picked(count: int) -> dict[str, Any]:
        # The page posts after the gesture's event; give the request a moment to reach the driver.
        for _ in range(100):
            if len(sent) >= count:
                break
            page.wait_for_timeout(50)
        assert len(sent) == count
        return sent[-1]

    shown.get_by_label("Fler val").select_option("b")
    assert picked(1)["selected_option"]["value"] == "b"
    shown.get_by_label("En").select_option("2")
    assert picked(2)["selected_option"] == {"text": _plain("Två"), "value": "2"}
    shown.get_by_label("Flera").select_option(["x", "z"])
    assert [o["value"] for o in picked(3)["selected_options"]] == ["x", "z"]
    shown.get_by_label("Vem").select_option("U0SARA001")
    assert picked(4)["selected_user"] == "U0SARA001"
    shown.locator("input[type=date]").fill("2026-12-24")
    assert picked(5)["selected_date"] == "2026-12-24"
    shown.locator("input[type=time]").fill("09:45")
    assert picked(6)["selected_time"] == "09:45"
    shown.get_by_label("Lod").check()
    assert [o["value"] for o in picked(7)["selected_options"]] == ["l"]
    shown.get_by_role("button", name="Gör det").click()
    page.locator("#confirm").get_by_role("button", name="Nej").click()
    page.locator("#confirm").wait_for(state="hidden")
    assert picked(7)["action_id"] == "ticks"  # denied: nothing sent
    shown.get_by_role("button", name="Gör det").click()
    page.locator("#confirm").get_by_role("button", name="Ja, gör det").click()
    last = picked(8)
    assert (last["type"], last["action_id"], last["value"]) == ("button", "sure", "v1")
    assert {a["block_id"] for a in sent} == {"fields", "picks", "more"}
