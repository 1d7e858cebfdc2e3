"""A Slack `Reply` (fallback text and Block Kit) as an Adaptive Card 1.5 that Teams renders.

Bryggan's answers are built once, as Block Kit, from the templates' mrkdwn words; Teams gets the
same answer translated here, block by block:

| Block Kit | Adaptive Card 1.5 |
|---|---|
| header | TextBlock, bold and large |
| section (text and fields) | one TextBlock each, mrkdwn turned into Teams' markdown |
| context | TextBlock, small and subtle (images in it are dropped) |
| divider | `separator` on the next element (a divider at the end is dropped) |
| buttons (actions, accessory) | Action.Execute: `verb` action_id, `data` `{"value": value}`; 6 a set |
| a button opening a modal (`…_open`), or with `confirm` | Action.Submit `task/fetch`: a dialog |
| a button with a URL | Action.OpenUrl |
| image | Image |

Dropped, and named in `Card.dropped`: select menus, date pickers and every other interactive
element but a button, inputs (modals are not messages), rich text, files, video, unknown blocks.

mrkdwn becomes CommonMark, as Teams' card renderer reads it: `*bold*` -> `**bold**`, `` `code` ``
stays, `<url|text>` -> `[text](url)` (http, https, mailto and webcal only), `<@U…>` a Teams
mention when the person's Teams id and name are known, `<#C…>` the channel's name. Everything
else is text: Slack's `&amp;`, `&lt;`, `&gt;` are read back and every character markdown or a
mention could use is escaped with a backslash, so a name like `[x](https://…)` or `<at>…</at>`
is shown as typed, never obeyed.
"""

from __future__ import annotations

import json
import re
from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import Any
from urllib.parse import quote

from handlers.messages import Reply

CARD_CONTENT_TYPE = "application/vnd.microsoft.card.adaptive"
VERSION = "1.5"  # the newest schema Teams renders; Action.Execute needs it
MAX_ACTIONS = 6  # Teams' host config drops the rest of an ActionSet
OPENS_FORM = "_open"  # an action_id (before its `:`) ending so opens a modal (handlers/ids.py)
_SCHEMA = "http://adaptivecards.io/schemas/adaptive-card.json"

# Bryggan's own mrkdwn: Slack's <…> links and mentions, *bold* and `code`. The rest is text.
_TOKEN = re.compile(r"<([^<>\n]+)>|(?<![\w*])\*([^*\n]+)\*(?![\w*])|`([^`\n]+)`")
# What CommonMark or a Teams mention could read in text: escaped, so it is shown as typed.
_SPECIAL = re.compile(r"([\\`*_\[\]()<>&#~|!{}])")
_SAFE_SCHEMES = ("http://", "https://", "mailto:", "webcal://")


@dataclass(frozen=True, slots=True)
class Named:
    """A person or channel a reply names, as Teams knows it: its Teams id (empty for a channel) and name."""

    name: str
    teams_id: str = ""


@dataclass
class Card:
    """An Adaptive Card and what of the Block Kit had no equivalent (block or element types)."""

    content: dict[str, Any]
    dropped: list[str] = field(default_factory=list)

    def attachment(self) -> dict[str, Any]:
        """The card as a message attachment."""
        return {"contentType": CARD_CONTENT_TYPE, "content": self.content}


def escape(text: str) -> str:
    """Plain text for a TextBlock: every character markdown or a mention reads is backslash-escaped."""
    return _SPECIAL.sub(r"\\\1", text)


def _unescape_slack(text: str) -> str:
    return text.replace("&lt;", "<").replace("&gt;", ">").replace("&amp;", "&")


class _Markdown:
    """mrkdwn to Teams markdown, collecting the mention entities the card must carry."""

    def __init__(self, names: Mapping[str, Named]) -> None:
        self._names = names
        self.entities: dict[str, dict[str, Any]] = {}

    def convert(self, mrkdwn: str) -> str:
        out: list[str] = []
        last = 0
        for match in _TOKEN.finditer(mrkdwn):
            out.append(self._text(mrkdwn[last : match.start()]))
            angle, bold, code = match.groups()
            if angle is not None:
                out.append(self._angle(angle))
            elif bold is not None:
                out.append(f"**{self.convert(bold)}**")
            else:
                out.append(self._code(code))
            last = match.end()
        out.append(self._text(mrkdwn[last:]))
        return "".join(out)

    def _text(self, mrkdwn: str) -> str:
        return escape(_unescape_slack(mrkdwn))

    def _code(self, mrkdwn: str) -> str:
        plain = _unescape_slack(mrkdwn)
        # Inside a code span nothing can be escaped: text that could read as a mention stays plain text.
        return f"`{plain}`" if not set("<>&") & set(plain) else escape(plain)

    def _angle(self, inner: str) -> str:
        target, _, label = inner.partition("|")
        if target.startswith("@"):
            return self._mention(target[1:], label)
        if target.startswith("#"):
            named = self._names.get(target[1:])
            return escape(f"#{named.name if named else label or target[1:]}")
        if target.startswith("!"):
            return escape(_unescape_slack(label) if label else f"@{target[1:]}")
        if target.startswith(_SAFE_SCHEMES):
            url = quote(_unescape_slack(target), safe=":/?#@!$&'*+,;=%~.-_")
            return f"[{escape(_unescape_slack(label or target))}]({url})"
        return self._text(f"<{inner}>")

    def _mention(self, internal_id: str, label: str) -> str:
        named = self._names.get(internal_id)
        if named is None or not named.teams_id:
            return escape(f"@{named.name if named else label or internal_id}")
        name = re.sub(r"[<>&]", "", named.name) or internal_id  # the entity's text must match exactly
        text = f"<at>{name}</at>"
        self.entities[named.teams_id] = {
            "type": "mention",
            "text": text,
            "mentioned": {"id": named.teams_id, "name": name},
        }
        return text


