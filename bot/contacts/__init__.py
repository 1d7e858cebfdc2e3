"""Contacts: every school always knows who its contact in social services is."""

from __future__ import annotations

from bot.contacts.absences import Absences
from bot.contacts.changes import ContactChanges
from bot.contacts.notes import HandoverNotes
from bot.contacts.overview import Overviews
from bot.contacts.queries import ContactQueries


class Contacts(ContactQueries, ContactChanges, Absences, HandoverNotes, Overviews):
    """Every contact use case: reading, changing, handover notes, the App Home and the digest."""


__all__ = ["Contacts"]
