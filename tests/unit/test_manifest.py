"""manifest.yml stays in step with the code: every command registered is declared, and no more."""

from __future__ import annotations

from pathlib import Path

import yaml

from bot.doctor import SCOPES
from handlers.ids import Command

MANIFEST = Path(__file__).resolve().parents[2] / "manifest.yml"


def _manifest() -> dict:
    return yaml.safe_load(MANIFEST.read_text(encoding="utf-8"))


def test_manifest_declares_exactly_the_registered_commands() -> None:
    declared = {c["command"] for c in _manifest()["features"]["slash_commands"]}
    assert declared == {str(c) for c in Command}


def test_commands_escape_mentions_and_point_at_the_one_events_path() -> None:
    manifest = _manifest()
    for command in manifest["features"]["slash_commands"]:
        assert command["should_escape"] is True
        assert command["url"].endswith("/slack/events")
    settings = manifest["settings"]
    assert settings["event_subscriptions"]["request_url"].endswith("/slack/events")
    assert settings["interactivity"]["request_url"].endswith("/slack/events")
    assert settings["socket_mode_enabled"] is True


def test_scopes_are_least_privilege() -> None:
    assert set(_manifest()["oauth_config"]["scopes"]["bot"]) == {
        "commands",
        "users:read",
        "chat:write",
        "im:write",
        "channels:history",
        "groups:history",
        "im:history",
        "files:write",
        "channels:read",
        "groups:read",
    }


def test_doctor_checks_the_scopes_the_manifest_asks_for() -> None:
    assert set(_manifest()["oauth_config"]["scopes"]["bot"]) == SCOPES
