"""Card buttons and dialogs in Teams: invokes answered with the same steps as Slack's listeners.

- `adaptiveCard/action`: a button that only acts (verb = Slack's action_id, `data.value` its
  value), answered with a message saying what was done, or the refusal;
- `task/fetch`: a button opening a form (`…_open`) or asking first (`confirm`), answered with a
  dialog (dialogs.py), or a message when refused;
- `task/submit`: the dialog's submit, answered with the form's outcome as a dialog, the form again
  with its errors under their fields, or a message.

Every step is consultation_steps', contact_steps', meeting_steps' or followup's (Slack calls the
same). A button whose Slack answer replaces its message (a page turned, a handover confirmed, a
school picked) is answered with a card Teams shows in place of the clicked one. The form's
private_metadata is stamped for this person and form as in Slack and verified on submit
(handlers/stamps.py). A refused form is logged by its error key alone (handlers/errors.answer_modal),
never with what was typed.
"""

from __future__ import annotations

import json
import logging
import re
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from bot.errors import BrygganError
from bot.meetings import Target
from bot.privacy import IdentifyingText
from bot.services import Services
from handlers import consultation_steps, contact_steps, errors, followup, meeting_steps, messages, stamps
from handlers.ids import Action
from handlers.ids import View as ViewId
from handlers.messages import Reply
from handlers.people import Person
from handlers.teams import cards, dialogs
from handlers.teams.activities import Where
from handlers.teams.addresses import Addresses
from handlers.teams.commands import TeamsAsker
from templates import unescape_mrkdwn

log = logging.getLogger("bryggan.handlers")

MESSAGE_RESPONSE = "application/vnd.microsoft.activity.message"
# The form a case's dialog rebuilds on submit: the button that opened it.
_OPENED_BY = {
    ViewId.CONSULTATION_REPLY: Action.CONSULTATION_REPLY_OPEN,
    ViewId.CONSULTATION_CLOSE: Action.CONSULTATION_CLOSE_OPEN,
    ViewId.CONSULTATION_CALL: Action.CONSULTATION_CALL_OPEN,
    ViewId.CONSULTATION_ADD: Action.CONSULTATION_ADD_OPEN,
}
# The contact forms (the rest are a consultation's), and the buttons answered in place of their card.
_CONTACT_FORMS = frozenset({ViewId.PROFILE, ViewId.HANDOVER_NOTE})
_REPLACING_CLICKS: dict[str, Callable[[Services, Person, dict[str, Any]], Reply]] = {
    **contact_steps.REPLACES,
    Action.FOLLOWUP_PAGE: followup.turn,
}
_REPLACING = frozenset({*_REPLACING_CLICKS, *contact_steps.LINKS})
_BOLD = re.compile(r"(?<![\w*])\*([^*\n]+)\*(?![\w*])")


