"""Every slash command, action_id and callback_id Bryggan registers; manifest.yml must list the commands."""

from __future__ import annotations

from enum import StrEnum


class Command(StrEnum):
    KONTAKT = "/kontakt"
