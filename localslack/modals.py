"""Views as Slack keeps them: each user's modal stack (at most 3) and Home tab, by id and external_id."""

from __future__ import annotations

import copy
import itertools
import secrets
from typing import Any

MAX_STACK = 3


class ViewError(Exception):
    """A views.* call Slack would refuse; `error` is the API error code."""

    def __init__(self, error: str) -> None:
        super().__init__(error)
        self.error = error


class ViewStore:
    """Views of one workspace. Not locked itself: callers hold the workspace lock."""

    def __init__(self, *, team_id: str, app_id: str, bot_id: str) -> None:
        self._team_id = team_id
        self._app_id = app_id
        self._bot_id = bot_id
        self._ids = itertools.count(1)
        self._stacks: dict[str, list[str]] = {}
        self._homes: dict[str, str] = {}
        self._views: dict[str, dict[str, Any]] = {}
        self._owners: dict[str, str] = {}
        self.log: list[tuple[str, str, dict[str, Any]]] = []

    def stack(self, user_id: str) -> list[dict[str, Any]]:
        """Open modals of a user, bottom first."""
        return [self._views[v] for v in self._stacks.get(user_id, [])]

    def home(self, user_id: str) -> dict[str, Any] | None:
        """The user's published Home view."""
        view_id = self._homes.get(user_id)
        return self._views[view_id] if view_id else None

    def get(self, view_id: str) -> dict[str, Any] | None:
        """A live (open or published) view by id."""
        return self._views.get(view_id)

    def owner(self, view_id: str) -> str | None:
        """The user a view is shown to."""
        return self._owners.get(view_id)

    def top(self, user_id: str) -> dict[str, Any] | None:
        """The modal the user is looking at."""
        stack = self._stacks.get(user_id)
        return self._views[stack[-1]] if stack else None

    def open(self, user_id: str, view: dict[str, Any]) -> dict[str, Any]:
        """Open a modal, replacing whatever stack the user had."""
        for old in self._stacks.pop(user_id, []):
            self._forget(old)
        built = self._build(view, previous=None)
        self._stacks[user_id] = [built["id"]]
        return self._remember(user_id, built, "open")

    def push(self, user_id: str, view: dict[str, Any]) -> dict[str, Any]:
        """Push a modal onto the user's open stack."""
        stack = self._stacks.get(user_id)
        if not stack:
            raise ViewError("not_found")
        if len(stack) >= MAX_STACK:
            raise ViewError("push_limit_reached")
        built = self._build(view, previous=self._views[stack[-1]])
        stack.append(built["id"])
        return self._remember(user_id, built, "push")

    def update(
        self, *, view_id: str | None, external_id: str | None, view: dict[str, Any], hash_: str | None
    ) -> dict[str, Any]:
        """Replace an open view's content, keeping its id; optional hash guards against races."""
        current = self._find(view_id, external_id)
        if hash_ and hash_ != current["hash"]:
            raise ViewError("hash_conflict")
        if view.get("type") != current["type"]:
            raise ViewError("invalid_arguments")
        built = self._build(view, previous=None, own_id=current["id"])
        for key in ("id", "root_view_id", "previous_view_id"):
            built[key] = current[key]
        built["state"] = current["state"]
        self._views[current["id"]] = built
        return self._remember(self._owners[current["id"]], built, "update")

    def publish(self, user_id: str, view: dict[str, Any], hash_: str | None) -> dict[str, Any]:
        """Publish (or replace) the user's Home tab."""
        current = self.home(user_id)
        if current and hash_ and hash_ != current["hash"]:
            raise ViewError("hash_conflict")
        built = self._build(view, previous=None, own_id=current["id"] if current else None)
        if current:
            built["id"] = built["root_view_id"] = current["id"]
        self._homes[user_id] = built["id"]
        return self._remember(user_id, built, "publish")

    def pop(self, user_id: str) -> dict[str, Any] | None:
        """Close the top modal (back to the previous one)."""
        stack = self._stacks.get(user_id)
        if not stack:
            return None
        view_id = stack.pop()
        view = self._views[view_id]
        self._forget(view_id)
        if not stack:
            del self._stacks[user_id]
        return view

    def clear(self, user_id: str) -> None:
        """Close every modal of the user."""
        for view_id in self._stacks.pop(user_id, []):
            self._forget(view_id)

    def set_state(self, view_id: str, values: dict[str, Any]) -> None:
        """Record what the user has entered in a view's inputs."""
        self._views[view_id]["state"] = {"values": copy.deepcopy(values)}

    def _find(self, view_id: str | None, external_id: str | None) -> dict[str, Any]:
        if view_id:
            found = self._views.get(view_id)
        else:
            found = next((v for v in self._views.values() if v["external_id"] == external_id), None)
        if found is None:
            raise ViewError("not_found")
        return found

    def _check_external_id(self, external_id: str | None, own_id: str | None) -> None:
        if not external_id:
            return
        for other in self._views.values():
            if other["external_id"] == external_id and other["id"] != own_id:
                raise ViewError("duplicate_external_id")

    def _build(
        self, view: dict[str, Any], previous: dict[str, Any] | None, own_id: str | None = None
    ) -> dict[str, Any]:
        self._check_external_id(view.get("external_id"), own_id)
        view_id = f"V{next(self._ids):08d}"
        return {
            "id": view_id,
            "team_id": self._team_id,
            "type": view["type"],
            "blocks": copy.deepcopy(view.get("blocks", [])),
            "private_metadata": view.get("private_metadata", ""),
            "callback_id": view.get("callback_id", ""),
            "state": {"values": {}},
            "hash": f"{next(self._ids)}.{secrets.token_hex(4)}",
            "title": view.get("title"),
            "clear_on_close": bool(view.get("clear_on_close", False)),
            "notify_on_close": bool(view.get("notify_on_close", False)),
            "close": view.get("close"),
            "submit": view.get("submit"),
            "previous_view_id": previous["id"] if previous else None,
            "root_view_id": previous["root_view_id"] if previous else view_id,
            "app_id": self._app_id,
            "external_id": view.get("external_id", ""),
            "app_installed_team_id": self._team_id,
            "bot_id": self._bot_id,
        }

    def _remember(self, user_id: str, view: dict[str, Any], action: str) -> dict[str, Any]:
        self._views[view["id"]] = view
        self._owners[view["id"]] = user_id
        self.log.append((action, user_id, copy.deepcopy(view)))
        return copy.deepcopy(view)

    def _forget(self, view_id: str) -> None:
        self._views.pop(view_id, None)
        self._owners.pop(view_id, None)
