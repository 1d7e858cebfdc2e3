"""Slack's App Home in Teams: the same view, sent as a card into the person's 1:1 chat with Bryggan.

Teams' nearest equivalent of a Home tab is a personal tab, a web page Bryggan would have to serve and
sign people into (Teams SSO) to know who is looking. A card in the personal chat needs neither: the
person is the activity's sender, already checked. So the home is sent when the app is installed for
a person, and again when they write `hem` / `home` (docs/decisions.md, "The home in Teams").
Built by handlers/home.py, as the Slack tab is; only the settings button is left out (Teams has
no settings form). Shown only in the personal chat: it lists the person's own cases.
"""

from __future__ import annotations

from bot.services import Services
from handlers import home, messages
from handlers.messages import Reply
from handlers.people import Person


def answer(services: Services, person: Person, *, personal: bool) -> Reply:
    """The person's home as a reply; outside their personal chat, words saying where to ask."""
    if not personal:
        words = services.templates.module(person.lang, "teams")
        return messages.text(str(words.home_personal_only()))
    view = home.home_view(services, person, settings=False)
    title = services.templates.module(person.lang, "home").title
    return Reply(text=title, blocks=list(view.blocks))
