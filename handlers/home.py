"""The App Home tab, and the home view the Teams adapter sends as a card (handlers/teams/home.py)."""

from __future__ import annotations

from slack_bolt import App
from slack_sdk import WebClient
from slack_sdk.models.views import View

from bot import requests
from bot.services import Services
from handlers import errors, messages
from handlers.people import Person
from handlers.requests import Asker


def register(app: App, services: Services) -> None:
    """Attach the App Home listener."""

    @app.event("app_home_opened")
    @errors.guard(services)
    def publish_home(event: dict, client: WebClient, asker: Asker) -> None:
        if event.get("tab") != "home":
            return
        view = home_view(services, asker.person)
        client.views_publish(user_id=event["user"], view=view.to_dict())


def home_view(services: Services, person: Person, *, settings: bool = True) -> View:
    """A person's home: their schools and open cases; for administrators the term's figures, the
    schools needing action and (`settings`, where its form can open) the settings button."""
    home, cases = (
        services.contacts.overviews.home(person.actor),
        services.consultations.listing.mine(person.actor),
    )
    figures = requests.home_figures(services.followup, person.actor)
    return messages.home(
        home, cases, lang=person.lang, templates=services.templates, figures=figures, settings=settings
    )
