"""The bodies Slack sends an app: slash commands, interactions and Events API callbacks."""

from __future__ import annotations

import copy
import html
import re
from typing import Any

from localslack.errors import SlackFault
from localslack.models import Message, User
from localslack.rules import block_elements
from localslack.workspace import Workspace

_MENTION = re.compile(r"(?<![\w<|])@([A-Za-z0-9._-]+)")
_CHANNEL = re.compile(r"(?<![\w<|&])#([a-z0-9_-]+)")
_URL = re.compile(r"(?<![<|])\bhttps?://[^\s<>]+")


def escape_command_text(ws: Workspace, text: str) -> str:
    """Text as Slack delivers it with should_escape on: &<> escaped, known @user/#channel linked."""
    escaped = html.escape(text, quote=False)
    by_name = {u.name: u for u in ws.users.values() if not u.deleted}
    channels = {c.name: c for c in ws.channels.values() if not c.is_im}

    def user(m: re.Match[str]) -> str:
        found = by_name.get(m.group(1))
        return f"<@{found.id}|{found.name}>" if found else m.group(0)

    def channel(m: re.Match[str]) -> str:
        found = channels.get(m.group(1))
        return f"<#{found.id}|{found.name}>" if found else m.group(0)

    escaped = _URL.sub(lambda m: f"<{m.group(0)}>", escaped)
    return _CHANNEL.sub(channel, _MENTION.sub(user, escaped))


def user_ref(ws: Workspace, user: User) -> dict[str, Any]:
    """The `user` object of an interaction payload."""
    return {"id": user.id, "username": user.name, "name": user.name, "team_id": ws.team_id}


def team_ref(ws: Workspace) -> dict[str, Any]:
    """The `team` object of an interaction payload."""
    return {"id": ws.team_id, "domain": ws.domain}


def interaction_base(ws: Workspace, kind: str, user: User, trigger_id: str) -> dict[str, Any]:
    """Fields every interaction payload carries."""
    return {
        "type": kind,
        "team": team_ref(ws),
        "user": user_ref(ws, user),
        "api_app_id": ws.api_app_id,
        "token": ws.verification_token,
        "trigger_id": trigger_id,
        "is_enterprise_install": False,
        "enterprise": None,
    }


def find_element(
    blocks: list[dict[str, Any]], action_id: str, block_id: str | None
) -> tuple[str, dict[str, Any]]:
    """(block_id, element) of the interactive element the user used; SlackFault if absent."""
    for index, block in enumerate(blocks):
        for _, element in block_elements(block):
            if element.get("action_id") == action_id and block_id in (None, block.get("block_id")):
                return block.get("block_id") or f"auto{index}", element
    raise SlackFault(f"no element with action_id {action_id!r} (block {block_id!r}) for the user to use")


def _options(element: dict[str, Any]) -> list[dict[str, Any]]:
    options = list(element.get("options", []))
    for group in element.get("option_groups", []):
        options += group.get("options", [])
    return options


def _option(element: dict[str, Any], value: str) -> dict[str, Any]:
    if element["type"].endswith("external_select"):
        return {"text": {"type": "plain_text", "text": value}, "value": value}
    for option in _options(element):
        if option.get("value") == value:
            return option
    raise SlackFault(f"{element['type']} {element.get('action_id')!r} has no option {value!r}")


_SELECTED = {
    "users_select": "selected_user",
    "multi_users_select": "selected_users",
    "conversations_select": "selected_conversation",
    "multi_conversations_select": "selected_conversations",
    "channels_select": "selected_channel",
    "multi_channels_select": "selected_channels",
    "datepicker": "selected_date",
    "timepicker": "selected_time",
    "datetimepicker": "selected_date_time",
}


def element_value(element: dict[str, Any], value: Any) -> dict[str, Any]:
    """The value fields Slack reports for an element set to `value` (in actions and state)."""
    kind = element["type"]
    if kind in _SELECTED:
        return {"type": kind, _SELECTED[kind]: value}
    if kind in ("static_select", "external_select", "radio_buttons", "overflow"):
        return {"type": kind, "selected_option": None if value is None else _option(element, value)}
    if kind in ("multi_static_select", "multi_external_select", "checkboxes"):
        return {"type": kind, "selected_options": [_option(element, v) for v in value or []]}
    return {"type": kind, "value": value}


