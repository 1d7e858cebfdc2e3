"""Shared Block Kit: the Reply type, plain text in sections, a domain error's words, the App Home."""

from __future__ import annotations

import json
from dataclasses import dataclass, field
from typing import Any

from slack_sdk.models.blocks import (
    ActionsBlock,
    Block,
    ButtonElement,
    ContextBlock,
    DividerBlock,
    HeaderBlock,
    MarkdownTextObject,
    PlainTextObject,
    SectionBlock,
)
from slack_sdk.models.views import View

from bot.consultations import CaseLine
from bot.contacts.overview import Home
from bot.errors import BrygganError
from bot.followup import Published, Report
from handlers.ids import Action
from templates import Lang, Templates, unescape_mrkdwn

# A Home tab holds at most 100 blocks; two lists of 40 leave room for the rest.
HOME_ROWS = 40
SECTION_LIMIT = 2900  # Slack's section text limit is 3,000; a little margin for escaping
MAX_SECTIONS = 45  # a message holds 50 blocks


@dataclass(frozen=True, slots=True)
class Reply:
    """A message: the notification fallback text plus its blocks (built once, never changed after)."""

    text: str
    blocks: list[Block]
    # The blocks as JSON-ready dicts, built on first use: `to_dict()` validates every element, and a
    # reply kept for reuse (the contact card) is sent many times.
    _dicts: list[dict[str, Any]] | None = field(default=None, init=False, repr=False, compare=False)
    _ack_body: str | None = field(default=None, init=False, repr=False, compare=False)

    def as_kwargs(self) -> dict[str, Any]:
        """Arguments for chat.postMessage, chat.postEphemeral or respond() (read them, never change them)."""
        if self._dicts is None:
            object.__setattr__(self, "_dicts", [block.to_dict() for block in self.blocks])
        return {"text": self.text, "blocks": list(self._dicts or ())}

    def ack_body(self) -> str:
        """The JSON Bolt's `ack(text=…, blocks=…)` would answer with, encoded once (a reply with blocks)."""
        if self._ack_body is None:
            object.__setattr__(self, "_ack_body", json.dumps(self.as_kwargs()))
        return self._ack_body or ""


def home(
    content: Home,
    cases: list[CaseLine],
    *,
    lang: Lang,
    templates: Templates,
    figures: Report | None = None,
    settings: bool = True,
) -> View:
    """The App Home: one's schools; for administrators the term's figures and schools needing action
    (with the settings button unless `settings` is False: Teams has no settings form)."""
    words = templates.module(lang, "home")
    rows = templates.module(lang, "contacts")
    blocks: list[Block] = [
        HeaderBlock(text=PlainTextObject(text=words.title)),
        SectionBlock(text=str(words.intro())),
    ]
    if content.mine:
        blocks += [DividerBlock(), SectionBlock(text=words.mine_title)]
        blocks += [SectionBlock(text=str(rows.list_row(s)).strip()) for s in content.mine[:HOME_ROWS]]
    if cases:
        words_cases = templates.module(lang, "consultations")
        blocks += [DividerBlock(), SectionBlock(text=words_cases.mine_title)]
        blocks += [SectionBlock(text=str(words_cases.case_line(c))) for c in cases[:HOME_ROWS]]
    if figures is not None:
        shown = Published(figures).municipality
        key_figures = str(templates.module(lang, "followup").key_figures(figures, shown))
        blocks += [DividerBlock(), *sections(key_figures)]
    if content.attention is not None:
        blocks += [DividerBlock(), SectionBlock(text=words.attention_title)]
        shown = [SectionBlock(text=str(rows.list_row(s)).strip()) for s in content.attention[:HOME_ROWS]]
        blocks += shown or [SectionBlock(text=words.all_covered)]
        if settings:
            button = ButtonElement(
                text=PlainTextObject(text=words.settings_button), action_id=Action.SETTINGS_OPEN
            )
            blocks.append(ActionsBlock(elements=[button]))
    blocks += [
        DividerBlock(),
        SectionBlock(text=str(words.commands())),
        ContextBlock(elements=[MarkdownTextObject(text=str(words.emergency()))]),
    ]
    return View(type="home", blocks=blocks)


def error_text(error: BrygganError, *, lang: Lang, templates: Templates) -> str:
    """A domain error's words alone, for a modal field (at most 2,000 characters there)."""
    words = str(getattr(templates.module(lang, "errors"), error.key)(**error.params)).strip()
    return unescape_mrkdwn(words)[:2000]  # modal errors are plain text to Slack


def error(key: str, params: dict[str, Any], *, lang: Lang, templates: Templates) -> Reply:
    """A domain error, worded by the `errors` template's macro named `key`."""
    return text(str(getattr(templates.module(lang, "errors"), key)(**params)))


def text(body: str) -> Reply:
    """A plain reply, in as many sections as its length needs."""
    body = body.strip()
    return Reply(text=body[:SECTION_LIMIT], blocks=list(sections(body)))


def sections(body: str) -> list[SectionBlock]:
    """`body` in sections under Slack's 3,000 characters, split between lines; past MAX_SECTIONS, cut."""
    chunks: list[str] = []
    for line in body.splitlines():
        if chunks and len(chunks[-1]) + len(line) + 1 <= SECTION_LIMIT:
            chunks[-1] += "\n" + line
        else:
            chunks.append(line[:SECTION_LIMIT] or " ")
    return [SectionBlock(text=chunk) for chunk in chunks[:MAX_SECTIONS]]
