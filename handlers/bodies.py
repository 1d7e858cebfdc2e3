"""What a request from Slack must look like before Bolt sees it: size, signature, then shape.

Bolt parses a body before it checks the signature and assumes every payload is a JSON object, so a
malformed body would otherwise end in HTTP 500 (and an unacked Socket Mode envelope).
"""

from __future__ import annotations

import json
from typing import Any
from urllib.parse import unquote_plus

# Slack's largest bodies are view submissions (100 blocks, 3,000 characters of private_metadata);
# they stay far below this. Anything larger is refused with 413 unread.
MAX_BODY_BYTES = 512 * 1024

_OBJECTS = ("team", "user", "enterprise", "channel", "container", "view", "event", "message")


class Malformed(ValueError):
    """The body is not a request Slack would send; the reason names a shape, never content."""


def parse(raw: bytes, content_type: str) -> dict[str, Any]:
    """The request as Bolt will see it: form fields, the `payload` field's JSON, or the JSON body."""
    try:
        text = raw.decode("utf-8")
    except UnicodeDecodeError:
        raise Malformed("not utf-8") from None
    if content_type.startswith("application/x-www-form-urlencoded"):
        form = form_fields(text)
        return _json(form["payload"]) if "payload" in form else form
    return _json(text)


def form_fields(text: str) -> dict[str, str]:
    """A form body's fields, the first value of each, as `parse_qs(text, keep_blank_values=True)` reads them.

    Written out because every request pays for it and parse_qs unquotes every name and value: here
    only those holding `%` or `+` are (in a slash command, two or three of fifteen).
    """
    fields: dict[str, str] = {}
    for pair in text.split("&"):
        if not pair:
            continue
        key, _, value = pair.partition("=")
        key = unquote_plus(key) if "%" in key or "+" in key else key
        if key not in fields:
            fields[key] = unquote_plus(value) if "%" in value or "+" in value else value
    return fields


def check(body: Any) -> None:
    """Malformed unless `body` has the shape of the request kind it claims to be."""
    if not isinstance(body, dict):
        raise Malformed("not an object")
    for key in _OBJECTS:
        if body.get(key) is not None and not isinstance(body[key], dict):
            raise Malformed(f"{key} is not an object")
    kind = body.get("type")
    if "command" in body:
        _strings(body, "command", "team_id", "user_id", "channel_id")
    elif kind in ("view_submission", "view_closed"):
        _view(body)
    elif kind == "block_actions":
        actions = body.get("actions")
        if not isinstance(actions, list) or not actions:
            raise Malformed("actions is not a list")
        for action in actions:
            if not isinstance(action, dict):
                raise Malformed("an action is not an object")
            _strings(action, "action_id")
    elif kind == "event_callback":
        _strings(body["event"] if isinstance(body.get("event"), dict) else {}, "type")


def _view(body: dict[str, Any]) -> None:
    view = body.get("view")
    if not isinstance(view, dict) or not isinstance(body.get("user"), dict):
        raise Malformed("view or user missing")
    _strings(view, "id", "callback_id")
    _strings(body["user"], "id")
    if not isinstance(view.get("private_metadata", ""), str):
        raise Malformed("private_metadata is not a string")
    state = view.get("state")
    if body["type"] == "view_submission" and not (
        isinstance(state, dict) and isinstance(state.get("values"), dict)
    ):
        raise Malformed("view has no state")


def _strings(obj: dict[str, Any], *keys: str) -> None:
    for key in keys:
        if not isinstance(obj.get(key), str):
            raise Malformed(f"{key} is not a string")


def _json(text: str) -> dict[str, Any]:
    try:
        value = json.loads(text)
    except ValueError:
        raise Malformed("not JSON") from None
    if not isinstance(value, dict):
        raise Malformed("not an object")
    return value
