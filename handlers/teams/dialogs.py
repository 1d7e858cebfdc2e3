"""A Slack modal `view` as a Teams dialog (an Adaptive Card in a task module), and its submission back.

The forms are built once, as Slack views (consultation_messages, consultation_casework); Teams
shows the same view translated here, and what the dialog submits is read back into Slack's shape
(`view.state.values[block_id][action_id]`), so the value readers (consultation_messages.values,
arguments.field_value, …) run unchanged.

| Slack input element | Adaptive Card 1.5 input (id = block_id) | submitted, read back as |
|---|---|---|
| plain_text_input | Input.Text (`isMultiline`, `maxLength`) | `value` |
| number_input | Input.Number | `value` |
| static_select, radio_buttons | Input.ChoiceSet (`filtered` past 10) | `selected_option` |
| multi_static_select, checkboxes | Input.ChoiceSet `isMultiSelect` (values a,b) | `selected_options` |
| datepicker | Input.Date | `selected_date` |
| timepicker | Input.Time | `selected_time` |

A block's label is the input's `label`, its hint a small line under it, `optional: false` is
`isRequired`. Other blocks (context, section, header) are shown as cards.py shows them in a
message. Input elements Teams has no equal for (users_select: Teams' people picker answers with
Entra ids, not the ids Bryggan knows) are dropped and named in `Dialog.dropped`.

The submit button carries the view's callback_id and its stamped private_metadata
(handlers/stamps.py), which the caller verifies as Slack's submissions are. Teams has no
`response_action: errors`: a refusal re-renders the dialog with each error under its field in an
attention-coloured line, keeping what was typed in every field but the refused one, so the refused
words travel back to no one.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import Any

from handlers.teams import cards

MAX_CHOICES = 100  # Slack's own limit for a select, so no view Bryggan builds has more
FILTERED_FROM = 11  # a longer list gets Teams' type-to-filter box
DATA_KEY = "bryggan"  # the submit button's data: {"bryggan": {"callback_id", "private_metadata"}}
_NOT_TYPED = ("msteams", DATA_KEY)


@dataclass
class Dialog:
    """A task module's `continue` value (title and card) and what of the view had no equivalent."""

    value: dict[str, Any]
    dropped: list[str] = field(default_factory=list)


@dataclass(frozen=True, slots=True)
class Submitted:
    """What a dialog's task/submit carries: the form, its stamped metadata, and what was typed."""

    callback_id: str
    private_metadata: str
    typed: dict[str, Any]


def to_dialog(
    view: Mapping[str, Any],
    *,
    typed: Mapping[str, Any] | None = None,
    errors: Mapping[str, str] | None = None,
    names: Mapping[str, str] | None = None,
) -> Dialog:
    """The dialog showing `view`, with `typed` values in its inputs and each of `errors` under its field;
    a person the view mentions is shown as `@` and their name in `names` (a dialog holds no mentions)."""
    typed, errors = typed or {}, errors or {}
    named = {internal: cards.Named(name) for internal, name in (names or {}).items()}
    dialog = Dialog({})
    body: list[dict[str, Any]] = []
    for block in view.get("blocks", []):
        if block["type"] != "input":
            shown = cards.from_blocks([block], names=named).content["body"]
            body += [e for e in shown if e.get("text") != " "]
            continue
        element = _input(block, typed.get(block["block_id"]))
        if element is None:
            dialog.dropped.append(block["element"]["type"])
            continue
        body.append(element)
        if block.get("hint"):
            body.append(cards.text_block(cards.escape(block["hint"]["text"]), size="Small", isSubtle=True))
        if block["block_id"] in errors:
            body.append(cards.text_block(cards.escape(errors[block["block_id"]]), color="Attention"))
    # An error about a field this form does not show (say, no colleague to pick) still stands, last.
    for where, error in errors.items():
        if not any(element.get("id") == where for element in body):
            body.append(cards.text_block(cards.escape(error), color="Attention"))
    card: dict[str, Any] = {"type": "AdaptiveCard", "version": cards.VERSION, "body": body or _blank()}
    if view.get("callback_id") and view.get("submit"):
        data = {"callback_id": view["callback_id"], "private_metadata": view.get("private_metadata", "")}
        submit = {"type": "Action.Submit", "title": view["submit"]["text"], "data": {DATA_KEY: data}}
        card["actions"] = [submit]
    attachment = {"contentType": cards.CARD_CONTENT_TYPE, "content": card}
    dialog.value = {"title": view.get("title", {}).get("text", ""), "card": attachment}
    return dialog