def initial_state(element: dict[str, Any]) -> dict[str, Any]:
    """An input's state before the user touches it (its initial_* value, else empty)."""
    kind = element["type"]
    if "initial_option" in element:
        return {"type": kind, "selected_option": element["initial_option"]}
    if "initial_options" in element:
        return {"type": kind, "selected_options": element["initial_options"]}
    for key in ("initial_value", "initial_date", "initial_time", "initial_user", "initial_channel"):
        if key in element:
            return element_value(element, element[key])
    empty: Any = [] if kind.startswith("multi_") or kind == "checkboxes" else None
    return element_value(element, empty)


def is_empty(state: dict[str, Any]) -> bool:
    """Whether an input's state holds nothing."""
    return all(v in (None, "", []) for k, v in state.items() if k != "type")


def view_state(
    view: dict[str, Any], given: dict[str, dict[str, Any]] | None, *, strict_required: bool
) -> dict[str, dict[str, Any]]:
    """state.values for a view: every input, with the user's entries laid over the initial ones."""
    values: dict[str, dict[str, Any]] = copy.deepcopy(view.get("state", {}).get("values", {}))
    inputs = {}
    for index, block in enumerate(view.get("blocks", [])):
        if block.get("type") == "input":
            block_id = block.get("block_id") or f"auto{index}"
            element = block["element"]
            action_id = element.get("action_id") or f"auto{index}"
            inputs[(block_id, action_id)] = (block, element)
            values.setdefault(block_id, {}).setdefault(action_id, initial_state(element))
    for block_id, actions in (given or {}).items():
        for action_id, entry in actions.items():
            if (block_id, action_id) not in inputs:
                raise SlackFault(f"the view has no input {block_id}/{action_id}")
            element = inputs[(block_id, action_id)][1]
            raw = {k: v for k, v in entry.items() if k != "type"}
            if set(raw) == {"value"} and element["type"] not in ("plain_text_input", "email_text_input"):
                values[block_id][action_id] = element_value(element, raw["value"])
            else:
                values[block_id][action_id] = {"type": element["type"], **raw}
    if strict_required:
        for (block_id, action_id), (block, _) in inputs.items():
            if not block.get("optional") and is_empty(values[block_id][action_id]):
                raise SlackFault(f"Slack won't submit: required input {block_id}/{action_id} is empty")
    return values


def message_api(ws: Workspace, message: Message) -> dict[str, Any]:
    """A message as interaction payloads embed it."""
    return message.to_api(with_metadata=False, team_id=ws.team_id)


def event_callback(ws: Workspace, event: dict[str, Any], event_id: str, event_time: int) -> dict[str, Any]:
    """An Events API envelope around one event."""
    return {
        "token": ws.verification_token,
        "team_id": ws.team_id,
        "context_team_id": ws.team_id,
        "context_enterprise_id": None,
        "api_app_id": ws.api_app_id,
        "event": event,
        "type": "event_callback",
        "event_id": event_id,
        "event_time": event_time,
        "authorizations": [
            {
                "enterprise_id": None,
                "team_id": ws.team_id,
                "user_id": ws.bot_user_id,
                "is_bot": True,
                "is_enterprise_install": False,
            }
        ],
        "is_ext_shared_channel": False,
        "event_context": f"4-{event_id}",
    }


def response_url_enabled(view: dict[str, Any], block_id: str) -> bool:
    """Whether the input block's select asks Slack for a response_url."""
    for block in view.get("blocks", []):
        if block.get("block_id") == block_id:
            return bool(block.get("element", {}).get("response_url_enabled"))
    return False


def action_fields(element: dict[str, Any], value: Any) -> dict[str, Any]:
    """What an action reports: a button's own text/value, or the picked value."""
    if element["type"] == "button":
        if value is not None and value != element.get("value"):
            raise SlackFault(f"button {element.get('action_id')!r} has value {element.get('value')!r}")
        fields = {"type": "button", "text": element["text"]}
        if "value" in element:
            fields["value"] = element["value"]
        if "style" in element:
            fields["style"] = element["style"]
        return fields
    return element_value(element, value)
