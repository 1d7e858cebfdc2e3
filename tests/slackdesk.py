"""The journeys' desk in Slack: signed slash commands, clicks and modal submissions through localslack."""

from __future__ import annotations

from typing import Any

from bot.app import Bryggan
from localslack import Driver, Message, Workspace
from tests.journeys import Form, Shown, plain_slack
from tests.slackbed import CHANNELS, PEOPLE, TEAM

_IDS = {"admin": PEOPLE.admin, "rektor": PEOPLE.rektor, "contact": PEOPLE.sara, "deputy": PEOPLE.omar}
_CHANNELS = {"school": CHANNELS.berzelius, "other": CHANNELS.ekholm}


class SlackDesk:
    """Slack's side of the journeys; commands are slash commands (`kontakt` is `/kontakt`)."""

    platform = "slack"
    workspace = TEAM

    def __init__(self, driver: Driver, ws: Workspace, bryggan: Bryggan) -> None:
        self.driver, self.ws, self.bryggan = driver, ws, bryggan

    def id(self, role: str) -> str:
        return _IDS[role]

    def channel_id(self, where: str) -> str:
        return _CHANNELS[where]

    def say(self, role: str, where: str, text: str, mentions: tuple[str, ...] = ()) -> Shown:
        user = _IDS[role]
        seen = len(self.ws.ephemerals_to(user))
        self._command(user, where, text, mentions)
        return self._shown(self.ws.wait_for(lambda ws: ws.ephemerals_to(user)[seen:] or None)[0])

    def open_form(self, role: str, where: str, text: str, button: str) -> Form:
        user = _IDS[role]
        self._close_views(user)
        self._command(user, where, text, ())
        return self._form(self.ws.wait_for(lambda ws: ws.views_of(user) or None)[-1], {})

    def submit_form(self, role: str, form: Form, values: dict[str, str | list[str]]) -> Form:
        user = _IDS[role]
        state = {
            block["block_id"]: {
                block["element"]["action_id"]: _state(block["element"], values[block["block_id"]])
            }
            for block in form.source["blocks"]
            if block["type"] == "input" and block["block_id"] in values
        }
        ack = self.driver.view_submission(user=user, view_id=form.source["id"], values=state)
        assert ack.status == 200, ack
        errors: dict[str, str] = {}
        if isinstance(ack.body, dict) and ack.body.get("response_action") == "errors":
            errors = self.ws.modal_errors_of(user)
        views = self.ws.views_of(user)
        return self._form(views[-1], errors) if views else Form("", (), errors, None)

    def click(self, role: str, message: Shown, button: str) -> Shown | Form:
        user, current = _IDS[role], self._current(message.source)
        self._close_views(user)
        element = next(e for e in _elements(current.blocks) if e["type"] == "button" and _label(e) == button)
        seen = len(self.ws.ephemerals_to(user))
        self.driver.block_action(user=user, action_id=element["action_id"], message=current)
        opened = self.ws.wait_for(lambda ws: ws.views_of(user) or ws.ephemerals_to(user)[seen:] or None)
        if isinstance(opened[0], dict):
            return self._form(opened[-1], {})
        return self._shown(opened[0])

    def messages_to(self, target: str) -> list[Shown]:
        if target in _CHANNELS:
            found = [m for m in self.ws.messages_in(_CHANNELS[target]) if m.thread_ts in (None, m.ts)]
        else:
            found = self.ws.dm_messages_to(_IDS[target])
        return [self._shown(m) for m in found if not m.deleted]

    def charts_to(self, role: str, count: int) -> list[str]:
        def uploaded(ws: Workspace) -> list[str] | None:
            files = [ws.file(f) for m in ws.dm_messages_to(_IDS[role]) for f in m.files]
            names = [f.name for f in files if f is not None]
            return names if len(names) >= count else None

        return self.ws.wait_for(uploaded)

    # --- internals ---
    def _command(self, user: str, where: str, text: str, mentions: tuple[str, ...]) -> None:
        word, _, rest = text.partition(" ")
        named = " ".join(f"@{self.ws.users[_IDS[r]].name}" for r in mentions)
        channel = _CHANNELS.get(where, user)  # "own": the person's DM with Bryggan
        ack = self.driver.command(
            user=user, channel=channel, command=f"/{word}", text=f"{rest} {named}".strip()
        )
        assert ack.status == 200, ack

    def _close_views(self, user: str) -> None:
        while self.ws.views_of(user):  # a person closes the last window before they go on
            self.driver.view_closed(user=user)

    def _current(self, message: Message) -> Message:
        found = self.ws.find(message.channel, message.ts, message.ephemeral_user)
        return found or message

    def _plain(self, text: str) -> str:
        users = {u.id: u.real_name or u.name for u in self.ws.users.values()}
        channels = {c.id: c.name for c in self.ws.channels.values()}
        return plain_slack(text, users, channels)

    def _shown(self, message: Message) -> Shown:
        if not message.blocks:
            return Shown(self._plain(message.text), (), message)
        texts = _texts(message.blocks)
        buttons = tuple(_label(e) for e in _elements(message.blocks) if e["type"] == "button")
        return Shown(self._plain("\n".join(texts)), buttons, message)

    def _form(self, view: dict[str, Any], errors: dict[str, str]) -> Form:
        inputs = tuple(b["block_id"] for b in view["blocks"] if b["type"] == "input")
        words: list[str] = []
        for block in view["blocks"]:  # an input's hint is words of the form, as in Teams' dialogs
            words.extend([block["hint"]["text"]] if "hint" in block else _texts([block]))
        text = self._plain("\n".join(words))
        return Form(text, inputs, {k: self._plain(v) for k, v in errors.items()}, view)


def _state(element: dict[str, Any], value: str | list[str]) -> dict[str, Any]:
    """What Slack's client sends for an input the person filled in."""
    kind = element["type"]
    if kind == "plain_text_input":
        return {"type": kind, "value": value}
    if kind.startswith("multi_") or kind == "checkboxes":
        key = "selected_options"
        return {"type": kind, key: [{"value": v} for v in value]}
    return {"type": kind, "selected_option": {"value": value}}


def _elements(blocks: list[dict[str, Any]]) -> list[dict[str, Any]]:
    """Every interactive element: in actions blocks and as section accessories."""
    found = [e for b in blocks if b["type"] == "actions" for e in b["elements"]]
    return found + [b["accessory"] for b in blocks if "accessory" in b]


def _label(element: dict[str, Any]) -> str:
    return str(element.get("text", {}).get("text", ""))


def _texts(blocks: list[dict[str, Any]]) -> list[str]:
    """The words of the blocks a person reads (sections, headers, context), not of buttons."""
    found: list[str] = []
    for block in blocks:
        if block["type"] in ("section", "header") and isinstance(block.get("text"), dict):
            found.append(block["text"]["text"])
        for item in block.get("fields", []) if block["type"] == "section" else []:
            found.append(item["text"])
        if block["type"] == "context":
            found.extend(e["text"] for e in block["elements"] if "text" in e)
    return found
