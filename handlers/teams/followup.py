"""`uppföljning [HT2026]` in Teams: Slack's figures and charts, with the pictures sent inline.

The figures, the people who may see them and the words are Slack's (handlers/followup.py builds
the reply for both). What differs is where they may be shown and how the charts travel:

- Teams has no message only the asker sees (Slack answers `/uppföljning` ephemerally and sends the
  charts by DM), so the figures are shown only in the asker's personal chat with Bryggan; written
  in a channel or group chat, they are refused with words saying where to ask.
- The charts follow the card as inline PNG pictures, one message each (pictures.py).
- Page buttons are Slack's: a click is answered with the next page in place of the card
  (interactions.py, `followup.turn`), without the charts again.
- No CSV: Slack's `/uppföljning` uploads none either; `bryggan report --format csv` writes it.
"""

from __future__ import annotations

import logging
from typing import Any

from slack_sdk.models.blocks import SectionBlock

from bot.actors import Actor
from bot.followup import Report
from bot.services import Services
from handlers import followup, messages
from handlers.messages import Reply
from handlers.teams.pictures import Picture, Pictured, fitted
from templates import Lang, Templates

log = logging.getLogger("bryggan.handlers")
# Schools a chart in Teams: 15 rows keep a per-school chart under one message's 28 KB as a palette
# PNG at full size (about 15 KB measured), where Slack's 30 would not fit at any readable size.
CHART_ROWS = 15


def answer(services: Services, actor: Actor, lang: Lang, *, personal: bool, typed: str) -> Reply:
    """The term's figures for `actor`, with the charts to follow; refused outside a personal chat."""
    templates = services.templates
    words = _words(templates, lang)
    if not personal:
        return messages.text(str(words.followup_personal_only()))
    report = followup.figures(services, actor, typed)
    pictures, left_out = _pictures(report, lang, templates)
    page = followup.page_reply(report, 1, lang=lang, templates=templates)
    note = str(words.followup_note(len(pictures), left_out)).strip()
    blocks = [*page.blocks, SectionBlock(text=note)] if note else page.blocks
    return Pictured(page.text, blocks, pictures=tuple(pictures))


def _pictures(report: Report, lang: Lang, templates: Templates) -> tuple[list[Picture], int]:
    """The charts that fit a Teams message each, and how many did not."""
    try:
        drawn = followup.charts(report, lang=lang, templates=templates, max_rows=CHART_ROWS)
    except Exception as exc:  # the charts are a nicety: their failure must not hide the figures
        log.warning("charts not drawn", extra={"error_type": type(exc).__name__})
        return [], 0
    pictures = []
    for chart in drawn:
        png = fitted(chart.png)
        if png is not None:
            pictures.append(Picture(chart.name, chart.title, png))
    return pictures, len(drawn) - len(pictures)


def _words(templates: Templates, lang: Lang) -> Any:
    return templates.module(lang, "teams")
