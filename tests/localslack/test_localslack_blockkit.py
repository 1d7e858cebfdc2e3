"""Block Kit: the stand-in refuses what Slack refuses, naming the offending field."""

from __future__ import annotations

from typing import Any

import pytest
from slack_sdk import WebClient
from slack_sdk.errors import SlackApiError

from localslack.rules import check_blocks, check_view


def plain(text: str) -> dict[str, Any]:
    return {"type": "plain_text", "text": text}


def section(text: str = "hej", **extra: Any) -> dict[str, Any]:
    return {"type": "section", "text": {"type": "mrkdwn", "text": text}, **extra}


def button(action_id: str = "ok", text: str = "OK", **extra: Any) -> dict[str, Any]:
    return {"type": "button", "action_id": action_id, "text": plain(text), **extra}


def modal(blocks: list[dict[str, Any]], **extra: Any) -> dict[str, Any]:
    return {"type": "modal", "title": plain("Konsultation"), "blocks": blocks, **extra}


def input_block(block_id: str = "beskrivning") -> dict[str, Any]:
    element = {"type": "plain_text_input", "action_id": "text"}
    return {"type": "input", "block_id": block_id, "label": plain("Beskriv"), "element": element}


def post_error(client: WebClient, blocks: Any) -> dict[str, Any]:
    with pytest.raises(SlackApiError) as caught:
        client.chat_postMessage(channel="C01", text="fallback", blocks=blocks)
    return caught.value.response.data  # type: ignore[return-value]


def test_long_header_is_invalid_blocks_with_pointer(client: WebClient) -> None:
    body = post_error(client, [{"type": "header", "text": plain("x" * 151)}])
    assert body["error"] == "invalid_blocks"
    assert body["response_metadata"]["messages"] == [
        "[ERROR] must be less than 151 characters [json-pointer:/blocks/0/text/text]"
    ]
    client.chat_postMessage(channel="C01", text="ok", blocks=[{"type": "header", "text": plain("x" * 150)}])


def test_too_many_blocks_in_a_message(client: WebClient) -> None:
    body = post_error(client, [{"type": "divider"}] * 51)
    assert body["response_metadata"]["messages"] == [
        "[ERROR] no more than 50 items allowed [json-pointer:/blocks]"
    ]
    client.chat_postMessage(channel="C01", text="ok", blocks=[{"type": "divider"}] * 50)


def test_oversized_section_and_button_fields(client: WebClient) -> None:
    blocks = [
        section("x" * 3001),
        {"type": "section", "fields": [plain("f")] * 11},
        {"type": "actions", "elements": [button(text="b" * 76, value="v" * 2001)]},
    ]
    messages = post_error(client, blocks)["response_metadata"]["messages"]
    assert "[ERROR] must be less than 3001 characters [json-pointer:/blocks/0/text/text]" in messages
    assert "[ERROR] no more than 10 items allowed [json-pointer:/blocks/1/fields]" in messages
    assert "[ERROR] must be less than 76 characters [json-pointer:/blocks/2/elements/0/text/text]" in messages
    assert "[ERROR] must be less than 2001 characters [json-pointer:/blocks/2/elements/0/value]" in messages


def test_unknown_types_and_keys_are_refused() -> None:
    problems = check_blocks([{"type": "carousel"}, section(colour="red")], "/blocks", 50)
    assert problems == [
        "[ERROR] unsupported type: carousel [json-pointer:/blocks/0/type]",
        "[ERROR] unsupported field: colour [json-pointer:/blocks/1/colour]",
    ]


def test_duplicate_ids_are_refused() -> None:
    blocks = [
        section(block_id="a"),
        {"type": "actions", "block_id": "a", "elements": [button("x"), button("x")]},
    ]
    problems = check_blocks(blocks, "/blocks", 50)
    assert "[ERROR] duplicate block_id: a [json-pointer:/blocks/1/block_id]" in problems
    assert "[ERROR] duplicate action_id: x [json-pointer:/blocks/1/elements/1/action_id]" in problems


