"""Adaptive Card rules as Teams renders cards: schema version, element and action types, ids.

The numbers and their sources are in localteams/README.md ("Adaptive Cards").
"""

from __future__ import annotations

from typing import Any

CARD_CONTENT_TYPE = "application/vnd.microsoft.card.adaptive"
MAX_VERSION = (1, 5)  # Teams desktop and web render schema 1.5 and earlier
UNIVERSAL_ACTIONS_VERSION = (1, 5)  # Action.Execute and `refresh` need a card declared 1.5 in Teams
MAX_ACTIONS = 6  # Teams' host config shows six actions per card or ActionSet; the renderer drops the rest
MAX_DEPTH = 32  # not Teams' limit: it keeps this checker's recursion bounded (28 KB bounds real cards)

Problems = list[tuple[str, str]]

# element type -> (schema version it came in, required properties)
ELEMENTS: dict[str, tuple[tuple[int, int], tuple[str, ...]]] = {
    "TextBlock": ((1, 0), ("text",)),
    "Image": ((1, 0), ("url",)),
    "Container": ((1, 0), ("items",)),
    "ColumnSet": ((1, 0), ()),
    "FactSet": ((1, 0), ("facts",)),
    "ImageSet": ((1, 0), ("images",)),
    "Media": ((1, 1), ("sources",)),
    "ActionSet": ((1, 2), ("actions",)),
    "RichTextBlock": ((1, 2), ("inlines",)),
    "Table": ((1, 5), ()),
    "Input.Text": ((1, 0), ("id",)),
    "Input.Number": ((1, 0), ("id",)),
    "Input.Date": ((1, 0), ("id",)),
    "Input.Time": ((1, 0), ("id",)),
    "Input.Toggle": ((1, 0), ("id", "title")),
    "Input.ChoiceSet": ((1, 0), ("id",)),  # choices may come from Data.Query (typeahead)
}
ACTIONS: dict[str, tuple[tuple[int, int], tuple[str, ...]]] = {
    "Action.OpenUrl": ((1, 0), ("url",)),
    "Action.Submit": ((1, 0), ()),
    "Action.ShowCard": ((1, 0), ("card",)),
    "Action.ToggleVisibility": ((1, 2), ("targetElements",)),
    "Action.Execute": ((1, 4), ()),
}


def parse_version(value: Any) -> tuple[int, int] | None:
    """(major, minor) of a card's "1.5"-style version, or None."""
    if not isinstance(value, str):
        return None
    major, _, minor = value.partition(".")
    if not (major.isdigit() and minor.isdigit()):
        return None
    return int(major), int(minor)


def check_card(card: Any, pointer: str = "") -> Problems:
    """Every reason Teams would not render `card` (a top-level AdaptiveCard), as (pointer, message)."""
    problems: Problems = []
    if not isinstance(card, dict) or card.get("type") != "AdaptiveCard":
        return [(f"{pointer}/type", "must be AdaptiveCard")]
    version = parse_version(card.get("version"))
    if version is None:
        problems.append((f"{pointer}/version", "a card sent by a bot must declare its version, e.g. '1.5'"))
    elif version > MAX_VERSION:
        problems.append((f"{pointer}/version", f"Teams renders schema {_dotted(MAX_VERSION)} at most"))
    walk = _Walk(problems, version or (0, 0))
    walk.card(card, pointer, depth=0)
    return problems


def _dotted(version: tuple[int, int]) -> str:
    return f"{version[0]}.{version[1]}"


