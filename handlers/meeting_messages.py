"""Block Kit for /eht: replies, the agenda-item modal and the notes modal."""

from __future__ import annotations

import json
from typing import Any

from slack_sdk.models.blocks import (
    ActionsBlock,
    ButtonElement,
    InputBlock,
    PlainTextInputElement,
    PlainTextObject,
    SectionBlock,
)
from slack_sdk.models.views import View

from bot.meetings.agenda import MAX_ITEM, MAX_NOTE
from bot.meetings.calendar_file import CalendarWords
from bot.meetings.targets import Target
from bot.meetings.views import Replacement
from handlers.ids import Action, Field
from handlers.ids import View as ViewId
from handlers.messages import Reply
from storage.models import MeetingNote
from templates import Lang, Templates, unescape_mrkdwn


def calendar_words(*, lang: Lang, templates: Templates) -> CalendarWords:
    """The words an .ics file carries (plain text: calendars do not read Slack markup)."""
    w = templates.module(lang, "meetings")
    return CalendarWords(
        unescape_mrkdwn(str(w.calendar_summary)), unescape_mrkdwn(str(w.calendar_description))
    )


def schedule_replace(
    replacement: Replacement, words: list[str], *, lang: Lang, templates: Templates
) -> Reply:
    """The old and the new series side by side, with buttons to replace or keep."""
    w = templates.module(lang, "meetings")
    body = str(w.schedule_replace(replacement)).strip()
    replace = ButtonElement(
        text=PlainTextObject(text=w.replace_label),
        action_id=f"{Action.EHT_SCHEDULE_CONFIRM}:go",
        value=json.dumps({"words": words}, ensure_ascii=False)[:2000],
        style="primary",
    )
    keep = ButtonElement(
        text=PlainTextObject(text=w.keep_label), action_id=f"{Action.CANCEL}:eht", value="{}"
    )
    return Reply(body, [SectionBlock(text=body), ActionsBlock(elements=[replace, keep])])


def item_modal(target: Target, *, lang: Lang, templates: Templates) -> dict[str, Any]:
    """One text field for an agenda item of the meeting `target` names."""
    w = templates.module(lang, "meetings")
    field = InputBlock(
        block_id=Field.ITEM,
        label=w.item_label,
        hint=w.item_hint,
        element=PlainTextInputElement(action_id=Field.ITEM, max_length=MAX_ITEM),
    )
    return _modal(ViewId.EHT_ITEM, w.item_title, target, [field], w)


def notes_modal(
    target: Target, earlier: MeetingNote | None, *, lang: Lang, templates: Templates
) -> dict[str, Any]:
    """Decisions, actions and who follows up, pre-filled with earlier notes of the same meeting."""
    w = templates.module(lang, "meetings")
    fields = [
        _text(Field.DECISIONS, w.notes_decisions, earlier.decisions if earlier else None, optional=False),
        _text(Field.ACTIONS, w.notes_actions, earlier.actions if earlier else None),
        _text(Field.FOLLOW_UP, w.notes_follow_up, earlier.follow_up if earlier else None),
    ]
    fields[0].hint = PlainTextObject(text=w.notes_hint)
    return _modal(ViewId.EHT_NOTES, w.notes_title, target, fields, w)


def done(title: str, text: str, *, lang: Lang, templates: Templates) -> dict[str, Any]:
    """A closing modal that only says what happened."""
    w = templates.module(lang, "meetings")
    return View(
        type="modal",
        title=PlainTextObject(text=title),
        close=PlainTextObject(text=w.close),
        blocks=[SectionBlock(text=text)],
    ).to_dict()


def _text(name: str, label: str, initial: str | None, *, optional: bool = True) -> InputBlock:
    element = PlainTextInputElement(
        action_id=name, multiline=True, max_length=MAX_NOTE, initial_value=initial
    )
    return InputBlock(block_id=name, label=label, element=element, optional=optional)


def _modal(callback: str, title: str, target: Target, blocks: list[InputBlock], w: Any) -> dict[str, Any]:
    return View(
        type="modal",
        callback_id=callback,
        private_metadata=target.encode(),
        title=PlainTextObject(text=title),
        submit=PlainTextObject(text=w.submit),
        close=PlainTextObject(text=w.close),
        blocks=blocks,
    ).to_dict()
