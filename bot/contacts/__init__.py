"""Contacts: every school always knows who its contact in social services is."""

from __future__ import annotations

from bot.contacts.changes import ContactChanges
from bot.contacts.queries import ContactQueries


class Contacts(ContactQueries, ContactChanges):
    """Every contact use case, reading and changing."""


__all__ = ["Contacts"]