@dataclass(frozen=True, slots=True)
class Interactions:
    """Answers one invoke (sync: domain calls; run it off the event loop)."""

    services: Services
    addresses: Addresses

    def answer(self, where: Where, name: str, value: dict[str, Any]) -> dict[str, Any] | None:
        """The invoke's answer body; a refusal or failure is worded for the asker, never raised."""
        asker: TeamsAsker | None = None
        try:
            asker = TeamsAsker(self.services, self.addresses, where)
            body = self._answer(asker, where, name, value)
        except Exception as error:  # the one place a Teams invoke's failure is answered
            reply = self._refusal(asker, error)
            if name == "adaptiveCard/action":
                body = {"statusCode": 200, "type": MESSAGE_RESPONSE, "value": _plain(reply)}
            else:
                body = _message(reply)
        try:
            return self._named(where, body)
        except Exception as error:  # names unread: the answer still goes, people shown by id
            log.error("teams names not read", extra={"error_type": type(error).__name__}, exc_info=error)
            return body

    def _answer(
        self, asker: TeamsAsker, where: Where, name: str, value: dict[str, Any]
    ) -> dict[str, Any] | None:
        if name == "adaptiveCard/action":
            action = value.get("action") or {}
            verb = str(action.get("verb", ""))
            reply = self._click(asker, verb, action.get("data") or {})
            if verb.split(":")[0] in _REPLACING:
                return {
                    "statusCode": 200,
                    "type": cards.CARD_CONTENT_TYPE,
                    "value": self._card(asker, reply),
                }
            return {"statusCode": 200, "type": MESSAGE_RESPONSE, "value": _plain(reply)}
        if name == "task/fetch":
            return self._fetch(asker, where, value.get("data") or {})
        if name == "task/submit":
            return self._submit(asker, value.get("data") or {})
        return None  # an invoke Bryggan does not take (Teams' own, say): answered 200, empty

    def _named(self, where: Where, body: dict[str, Any] | None) -> dict[str, Any] | None:
        """A plain-text answer's people by their kept display names (Teams shows no mention there)."""
        holder = (body.get("task") if body and "task" in body else body) or {}
        text = holder.get("value")
        if not isinstance(text, str) or "<@" not in text:
            return body
        names = self.addresses.names(where.team_id, _MENTION.findall(text))
        holder["value"] = _MENTION.sub(lambda m: "@" + names.get(m.group(1), m.group(1)), text)
        return body

    def _click(self, asker: TeamsAsker, verb: str, data: dict[str, Any]) -> Reply:
        base = verb.split(":")[0]
        if base in meeting_steps.CLICKS:
            return self._meeting_click(asker, verb, data)
        if base in contact_steps.LINKS:
            found = lambda: self.addresses.postability(asker.where)  # noqa: E731 - asked of admins only
            raw = str(data.get("value") or "{}")
            return contact_steps.link_button(
                self.services, asker.person, found, channel_id=asker.channel_id, action_id=verb, value=raw
            )
        if base == Action.FOLLOWUP_PAGE and not asker.personal:  # figures only in the asker's own chat
            return messages.text(str(self._words(asker).followup_personal_only()))
        step = consultation_steps.CLICKS.get(base) or _REPLACING_CLICKS.get(base)
        if step is None:
            return messages.text(str(self._words(asker).button_not_yet()))
        return step(self.services, asker.person, _value(data))

    def _fetch(self, asker: TeamsAsker, where: Where, data: dict[str, Any]) -> dict[str, Any]:
        verb = str(data.get("verb", ""))
        if isinstance(data.get("confirm"), dict):
            return _continue(_confirm_view(verb, data))
        person, value = asker.person, _value(data)
        if verb.split(":")[0] == Action.CONSULTATION_OPEN:
            view = consultation_steps.consultation_view(
                self.services, person, channel_id=where.channel_id, prefill=""
            )
        elif verb.split(":")[0] == Action.CONSULTATION_FORWARD_OPEN:
            view = self._forward_form(asker, value)
        elif verb.split(":")[0] in _OPENED_BY.values():
            view = consultation_steps.case_view(self.services, person, verb, value)
        elif verb.split(":")[0] in meeting_steps.OPENS:
            view = self._meeting_form(asker, where, verb, value)
        elif verb.split(":")[0] == Action.PROFILE_OPEN:
            view = contact_steps.profile_view(self.services, person)
        elif verb.split(":")[0] == Action.HANDOVER_NOTE_OPEN:
            view = contact_steps.handover_note_view(self.services, person, value)
        else:
            return _message(messages.text(str(self._words(asker).button_not_yet())))
        return _continue(self._stamped(asker, view))

    def _submit(self, asker: TeamsAsker, data: dict[str, Any]) -> dict[str, Any]:
        if data.get("confirmed") is True:  # a question answered yes: the button's own step
            return _message(self._click(asker, str(data.get("verb", "")), data))
        form = dialogs.submitted(data)
        if form is None:
            return _message(messages.text(str(self._words(asker).button_not_yet())))
        body = {
            "view": {"callback_id": form.callback_id, "private_metadata": form.private_metadata},
            "user": {"id": asker.user_id},
            "team": {"id": asker.team_id},
        }
        metadata = stamps.metadata(self.services.stamp, body)  # a forgery is refused before anything
        view = {**self._form(asker, form.callback_id, metadata), "private_metadata": form.private_metadata}
        step = self._submission(asker, form.callback_id, dialogs.with_state(view, form.typed), metadata)
        said: dict[str, Any] = {}
        guarded: list[IdentifyingText] = []

        def run(person: Any) -> Any:
            try:
                return step.run(person)
            except IdentifyingText as refused:
                guarded.append(refused)
                raise

        errors.submit_modal(
            lambda **answer: said.update(answer),
            step.field,
            run,
            step.done,
            services=self.services,
            asker=asker,  # type: ignore[arg-type]
        )
        if said.get("response_action") == "errors":
            refused = said["errors"]
            # Never the refused words: not the field the error stands under, and after a guard's
            # refusal that names no field, no free text at all (its finding may lie in any of them).
            unplaced = any(not refusal.params.get("field") for refusal in guarded)
            dropped = set(refused) | (dialogs.text_fields(view) if unplaced else set())
            kept = {k: v for k, v in form.typed.items() if k not in dropped}
            return _continue(dialogs.to_dialog(view, typed=kept, errors=refused).value)
        done = said["view"]
        names = self.addresses.names(asker.team_id, cards.mentions_in(done["blocks"]))
        return _continue(dialogs.to_dialog(done, names=names).value)

    def _submission(
        self, asker: TeamsAsker, callback_id: str, view: dict[str, Any], metadata: str
    ) -> consultation_steps.Submission:
        if callback_id == ViewId.CONSULTATION_FORWARD:  # a colleague Bryggan knows in the tenant
            return consultation_steps.forward_submission(
                self.services, view, lambda: metadata, named=lambda chosen: self._colleague(asker, chosen)
            )
        if callback_id in meeting_steps.OPENED_BY:
            steps: Any = meeting_steps
        else:
            steps = contact_steps if callback_id in _CONTACT_FORMS else consultation_steps
        return steps.submission(self.services, callback_id, view, lambda: metadata)

    def _colleague(self, asker: TeamsAsker, chosen: str) -> str:
        """The person a forward names, only if the form could have offered them (a crafted id is not)."""
        offered = {person for person, _ in self.addresses.colleagues(asker.team_id, besides=asker.user_id)}
        if chosen not in offered:
            raise BrygganError("no_such_person", person=chosen)
        return chosen

    def _form(self, asker: TeamsAsker, callback_id: str, metadata: str) -> dict[str, Any]:
        """The form as it was opened (unstamped), to read its fields and show it again."""
        if callback_id == ViewId.CONSULTATION:
            return consultation_steps.consultation_view(
                self.services, asker.person, channel_id=metadata, prefill=""
            )
        if callback_id == ViewId.CONSULTATION_FORWARD:
            return self._forward_form(asker, {"id": metadata})
        if callback_id in _OPENED_BY:
            opener = _OPENED_BY[ViewId(callback_id)]
            return consultation_steps.case_view(self.services, asker.person, opener, {"id": metadata})
        if callback_id == ViewId.PROFILE:
            return contact_steps.profile_view(self.services, asker.person)
        if callback_id == ViewId.HANDOVER_NOTE:
            assignment = {"id": json.loads(metadata)["assignment_id"]}
            return contact_steps.handover_note_view(self.services, asker.person, assignment)
        if callback_id in meeting_steps.OPENED_BY:  # EHT: the meeting's form, as it was opened
            return meeting_steps.form_of(self.services, asker.person, callback_id, Target.decode(metadata))
        raise BrygganError("unexpected")

    def _forward_form(self, asker: TeamsAsker, value: dict[str, Any]) -> dict[str, Any]:
        """*Vidarebefordra*: the colleague picked from the people Bryggan knows in the tenant."""
        colleagues = self.addresses.colleagues(asker.team_id, besides=asker.user_id)
        return consultation_steps.forward_view(self.services, asker.person, value, colleagues)

    def _card(self, asker: TeamsAsker, reply: Reply) -> dict[str, Any]:
        """A reply as the card replacing the clicked one, its people mentioned by their kept names."""
        kept = self.addresses.people(asker.team_id, cards.mentioned_ids(reply))
        names = {internal: cards.Named(p.name, p.teams_id) for internal, p in kept.items()}
        return cards.to_card(reply, names).content

    # EHT meetings (meeting_steps): the notices' and replies' buttons act for the channel they are in.
    def _meeting_click(self, asker: TeamsAsker, verb: str, data: dict[str, Any]) -> Reply:
        step = meeting_steps.CLICKS[verb.split(":")[0]]
        return step(self.services, asker.person, _value(data), channel_id=asker.channel_id)

    def _meeting_form(
        self, asker: TeamsAsker, where: Where, verb: str, value: dict[str, Any]
    ) -> dict[str, Any]:
        target = meeting_steps.clicked_target(value)
        return meeting_steps.form_view(self.services, asker.person, verb, target, channel_id=where.channel_id)

    def _stamped(self, asker: TeamsAsker, view: dict[str, Any]) -> dict[str, Any]:
        stamped = stamps.stamped(self.services.stamp, view, team_id=asker.team_id, user_id=asker.user_id)
        return dialogs.to_dialog(stamped).value

    def _refusal(self, asker: TeamsAsker | None, error: Exception) -> Reply:
        templates = self.services.templates
        lang = asker.lang if asker else self.services.settings.locale
        if isinstance(error, BrygganError):
            log.info("refused", extra={"error_key": error.key, "kind": "teams_invoke"})
            return messages.error(error.key, error.params, lang=lang, templates=templates)
        log.error("teams invoke failed", extra={"error_type": type(error).__name__}, exc_info=error)
        return messages.error("unexpected", {}, lang=lang, templates=templates)

    def _words(self, asker: TeamsAsker) -> Any:
        return self.services.templates.module(asker.lang, "teams")


