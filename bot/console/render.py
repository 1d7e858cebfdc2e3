"""Slack messages as readable terminal text: mrkdwn resolved, Block Kit drawn, buttons in brackets."""

from __future__ import annotations

import re
from collections.abc import Callable
from typing import Any

from templates import unescape_mrkdwn

Names = Callable[[str], str]

_CONTROL = re.compile(r"<([@#!])([^>|]+)(?:\|([^>]*))?>|<([^>|]+)(?:\|([^>]*))?>")


def mrkdwn(text: str, names: Names) -> str:
    """Resolve Slack's control sequences to names and undo its escaping."""

    def replace(match: re.Match[str]) -> str:
        sigil, target, label, url, url_label = match.groups()
        if sigil == "@":
            return f"@{names(target)}"
        if sigil == "#":
            return f"#{label or names(target)}"
        if sigil == "!":
            return f"@{label or target.split('^')[0]}"
        return f"{url_label} ({url})" if url_label else url

    return unescape(_CONTROL.sub(replace, text))


unescape = unescape_mrkdwn


def blocks(items: list[dict[str, Any]], names: Names) -> list[str]:
    """Each block as one or more lines of text."""
    lines: list[str] = []
    for block in items:
        lines.extend(_block(block, names))
    return lines


def _text(obj: dict[str, Any] | str | None, names: Names) -> str:
    if obj is None:
        return ""
    if isinstance(obj, str):
        return mrkdwn(obj, names)
    raw = obj.get("text", "")
    return mrkdwn(raw, names) if obj.get("type") == "mrkdwn" else raw


def _element(element: dict[str, Any], names: Names) -> str:
    kind = element.get("type", "")
    if kind == "button":
        return f"[{_text(element.get('text'), names)}]"
    if kind in ("plain_text_input", "datepicker", "timepicker"):
        shown = element.get("initial_value") or element.get("initial_date") or element.get("initial_time")
        return f"[ {shown} ]" if shown else "[ ____ ]"
    if "select" in kind:
        options = [_text(o.get("text"), names) for o in element.get("options", [])]
        shown = f": {' | '.join(options)}" if options else ""
        return f"[{_text(element.get('placeholder'), names) or 'Välj'} ▾{shown}]"
    if kind in ("mrkdwn", "plain_text"):
        return _text(element, names)
    if kind == "image":
        return f"[bild: {element.get('alt_text', '')}]"
    return f"[{kind}]"


def _block(block: dict[str, Any], names: Names) -> list[str]:
    kind = block.get("type")
    if kind == "header":
        title = _text(block.get("text"), names)
        return [title, "═" * min(len(title), 60)]
    if kind == "section":
        lines = _text(block.get("text"), names).splitlines()
        lines += [_text(f, names) for f in block.get("fields", [])]
        if "accessory" in block:
            lines.append("  " + _element(block["accessory"], names))
        return lines
    if kind == "context":
        return ["  · " + "  ".join(_element(e, names) for e in block.get("elements", []))]
    if kind == "actions":
        return ["  " + "  ".join(_element(e, names) for e in block.get("elements", []))]
    if kind == "divider":
        return ["─" * 40]
    if kind == "input":
        label = _text(block.get("label"), names)
        return [f"{label}: {_element(block.get('element', {}), names)}"]
    if kind == "image":
        return [f"[bild: {block.get('alt_text', '')}]"]
    return [f"[{kind}]"]
