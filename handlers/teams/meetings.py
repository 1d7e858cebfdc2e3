"""`eht …` in Teams: Slack's /eht sub-commands, with what Slack does by modal or upload done the Teams way.

The sub-commands, domain calls, guard and words are Slack's (handlers/meetings.py,
handlers/meeting_steps.py). Two differ, because Teams cannot do them as Slack does:

- `eht anteckningar` opens a modal in Slack; a message cannot open a dialog in Teams, so the answer
  is a button opening the notes form of the meeting last held (interactions.py answers it);
- `eht kalender` uploads an .ics in Slack; Teams gets the school's calendar feed link instead, as
  `eht prenumerera` gives it (signed and revocable, and it stays up to date, which a file does not).
"""

from __future__ import annotations

import json
from typing import TYPE_CHECKING

from slack_sdk.models.blocks import ActionsBlock, ButtonElement

from bot.services import Services
from handlers import meeting_steps, meetings, messages
from handlers.arguments import Words
from handlers.ids import Action
from handlers.messages import Reply

if TYPE_CHECKING:
    from handlers.teams.commands import TeamsAsker


def answer(services: Services, asker: TeamsAsker, word: str, rest: str) -> Reply:
    """The reply to `eht …` (`word` as typed, `rest` the words after it). A refusal goes on to the one
    place Teams commands' failures are answered; its examples name `eht` as Teams types it, since
    Teams' templates give the command as typed on that platform (Templates.for_platform)."""
    return _run(services, asker, word, rest)


def _run(services: Services, asker: TeamsAsker, word: str, rest: str) -> Reply:
    templates, lang = services.templates, asker.lang
    parsed = meetings.TABLE.parse_or_help(rest, lang=lang, templates=templates, command=word)
    if isinstance(parsed, Reply):
        return parsed
    sub, words = parsed
    if sub.name == "notes":
        return _notes_button(services, asker)
    request = meetings._Request(services, asker, client=None, command={}, teams=True)  # type: ignore[arg-type]
    if sub.name == "calendar":
        return meetings._feed(request, Words(sub=None, args=[], rest=""))
    reply = sub.run(request, words)
    assert reply is not None  # only the upload and the modal answer with None, both handled above
    return reply


def _notes_button(services: Services, asker: TeamsAsker) -> Reply:
    """A button opening the notes form of the meeting last held, once the channel is its school's."""
    person = asker.person
    target = meeting_steps.last_notes_target(services, person, channel_id=asker.channel_id)
    w = services.templates.module(person.lang, "teams")
    value = json.dumps({"id": target.encode()})
    button = ButtonElement(
        text=w.eht_notes_open_label, action_id=f"{Action.EHT_NOTES_OPEN}:{target.encode()}", value=value
    )
    body = str(w.eht_notes_open(target.day))
    return Reply(body, [*messages.sections(body), ActionsBlock(elements=[button])])
