"""Teams messages as commands: the first word picks the command, Slack's sub-command tables do the rest.

`kontakt tilldela @Sara` arrives as a message (in a channel after the bot's @mention, which
activities.command_text strips). The first word picks the command; the rest is parsed by the same
`Table` as Slack's slash command and run by the same functions, with a Teams asker in place of
Slack's. `konsultation` and `kontakt profil` answer a button opening their form as a dialog
(interactions.py); `eht` is meetings.py's; `kontakt koppla` asks Bryggan's kept addresses, not
Slack, whether it can post in the channel. What the Teams adapter does not answer yet is refused
with words saying so, never half done.
"""

from __future__ import annotations

import logging
from dataclasses import dataclass
from typing import Any

from slack_sdk.models.blocks import ActionsBlock, ButtonElement, HeaderBlock

from bot.actors import Actor
from bot.errors import BrygganError
from bot.privacy import IdentifyingText
from bot.services import Services
from handlers import consultation_steps as steps
from handlers import consultations, contact_steps, contacts, messages
from handlers.arguments import Words
from handlers.ids import Action
from handlers.messages import Reply
from handlers.people import Person
from handlers.teams import followup, home, meetings
from handlers.teams.activities import Where
from handlers.teams.addresses import Addresses
from templates import Lang, lang_of

log = logging.getLogger("bryggan.handlers")

# The command word, Swedish and English (and without å, ä, ö), to the command it names.
COMMANDS: dict[str, str] = {
    "kontakt": "kontakt",
    "contact": "kontakt",
    "hjälp": "help",
    "hjalp": "help",
    "help": "help",
    "konsultation": "konsultation",
    "consultation": "konsultation",
    "eht": "eht",
    "uppföljning": "uppfoljning",
    "uppfoljning": "uppfoljning",
    "followup": "uppfoljning",
    "hem": "home",
    "home": "home",
}
# The commands that work in Teams, in the order the help lists them; the rest are "not yet".
WORKING = ("kontakt", "konsultation", "eht", "uppfoljning", "home", "help")


class TeamsAsker:
    """The person behind a Teams message, as handlers.requests.Asker is for Slack, without Slack calls."""

    def __init__(self, services: Services, addresses: Addresses, where: Where) -> None:
        self._services, self._addresses, self._where = services, addresses, where
        self.team_id, self.user_id, self.channel_id = where.team_id, where.user_id, where.channel_id
        self.personal, self.where = where.personal, where
        admins = services.workspace.values(self.team_id).admin_users
        self.person = Person(
            actor=Actor(team_id=self.team_id, user_id=self.user_id, is_admin=self.user_id in admins),
            lang=lang_of(where.locale, services.settings.locale),
            real=True,
        )

    @property
    def actor(self) -> Actor:
        return self.person.actor

    @property
    def lang(self) -> Lang:
        return self.person.lang

    def named(self, user_id: str) -> str:
        """A person the asker @mentioned, whom Bryggan has seen in this tenant; their internal id."""
        if self._addresses.teams_id(self.team_id, user_id) is None:
            raise BrygganError("no_such_person", person=user_id)
        return user_id

    def lang_of(self, user_id: str) -> Lang:
        """Another person's language: Teams tells it only on their own activities."""
        return self._services.settings.locale