def submitted(data: Mapping[str, Any]) -> Submitted | None:
    """The form a task/submit's data names (None when it names none), and the inputs' values."""
    ours = data.get(DATA_KEY)
    if not isinstance(ours, dict) or not isinstance(ours.get("callback_id"), str):
        return None
    typed = {k: v for k, v in data.items() if k not in _NOT_TYPED}
    return Submitted(ours["callback_id"], str(ours.get("private_metadata", "")), typed)


def with_state(view: Mapping[str, Any], typed: Mapping[str, Any]) -> dict[str, Any]:
    """`view` as Slack hands a submission over: `state.values[block_id][action_id]` from `typed`."""
    values: dict[str, dict[str, Any]] = {}
    for block in view.get("blocks", []):
        if block["type"] == "input":
            element = block["element"]
            read = _read(element, typed.get(block["block_id"]))
            values[block["block_id"]] = {element["action_id"]: {"type": element["type"], **read}}
    return {**view, "state": {"values": values}}


def text_fields(view: Mapping[str, Any]) -> set[str]:
    """The block ids of the form's free-text inputs (what the privacy guard reads)."""
    return {
        block["block_id"]
        for block in view.get("blocks", [])
        if block["type"] == "input" and block["element"]["type"] == "plain_text_input"
    }


def _blank() -> list[dict[str, Any]]:
    return [cards.text_block(" ")]


def _input(block: Mapping[str, Any], typed: Any) -> dict[str, Any] | None:
    element, kind = block["element"], block["element"]["type"]
    common: dict[str, Any] = {
        "id": block["block_id"],
        "label": block["label"]["text"],
        "isRequired": not block.get("optional", False),
    }
    if element.get("placeholder"):
        common["placeholder"] = element["placeholder"]["text"]
    value = typed if typed is not None else _initial(element)
    if value not in (None, ""):
        common["value"] = str(value)
    if kind == "plain_text_input":
        text = {"type": "Input.Text", "isMultiline": bool(element.get("multiline")), **common}
        return {**text, "maxLength": element["max_length"]} if element.get("max_length") else text
    if kind == "number_input":
        return {"type": "Input.Number", **common}
    if kind == "datepicker":
        return {"type": "Input.Date", **common}
    if kind == "timepicker":
        return {"type": "Input.Time", **common}
    if kind in ("static_select", "radio_buttons", "multi_static_select", "checkboxes"):
        return _choices(element, common)
    return None


def _choices(element: Mapping[str, Any], common: dict[str, Any]) -> dict[str, Any]:
    kind = element["type"]
    options = element.get("options", [])[:MAX_CHOICES]
    choices = [{"title": o["text"]["text"], "value": o["value"]} for o in options]
    style = "expanded" if kind in ("radio_buttons", "checkboxes") else "compact"
    if style == "compact" and len(choices) >= FILTERED_FROM:
        style = "filtered"
    multi = kind in ("multi_static_select", "checkboxes")
    return {"type": "Input.ChoiceSet", "choices": choices, "style": style, "isMultiSelect": multi, **common}


def _initial(element: Mapping[str, Any]) -> str | None:
    """An element's initial value as Adaptive Cards writes it (several choices comma-joined)."""
    if "initial_value" in element:
        return str(element["initial_value"])
    if element.get("initial_option"):
        return str(element["initial_option"]["value"])
    if element.get("initial_options"):
        return ",".join(o["value"] for o in element["initial_options"])
    return element.get("initial_date") or element.get("initial_time")


def _read(element: Mapping[str, Any], typed: Any) -> dict[str, Any]:
    """A submitted value in the shape Slack gives that element's state."""
    kind, text = element["type"], "" if typed is None else str(typed).strip()
    if kind in ("static_select", "radio_buttons"):
        return {"selected_option": _option(element, text) if text else None}
    if kind in ("multi_static_select", "checkboxes"):
        picked = [v for v in text.split(",") if v]
        return {"selected_options": [_option(element, v) for v in picked]}
    if kind == "datepicker":
        return {"selected_date": text or None}
    if kind == "timepicker":
        return {"selected_time": text[:5] or None}  # Teams may send seconds: Slack's is HH:MM
    return {"value": "" if typed is None else str(typed)}


def _option(element: Mapping[str, Any], value: str) -> dict[str, Any]:
    """The option chosen, as Slack names it: its value and (when it is one of the view's) its text."""
    for option in element.get("options", []):
        if option["value"] == value:
            return dict(option)
    return {"value": value}  # not offered: the use case refuses it, as it would a forged Slack payload
