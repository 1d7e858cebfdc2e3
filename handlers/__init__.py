"""Slack I/O only. `register_all` is the table of contents of everything Bryggan listens to."""

from __future__ import annotations

from slack_bolt import App

from bot.services import Services
from handlers import consultation_casework, consultations, contacts, errors, events, followup, home, meetings
from handlers.people import People
from handlers.replies import Later


def register_all(app: App, services: Services, people: People, later: Later) -> None:
    """Attach every middleware, listener and the error handler to `app`; slow work goes to `later`."""
    events.register(app, services)
    errors.register(app, services, people)
    contacts.register(app, services, people)
    home.register(app, services, people)
    consultations.register(app, services, people)
    consultations.register_followups(app, services, people)
    consultations.register_purge(app, services, people)
    consultation_casework.register(app, services, people, later)
    meetings.register(app, services, people, later)
    followup.register(app, services, people, later)
