"""users.* methods, auth.test and apps.connections.open."""

from __future__ import annotations

from datetime import datetime
from typing import Any
from zoneinfo import ZoneInfo

from localslack.models import User
from localslack.webapi import Call, method, paginate

# Slack's long names for the abbreviations zoneinfo gives; others fall back to the abbreviation.
_TZ_LABELS = {
    "CET": "Central European Time",
    "CEST": "Central European Summer Time",
    "GMT": "Greenwich Mean Time",
    "BST": "British Summer Time",
    "UTC": "Coordinated Universal Time",
    "EET": "Eastern European Time",
    "EEST": "Eastern European Summer Time",
}


def user_api(call: Call, user: User, *, with_locale: bool) -> dict[str, Any]:
    """A user object as users.info returns it (locale only when asked for)."""
    now = datetime.fromtimestamp(call.slack.clock(), ZoneInfo(user.tz))
    offset = now.utcoffset()
    abbreviation = now.tzname() or "UTC"
    profile: dict[str, Any] = {
        "title": user.title,
        "phone": "",
        "real_name": user.real_name,
        "real_name_normalized": user.real_name,
        "display_name": user.name,
        "display_name_normalized": user.name,
        "team": call.ws.team_id,
    }
    if "users:read.email" in call.ws.scopes and user.email:
        profile["email"] = user.email
    if user.is_bot:
        profile["bot_id"] = call.ws.bot_id
    out: dict[str, Any] = {
        "id": user.id,
        "team_id": call.ws.team_id,
        "name": user.name,
        "deleted": user.deleted,
        "real_name": user.real_name,
        "tz": user.tz,
        "tz_label": _TZ_LABELS.get(abbreviation, abbreviation),
        "tz_offset": int(offset.total_seconds()) if offset else 0,
        "profile": profile,
        "is_admin": user.is_admin,
        "is_owner": user.is_owner,
        "is_primary_owner": False,
        "is_restricted": False,
        "is_ultra_restricted": False,
        "is_bot": user.is_bot,
        "is_app_user": False,
        "updated": 0,
    }
    if with_locale:
        out["locale"] = user.locale
    return out


@method("users.info", "users:read")
def info(call: Call) -> dict[str, Any]:
    """One user; `locale` only with include_locale=true, as Slack does."""
    user = call.user(call.str_arg("user"))
    return {"ok": True, "user": user_api(call, user, with_locale=call.bool_arg("include_locale"))}


@method("users.list", "users:read")
def list_users(call: Call) -> dict[str, Any]:
    """All users, paginated by cursor."""
    users = sorted(call.ws.users.values(), key=lambda u: u.id)
    page, cursor = paginate(users, call, default=1000, high=1000)
    with_locale = call.bool_arg("include_locale")
    return {
        "ok": True,
        "members": [user_api(call, u, with_locale=with_locale) for u in page],
        "cache_ts": int(call.slack.clock()),
        "response_metadata": {"next_cursor": cursor},
    }


@method("auth.test")
def auth_test(call: Call) -> dict[str, Any]:
    """Who the token belongs to."""
    return {
        "ok": True,
        "url": f"https://{call.ws.domain}.slack.com/",
        "team": call.ws.name,
        "user": "bryggan",
        "team_id": call.ws.team_id,
        "user_id": call.ws.bot_user_id,
        "bot_id": call.ws.bot_id,
        "is_enterprise_install": False,
    }


@method("apps.connections.open")
def connections_open(call: Call) -> dict[str, Any]:
    """A one-time Socket Mode URL (app-level token only; checked by authenticate)."""
    ticket = call.slack.sockets.issue_ticket(call.token)
    return {"ok": True, "url": f"ws://{call.slack.host}:{call.slack.port}/socket/{ticket}"}
