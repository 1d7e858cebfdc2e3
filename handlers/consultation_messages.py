"""Block Kit for /konsultation: the modal and its receipt."""

from __future__ import annotations

from datetime import date, time
from typing import Any

from slack_sdk.models.blocks import (
    ContextBlock,
    DatePickerElement,
    InputBlock,
    MarkdownTextObject,
    Option,
    PlainTextInputElement,
    PlainTextObject,
    SectionBlock,
    StaticMultiSelectElement,
    StaticSelectElement,
    TimePickerElement,
)
from slack_sdk.models.views import View

from bot.consultations import AREAS, GRADES, MAX_TEXT, OUTCOMES, REACH, CaseLine
from handlers.arguments import field_value, selected_value
from handlers.ids import Field
from handlers.ids import View as ViewId
from handlers.messages import Reply, text
from templates import Lang, Templates


def modal(*, prefill: str, on_call: str, channel_id: str, lang: Lang, templates: Templates) -> dict[str, Any]:
    """The consultation modal; the emergency advice comes first."""
    w = templates.module(lang, "consultations")
    blocks = [
        ContextBlock(elements=[MarkdownTextObject(text=str(w.emergency(on_call)))]),
        InputBlock(
            block_id=Field.GRADE,
            label=w.grade_label,
            element=StaticSelectElement(
                action_id=Field.GRADE, placeholder=w.grade_placeholder, options=_options(GRADES, w.grades)
            ),
        ),
        InputBlock(
            block_id=Field.AREAS,
            label=w.areas_label,
            element=StaticMultiSelectElement(
                action_id=Field.AREAS, placeholder=w.areas_placeholder, options=_options(AREAS, w.areas)
            ),
        ),
        InputBlock(
            block_id=Field.DESCRIPTION,
            label=w.description_label,
            hint=w.description_hint,
            element=PlainTextInputElement(
                action_id=Field.DESCRIPTION,
                multiline=True,
                max_length=MAX_TEXT,
                initial_value=prefill[:MAX_TEXT] or None,
            ),
        ),
        InputBlock(
            block_id=Field.REACH,
            label=w.reach_label,
            element=StaticSelectElement(
                action_id=Field.REACH,
                initial_option=_options(REACH, w.reaches)[0],
                options=_options(REACH, w.reaches),
            ),
        ),
    ]
    view = View(
        type="modal",
        callback_id=ViewId.CONSULTATION,
        private_metadata=channel_id,
        title=PlainTextObject(text=w.modal_title),
        submit=PlainTextObject(text=w.submit),
        close=PlainTextObject(text=w.close),
        blocks=blocks,
    )
    return view.to_dict()


def sent(number: str, routed_to: str, fallback: bool, *, lang: Lang, templates: Templates) -> dict[str, Any]:
    """What the modal turns into once the consultation is stored and on its way."""
    w = templates.module(lang, "consultations")
    return View(
        type="modal",
        title=PlainTextObject(text=w.sent_title),
        close=PlainTextObject(text=w.close),
        blocks=[SectionBlock(text=str(w.sent(number, routed_to, fallback)))],
    ).to_dict()


def done(text: str, *, lang: Lang, templates: Templates) -> dict[str, Any]:
    """A closing modal that only says what happened."""
    w = templates.module(lang, "consultations")
    return View(
        type="modal",
        title=PlainTextObject(text=w.sent_title),
        close=PlainTextObject(text=w.close),
        blocks=[SectionBlock(text=text)],
    ).to_dict()


def values(view: dict[str, Any]) -> dict[str, Any]:
    """The submitted fields as the use case wants them."""
    state = view["state"]["values"]

    areas = state.get(Field.AREAS, {}).get(Field.AREAS, {}).get("selected_options") or []
    return {
        "grade": selected_value(view, Field.GRADE),
        "areas": [option["value"] for option in areas],
        "description": field_value(view, Field.DESCRIPTION),
        "reach": selected_value(view, Field.REACH),
    }


def _options(codes: tuple[str, ...], names: dict[str, str]) -> list[Option]:
    return [Option(value=code, text=PlainTextObject(text=names[code])) for code in codes]


def reply_modal(case_id: int, *, lang: Lang, templates: Templates) -> dict[str, Any]:
    """The modal for a reply in a consultation (guarded on submit)."""
    w = templates.module(lang, "consultations")
    element = PlainTextInputElement(action_id=Field.REPLY, multiline=True, max_length=MAX_TEXT)
    return _case_modal(
        ViewId.CONSULTATION_REPLY,
        case_id,
        w.reply_title,
        w.submit,
        w.close,
        InputBlock(block_id=Field.REPLY, label=w.reply_label, hint=w.reply_hint, element=element),
    )


def close_modal(case_id: int, *, lang: Lang, templates: Templates) -> dict[str, Any]:
    """The modal where the receiver closes a consultation with an outcome."""
    w = templates.module(lang, "consultations")
    element = StaticSelectElement(action_id=Field.OUTCOME, options=_options(OUTCOMES, w.outcomes))
    return _case_modal(
        ViewId.CONSULTATION_CLOSE,
        case_id,
        w.close_title,
        w.close_title,
        w.close,
        InputBlock(block_id=Field.OUTCOME, label=w.outcome_label, element=element),
    )


def _case_modal(
    callback: ViewId, case_id: int, title: str, submit: str, close: str, block: InputBlock
) -> dict[str, Any]:
    view = View(
        type="modal",
        callback_id=callback,
        private_metadata=str(case_id),
        title=PlainTextObject(text=title),
        submit=PlainTextObject(text=submit),
        close=PlainTextObject(text=close),
        blocks=[block],
    )
    return view.to_dict()


def mine(lines: list[CaseLine], *, lang: Lang, templates: Templates) -> Reply:
    """`/konsultation mina`: one's open cases with their age, never their texts."""
    w = templates.module(lang, "consultations")
    if not lines:
        return text(w.mine_none)
    body = "\n".join([w.mine_title, *(str(w.case_line(line)) for line in lines)])
    return text(body)


def call_modal(case_id: int, *, tomorrow: date, lang: Lang, templates: Templates) -> dict[str, Any]:
    """The modal where the receiver proposes a day and time to talk."""
    w = templates.module(lang, "consultations")
    view = View(
        type="modal",
        callback_id=ViewId.CONSULTATION_CALL,
        private_metadata=str(case_id),
        title=PlainTextObject(text=w.call_title),
        submit=PlainTextObject(text=w.submit),
        close=PlainTextObject(text=w.close),
        blocks=[
            InputBlock(
                block_id=Field.DAY,
                label=w.day_label,
                element=DatePickerElement(action_id=Field.DAY, initial_date=tomorrow.isoformat()),
            ),
            InputBlock(
                block_id=Field.TIME,
                label=w.time_label,
                element=TimePickerElement(action_id=Field.TIME, initial_time="10:00"),
            ),
        ],
    )
    return view.to_dict()


def picked(view: dict[str, Any]) -> tuple[date, time]:
    """The day and time chosen in the call modal."""
    state = view["state"]["values"]
    day = state[Field.DAY][Field.DAY]["selected_date"]
    at = state[Field.TIME][Field.TIME]["selected_time"]
    return date.fromisoformat(day), time.fromisoformat(at)
