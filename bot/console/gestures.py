"""What a person does besides typing commands: click a button, fill in a modal, let time pass."""

from __future__ import annotations

import re
from collections.abc import Mapping
from dataclasses import dataclass, field
from datetime import date, timedelta
from typing import Any

from bot.dates import parse_clock, parse_day
from bot.errors import BrygganError
from localslack import Message, Workspace
from localslack.payloads import is_empty, view_state

CLICK = re.compile(
    r"^(?:som|as)\s+(?P<user>[\w.-]+)\s+(?:klickar|klicka|clicks|click)\s+(?P<label>.+)$", re.I
)
SUBMIT = re.compile(
    r"^(?:som|as)\s+(?P<user>[\w.-]+)\s+(?:skriver|skriv|submits|submit)\s*:\s*(?P<text>.*)$", re.I
)
FORWARD = re.compile(r"^(?:spola|forward)\s+(?P<amount>\d{1,4})\s*(?P<unit>\w+)$", re.I)
_UNITS = {
    **dict.fromkeys(("d", "dag", "dagar", "day", "days"), timedelta(days=1)),
    **dict.fromkeys(("h", "timme", "timmar", "hour", "hours"), timedelta(hours=1)),
    **dict.fromkeys(("min", "minut", "minuter", "minute", "minutes"), timedelta(minutes=1)),
}


def duration(amount: str, unit: str) -> timedelta | None:
    """`3 dagar`, `2 h`, `30 min` as a timedelta; None for an unknown unit."""
    step = _UNITS.get(unit.casefold())
    return step * int(amount) if step else None


def find_button(ws: Workspace, user_id: str, label: str) -> tuple[Message, str] | None:
    """The newest message the person can see with a button labelled `label`, and its action_id."""
    wanted = label.strip().strip('"').casefold()
    for message in reversed(ws.messages):
        if message.deleted or not _visible_to(ws, message, user_id):
            continue
        for block in message.blocks or []:
            for element in block.get("elements", []) if block.get("type") == "actions" else []:
                if element.get("type") == "button" and element["text"]["text"].casefold() == wanted:
                    return message, element["action_id"]
    return None


@dataclass
class Filled:
    """What a typed `skriv:` line puts in a modal: Slack's values, or what Slack shows beside fields."""

    values: dict[str, dict[str, Any]] = field(default_factory=dict)
    errors: dict[str, BrygganError] = field(default_factory=dict)  # by the field's label


def modal_values(
    view: dict[str, Any], text: str, *, today: date, people: Mapping[str, str] | None = None
) -> Filled:
    """Fill the modal's inputs in order with the parts of `text` separated by `|`.

    A text field takes the part as typed (`-` clears it); a date or time field reads it as
    `/kontakt frånvaro` reads dates (`imorgon`, `5/12`, `fredag`; `kl 13`, `13.15`); a select takes
    the option whose label or value matches (a multi-select: several, separated by commas). An
    empty or missing part keeps what the field shows, as an untouched field in Slack does. An empty
    required field is refused beside it, as Slack refuses to submit it.
    """
    parts = [part.strip() for part in text.split("|")]
    inputs = [b for b in view.get("blocks", []) if b.get("type") == "input"]
    filled = Filled()
    for block, part in zip(inputs, parts, strict=False):
        element = block["element"]
        if not part:
            continue
        try:
            answer = _answer(element, part, today, people or {})
        except BrygganError as error:
            filled.errors[_label(block)] = error
            continue
        filled.values[block["block_id"]] = {element["action_id"]: {"type": element["type"], **answer}}
    state = view_state(view, filled.values, strict_required=False)
    for block in inputs:
        entry = state.get(block["block_id"], {}).get(block["element"]["action_id"], {})
        if not block.get("optional") and is_empty(entry) and _label(block) not in filled.errors:
            filled.errors[_label(block)] = BrygganError("field_required")
    return filled


def _label(block: dict[str, Any]) -> str:
    return str(block.get("label", {}).get("text", block.get("block_id", "")))


def _answer(element: dict[str, Any], part: str, today: date, people: Mapping[str, str]) -> dict[str, Any]:
    kind = element["type"]
    if kind == "users_select":  # `@omar` or `omar`, a demo person's name; `-` clears the choice
        return {"selected_user": None if part == CLEAR else people.get(part.lower().lstrip("@"), part)}
    if kind == "checkboxes":  # ticks the options named, separated by commas; `-` ticks none
        ticked = [_option(element, word) for word in part.split(",") if word.strip() and part != CLEAR]
        return {"selected_options": [option for option in ticked if option]}
    if kind == "multi_static_select":
        chosen = [_option(element, word) for word in part.split(",") if word.strip()]
        return {"selected_options": [option for option in chosen if option]}
    if kind == "static_select":
        return {"selected_option": _option(element, part)}
    if kind == "datepicker":
        return {"selected_date": parse_day(part, today=today).isoformat()}
    if kind == "timepicker":
        return {"selected_time": parse_clock(part).strftime("%H:%M")}
    return {"value": "" if part == CLEAR else part}


CLEAR = "-"  # typed alone in a field: empty it on purpose


def _option(element: dict[str, Any], word: str) -> dict[str, Any] | None:
    wanted = word.strip().casefold()
    for option in element.get("options", []):
        if wanted in (option["value"].casefold(), option["text"]["text"].casefold()):
            return {"value": option["value"], "text": option["text"]}
    return None


def _visible_to(ws: Workspace, message: Message, user_id: str) -> bool:
    if message.ephemeral_user:
        return message.ephemeral_user == user_id
    channel = ws.channels.get(message.channel)
    if channel is None:
        return False
    return channel.im_user == user_id if channel.is_im else user_id in channel.members
