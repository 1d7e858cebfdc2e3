"""The Web API's frame: argument parsing, authentication, scopes and the method table."""

from __future__ import annotations

import base64
import json
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any

from localslack.models import Channel, User
from localslack.workspace import Workspace

if TYPE_CHECKING:
    from localslack.server import LocalSlack


class ApiError(Exception):
    """An answer of {"ok": false, "error": ...}; `extra` adds fields such as needed/provided."""

    def __init__(self, error: str, **extra: Any) -> None:
        super().__init__(error)
        self.error = error
        self.extra = extra

    def body(self) -> dict[str, Any]:
        """The JSON body Slack sends for this error."""
        return {"ok": False, "error": self.error, **self.extra}


class RateLimited(Exception):
    """HTTP 429 with Retry-After."""

    def __init__(self, retry_after: int) -> None:
        super().__init__(f"ratelimited, retry after {retry_after} s")
        self.retry_after = retry_after


def invalid_arguments(messages: list[str], error: str = "invalid_arguments") -> ApiError:
    """An error carrying Slack's per-field messages."""
    return ApiError(error, response_metadata={"messages": messages})


@dataclass
class Call:
    """One authenticated Web API call."""

    method: str
    args: dict[str, Any]
    ws: Workspace
    token: str
    slack: LocalSlack
    headers: dict[str, str] = field(default_factory=dict)

    def str_arg(self, name: str, *, required: bool = False) -> str | None:
        """A string argument; missing required ones are invalid_arguments."""
        value = self.args.get(name)
        if value is None or value == "":
            if required:
                raise invalid_arguments([f"[ERROR] missing required field: {name}"])
            return None
        if not isinstance(value, str | int | float):
            raise invalid_arguments([f"[ERROR] must provide a string [json-pointer:/{name}]"])
        return str(value)

    def bool_arg(self, name: str) -> bool:
        """A boolean argument ("true"/"1" in forms, true in JSON)."""
        value = self.args.get(name)
        return value is True or (isinstance(value, str) and value.lower() in ("true", "1"))

    def int_arg(self, name: str, default: int, *, low: int = 0, high: int = 1000) -> int:
        """An integer argument within [low, high]; bad ones are invalid_arguments."""
        value = self.args.get(name)
        if value in (None, ""):
            return default
        try:
            number = int(value)  # type: ignore[arg-type]
        except (TypeError, ValueError):
            raise invalid_arguments([f"[ERROR] must provide an integer [json-pointer:/{name}]"]) from None
        if not low <= number <= high:
            raise invalid_arguments([f"[ERROR] must be between {low} and {high} [json-pointer:/{name}]"])
        return number

    def json_arg(self, name: str, error: str = "invalid_arguments") -> Any:
        """An argument that form bodies carry as a JSON string (blocks, view, metadata, files)."""
        value = self.args.get(name)
        if isinstance(value, str):
            try:
                return json.loads(value)
            except ValueError:
                raise ApiError(error) from None
        return value

    def require_scope(self, *needed: str) -> None:
        """missing_scope unless the bot has at least one of `needed`."""
        if not set(needed) & self.ws.scopes:
            raise ApiError(
                "missing_scope", needed=",".join(needed), provided=",".join(sorted(self.ws.scopes))
            )

    def user(self, user_id: str | None) -> User:
        """A user of this workspace, or user_not_found."""
        found = self.ws.users.get(user_id or "")
        if found is None:
            raise ApiError("user_not_found")
        return found

    def channel(self, channel_id: str | None, *, open_dm: bool = False) -> Channel:
        """A conversation the bot can see; a user id opens the DM when `open_dm`."""
        if not channel_id:
            raise ApiError("channel_not_found")
        if open_dm and channel_id[:1] in ("U", "W"):
            user = self.ws.users.get(channel_id)
            if user is None:
                raise ApiError("channel_not_found")
            if user.deleted:
                raise ApiError("user_disabled")
            return self.ws.open_im(channel_id)
        found = self.ws.channels.get(channel_id)
        if found is None or (found.is_private and not found.is_im and not found.bot_member):
            raise ApiError("channel_not_found")
        return found

    def read_scope(self, channel: Channel, kind: str = "read") -> None:
        """The conversations scope that fits the channel's type (channels:, groups:, im:)."""
        prefix = "im" if channel.is_im else "groups" if channel.is_private else "channels"
        self.require_scope(f"{prefix}:{kind}")

    def base_url(self) -> str:
        """The stand-in's http://host:port."""
        return self.slack.url


Handler = Callable[[Call], dict[str, Any]]
METHODS: dict[str, Handler] = {}


def method(name: str, *scopes: str) -> Callable[[Handler], Handler]:
    """Register a Web API method; the bot needs one of `scopes` (if any) to call it."""

    def register(handler: Handler) -> Handler:
        def checked(call: Call) -> dict[str, Any]:
            if scopes:
                call.require_scope(*scopes)
            return handler(call)

        METHODS[name] = checked
        return handler

    return register


def authenticate(slack: LocalSlack, method_name: str, token: str | None) -> tuple[Workspace, str]:
    """The workspace a token belongs to, checking token type as Slack does."""
    if not token:
        raise ApiError("not_authed")
    ws, kind = slack.workspace_for_token(token)
    if ws is None:
        raise ApiError("invalid_auth")
    if ws.token_revoked:
        raise ApiError("token_revoked")
    slack.oauth.check(token)  # an installed token past its expiry, or revoked by an uninstall
    app_only = method_name == "apps.connections.open"
    if (kind == "app") != app_only:
        raise ApiError("not_allowed_token_type")
    return ws, kind


def paginate(items: list[Any], call: Call, *, default: int, high: int) -> tuple[list[Any], str]:
    """A page of `items` by Slack's opaque cursor and limit; returns (page, next_cursor)."""
    limit = call.int_arg("limit", default, high=high) or default
    cursor = call.str_arg("cursor")
    start = 0
    if cursor:
        try:
            kind, _, offset = base64.b64decode(cursor).decode().partition(":")
            start = int(offset)
        except ValueError:
            raise ApiError("invalid_cursor") from None
        if kind != "offset" or not 0 <= start <= len(items):
            raise ApiError("invalid_cursor")
    end = start + limit
    next_cursor = base64.b64encode(f"offset:{end}".encode()).decode() if end < len(items) else ""
    return items[start:end], next_cursor
