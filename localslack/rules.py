"""Block Kit rules for whole messages and views: block counts, block shapes, ids, modal fields."""

from __future__ import annotations

from typing import Any

from localslack.elements import (
    ACCESSORY,
    ACTIONS,
    INPUTS,
    Problems,
    check_element,
    check_keys,
    check_list,
    check_str,
    check_text,
    problem,
)

MAX_MESSAGE_BLOCKS = 50
MAX_VIEW_BLOCKS = 100
MAX_MESSAGE_TEXT = 40_000

_BLOCK_KEYS: dict[str, set[str]] = {
    "section": {"text", "fields", "accessory", "expand"},
    "divider": set(),
    "header": {"text"},
    "image": {"image_url", "slack_file", "alt_text", "title"},
    "actions": {"elements"},
    "context": {"elements"},
    "input": {"label", "element", "dispatch_action", "hint", "optional"},
    "file": {"external_id", "source"},
    "rich_text": {"elements"},
    "markdown": {"text"},
    "video": {"alt_text", "title", "title_url", "video_url", "thumbnail_url", "description", "author_name"}
    | {"provider_name", "provider_icon_url"},
}
_REQUIRED: dict[str, set[str]] = {
    "header": {"text"},
    "image": {"alt_text"},
    "actions": {"elements"},
    "context": {"elements"},
    "input": {"label", "element"},
    "file": {"external_id", "source"},
    "rich_text": {"elements"},
    "markdown": {"text"},
    "video": {"alt_text", "title", "video_url", "thumbnail_url"},
}


def check_blocks(blocks: Any, pointer: str, limit: int) -> Problems:
    """Every problem Slack would report for a blocks array (at most `limit` blocks)."""
    problems: Problems = []
    block_ids: set[str] = set()
    for i, block in enumerate(check_list(blocks, pointer, problems, limit, minimum=0)):
        _check_block(block, f"{pointer}/{i}", problems)
        block_id = block.get("block_id") if isinstance(block, dict) else None
        if isinstance(block_id, str):
            if block_id in block_ids:
                problem(problems, f"{pointer}/{i}/block_id", f"duplicate block_id: {block_id}")
            block_ids.add(block_id)
    return problems


def _check_block(block: Any, pointer: str, problems: Problems) -> None:
    kind = block.get("type") if isinstance(block, dict) else None
    if kind not in _BLOCK_KEYS:
        problem(problems, f"{pointer}/type", f"unsupported type: {kind}")
        return
    allowed = _BLOCK_KEYS[kind] | {"type", "block_id"}
    if not check_keys(block, pointer, problems, allowed=allowed, required=_REQUIRED.get(kind, set())):
        return
    if "block_id" in block:
        check_str(block["block_id"], f"{pointer}/block_id", problems, 255, minimum=1)
    _BLOCK_CHECKS.get(kind, _no_check)(block, pointer, problems)
    _check_unique_action_ids(block, pointer, problems)


def _no_check(block: dict[str, Any], pointer: str, problems: Problems) -> None:
    return None


def _section(block: dict[str, Any], pointer: str, problems: Problems) -> None:
    if "text" not in block and "fields" not in block:
        problem(problems, pointer, "must provide one of: text, fields")
    if "text" in block:
        check_text(block["text"], f"{pointer}/text", problems, 3000)
    if "fields" in block:
        for i, field in enumerate(check_list(block["fields"], f"{pointer}/fields", problems, 10)):
            check_text(field, f"{pointer}/fields/{i}", problems, 2000)
    if "accessory" in block:
        check_element(block["accessory"], f"{pointer}/accessory", problems, ACCESSORY)


def _header(block: dict[str, Any], pointer: str, problems: Problems) -> None:
    check_text(block["text"], f"{pointer}/text", problems, 150, plain_only=True)


def _image(block: dict[str, Any], pointer: str, problems: Problems) -> None:
    if ("image_url" in block) == ("slack_file" in block):
        problem(problems, pointer, "must provide exactly one of: image_url, slack_file")
    if "image_url" in block:
        check_str(block["image_url"], f"{pointer}/image_url", problems, 3000, minimum=1)
    check_str(block["alt_text"], f"{pointer}/alt_text", problems, 2000, minimum=1)
    if "title" in block:
        check_text(block["title"], f"{pointer}/title", problems, 2000, plain_only=True)


