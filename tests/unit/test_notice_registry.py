"""The notice registry: every notice a template words is declared, with a key, buttons and its privacy."""

from __future__ import annotations

import pytest
from jinja2.nodes import Macro

from bot.notices import NOTICES, Button, Notice, key_of, shows_audited_text
from storage.audit import AuditAction
from templates import Templates

# Every action stored in audit_events before the enum existed: exports and scripts read these.
STORED_ACTIONS = {
    "school_created", "school_linked", "school_moved", "school_imported", "school_updated",
    "contact_assigned", "deputy_assigned", "deputy_ended", "handover", "handover_note_sent",
    "profile_updated", "absence_registered", "consultation_submitted", "consultation_acknowledged",
    "consultation_holder_changed", "consultation_forwarded", "consultation_replied",
    "consultation_added_to", "consultation_withdrawn", "consultation_closed",
    "consultation_call_proposed", "consultation_call_agreed", "consultation_call_declined",
    "consultation_reminder_snoozed", "consultation_text_shown", "consultation_text_purged",
    "consultation_text_deleted", "eht.schedule", "eht.cancel", "eht.move", "eht.item", "eht.notes",
    "setting_changed", "setting_reset", "eht.feed_issued", "eht.feed_revoked",
}  # fmt: skip


def _macros(lang: str) -> set[str]:
    env = Templates()._env
    source = env.loader.get_source(env, f"{lang}/notices.j2")[0]  # type: ignore[union-attr]
    return {node.name for node in env.parse(source).find_all(Macro)}


@pytest.mark.parametrize("lang", ["sv", "en"])
def test_every_notice_kind_has_its_macro_in_both_languages(lang: str) -> None:
    missing = {notice.value for notice in Notice} - _macros(lang)
    assert missing == set()


def test_every_kind_is_declared_once_under_its_own_name() -> None:
    assert set(NOTICES) == {notice.value for notice in Notice}
    assert all(kind.notice.value == name for name, kind in NOTICES.items())


def test_keys_are_built_from_the_declared_pattern_and_refuse_a_missing_part() -> None:
    assert key_of(Notice.CONSULTATION_REPLY, case=7, n=2) == "consultation:7:reply:2"
    assert key_of(Notice.EHT_DAY_BEFORE, school=3, starts="2026-12-01T1315", recipient="C1") == (
        "eht:3:2026-12-01T1315:day_before:C1"
    )
    with pytest.raises(KeyError):
        key_of(Notice.CONSULTATION_REPLY, case=7)


def test_only_a_delivered_case_text_is_audited_and_a_handover_note_is_not() -> None:
    assert shows_audited_text("consultation_received", {"id": 1, "text": "sealed"})
    assert shows_audited_text("consultation_held", {"id": 1, "replies": [{"text": "sealed", "reply": 4}]})
    assert not shows_audited_text("consultation_held", {"id": 1, "replies": [{"reply": 4}]})  # withdrawn
    assert not shows_audited_text("handover_note", {"text": "sealed"})
    assert not shows_audited_text("consultation_receipt", {"id": 1})
    assert not shows_audited_text("no_such_notice", {"text": "x"})


def test_buttons_follow_the_args() -> None:
    reminder = NOTICES[Notice.CONSULTATION_REMINDER]
    assert reminder.buttons({"id": 1}) == (Button.ACKNOWLEDGE, Button.SNOOZE)
    assert reminder.buttons({"id": 1, "snoozed": True}) == (Button.ACKNOWLEDGE,)
    held = NOTICES[Notice.CONSULTATION_HELD]
    assert Button.ACKNOWLEDGE in held.buttons({"open": True, "replies": []})
    assert Button.PURGE not in held.buttons({"replies": [{"reply": 1}]})
    # The short notice in a purged message's place keeps its buttons, but never offers a second purge.
    purged = NOTICES[Notice.CONSULTATION_PURGED]
    assert purged.buttons({"was": "consultation_receipt"}) == (Button.REPLY, Button.ADD, Button.WITHDRAW)


def test_audit_actions_keep_every_stored_value() -> None:
    assert {action.value for action in AuditAction} == STORED_ACTIONS
