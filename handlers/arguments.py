"""Reading what people typed: a command's sub-command and mentions (as Slack escapes them), modal fields."""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import Any

from bot.errors import BrygganError

# A Teams person (MU…) is handed over as <@MU…> too (handlers/teams/commands.py).
_MENTION = re.compile(r"^<@([UW][A-Z0-9]+|MU[A-Z2-7]{24})(?:\|[^>]*)?>$")


@dataclass(frozen=True, slots=True)
class Words:
    """A command's text as a sub-command and its arguments (see handlers/subcommands.py)."""

    sub: str | None
    args: list[str]
    rest: str


def mention(word: str) -> str:
    """The Slack user id in an escaped mention (`<@U0123|anna>`); BrygganError when it is not one."""
    match = _MENTION.match(word)
    if match is None:
        raise BrygganError("not_a_mention", word=word)
    return match[1]


def mentions(words: list[str], count: int) -> list[str]:
    """Exactly `count` mentions at the start of `words`."""
    found = [w for w in words[:count] if w.startswith("<@") or w.startswith("@")]
    if len(found) < count:
        raise BrygganError("person_missing", count=count)
    return [mention(w) for w in found]


def field_value(view: dict[str, Any], name: str) -> str:
    """A text input's value."""
    return (view["state"]["values"].get(name, {}).get(name, {}).get("value") or "").strip()


def selected_users(view: dict[str, Any], name: str) -> list[str]:
    """A multi-users select's chosen user ids."""
    return list(view["state"]["values"].get(name, {}).get(name, {}).get("selected_users") or [])


def selected_value(view: dict[str, Any], name: str) -> str:
    """A static select's chosen value (empty when none)."""
    chosen = view["state"]["values"].get(name, {}).get(name, {}).get("selected_option") or {}
    return str(chosen.get("value", ""))
