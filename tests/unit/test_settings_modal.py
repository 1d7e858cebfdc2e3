"""The settings modal's round trip: what a submitted modal changes, given what it was opened with."""

from __future__ import annotations

from typing import Any

from bot.setting_checks import Key
from bot.workspace_settings import Shown
from handlers.settings import changes, settings_modal
from localslack.rules import check_view
from templates import Templates

DEFAULTS = {
    Key.ADMIN_USERS: "U0ENVADM1",
    Key.FALLBACK_CHANNEL: "C0ENVFALL",
    Key.REPORT_CHANNEL: "",
    Key.TERMS: "HT=08-01..12-31,VT=01-01..06-30",
    Key.SCHOOL_BREAKS: "",
    Key.INTAKE_TEXT: "Ring mottagningen.",
    Key.ON_CALL_TEXT: "Socialjouren Öst",
    Key.TIMEZONE: "Europe/Stockholm",
    Key.RETENTION_DAYS: "90",
    Key.ACK_HOURS: "0.3333333",  # longer than the field holds
}


def _shown(**own: str) -> list[Shown]:
    return [Shown(key, own.get(key.value, DEFAULTS[key]), key.value in own) for key in Key]


def _submitted(shown: list[Shown], *, admins: list[str] | None = None, **typed: str) -> dict[str, Any]:
    """The modal opened with `shown`, submitted with its fields as filled in, `typed` over them."""
    modal = settings_modal(shown, lang="sv", templates=Templates())
    values: dict[str, Any] = {}
    for block in modal["blocks"]:
        element, name = block.get("element") or {}, block.get("block_id")
        if element.get("type") == "plain_text_input":
            text = typed.get(name, element.get("initial_value") or "")
            values[name] = {name: {"type": "plain_text_input", "value": text}}
        elif element.get("type") == "multi_users_select":
            chosen = (element.get("initial_users") or []) if admins is None else admins
            values[name] = {name: {"type": "multi_users_select", "selected_users": chosen}}
    return {"state": {"values": values}}


def test_a_modal_saved_untouched_changes_nothing_even_where_a_value_was_cut_to_fit() -> None:
    shown = _shown()
    assert changes(_submitted(shown), shown) == {}


def test_an_edited_field_is_a_change_and_an_emptied_one_a_reset() -> None:
    shown = _shown(intake_text="Ring skolkuratorn.")
    found = changes(_submitted(shown, ack_hours="4", intake_text=""), shown)
    assert found == {Key.ACK_HOURS: "4", Key.INTAKE_TEXT: None}


def test_emptied_administrators_go_back_to_the_default_not_to_none() -> None:
    shown = _shown(admin_users="U0OWNADM1,U0OWNADM2")
    assert changes(_submitted(shown, admins=[]), shown) == {Key.ADMIN_USERS: None}
    assert changes(_submitted(shown, admins=["U0OWNADM1"]), shown) == {Key.ADMIN_USERS: "U0OWNADM1"}


def test_a_field_shown_cut_says_so_and_the_others_do_not() -> None:
    for lang, words in (("sv", "längre än fältets 5 tecken"), ("en", "longer than the field's 5 characters")):
        modal = settings_modal(_shown(), lang=lang, templates=Templates())
        hints = {b["block_id"]: b["hint"]["text"] for b in modal["blocks"] if "hint" in b}
        assert list(hints) == ["ack_hours"]  # "0.3333333" shows as "0.333"
        assert words in hints["ack_hours"]
        assert check_view(modal) == []  # as Slack would take it
