"""What Teams shows a person and what they send back: card texts, dialogs and their submits, posts."""

from __future__ import annotations

from typing import Any

from localteams import Activity, Answer, Driver, LocalTeams


def texts(card: dict[str, Any]) -> str:
    """The card's text blocks, one a line."""
    return "\n".join(e.get("text", "") for e in card["body"] if e["type"] == "TextBlock")


def text_of(message: Activity) -> str:
    """The text blocks of a message's one card."""
    [card] = message.cards
    return texts(card)


def dialog(answer: Answer | None) -> dict[str, Any]:
    """The card of the dialog (task module) a click or a submit opens."""
    assert answer is not None
    task = answer.body["task"]
    assert task["type"] == "continue", task
    return task["value"]["card"]["content"]


def inputs(card: dict[str, Any]) -> dict[str, dict[str, Any]]:
    """A dialog's input fields by id."""
    return {e["id"]: e for e in card["body"] if e["type"].startswith("Input.")}


def submit(driver: Driver, user: str, conversation: str, card: dict[str, Any], **typed: str) -> Answer:
    """The user fills the dialog and presses its submit: Teams sends the button's data and the inputs."""
    [button] = card["actions"]
    values = {k: e["value"] for k, e in inputs(card).items() if "value" in e}
    return driver.submit_task(user, conversation, {**button["data"], **values, **typed})


def posted(teams: LocalTeams, conversation: str, count: int) -> list[Activity]:
    """Everything posted in `conversation`, once there are at least `count` messages."""
    return teams.directory.wait_for(
        lambda d: d.posted(conversation) if len(d.posted(conversation)) >= count else None
    )