@dataclass(frozen=True, slots=True)
class Commands:
    """Answers a message's text with a Reply (sync: domain calls; run it off the event loop)."""

    services: Services
    addresses: Addresses

    def answer(self, where: Where, text: str) -> Reply:
        """The reply to `text`; a refusal or failure is worded in the asker's language, never raised."""
        asker: TeamsAsker | None = None
        try:
            asker = TeamsAsker(self.services, self.addresses, where)
            return self._run(asker, text)
        except Exception as error:  # the one place a Teams command's failure is answered
            lang = asker.lang if asker else self.services.settings.locale
            if isinstance(error, BrygganError):
                log.info("refused", extra={"error_key": error.key, "kind": "teams_message"})
                reply = messages.error(error.key, error.params, lang=lang, templates=self.services.templates)
                if isinstance(error, IdentifyingText) and asker and not asker.personal:
                    # Unlike a slash command, the refused words are a message others here see.
                    return messages.text(f"{reply.text}\n{self._words(lang).typed_text_refused()}")
                return reply
            log.error("teams command failed", extra={"error_type": type(error).__name__}, exc_info=error)
            return messages.error("unexpected", {}, lang=lang, templates=self.services.templates)

    def _run(self, asker: TeamsAsker, text: str) -> Reply:
        first, _, rest = text.partition(" ")
        command = COMMANDS.get(first.casefold()) if first else "help"
        if command == "help":
            return self._help(asker.lang)
        if command == "kontakt":
            return self._kontakt(asker, first, rest)
        if command == "uppfoljning":
            return followup.answer(
                self.services, asker.actor, asker.lang, personal=asker.personal, typed=rest
            )
        if command == "konsultation":
            return self._konsultation(asker, rest)
        if command == "eht":
            return meetings.answer(self.services, asker, first, rest)
        if command == "home":
            return home.answer(self.services, asker.person, personal=asker.personal)
        if command is None:
            return messages.text(str(self._words(asker.lang).unknown(first)))
        return messages.text(str(self._words(asker.lang).not_yet(first)))

    def _kontakt(self, asker: TeamsAsker, word: str, rest: str) -> Reply:
        templates, lang = self.services.templates, asker.lang
        parsed = contacts.TABLE.parse_or_help(rest, lang=lang, templates=templates, command=word)
        if isinstance(parsed, Reply):
            return parsed
        sub, words = parsed
        if sub.name == "profile":
            return self._profile(asker)
        if sub.name == "link":
            return self._link(asker, words)
        request = contacts._Request(self.services, asker, client=None, payload={})  # type: ignore[arg-type]
        reply = sub.run(request, words)
        assert reply is not None  # only the profile modal answers with None, and it is answered above
        return reply

    # --- kontakt profil and kontakt koppla: what differs from Slack's table ---
    def _profile(self, asker: TeamsAsker) -> Reply:
        """A button opening the profile form (a message cannot open a dialog in Teams, a button can)."""
        w = self._words(asker.lang)
        button = ButtonElement(text=w.profile_open_label, action_id=Action.PROFILE_OPEN, value="{}")
        body = str(w.profile_open())
        return Reply(body, [*messages.sections(body), ActionsBlock(elements=[button])])

    def _link(self, asker: TeamsAsker, words: Words) -> Reply:
        """Slack's link step, with Teams' answer to "can Bryggan post here" (the kept address)."""
        found = lambda: self.addresses.postability(asker.where)  # noqa: E731 - asked of admins only
        return contact_steps.link(
            self.services, asker.person, found, channel_id=asker.channel_id, name=words.rest
        )

    def _konsultation(self, asker: TeamsAsker, rest: str) -> Reply:
        """`konsultation mina` as in Slack; `konsultation [text]` a button opening the form (a message
        cannot open a dialog in Teams), once the channel is known to be a school's.

        Unlike Slack, the words typed after `konsultation` do not pre-fill the form: they were a
        channel message, and a button carrying them would show them to whoever in the channel clicks
        it, unguarded. The answer says where they went and asks the writer to delete them."""
        sub, words = consultations.TABLE.parse(rest)  # free text: always a sub-command
        if sub is not None and sub.name == "mine":
            if not asker.personal:  # one's own cases, as the home card: not for the whole channel
                return messages.text(str(self._words(asker.lang).mine_personal_only()))
            request = consultations._Request(self.services, asker, client=None, command={})  # type: ignore[arg-type]
            reply = sub.run(request, words)
            assert reply is not None  # the list always answers
            return reply
        steps.consultation_view(self.services, asker.person, channel_id=asker.channel_id, prefill="")
        w = self._words(asker.lang)
        label, opens = w.consultation_open_label, Action.CONSULTATION_OPEN
        button = ButtonElement(text=label, action_id=opens, value="{}")
        body = str(w.consultation_open(typed=bool(rest.strip())))
        return Reply(body, [*messages.sections(body), ActionsBlock(elements=[button])])

    def _help(self, lang: Lang) -> Reply:
        w = self._words(lang)
        waiting = [c for c in dict.fromkeys(COMMANDS.values()) if c not in WORKING]
        body = str(w.help_body(WORKING, waiting))
        return Reply(w.help_title, [HeaderBlock(text=w.help_title), *messages.sections(body)])

    def _words(self, lang: Lang) -> Any:
        return self.services.templates.module(lang, "teams")
