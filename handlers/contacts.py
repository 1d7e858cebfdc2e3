"""`/kontakt`: who is this school's contact in social services."""

from __future__ import annotations

from slack_bolt import Ack, App, Respond
from slack_sdk import WebClient

from bot.services import Services
from handlers import messages
from handlers.ids import Command
from handlers.people import People


def register(app: App, services: Services, people: People) -> None:
    """Attach the contact listeners to `app`."""

    @app.command(Command.KONTAKT)
    def show_contact_card(ack: Ack, command: dict, respond: Respond, client: WebClient) -> None:
        ack()
        person = people.resolve(client, team_id=command["team_id"], user_id=command["user_id"])
        card = services.contacts.card(person.actor, channel_id=command["channel_id"])
        reply = messages.contact_card(
            card, lang=person.lang, is_admin=person.actor.is_admin, templates=services.templates
        )
        respond(**reply.as_kwargs())
