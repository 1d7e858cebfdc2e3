"""Slack modal views as Teams dialogs and back: each input both ways, errors under their fields, limits."""

from __future__ import annotations

import json
from datetime import date, time
from typing import Any

from slack_sdk.models.blocks import (
    CheckboxesElement,
    DatePickerElement,
    InputBlock,
    NumberInputElement,
    Option,
    PlainTextInputElement,
    RadioButtonsElement,
    StaticMultiSelectElement,
    StaticSelectElement,
    TimePickerElement,
    UserSelectElement,
)
from slack_sdk.models.views import View

from handlers import consultation_messages
from handlers.arguments import field_value, selected_value
from handlers.teams.dialogs import MAX_CHOICES, submitted, to_dialog, with_state
from localteams.cards import check_card
from localteams.messages import MAX_MESSAGE_BYTES, check_activity
from templates import Templates


def _options(*values: str) -> list[Option]:
    return [Option(value=v, text=f"Val {v}") for v in values]


def _view(*blocks: InputBlock) -> dict[str, Any]:
    return View(
        type="modal",
        callback_id="form",
        private_metadata="signed",
        title="Formulär",
        submit="Skicka",
        blocks=list(blocks),
    ).to_dict()


def _input(element: Any, *, optional: bool = False, hint: str | None = None) -> InputBlock:
    return InputBlock(
        block_id=element.action_id,
        label=f"Fält {element.action_id}",
        element=element,
        optional=optional,
        hint=hint,
    )


EVERY_INPUT = _view(
    _input(PlainTextInputElement(action_id="text", multiline=True, max_length=500, initial_value="hej")),
    _input(NumberInputElement(action_id="number", is_decimal_allowed=False), optional=True),
    _input(StaticSelectElement(action_id="one", options=_options("a", "b"), initial_option=_options("b")[0])),
    _input(RadioButtonsElement(action_id="radio", options=_options("x", "y"))),
    _input(
        StaticMultiSelectElement(
            action_id="many", options=_options("a", "b", "c"), initial_options=_options("a", "c")
        )
    ),
    _input(CheckboxesElement(action_id="ticks", options=_options("on")), optional=True),
    _input(DatePickerElement(action_id="day", initial_date="2026-11-25")),
    _input(TimePickerElement(action_id="at", initial_time="10:00"), hint="Svensk tid"),
)


def _card(view: dict[str, Any], **kwargs: Any) -> dict[str, Any]:
    return to_dialog(view, **kwargs).value["card"]["content"]


def _inputs(card: dict[str, Any]) -> dict[str, dict[str, Any]]:
    return {e["id"]: e for e in card["body"] if e["type"].startswith("Input.")}


def _renders(card: dict[str, Any]) -> None:
    assert check_card(card) == []
    check_activity(
        {
            "type": "message",
            "attachments": [{"contentType": "application/vnd.microsoft.card.adaptive", "content": card}],
        }
    )


def test_every_input_becomes_its_adaptive_card_input_with_its_initial_value() -> None:
    dialog = to_dialog(EVERY_INPUT)
    assert dialog.value["title"] == "Formulär"
    assert dialog.dropped == []
    card = dialog.value["card"]["content"]
    shown = _inputs(card)
    assert {k: (e["type"], e.get("value"), e["isRequired"]) for k, e in shown.items()} == {
        "text": ("Input.Text", "hej", True),
        "number": ("Input.Number", None, False),
        "one": ("Input.ChoiceSet", "b", True),
        "radio": ("Input.ChoiceSet", None, True),
        "many": ("Input.ChoiceSet", "a,c", True),
        "ticks": ("Input.ChoiceSet", None, False),
        "day": ("Input.Date", "2026-11-25", True),
        "at": ("Input.Time", "10:00", True),
    }
    assert (shown["text"]["isMultiline"], shown["text"]["maxLength"], shown["text"]["label"]) == (
        True,
        500,
        "Fält text",
    )
    assert [(shown[k]["style"], shown[k]["isMultiSelect"]) for k in ("one", "radio", "many", "ticks")] == [
        ("compact", False),
        ("expanded", False),
        ("compact", True),
        ("expanded", True),
    ]
    assert shown["one"]["choices"] == [{"title": "Val a", "value": "a"}, {"title": "Val b", "value": "b"}]
    hint = card["body"][card["body"].index(shown["at"]) + 1]
    assert (hint["text"], hint["isSubtle"]) == ("Svensk tid", True)
    [submit] = card["actions"]
    assert submit["type"] == "Action.Submit"
    assert submit["title"] == "Skicka"
    assert submitted(submit["data"]) is not None
    _renders(card)


def test_what_the_dialog_submits_is_read_back_in_slacks_shape() -> None:
    [submit] = _card(EVERY_INPUT)["actions"]
    typed = {
        "text": " hej då ",
        "number": "3",
        "one": "a",
        "radio": "y",
        "many": "b,c",
        "ticks": "on",
        "day": "2026-12-01",
        "at": "14:30:00",
    }
    form = submitted({**submit["data"], **typed, "msteams": {"type": "task/submit"}})
    assert form is not None
    assert (form.callback_id, form.private_metadata) == ("form", "signed")
    assert form.typed == typed  # Teams' own keys are not inputs
    state = with_state(EVERY_INPUT, form.typed)["state"]["values"]
    assert state["text"]["text"]["value"] == " hej då "
    assert state["number"]["number"]["value"] == "3"
    assert state["one"]["one"]["selected_option"] == {
        "text": {"type": "plain_text", "text": "Val a", "emoji": True},
        "value": "a",
    }
    assert state["radio"]["radio"]["selected_option"]["value"] == "y"
    assert [o["value"] for o in state["many"]["many"]["selected_options"]] == ["b", "c"]
    assert [o["value"] for o in state["ticks"]["ticks"]["selected_options"]] == ["on"]
    assert state["day"]["day"]["selected_date"] == "2026-12-01"
    assert state["at"]["at"]["selected_time"] == "14:30"  # Slack's HH:MM