def _value(data: dict[str, Any]) -> dict[str, Any]:
    """A button's value, JSON as the notices put it there (none: an empty one)."""
    raw = data.get("value")
    return dict(json.loads(raw)) if isinstance(raw, str) and raw else {}


def _confirm_view(verb: str, data: dict[str, Any]) -> dict[str, Any]:
    """Slack's confirm dialog as a form without inputs; its submit runs the button (`confirmed`)."""
    words = data["confirm"]
    card = {
        "type": "AdaptiveCard",
        "version": cards.VERSION,
        "body": [cards.text_block(cards.escape(str(words.get("text", ""))))],
        "actions": [
            {
                "type": "Action.Submit",
                "title": str(words.get("confirm", "")),
                "style": "destructive",
                "data": {"verb": verb, "value": data.get("value", ""), "confirmed": True},
            }
        ],
    }
    attachment = {"contentType": cards.CARD_CONTENT_TYPE, "content": card}
    return {"title": str(words.get("title", "")), "card": attachment}


def _continue(value: dict[str, Any]) -> dict[str, Any]:
    return {"task": {"type": "continue", "value": value}}


def _message(reply: Reply) -> dict[str, Any]:
    return {"task": {"type": "message", "value": _plain(reply)}}


_MENTION = re.compile(r"<@([A-Z][A-Z0-9]+)(?:\|[^>]*)?>")


def _plain(reply: Reply) -> str:
    """A reply's words as the plain text Teams shows for an invoke's message (no markdown there)."""
    return unescape_mrkdwn(_BOLD.sub(r"\1", reply.text))