def test_element_limits() -> None:
    option = {"text": plain("o" * 76), "value": "v" * 151}
    too_many = [{"text": plain(str(i)), "value": str(i)} for i in range(101)]
    confirm = {"title": plain("t" * 101), "text": plain("x"), "confirm": plain("ja"), "deny": plain("nej")}
    blocks = [
        {
            "type": "actions",
            "elements": [
                {"type": "static_select", "action_id": "s", "options": [option]},
                {"type": "static_select", "action_id": "m", "options": too_many},
                {"type": "overflow", "action_id": "o", "options": too_many[:6]},
                button("c", confirm=confirm, url="u" * 3001),
            ],
        },
        {"type": "actions", "elements": [button(str(i)) for i in range(26)]},
        {"type": "context", "elements": [plain("c")] * 11},
        {"type": "section", "block_id": "b" * 256, "text": plain("x")},
    ]
    problems = check_blocks(blocks, "/blocks", 50)
    expected = [
        "[ERROR] must be less than 76 characters [json-pointer:/blocks/0/elements/0/options/0/text/text]",
        "[ERROR] must be less than 151 characters [json-pointer:/blocks/0/elements/0/options/0/value]",
        "[ERROR] no more than 100 items allowed [json-pointer:/blocks/0/elements/1/options]",
        "[ERROR] no more than 5 items allowed [json-pointer:/blocks/0/elements/2/options]",
        "[ERROR] must be less than 101 characters [json-pointer:/blocks/0/elements/3/confirm/title/text]",
        "[ERROR] must be less than 3001 characters [json-pointer:/blocks/0/elements/3/url]",
        "[ERROR] no more than 25 items allowed [json-pointer:/blocks/1/elements]",
        "[ERROR] no more than 10 items allowed [json-pointer:/blocks/2/elements]",
        "[ERROR] must be less than 256 characters [json-pointer:/blocks/3/block_id]",
    ]
    assert [p for p in expected if p not in problems] == []


def test_modal_rules() -> None:
    assert check_view(modal([section()], title=plain("x" * 25))) == [
        "[ERROR] must be less than 25 characters [json-pointer:/view/title/text]"
    ]
    assert check_view(modal([input_block()])) == [
        "[ERROR] must provide submit when the view contains input blocks [json-pointer:/view/submit]"
    ]
    assert check_view(modal([input_block()], submit=plain("Skicka"), private_metadata="m" * 3001)) == [
        "[ERROR] must be less than 3001 characters [json-pointer:/view/private_metadata]"
    ]
    assert check_view(modal([section()] * 101))[0].endswith("[json-pointer:/view/blocks]")


def test_home_view_has_no_submit_or_close() -> None:
    home = {"type": "home", "blocks": [section()], "close": plain("Stäng")}
    assert check_view(home) == ["[ERROR] unsupported field: close [json-pointer:/view/close]"]
    assert check_view({"type": "home", "blocks": [section()] * 100}) == []


def test_views_api_refuses_invalid_views(slack: object, client: WebClient) -> None:
    # Slack reports view problems from views.* as invalid_arguments, with the same pointers.
    with pytest.raises(SlackApiError) as caught:
        client.views_publish(user_id="U01", view={"type": "home", "blocks": [section("x" * 3001)]})
    assert caught.value.response["error"] == "invalid_arguments"
    assert caught.value.response["response_metadata"]["messages"] == [
        "[ERROR] must be less than 3001 characters [json-pointer:/view/blocks/0/text/text]"
    ]


def test_a_valid_rich_message_and_modal_pass_untouched() -> None:
    options = [{"text": plain(f"Val {i}"), "value": str(i)} for i in range(3)]
    confirm = {"title": plain("Säker?"), "text": plain("Ja"), "confirm": plain("Ja"), "deny": plain("Nej")}
    blocks = [
        {"type": "header", "text": plain("Konsultation 7")},
        section("*Ny*", block_id="s", accessory=button("more", url="https://example.org", confirm=confirm)),
        {"type": "section", "fields": [{"type": "mrkdwn", "text": "*Åk*\n7"}, plain("x")]},
        {
            "type": "actions",
            "block_id": "a",
            "elements": [
                button("take", value="7", style="primary"),
                {"type": "static_select", "action_id": "s", "placeholder": plain("Välj"), "options": options},
                {"type": "overflow", "action_id": "o", "options": options[:2]},
                {"type": "datepicker", "action_id": "d", "initial_date": "2025-06-01"},
                {"type": "users_select", "action_id": "u"},
                {"type": "checkboxes", "action_id": "c", "options": options},
            ],
        },
        {"type": "context", "elements": [{"type": "mrkdwn", "text": "liten"}]},
        {"type": "divider"},
        {"type": "image", "image_url": "https://example.org/a.png", "alt_text": "bild"},
    ]
    assert check_blocks(blocks, "/blocks", 50) == []
    field = {"type": "plain_text_input", "action_id": "t", "multiline": True, "max_length": 3000}
    inputs = [
        {"type": "input", "block_id": "i", "label": plain("Text"), "element": field, "optional": True},
        {
            "type": "input",
            "block_id": "r",
            "label": plain("Val"),
            "element": {"type": "radio_buttons", "action_id": "r", "options": options},
        },
    ]
    view = modal(
        blocks + inputs,
        submit=plain("Skicka"),
        close=plain("Avbryt"),
        private_metadata="{}",
        callback_id="consult",
        notify_on_close=True,
    )
    assert check_view(view) == []