def test_empty_inputs_read_back_as_slack_leaves_them() -> None:
    state = with_state(EVERY_INPUT, {})["state"]["values"]
    assert state["text"]["text"]["value"] == ""
    assert state["one"]["one"]["selected_option"] is None
    assert state["many"]["many"]["selected_options"] == []
    assert state["day"]["day"]["selected_date"] is None


def test_the_slack_value_readers_run_unchanged_on_a_submitted_consultation_and_call() -> None:
    templates = Templates()
    modal = consultation_messages.modal(
        prefill="", on_call="112", channel_id="MC1", lang="sv", templates=templates
    )
    typed = {"grade": "8", "areas": "franvaro,omsorgssvikt", "description": "Oro för en elev.", "reach": "dm"}
    assert consultation_messages.values(with_state(modal, typed)) == {
        "grade": "8",
        "areas": ["franvaro", "omsorgssvikt"],
        "description": "Oro för en elev.",
        "reach": "dm",
    }
    call = consultation_messages.call_modal(7, tomorrow=date(2026, 11, 25), lang="sv", templates=templates)
    shown = _inputs(_card(call))
    assert (shown["day"]["value"], shown["time"]["value"]) == ("2026-11-25", "10:00")
    assert consultation_messages.picked(with_state(call, {"day": "2026-11-26", "time": "09:15"})) == (
        date(2026, 11, 26),
        time(9, 15),
    )
    close = consultation_messages.close_modal(7, lang="sv", templates=templates)
    assert selected_value(with_state(close, {"outcome": "annat"}), "outcome") == "annat"
    reply = consultation_messages.reply_modal(7, lang="sv", templates=templates)
    assert field_value(with_state(reply, {"reply": " Svar "}), "reply") == "Svar"


def test_an_error_stands_under_its_field_and_typed_values_replace_the_initial_ones() -> None:
    card = _card(
        EVERY_INPUT, typed={"one": "a", "text": "nytt"}, errors={"one": "Välj ett annat", "day": "Fel dag"}
    )
    body = card["body"]
    shown = _inputs(card)
    assert (shown["one"]["value"], shown["text"]["value"]) == ("a", "nytt")
    error = body[body.index(shown["one"]) + 1]
    assert error == {"type": "TextBlock", "text": "Välj ett annat", "wrap": True, "color": "Attention"}
    assert body[body.index(shown["day"]) + 1]["text"] == "Fel dag"
    assert sum(1 for e in body if e.get("color") == "Attention") == 2
    _renders(card)


def test_an_error_about_a_field_the_form_does_not_show_is_still_shown_last() -> None:
    card = _card(EVERY_INPUT, errors={"forward_to": "Ingen kollega att välja"})
    assert card["body"][-1] == {
        "type": "TextBlock",
        "text": "Ingen kollega att välja",
        "wrap": True,
        "color": "Attention",
    }
    _renders(card)


def test_an_error_is_shown_as_text_never_read_as_markdown() -> None:
    card = _card(EVERY_INPUT, errors={"text": "[klicka](https://evil.example) <at>x</at>"})
    [error] = [e for e in card["body"] if e.get("color") == "Attention"]
    assert error["text"] == r"\[klicka\]\(https://evil.example\) \<at\>x\</at\>"


def test_a_long_option_list_stays_within_teams_limits() -> None:
    options = [Option(value=f"v{n:03}", text=f"{'Ett långt alternativ ' * 3}{n}"[:75]) for n in range(100)]
    view = _view(_input(StaticSelectElement(action_id="long", options=options)))
    view["blocks"][0]["element"]["options"] += [
        {"text": {"type": "plain_text", "text": "extra"}, "value": f"x{n}"} for n in range(50)
    ]
    card = _card(view)
    [choices] = _inputs(card).values()
    assert len(choices["choices"]) == MAX_CHOICES
    assert choices["style"] == "filtered"  # type to find, not scroll through a hundred
    _renders(card)
    assert len(json.dumps(card).encode()) < MAX_MESSAGE_BYTES


def test_an_input_teams_has_no_equal_for_is_dropped_and_named() -> None:
    view = _view(_input(UserSelectElement(action_id="who")), _input(PlainTextInputElement(action_id="note")))
    dialog = to_dialog(view)
    assert list(_inputs(dialog.value["card"]["content"])) == ["note"]
    assert dialog.dropped == ["users_select"]


def test_a_closing_view_becomes_a_dialog_without_a_submit() -> None:
    done = consultation_messages.done("*K-2026-0001* är avslutad.", lang="sv", templates=Templates())
    card = _card(done)
    assert "actions" not in card
    assert card["body"][0]["text"] == "**K-2026-0001** är avslutad."
    assert submitted({"anything": "typed"}) is None
