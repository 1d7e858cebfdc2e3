"""Card gestures: which action a user can click, what Teams sends for it, and what it does with the answer."""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

from localteams.cards import CARD_CONTENT_TYPE, check_card
from localteams.delivery import Answer
from localteams.errors import TeamsFault

MESSAGE_RESPONSE = "application/vnd.microsoft.activity.message"
ERROR_RESPONSE = "application/vnd.microsoft.error"


def find_action(cards: list[dict[str, Any]], action: str) -> dict[str, Any]:
    """The action whose id, title or verb is `action`; TeamsFault if no such button is shown."""
    for card in cards:
        for found in _actions(card):
            if action in (found.get("id"), found.get("title"), found.get("verb")):
                return found
    raise TeamsFault(f"no action {action!r} on the card; the user cannot click it")


def _actions(card: dict[str, Any]) -> Iterator[dict[str, Any]]:
    yield from _walk_actions(card.get("actions", []))
    for element in _walk_elements(card.get("body", [])):
        if element.get("type") == "ActionSet":
            yield from _walk_actions(element.get("actions", []))
        if isinstance(element.get("selectAction"), dict):
            yield element["selectAction"]


def _walk_actions(actions: list[Any]) -> Iterator[dict[str, Any]]:
    for action in actions:
        if isinstance(action, dict):
            yield action
            if action.get("type") == "Action.ShowCard" and isinstance(action.get("card"), dict):
                yield from _actions(action["card"])


def _walk_elements(items: list[Any]) -> Iterator[dict[str, Any]]:
    for item in items:
        if not isinstance(item, dict):
            continue
        yield item
        for key in ("items", "columns", "rows", "cells"):
            if isinstance(item.get(key), list):
                yield from _walk_elements(item[key])


def input_values(cards: list[dict[str, Any]], typed: dict[str, Any]) -> dict[str, Any]:
    """What the card's inputs hold after the user typed `typed`: their values, defaults, required ones."""
    inputs = {e["id"]: e for c in cards for e in _walk_elements(c.get("body", [])) if _is_input(e)}
    for card in cards:
        for action in _walk_actions(card.get("actions", [])):
            if action.get("type") == "Action.ShowCard":
                inputs.update(
                    {e["id"]: e for e in _walk_elements(action["card"].get("body", [])) if _is_input(e)}
                )
    unknown = set(typed) - set(inputs)
    if unknown:
        raise TeamsFault(f"no input {sorted(unknown)} on the card; the user cannot type there")
    values = {k: e["value"] for k, e in inputs.items() if "value" in e}
    values.update(typed)
    missing = [k for k, e in inputs.items() if e.get("isRequired") and values.get(k) in (None, "")]
    if missing:
        raise TeamsFault(f"required inputs {missing} are empty; Teams does not send the action")
    return values


def _is_input(element: dict[str, Any]) -> bool:
    return str(element.get("type", "")).startswith("Input.") and isinstance(element.get("id"), str)


def check_answer(name: str, answer: Answer) -> None:
    """TeamsFault when Teams would show the user an error for the bot's answer to an invoke."""
    if answer.status != 200:
        raise TeamsFault(f"{name} answered HTTP {answer.status}; Teams shows an error")
    body = answer.body
    if name == "adaptiveCard/action":
        _check_card_action(body)
    elif name in ("task/fetch", "task/submit"):
        if body is None and name == "task/submit":
            return  # an empty answer closes the dialog
        _check_task(name, body)


def _check_card_action(body: Any) -> None:
    if not isinstance(body, dict) or not isinstance(body.get("statusCode"), int):
        raise TeamsFault("adaptiveCard/action must answer {statusCode, type, value}")
    if body["statusCode"] != 200:
        if body.get("type") != ERROR_RESPONSE:
            raise TeamsFault(f"a failed adaptiveCard/action answers type {ERROR_RESPONSE}")
        return
    if body.get("type") == MESSAGE_RESPONSE and isinstance(body.get("value"), str):
        return
    if body.get("type") == CARD_CONTENT_TYPE:
        _check_shown_card(body.get("value"), "adaptiveCard/action")
        return
    raise TeamsFault(f"adaptiveCard/action answers a message ({MESSAGE_RESPONSE}) or a card")


def _check_task(name: str, body: Any) -> None:
    task = body.get("task") if isinstance(body, dict) else None
    if not isinstance(task, dict) or task.get("type") not in ("continue", "message"):
        raise TeamsFault(f"{name} must answer {{task: {{type: continue | message, value}}}}")
    value = task.get("value")
    if task["type"] == "message":
        if not isinstance(value, str):
            raise TeamsFault(f"{name}: a message task's value is the text shown")
        return
    if not isinstance(value, dict) or not (value.get("card") or value.get("url")):
        raise TeamsFault(f"{name}: a continue task's value holds a card attachment or a url")
    card = value.get("card")
    if card is not None:
        if not isinstance(card, dict) or card.get("contentType") != CARD_CONTENT_TYPE:
            raise TeamsFault(f"{name}: the dialog's card is an Adaptive Card attachment")
        _check_shown_card(card.get("content"), name)


def _check_shown_card(card: Any, where: str) -> None:
    problems = check_card(card)
    if problems:
        raise TeamsFault(f"{where}: Teams would not render the card: {problems}")
