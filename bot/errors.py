"""Errors that reach users (by message key) or stop start-up (by one clear line)."""

from __future__ import annotations

from typing import Any


class BrygganError(Exception):
    """A domain error shown to the user: a template key plus the values it needs."""

    def __init__(self, key: str, **params: Any) -> None:
        super().__init__(key)
        self.key = key
        self.params = params


class NotPermitted(BrygganError):
    """The user may not do this (for example: not an administrator)."""


class ConfigError(Exception):
    """A setting is missing or malformed; the message names the variable."""
