"""Block Kit composition objects and interactive elements, checked against Slack's limits."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

Problems = list[str]


def problem(problems: Problems, pointer: str, message: str) -> None:
    """Record one error the way Slack words it in response_metadata.messages."""
    problems.append(f"[ERROR] {message} [json-pointer:{pointer}]")


def check_keys(
    obj: Any, pointer: str, problems: Problems, *, allowed: set[str], required: set[str] = frozenset()
) -> bool:
    """Object shape: a dict with no unknown keys and every required key; False if not a dict."""
    if not isinstance(obj, dict):
        problem(problems, pointer, "must provide an object")
        return False
    for key in sorted(set(obj) - allowed):
        problem(problems, f"{pointer}/{key}", f"unsupported field: {key}")
    for key in sorted(required - set(obj)):
        problem(problems, pointer, f"missing required field: {key}")
    return True


def check_str(value: Any, pointer: str, problems: Problems, limit: int, *, minimum: int = 0) -> None:
    """A string of at most `limit` characters."""
    if not isinstance(value, str):
        problem(problems, pointer, "must provide a string")
    elif len(value) > limit:
        problem(problems, pointer, f"must be less than {limit + 1} characters")
    elif len(value) < minimum:
        problem(problems, pointer, f"must be more than {minimum - 1} characters")


def check_list(value: Any, pointer: str, problems: Problems, limit: int, *, minimum: int = 1) -> list[Any]:
    """An array of `minimum`..`limit` items; returns it (or [] when not an array)."""
    if not isinstance(value, list):
        problem(problems, pointer, "must provide an array")
        return []
    if len(value) > limit:
        problem(problems, pointer, f"no more than {limit} items allowed")
    elif len(value) < minimum:
        problem(problems, pointer, f"must provide at least {minimum} items")
    return value


def check_text(obj: Any, pointer: str, problems: Problems, limit: int, *, plain_only: bool = False) -> None:
    """A text object (plain_text or mrkdwn) whose text is 1..limit characters."""
    kinds = {"plain_text"} if plain_only else {"plain_text", "mrkdwn"}
    if not isinstance(obj, dict) or obj.get("type") not in kinds:
        problem(problems, pointer, f"must be a text object of type {' or '.join(sorted(kinds))}")
        return
    extra = "emoji" if obj["type"] == "plain_text" else "verbatim"
    if check_keys(obj, pointer, problems, allowed={"type", "text", extra}, required={"text"}):
        check_str(obj.get("text", ""), f"{pointer}/text", problems, limit, minimum=1)


def check_confirm(obj: Any, pointer: str, problems: Problems) -> None:
    """A confirmation dialog: title 100, text 300, confirm/deny 30."""
    allowed = {"title", "text", "confirm", "deny", "style"}
    if not check_keys(obj, pointer, problems, allowed=allowed, required={"title", "text", "confirm", "deny"}):
        return
    for key, limit in (("title", 100), ("confirm", 30), ("deny", 30)):
        if key in obj:
            check_text(obj[key], f"{pointer}/{key}", problems, limit, plain_only=True)
    if "text" in obj:
        check_text(obj["text"], f"{pointer}/text", problems, 300)


def check_option(obj: Any, pointer: str, problems: Problems, *, mrkdwn: bool, url: bool) -> None:
    """An option: text 75, value 150, description 75 (url 3000 in overflow menus)."""
    allowed = {"text", "value", "description"} | ({"url"} if url else set())
    if not check_keys(obj, pointer, problems, allowed=allowed, required={"text", "value"}):
        return
    if "text" in obj:
        check_text(obj["text"], f"{pointer}/text", problems, 75, plain_only=not mrkdwn)
    if "value" in obj:
        check_str(obj["value"], f"{pointer}/value", problems, 150, minimum=1)
    if "description" in obj:
        check_text(obj["description"], f"{pointer}/description", problems, 75, plain_only=not mrkdwn)
    if "url" in obj:
        check_str(obj["url"], f"{pointer}/url", problems, 3000)


def _options(obj: dict[str, Any], pointer: str, problems: Problems, limit: int, **kind: bool) -> None:
    for i, option in enumerate(check_list(obj.get("options"), f"{pointer}/options", problems, limit)):
        check_option(option, f"{pointer}/options/{i}", problems, **kind)


def _select_options(obj: dict[str, Any], pointer: str, problems: Problems) -> None:
    if ("options" in obj) == ("option_groups" in obj):
        problem(problems, pointer, "must provide exactly one of: options, option_groups")
    if "options" in obj:
        _options(obj, pointer, problems, 100, mrkdwn=False, url=False)
    groups = obj.get("option_groups")
    if groups is not None:
        for g, group in enumerate(check_list(groups, f"{pointer}/option_groups", problems, 100)):
            gp = f"{pointer}/option_groups/{g}"
            if check_keys(group, gp, problems, allowed={"label", "options"}, required={"label", "options"}):
                check_text(group.get("label"), f"{gp}/label", problems, 75, plain_only=True)
                _options(group, gp, problems, 100, mrkdwn=False, url=False)


def _button(obj: dict[str, Any], pointer: str, problems: Problems) -> None:
    check_text(obj.get("text"), f"{pointer}/text", problems, 75, plain_only=True)
    if "value" in obj:
        check_str(obj["value"], f"{pointer}/value", problems, 2000)
    if "url" in obj:
        check_str(obj["url"], f"{pointer}/url", problems, 3000)
    if "accessibility_label" in obj:
        check_str(obj["accessibility_label"], f"{pointer}/accessibility_label", problems, 75)
    if obj.get("style") not in (None, "primary", "danger"):
        problem(problems, f"{pointer}/style", "must be one of: primary, danger")


def _overflow(obj: dict[str, Any], pointer: str, problems: Problems) -> None:
    options = obj.get("options")
    if isinstance(options, list) and len(options) < 2:
        problem(problems, f"{pointer}/options", "must provide at least 2 items")
    _options(obj, pointer, problems, 5, mrkdwn=False, url=True)


def _choices(obj: dict[str, Any], pointer: str, problems: Problems) -> None:
    _options(obj, pointer, problems, 10, mrkdwn=True, url=False)


def _text_input(obj: dict[str, Any], pointer: str, problems: Problems) -> None:
    if "initial_value" in obj:
        check_str(obj["initial_value"], f"{pointer}/initial_value", problems, 3000)
    for key in ("min_length", "max_length"):
        value = obj.get(key)
        if value is not None and (not isinstance(value, int) or not 0 <= value <= 3000):
            problem(problems, f"{pointer}/{key}", "must be an integer between 0 and 3000")


def _image(obj: dict[str, Any], pointer: str, problems: Problems) -> None:
    if ("image_url" in obj) == ("slack_file" in obj):
        problem(problems, pointer, "must provide exactly one of: image_url, slack_file")
    if "image_url" in obj:
        check_str(obj["image_url"], f"{pointer}/image_url", problems, 3000, minimum=1)
    check_str(obj.get("alt_text", ""), f"{pointer}/alt_text", problems, 2000, minimum=1)


def _nothing(obj: dict[str, Any], pointer: str, problems: Problems) -> None:
    return None


_COMMON = {"type", "action_id", "confirm", "focus_on_load"}
_SELECT = _COMMON | {"placeholder"}
# type -> (extra allowed keys, required keys, specific check)
ELEMENTS: dict[str, tuple[set[str], set[str], Callable[[dict[str, Any], str, Problems], None]]] = {
    "button": (_COMMON | {"text", "url", "value", "style", "accessibility_label"}, {"text"}, _button),
    "static_select": (_SELECT | {"options", "option_groups", "initial_option"}, set(), _select_options),
    "multi_static_select": (
        _SELECT | {"options", "option_groups", "initial_options", "max_selected_items"},
        set(),
        _select_options,
    ),
    "external_select": (_SELECT | {"initial_option", "min_query_length"}, set(), _nothing),
    "multi_external_select": (
        _SELECT | {"initial_options", "min_query_length", "max_selected_items"},
        set(),
        _nothing,
    ),
    "users_select": (_SELECT | {"initial_user"}, set(), _nothing),
    "multi_users_select": (_SELECT | {"initial_users", "max_selected_items"}, set(), _nothing),
    "conversations_select": (
        _SELECT
        | {"initial_conversation", "default_to_current_conversation", "response_url_enabled", "filter"},
        set(),
        _nothing,
    ),
    "multi_conversations_select": (
        _SELECT
        | {"initial_conversations", "default_to_current_conversation", "max_selected_items", "filter"},
        set(),
        _nothing,
    ),
    "channels_select": (_SELECT | {"initial_channel", "response_url_enabled"}, set(), _nothing),
    "multi_channels_select": (_SELECT | {"initial_channels", "max_selected_items"}, set(), _nothing),
    "overflow": ({"type", "action_id", "options", "confirm"}, {"options"}, _overflow),
    "datepicker": (_SELECT | {"initial_date"}, set(), _nothing),
    "timepicker": (_SELECT | {"initial_time", "timezone"}, set(), _nothing),
    "datetimepicker": (_COMMON | {"initial_date_time"}, set(), _nothing),
    "plain_text_input": (
        _SELECT - {"confirm"}
        | {"initial_value", "multiline", "min_length", "max_length", "dispatch_action_config"},
        set(),
        _text_input,
    ),
    "email_text_input": (
        _SELECT - {"confirm"} | {"initial_value", "dispatch_action_config"},
        set(),
        _nothing,
    ),
    "url_text_input": (_SELECT - {"confirm"} | {"initial_value", "dispatch_action_config"}, set(), _nothing),
    "number_input": (
        _SELECT - {"confirm"}
        | {"is_decimal_allowed", "initial_value", "min_value", "max_value", "dispatch_action_config"},
        {"is_decimal_allowed"},
        _nothing,
    ),
    "checkboxes": (_COMMON | {"options", "initial_options"}, {"options"}, _choices),
    "radio_buttons": (_COMMON | {"options", "initial_option"}, {"options"}, _choices),
    "rich_text_input": (
        _SELECT - {"confirm"} | {"initial_value", "dispatch_action_config"},
        set(),
        _nothing,
    ),
    "file_input": ({"type", "action_id", "filetypes", "max_files"}, set(), _nothing),
    "image": ({"type", "image_url", "slack_file", "alt_text"}, {"alt_text"}, _image),
}

SELECTS = {t for t in ELEMENTS if t.endswith("_select")}
ACCESSORY = SELECTS | {
    "button",
    "checkboxes",
    "datepicker",
    "image",
    "overflow",
    "radio_buttons",
    "timepicker",
}
ACTIONS = SELECTS | {"button", "checkboxes", "datepicker", "datetimepicker", "overflow", "radio_buttons"}
ACTIONS |= {"timepicker", "rich_text_input"}
INPUTS = SELECTS | {"checkboxes", "datepicker", "datetimepicker", "email_text_input", "file_input"}
INPUTS |= {"number_input", "plain_text_input", "radio_buttons", "rich_text_input", "timepicker"}
INPUTS |= {"url_text_input"}


def check_element(obj: Any, pointer: str, problems: Problems, allowed_types: set[str]) -> None:
    """An interactive element allowed in this place, with its own limits and its confirm dialog."""
    kind = obj.get("type") if isinstance(obj, dict) else None
    if kind not in allowed_types or kind not in ELEMENTS:
        problem(problems, f"{pointer}/type", f"unsupported type: {kind}")
        return
    extra, required, specific = ELEMENTS[kind]
    if not check_keys(obj, pointer, problems, allowed=extra | {"type"}, required=required):
        return
    if "action_id" in obj:
        check_str(obj["action_id"], f"{pointer}/action_id", problems, 255, minimum=1)
    if "placeholder" in obj:
        check_text(obj["placeholder"], f"{pointer}/placeholder", problems, 150, plain_only=True)
    if "confirm" in obj:
        check_confirm(obj["confirm"], f"{pointer}/confirm", problems)
    specific(obj, pointer, problems)
