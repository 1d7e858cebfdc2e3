"""Notices to Teams recipients: the person's language from their Teams address, never a Slack call;
words that name Teams, not Slack, where the platform matters."""

from __future__ import annotations

from typing import Any

from cryptography.fernet import Fernet
from slack_sdk import WebClient

from bot.crypto import TextBox
from handlers.notices import NoticeRenderer
from storage.models import OutboxMessage
from storage.teams_addresses import internal_id
from templates import Templates

TENANT = internal_id("tenant", "11111111-2222-3333-4444-555555555555")
KIM = internal_id("user", "29:kim")
CHANNEL = internal_id("channel", "19:elevhalsa@thread.tacv2")


class NoSlack:
    """Whoever asks Slack anything fails the test."""

    def resolve(self, client: WebClient, **_: Any) -> Any:
        raise AssertionError("a Teams recipient's language was asked of Slack")


def _no_client(_team: str) -> WebClient:
    raise AssertionError("a Slack client was asked for a Teams row")


def _renderer(langs: dict[str, str | None]) -> NoticeRenderer:
    return NoticeRenderer(
        templates=Templates(),
        people=NoSlack(),  # type: ignore[arg-type]
        client_for=_no_client,
        default="sv",
        box=TextBox(Fernet.generate_key().decode()),
        teams_lang=lambda row: langs.get(row.recipient),
    )


def _row(recipient: str, template: str, args: dict[str, Any], team: str = TENANT) -> OutboxMessage:
    platform = "teams" if team.startswith("MT") else "slack"
    return OutboxMessage(team_id=team, recipient=recipient, template=template, args=args, platform=platform)


ABSENCE = {
    "person": internal_id("user", "29:sam"),
    "first": "2026-11-24",
    "last": "2026-11-24",
    "school": "Skolan",
}


def test_a_teams_person_gets_the_language_their_teams_client_last_sent() -> None:
    rendered = _renderer({KIM: "en"})(_row(KIM, "absence_acting", ABSENCE))
    assert "so you are the contact for *Skolan*" in rendered.text
    unknown = _renderer({})(_row(KIM, "absence_acting", ABSENCE))  # no locale seen yet: the default
    assert "så du är kontakt för *Skolan*" in unknown.text


def test_a_delivery_failure_in_teams_names_teams_not_slack_in_both_languages() -> None:
    failed = {"key": "k", "template": "absence_acting", "recipient": KIM, "error": "teams_not_installed"}
    admin = internal_id("user", "29:rita")
    swedish = _renderer({})(_row(admin, "delivery_failed", failed)).text
    english = _renderer({admin: "en"})(_row(admin, "delivery_failed", failed)).text
    assert f"till <@{KIM}> i Teams: `teams_not_installed`" in swedish
    assert f"to <@{KIM}> in Teams: `teams_not_installed`" in english
    assert "Slack" not in swedish
    assert "Slack" not in english
    channel = _renderer({})(_row(admin, "delivery_failed", failed | {"recipient": CHANNEL})).text
    assert f"<#{CHANNEL}> i Teams" in channel


def test_a_channel_in_teams_is_told_how_to_ask_bryggan_there() -> None:
    args = {"school": "Skolan", "new": KIM, "since": "2026-11-24"}
    teams = _renderer({})(_row(CHANNEL, "contact_assigned_channel", args)).text
    assert teams.endswith("Nämn Bryggan och skriv `kontakt` för kontaktuppgifter.")
    assert "/kontakt" not in teams


TERM_REPORT = {
    "term": "HT2026",
    "schools": 3,
    "consultations": "12",
    "recommended_report": "<5",
    "ack_median": 2.5,
    "within_target": 0.8,
    "meetings_held": 10,
    "meetings_planned": 12,
    "notes_share": 0.9,
    "coverage": 0.95,
    "uncovered_days": 4,
}
DIGEST = {"week": "2026-W48", "schools": [{"name": "Skolan", "channel": None, "state": "vacant"}]}


def test_the_term_report_and_the_weekly_digest_name_the_commands_as_typed_in_teams() -> None:
    renderer = _renderer({})
    teams_report = renderer(_row(KIM, "term_report", TERM_REPORT)).text
    assert "`uppföljning HT2026` i din chatt med Bryggan" in teams_report
    assert "/uppföljning" not in teams_report
    teams_digest = renderer(_row(KIM, "weekly_digest", DIGEST)).text
    assert "`kontakt tilldela @person`" in teams_digest
    assert "/kontakt" not in teams_digest
