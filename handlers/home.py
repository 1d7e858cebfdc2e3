"""The App Home tab."""

from __future__ import annotations

from slack_bolt import App
from slack_sdk import WebClient

from bot import requests
from bot.services import Services
from handlers import errors, messages
from handlers.requests import Asker


def register(app: App, services: Services) -> None:
    """Attach the App Home listener."""

    @app.event("app_home_opened")
    @errors.guard(services)
    def publish_home(event: dict, client: WebClient, asker: Asker) -> None:
        if event.get("tab") != "home":
            return
        person = asker.person
        home, cases = (
            services.contacts.overviews.home(person.actor),
            services.consultations.listing.mine(person.actor),
        )
        figures = requests.home_figures(services.followup, person.actor)
        view = messages.home(home, cases, lang=person.lang, templates=services.templates, figures=figures)
        client.views_publish(user_id=event["user"], view=view.to_dict())
