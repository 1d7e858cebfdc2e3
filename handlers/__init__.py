"""Slack I/O only. `register_all` is the table of contents of everything Bryggan listens to."""

from __future__ import annotations

from slack_bolt import App

from bot.services import Services
from handlers import (
    consultation_casework,
    consultations,
    contacts,
    errors,
    events,
    followup,
    home,
    meetings,
    requests,
    settings,
)
from handlers.people import People
from handlers.replies import Later


def register_all(app: App, services: Services, people: People, later: Later) -> None:
    """Attach every middleware, listener and the error handler to `app`; slow work goes to `later`."""
    events.register(app, services)
    requests.register(app, people)  # every listener's `asker`: who, where, in which language
    errors.register(app, services)
    contacts.register(app, services)
    home.register(app, services)
    settings.register(app, services)
    consultations.register(app, services)
    consultations.register_followups(app, services)
    consultations.register_purge(app, services)
    consultation_casework.register(app, services, later)
    meetings.register(app, services, later)
    followup.register(app, services, later)