def _actions(block: dict[str, Any], pointer: str, problems: Problems) -> None:
    for i, element in enumerate(check_list(block["elements"], f"{pointer}/elements", problems, 25)):
        check_element(element, f"{pointer}/elements/{i}", problems, ACTIONS)


def _context(block: dict[str, Any], pointer: str, problems: Problems) -> None:
    for i, element in enumerate(check_list(block["elements"], f"{pointer}/elements", problems, 10)):
        where = f"{pointer}/elements/{i}"
        if isinstance(element, dict) and element.get("type") in ("plain_text", "mrkdwn"):
            check_text(element, where, problems, 3000)
        else:
            check_element(element, where, problems, {"image"})


def _input(block: dict[str, Any], pointer: str, problems: Problems) -> None:
    check_text(block["label"], f"{pointer}/label", problems, 2000, plain_only=True)
    if "hint" in block:
        check_text(block["hint"], f"{pointer}/hint", problems, 2000, plain_only=True)
    check_element(block["element"], f"{pointer}/element", problems, INPUTS)


def _markdown(block: dict[str, Any], pointer: str, problems: Problems) -> None:
    check_str(block["text"], f"{pointer}/text", problems, 12_000, minimum=1)


_BLOCK_CHECKS = {
    "section": _section,
    "header": _header,
    "image": _image,
    "actions": _actions,
    "context": _context,
    "input": _input,
    "markdown": _markdown,
}


def _check_unique_action_ids(block: dict[str, Any], pointer: str, problems: Problems) -> None:
    seen: set[str] = set()
    for where, element in block_elements(block, pointer):
        action_id = element.get("action_id")
        if isinstance(action_id, str):
            if action_id in seen:
                problem(problems, f"{where}/action_id", f"duplicate action_id: {action_id}")
            seen.add(action_id)


def block_elements(block: dict[str, Any], pointer: str = "") -> list[tuple[str, dict[str, Any]]]:
    """The interactive elements of a block with their pointers."""
    found: list[tuple[str, dict[str, Any]]] = []
    if isinstance(block.get("accessory"), dict):
        found.append((f"{pointer}/accessory", block["accessory"]))
    if isinstance(block.get("element"), dict):
        found.append((f"{pointer}/element", block["element"]))
    if block.get("type") == "actions" and isinstance(block.get("elements"), list):
        found += [
            (f"{pointer}/elements/{i}", e) for i, e in enumerate(block["elements"]) if isinstance(e, dict)
        ]
    return found


_MODAL_KEYS = {"type", "title", "blocks", "close", "submit", "private_metadata", "callback_id"}
_MODAL_KEYS |= {"clear_on_close", "notify_on_close", "external_id", "submit_disabled"}
_HOME_KEYS = {"type", "blocks", "private_metadata", "callback_id", "external_id"}


def check_view(view: Any, pointer: str = "/view") -> Problems:
    """Every problem Slack would report for a modal or Home view."""
    problems: Problems = []
    kind = view.get("type") if isinstance(view, dict) else None
    if kind not in ("modal", "home"):
        problem(problems, f"{pointer}/type", "must be one of: modal, home")
        return problems
    allowed = _MODAL_KEYS if kind == "modal" else _HOME_KEYS
    required = {"type", "title", "blocks"} if kind == "modal" else {"type", "blocks"}
    if not check_keys(view, pointer, problems, allowed=allowed, required=required):
        return problems
    for key in ("title", "submit", "close"):
        if key in view:
            check_text(view[key], f"{pointer}/{key}", problems, 24, plain_only=True)
    for key, limit in (("callback_id", 255), ("external_id", 255), ("private_metadata", 3000)):
        if key in view:
            check_str(view[key], f"{pointer}/{key}", problems, limit)
    problems += check_blocks(view.get("blocks", []), f"{pointer}/blocks", MAX_VIEW_BLOCKS)
    blocks = view.get("blocks") if isinstance(view.get("blocks"), list) else []
    has_input = any(isinstance(b, dict) and b.get("type") == "input" for b in blocks)
    if kind == "modal" and has_input and "submit" not in view:
        problem(problems, f"{pointer}/submit", "must provide submit when the view contains input blocks")
    return problems


def check_message_text(text: Any) -> str | None:
    """The error code Slack gives a message's top-level text, if any."""
    if text is not None and not isinstance(text, str):
        return "invalid_arguments"
    if isinstance(text, str) and len(text) > MAX_MESSAGE_TEXT:
        return "msg_too_long"
    return None