class _Walk:
    """One pass over a card: types, required properties, ids, action counts."""

    def __init__(self, problems: Problems, version: tuple[int, int]) -> None:
        self.problems = problems
        self.version = version
        self.input_ids: set[str] = set()

    def fail(self, pointer: str, message: str) -> None:
        self.problems.append((pointer, message))

    def card(self, card: dict[str, Any], pointer: str, depth: int) -> None:
        if "refresh" in card and self.version < UNIVERSAL_ACTIONS_VERSION:
            self.fail(f"{pointer}/refresh", "refresh needs a card declared version 1.5 in Teams")
        self.elements(card.get("body", []), f"{pointer}/body", depth)
        self.actions(card.get("actions", []), f"{pointer}/actions", depth)

    def elements(self, items: Any, pointer: str, depth: int) -> None:
        if not isinstance(items, list):
            self.fail(pointer, "must be an array")
            return
        for i, item in enumerate(items):
            self.element(item, f"{pointer}/{i}", depth + 1)

    def element(self, item: Any, pointer: str, depth: int) -> None:
        if depth > MAX_DEPTH:
            self.fail(pointer, f"nested deeper than {MAX_DEPTH}")
            return
        kind = item.get("type") if isinstance(item, dict) else None
        if kind not in ELEMENTS:
            self._unknown(item, kind, pointer, depth, self.element)
            return
        self._required(item, ELEMENTS[kind][1], pointer)
        if kind.startswith("Input.") and isinstance(item.get("id"), str):
            if item["id"] in self.input_ids:
                self.fail(f"{pointer}/id", f"duplicate input id: {item['id']}")
            self.input_ids.add(item["id"])
        if kind == "Image" and str(item.get("url", "")).startswith("data:"):
            # Teams mobile shows it, desktop and web do not (microsoft/AdaptiveCards#4487).
            self.fail(
                f"{pointer}/url", "Teams desktop and web show no data: URL in a card; attach the picture"
            )
        self._children(kind, item, pointer, depth)
        if "selectAction" in item:
            self.action(item["selectAction"], f"{pointer}/selectAction", depth)

    def _children(self, kind: str, item: dict[str, Any], pointer: str, depth: int) -> None:
        if kind == "Container":
            self.elements(item.get("items", []), f"{pointer}/items", depth)
        elif kind == "ColumnSet":
            for i, column in enumerate(_list(item.get("columns"))):
                self.elements(_get(column, "items"), f"{pointer}/columns/{i}/items", depth + 1)
        elif kind == "ImageSet":
            self.elements(item.get("images", []), f"{pointer}/images", depth)
        elif kind == "ActionSet":
            self.actions(item.get("actions", []), f"{pointer}/actions", depth)
        elif kind == "Table":
            for r, row in enumerate(_list(item.get("rows"))):
                for c, cell in enumerate(_list(_get(row, "cells"))):
                    self.elements(_get(cell, "items"), f"{pointer}/rows/{r}/cells/{c}/items", depth + 2)
        elif kind == "FactSet":
            for i, fact in enumerate(_list(item.get("facts"))):
                self._required(fact, ("title", "value"), f"{pointer}/facts/{i}")
        elif kind == "Input.ChoiceSet":
            for i, choice in enumerate(_list(item.get("choices"))):
                self._required(choice, ("title", "value"), f"{pointer}/choices/{i}")

    def actions(self, actions: Any, pointer: str, depth: int) -> None:
        if not isinstance(actions, list):
            self.fail(pointer, "must be an array")
            return
        if len(actions) > MAX_ACTIONS:
            self.fail(pointer, f"Teams shows at most {MAX_ACTIONS} actions here; the rest would vanish")
        for i, action in enumerate(actions):
            self.action(action, f"{pointer}/{i}", depth + 1)

    def action(self, action: Any, pointer: str, depth: int) -> None:
        kind = action.get("type") if isinstance(action, dict) else None
        if kind not in ACTIONS:
            self._unknown(action, kind, pointer, depth, self.action)
            return
        self._required(action, ACTIONS[kind][1], pointer)
        if kind == "Action.Execute" and self.version < UNIVERSAL_ACTIONS_VERSION:
            self.fail(f"{pointer}/type", "Action.Execute needs a card declared version 1.5 in Teams")
        if kind == "Action.ShowCard" and isinstance(action.get("card"), dict):
            shown = action["card"]
            if shown.get("type") != "AdaptiveCard":
                self.fail(f"{pointer}/card/type", "must be AdaptiveCard")
            else:
                self.card(shown, f"{pointer}/card", depth + 1)

    def _unknown(self, item: Any, kind: Any, pointer: str, depth: int, check: Any) -> None:
        """An unknown type renders only through its `fallback` (an element, or "drop")."""
        fallback = item.get("fallback") if isinstance(item, dict) else None
        if fallback == "drop":
            return
        if isinstance(fallback, dict):
            check(fallback, f"{pointer}/fallback", depth + 1)
            return
        self.fail(f"{pointer}/type", f"unknown type {kind!r} in Teams' schema {_dotted(MAX_VERSION)}")

    def _required(self, item: Any, names: tuple[str, ...], pointer: str) -> None:
        if not isinstance(item, dict):
            self.fail(pointer, "must be an object")
            return
        for name in names:
            if item.get(name) is None or item.get(name) == "":
                self.fail(f"{pointer}/{name}", "required")


def _list(value: Any) -> list[Any]:
    return value if isinstance(value, list) else []


def _get(value: Any, key: str) -> Any:
    return value.get(key, []) if isinstance(value, dict) else []
