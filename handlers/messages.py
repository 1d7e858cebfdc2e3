"""Block Kit built from domain results; the words come from templates/."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from slack_sdk.models.blocks import (
    Block,
    ContextBlock,
    DividerBlock,
    HeaderBlock,
    MarkdownTextObject,
    PlainTextObject,
    SectionBlock,
)
from slack_sdk.models.views import View

from templates import Lang, Templates


@dataclass(frozen=True, slots=True)
class Reply:
    """A message: the notification fallback text plus its blocks."""

    text: str
    blocks: list[Block]

    def as_kwargs(self) -> dict[str, Any]:
        """Arguments for chat.postMessage, chat.postEphemeral or respond()."""
        return {"text": self.text, "blocks": [block.to_dict() for block in self.blocks]}


def home(*, lang: Lang, templates: Templates) -> View:
    """The App Home tab."""
    words = templates.module(lang, "home")
    return View(
        type="home",
        blocks=[
            HeaderBlock(text=PlainTextObject(text=words.title)),
            SectionBlock(text=str(words.intro())),
            DividerBlock(),
            SectionBlock(text=str(words.commands())),
            ContextBlock(elements=[MarkdownTextObject(text=str(words.emergency()))]),
        ],
    )


def error(key: str, params: dict[str, Any], *, lang: Lang, templates: Templates) -> Reply:
    """A domain error, worded by the `errors` template's macro named `key`."""
    return text(str(getattr(templates.module(lang, "errors"), key)(**params)))


def text(body: str) -> Reply:
    """A plain one-section reply."""
    body = body.strip()
    return Reply(text=body, blocks=[SectionBlock(text=body)])
