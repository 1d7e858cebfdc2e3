"""views.* methods: modals (open, push, update) and the Home tab (publish)."""

from __future__ import annotations

from typing import Any

from localslack.grants import Trigger
from localslack.modals import ViewError
from localslack.rules import check_view
from localslack.webapi import ApiError, Call, invalid_arguments, method


def _view(call: Call, kind: str | None = "modal") -> dict[str, Any]:
    """The checked `view` argument; Slack reports view problems as invalid_arguments."""
    view = call.json_arg("view", "invalid_arguments")
    if view is None:
        raise invalid_arguments(["[ERROR] missing required field: view"])
    problems = check_view(view)
    if problems:
        raise invalid_arguments(problems)
    if kind and view["type"] != kind:
        raise invalid_arguments([f"[ERROR] must be {kind} [json-pointer:/view/type]"])
    return view


def _trigger(call: Call) -> Trigger:
    found = call.slack.grants.redeem_trigger(call.str_arg("trigger_id") or "", call.ws.team_id)
    if isinstance(found, str):
        raise ApiError(found)
    return found


def _apply(call: Call, action: Any) -> dict[str, Any]:
    try:
        with call.ws.cond:
            view = action()
    except ViewError as e:
        raise ApiError(e.error) from None
    call.ws.changed()
    return {"ok": True, "view": view}


@method("views.open")
def open_view(call: Call) -> dict[str, Any]:
    """Open a modal for the user whose gesture issued the trigger_id."""
    if not call.str_arg("trigger_id") and not call.str_arg("interactivity_pointer"):
        raise invalid_arguments(["[ERROR] missing required field: trigger_id"])
    view = _view(call)
    trigger = _trigger(call)
    return _apply(call, lambda: call.ws.view_store.open(trigger.user_id, view))


@method("views.push")
def push_view(call: Call) -> dict[str, Any]:
    """Push a modal onto the user's open stack (at most 3)."""
    view = _view(call)
    trigger = _trigger(call)
    return _apply(call, lambda: call.ws.view_store.push(trigger.user_id, view))


@method("views.update")
def update_view(call: Call) -> dict[str, Any]:
    """Replace an open view by view_id or external_id."""
    view_id, external_id = call.str_arg("view_id"), call.str_arg("external_id")
    if not view_id and not external_id:
        raise invalid_arguments(["[ERROR] must provide one of: view_id, external_id"])
    view = _view(call, kind=None)
    hash_ = call.str_arg("hash")
    return _apply(
        call,
        lambda: call.ws.view_store.update(view_id=view_id, external_id=external_id, view=view, hash_=hash_),
    )


@method("views.publish")
def publish_view(call: Call) -> dict[str, Any]:
    """Publish a user's Home tab."""
    user = call.user(call.str_arg("user_id", required=True))
    view = _view(call, kind="home")
    hash_ = call.str_arg("hash")
    return _apply(call, lambda: call.ws.view_store.publish(user.id, view, hash_))
