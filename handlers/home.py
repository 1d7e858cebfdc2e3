"""The App Home tab."""

from __future__ import annotations

from slack_bolt import App
from slack_sdk import WebClient

from bot.services import Services
from handlers import errors, messages
from handlers.people import People


def register(app: App, services: Services, people: People) -> None:
    """Attach the App Home listener."""

    @app.event("app_home_opened")
    @errors.guard(services, people)
    def publish_home(event: dict, body: dict, client: WebClient) -> None:
        if event.get("tab") != "home":
            return
        person = people.resolve(client, team_id=body["team_id"], user_id=event["user"])
        home, cases = (
            services.contacts.overviews.home(person.actor),
            services.consultations.listing.mine(person.actor),
        )
        figures = None
        if person.actor.is_admin:  # the current term's key figures, for the municipality
            followup = services.followup
            figures = followup.report(person.actor.team_id, followup.term(None))
        view = messages.home(home, cases, lang=person.lang, templates=services.templates, figures=figures)
        client.views_publish(user_id=event["user"], view=view.to_dict())
