"""What Slack does with an app's ack: show a command's reply, apply a view_submission's response_action."""

from __future__ import annotations

from typing import Any

from localslack.errors import SlackFault
from localslack.modals import ViewError
from localslack.models import Via
from localslack.responses import Origin, apply_reply
from localslack.rules import check_view
from localslack.transport import AckResult
from localslack.webapi import ApiError
from localslack.workspace import Workspace


def after_command(ws: Workspace, result: AckResult, *, channel_id: str, user_id: str) -> None:
    """A slash command's ack body is shown to the user (ephemeral unless response_type=in_channel).

    Over HTTP Slack reads the body as a message only when it is sent as `application/json`; any
    other body is shown as it stands, as plain text (JSON sent as text/plain shows its braces).
    """
    if result.status != 200 or not result.body:
        return
    body: Any = result.body
    if result.raw_body is not None and not _is_json(result.headers):
        body = result.raw_body.decode("utf-8", "replace")
    if isinstance(body, str):
        body = {"text": body}
    if not any(k in body for k in ("text", "blocks")):
        return
    try:
        with ws.cond:
            apply_reply(ws, Origin(channel_id, user_id), body, via=Via.ACK)
    except ApiError as e:
        raise SlackFault(f"Slack refuses the command's ack body: {e.error} {e.extra}") from e


def _is_json(headers: dict[str, str]) -> bool:
    kind = next((v for k, v in headers.items() if k.lower() == "content-type"), "")
    return kind.split(";")[0].strip().lower() == "application/json"


def after_submission(ws: Workspace, user_id: str, view: dict[str, Any], result: AckResult) -> None:
    """Apply a view_submission ack to the user's modal stack as Slack does."""
    if result.status != 200:
        raise SlackFault(f"the app answered the view submission with HTTP {result.status}")
    body = result.body if isinstance(result.body, dict) else {}
    action = body.get("response_action")
    with ws.cond:
        try:
            _apply(ws, user_id, view, action, body)
        except ViewError as e:
            raise SlackFault(f"response_action {action!r} refused: {e.error}") from e
        ws.changed()


def _apply(ws: Workspace, user_id: str, view: dict[str, Any], action: Any, body: dict[str, Any]) -> None:
    store = ws.view_store
    if action is None:
        # A plain ack closes the submitted view, showing the one beneath it if any.
        ws.view_errors.pop(user_id, None)
        store.pop(user_id)
    elif action == "errors":
        ws.view_errors[user_id] = _checked_errors(view, body.get("errors"))
    elif action in ("update", "push"):
        new_view = body.get("view")
        problems = check_view(new_view)
        if problems:
            raise SlackFault(f"response_action {action} with an invalid view: {problems}")
        ws.view_errors.pop(user_id, None)
        if action == "update":
            store.update(view_id=view["id"], external_id=None, view=new_view, hash_=None)
        else:
            store.push(user_id, new_view)
    elif action == "clear":
        ws.view_errors.pop(user_id, None)
        store.clear(user_id)
    else:
        raise SlackFault(f"unknown response_action {action!r}")


def _checked_errors(view: dict[str, Any], errors: Any) -> dict[str, str]:
    """Errors must name input blocks of the view; otherwise Slack shows a generic failure."""
    if not isinstance(errors, dict) or not errors:
        raise SlackFault("response_action errors without an errors object")
    inputs = {b.get("block_id") for b in view.get("blocks", []) if b.get("type") == "input"}
    for block_id, message in errors.items():
        if block_id not in inputs:
            raise SlackFault(f"errors names {block_id!r}, which is not an input block of the view")
        if not isinstance(message, str) or not message:
            raise SlackFault(f"error message for {block_id!r} must be a non-empty string")
    return dict(errors)