def mentioned_ids(reply: Reply) -> list[str]:
    """The internal ids of everyone the reply mentions, in order (to look up their Teams names)."""
    return mentions_in(reply.as_kwargs())


def mentions_in(blocks: Any) -> list[str]:
    """The internal ids of everyone JSON-ready Block Kit (a view, blocks) mentions, in order."""
    found = re.findall(r"<@([A-Z][A-Z0-9]+)(?:\|[^>]*)?>", json.dumps(blocks))
    return list(dict.fromkeys(found))


def to_card(reply: Reply, names: Mapping[str, Named] | None = None) -> Card:
    """The Adaptive Card showing `reply`; `names` gives the Teams id and name behind each mention."""
    return from_blocks(reply.as_kwargs()["blocks"], reply.text, names)


def adaptive_card(
    blocks: list[dict[str, Any]], people: Mapping[str, tuple[str, str]] | None = None
) -> dict[str, Any]:
    """The card for a message Bryggan starts (the outbox's Teams transport): `people` gives the Teams
    id and display name (in that order) of each person Bryggan knows by name, shown as a Teams
    mention; anyone else is shown as `@` and the mention's label."""
    names = {internal: Named(name, teams_id) for internal, (teams_id, name) in (people or {}).items()}
    return from_blocks(blocks, names=names).content


def from_blocks(
    blocks: list[dict[str, Any]], text: str = "", names: Mapping[str, Named] | None = None
) -> Card:
    """The Adaptive Card showing Block Kit `blocks` (`text` when none of them shows anything)."""
    markdown = _Markdown(names or {})
    card = Card({})
    body: list[dict[str, Any]] = []
    separate = False
    for block in blocks:
        if block["type"] == "divider":
            separate = bool(body)
            continue
        elements = _block(block, markdown, card.dropped)
        if elements and separate:
            elements[0]["separator"] = True
            separate = False
        body += elements
    if not body:
        body = [text_block(markdown.convert(text or " "))]
    content: dict[str, Any] = {"type": "AdaptiveCard", "$schema": _SCHEMA, "version": VERSION, "body": body}
    content["msteams"] = {"width": "Full"}
    if markdown.entities:
        content["msteams"]["entities"] = list(markdown.entities.values())
    card.content = content
    return card


def text_block(text: str, **style: Any) -> dict[str, Any]:
    """A wrapping TextBlock of Teams markdown (escape plain text first)."""
    return {"type": "TextBlock", "text": text or " ", "wrap": True, **style}


def _block(block: dict[str, Any], markdown: _Markdown, dropped: list[str]) -> list[dict[str, Any]]:
    kind = block["type"]
    if kind == "header":
        return [text_block(escape(block["text"]["text"]), weight="Bolder", size="Large")]
    if kind == "section":
        return _section(block, markdown, dropped)
    if kind == "context":
        parts = [
            _text_object(e, markdown) for e in block["elements"] if e["type"] in ("mrkdwn", "plain_text")
        ]
        dropped += [e["type"] for e in block["elements"] if e["type"] not in ("mrkdwn", "plain_text")]
        return [text_block(" ".join(parts), size="Small", isSubtle=True)] if parts else []
    if kind == "actions":
        return _action_sets(block["elements"], dropped)
    if kind == "image":
        image = {"type": "Image", "url": block["image_url"], "altText": block.get("alt_text", "")}
        return [image]
    dropped.append(kind)
    return []


def _text_object(obj: dict[str, Any], markdown: _Markdown) -> str:
    return markdown.convert(obj["text"]) if obj["type"] == "mrkdwn" else escape(obj["text"])


def _section(block: dict[str, Any], markdown: _Markdown, dropped: list[str]) -> list[dict[str, Any]]:
    out = [text_block(_text_object(block["text"], markdown))] if block.get("text") else []
    out += [text_block(_text_object(f, markdown)) for f in block.get("fields", [])]
    accessory = block.get("accessory")
    if accessory is not None:
        out += _action_sets([accessory], dropped)
    return out


def _action_sets(elements: list[dict[str, Any]], dropped: list[str]) -> list[dict[str, Any]]:
    actions = []
    for element in elements:
        if element["type"] == "button":
            actions.append(_button(element))
        else:
            dropped.append(element["type"])
    return [
        {"type": "ActionSet", "actions": actions[i : i + MAX_ACTIONS]}
        for i in range(0, len(actions), MAX_ACTIONS)
    ]


def _button(button: dict[str, Any]) -> dict[str, Any]:
    title = button["text"]["text"]
    if button.get("url"):
        return {"type": "Action.OpenUrl", "title": title, "url": button["url"]}
    value = {"value": button["value"]} if "value" in button else {}
    action: dict[str, Any]
    if button["action_id"].split(":")[0].endswith(OPENS_FORM) or button.get("confirm"):
        # A form, or a question first: Teams opens a dialog only for task/fetch, not Action.Execute.
        data = {"msteams": {"type": "task/fetch"}, "verb": button["action_id"], **value}
        if button.get("confirm"):
            data["confirm"] = {k: button["confirm"][k]["text"] for k in ("title", "text", "confirm")}
        action = {"type": "Action.Submit", "title": title, "data": data}
    else:
        action = {"type": "Action.Execute", "title": title, "verb": button["action_id"], "data": value}
    style = {"primary": "positive", "danger": "destructive"}.get(button.get("style", ""))
    if style:
        action["style"] = style
    return action
