"""Adaptive Card rules: each refusal is a card Teams would not render (or would render with parts gone)."""

from __future__ import annotations

from typing import Any

import pytest

from localteams import Driver, LocalTeams
from localteams.cards import MAX_ACTIONS, MAX_DEPTH, check_card
from tests.localteams.teamsbed import RITA, call, card_attachment, message


def card(*body: dict[str, Any], version: str = "1.5", **extra: Any) -> dict[str, Any]:
    return {"type": "AdaptiveCard", "version": version, "body": list(body), **extra}


def text(value: str = "Ny konsultation") -> dict[str, Any]:
    return {"type": "TextBlock", "text": value, "wrap": True}


def everything() -> dict[str, Any]:
    """A card using every element and action Teams renders."""
    return card(
        text(),
        {"type": "Image", "url": "https://example.se/a.png", "altText": "logga"},
        {"type": "Container", "items": [text("i en container")], "selectAction": {"type": "Action.Submit"}},
        {"type": "ColumnSet", "columns": [{"type": "Column", "items": [text("kolumn")]}]},
        {"type": "FactSet", "facts": [{"title": "Skola", "value": "Berzelius"}]},
        {"type": "ImageSet", "images": [{"type": "Image", "url": "https://example.se/b.png"}]},
        {"type": "Media", "sources": [{"mimeType": "video/mp4", "url": "https://example.se/v.mp4"}]},
        {"type": "RichTextBlock", "inlines": [{"type": "TextRun", "text": "fet"}]},
        {
            "type": "Table",
            "rows": [{"type": "TableRow", "cells": [{"type": "TableCell", "items": [text()]}]}],
        },
        {"type": "Input.Text", "id": "beskrivning", "isRequired": True, "label": "Beskriv"},
        {"type": "Input.Number", "id": "arskurs"},
        {"type": "Input.Date", "id": "datum"},
        {"type": "Input.Time", "id": "tid"},
        {"type": "Input.Toggle", "id": "akut", "title": "Akut"},
        {"type": "Input.ChoiceSet", "id": "skola", "choices": [{"title": "Berzelius", "value": "b"}]},
        {"type": "ActionSet", "actions": [{"type": "Action.ToggleVisibility", "targetElements": ["tid"]}]},
        {"type": "CodeBlock", "codeSnippet": "x", "fallback": "drop"},
        actions=[
            {"type": "Action.Execute", "verb": "acknowledge", "title": "Jag tar den", "data": {"case": 7}},
            {"type": "Action.Submit", "title": "Öppna", "data": {"msteams": {"type": "task/fetch"}}},
            {"type": "Action.OpenUrl", "title": "Läs mer", "url": "https://example.se"},
            {"type": "Action.ShowCard", "title": "Svara", "card": {"type": "AdaptiveCard", "body": [text()]}},
        ],
        refresh={"action": {"type": "Action.Execute", "verb": "refresh"}},
    )


def test_a_card_using_every_supported_feature_passes() -> None:
    assert check_card(everything()) == []


@pytest.mark.parametrize(
    ("bad", "pointer", "why"),
    [
        (card(text(), version="1.6"), "/version", "1.5 at most"),
        ({"type": "AdaptiveCard", "body": [text()]}, "/version", "must declare"),
        (card(text(), version="v1"), "/version", "must declare"),
        ({"type": "MessageCard", "version": "1.5"}, "/type", "AdaptiveCard"),
        (card({"type": "Textblock", "text": "stavfel"}), "/body/0/type", "unknown type"),
        (card(text(), actions=[{"type": "Action.Http", "url": "x"}]), "/actions/0/type", "unknown type"),
        (card({"type": "TextBlock"}), "/body/0/text", "required"),
        (card({"type": "Image", "url": ""}), "/body/0/url", "required"),
        (card({"type": "Image", "url": "data:image/png;base64,iVBORw0KGgo="}), "/body/0/url", "no data: URL"),
        (card({"type": "Input.Text"}), "/body/0/id", "required"),
        (card({"type": "Input.Toggle", "id": "t"}), "/body/0/title", "required"),
        (card({"type": "FactSet", "facts": [{"title": "x"}]}), "/body/0/facts/0/value", "required"),
        (card({"type": "Container", "items": [{"type": "Image"}]}), "/body/0/items/0/url", "required"),
        (card(text(), actions=[{"type": "Action.OpenUrl", "title": "x"}]), "/actions/0/url", "required"),
        (
            card(text(), actions=[{"type": "Action.ShowCard", "card": {"type": "X"}}]),
            "/actions/0/card/type",
            "must",
        ),
        (card(text(), version="1.4", actions=[{"type": "Action.Execute"}]), "/actions/0/type", "1.5"),
        (card(text(), version="1.4", refresh={"action": {}}), "/refresh", "1.5"),
        (card(text(), actions=[{"type": "Action.Submit"}] * (MAX_ACTIONS + 1)), "/actions", "at most 6"),
        (
            card({"type": "Input.Text", "id": "a"}, {"type": "Input.Number", "id": "a"}),
            "/body/1/id",
            "duplicate input id",
        ),
        (card({"type": "Unknown", "fallback": {"type": "TextBlock"}}), "/body/0/fallback/text", "required"),
        (card(text(), body="inte en lista"), "/body", "array"),
    ],
)
def test_cards_teams_would_not_render_are_refused(bad: dict[str, Any], pointer: str, why: str) -> None:
    problems = check_card(bad)
    assert any(where == pointer and why in what for where, what in problems), problems


def test_nesting_is_bounded() -> None:
    nested: dict[str, Any] = text()
    for _ in range(MAX_DEPTH + 1):
        nested = {"type": "Container", "items": [nested]}
    assert any("nested deeper" in what for _, what in check_card(card(nested)))


def test_the_connector_refuses_a_bad_card_and_a_message_over_28_kb(
    teams: LocalTeams, driver: Driver, token: str
) -> None:
    conv = driver.install_personal(RITA)
    url = f"{teams.service_url}/v3/conversations/{conv.id}/activities"
    bad = call(
        url, json_body=message(attachments=[card_attachment(card(text(), version="1.6"))]), token=token
    )
    assert (bad.status, bad.body["error"]["code"]) == (400, "BadArgument")
    assert "/attachments/0/content/version" in bad.body["error"]["message"]
    big = card(*[text("x" * 1000) for _ in range(30)])
    too_big = call(url, json_body=message(attachments=[card_attachment(big)]), token=token)
    assert (too_big.status, too_big.body["error"]["code"]) == (413, "MessageSizeTooBig")
    good = call(url, json_body=message(attachments=[card_attachment(everything())]), token=token)
    assert good.status == 201
    assert teams.posted(conv.id)[0].cards == [everything()]
