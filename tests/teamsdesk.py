"""The journeys' desk in Teams: messages, card clicks and dialogs through localteams' Driver."""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from typing import Any

from bot.app import Bryggan
from bot.clock import FakeClock
from localteams import Activity, Answer, Driver, LocalTeams
from storage.teams_addresses import internal_id
from tests.journeys import NAMES, Form, Shown, plain_teams
from tests.teamsbed import CHANNEL, TEAM, TENANT, WORKSPACE, install_personal, serve_teams

# The journeys' people, added to the test tenant and its school team under the names Slack shows.
TEAMS_IDS = {role: f"29:{role}" for role in NAMES}
OTHER_CHANNEL = "19:ekholm@thread.tacv2"  # known to Bryggan only: nobody writes there
_CHANNELS = {"school": CHANNEL, "other": OTHER_CHANNEL}


def add_journey_people(teams: LocalTeams) -> None:
    """The four people of the journeys, members of the school's team."""
    for role, name in NAMES.items():
        teams.add_user(TENANT, TEAMS_IDS[role], name)
    with teams.directory.cond:
        teams.directory.teams[TEAM].members.extend(TEAMS_IDS.values())


class TeamsDesk:
    """Teams' side of the journeys: the app installed in the team and in everyone's personal chat."""

    platform = "teams"
    workspace = WORKSPACE

    def __init__(self, teams: LocalTeams, driver: Driver, bryggan: Bryggan) -> None:
        self.teams, self.driver, self.bryggan = teams, driver, bryggan
        driver.install_in_team(TEAM, by=TEAMS_IDS["admin"])
        # Each personal install is greeted with the home card: set-up, not a message the journeys follow.
        self.chats = {role: install_personal(teams, driver, TEAMS_IDS[role]).id for role in NAMES}

    def id(self, role: str) -> str:
        return internal_id("user", TEAMS_IDS[role])

    def channel_id(self, where: str) -> str:
        return internal_id("channel", _CHANNELS[where])

    def say(self, role: str, where: str, text: str, mentions: tuple[str, ...] = ()) -> Shown:
        conversation = self.chats[role] if where == "own" else _CHANNELS[where]
        seen = len(self.teams.posted(self.chats[role])) if where == "own" else 0
        people = tuple(TEAMS_IDS[r] for r in mentions)
        sent = self.driver.message(TEAMS_IDS[role], conversation, text, mentions=people)
        assert sent.status == 200, sent
        thread = sent.activity["conversation"]["id"]  # a channel's answer is in the message's thread
        answers = self.teams.directory.wait_for(lambda d: d.posted(thread)[seen:] or None)
        return _shown(answers[0])

    def open_form(self, role: str, where: str, text: str, button: str) -> Form:
        answer = self.say(role, where, text)
        opened = self.click(role, answer, button)
        assert isinstance(opened, Form), opened
        return opened

    def submit_form(self, role: str, form: Form, values: dict[str, str | list[str]]) -> Form:
        conversation, card = form.source
        [submit] = card["actions"]
        kept = {k: e["value"] for k, e in _inputs(card).items() if "value" in e}
        typed = {k: ",".join(v) if isinstance(v, list) else v for k, v in values.items()}
        answer = self.driver.submit_task(TEAMS_IDS[role], conversation, {**submit["data"], **kept, **typed})
        return _form(conversation, answer)

    def click(self, role: str, message: Shown, button: str) -> Shown | Form:
        activity: Activity = message.source
        answer = self.driver.click(TEAMS_IDS[role], activity, button)
        assert answer is not None, f"{button} opens a browser"
        conversation = activity.body["conversation"]["id"]
        if "task" in answer.body:
            return _form(conversation, answer)
        if answer.body.get("type") == "application/vnd.microsoft.activity.message":
            return Shown(plain_teams(answer.body["value"]), (), answer)  # a line shown to the clicker
        texts: list[str] = []
        buttons: list[str] = []
        _walk(answer.body["value"], texts, buttons)  # the card Teams shows in place of the clicked one
        return Shown(plain_teams("\n".join(texts)), tuple(buttons), activity)

    def messages_to(self, target: str) -> list[Shown]:
        if target in _CHANNELS:  # the bot's own posts, not its answers in the threads of commands
            found = [a for a in self.teams.posted(_CHANNELS[target]) if a.root_id in (None, a.id)]
        else:
            found = self.teams.posted(self.chats[target])[1:]  # after the home card
        return [_shown(a) for a in found]

    def charts_to(self, role: str, count: int) -> list[str]:
        def pictures(d: Any) -> list[str] | None:
            names = [i["name"] for a in d.posted(self.chats[role]) for i in a.images]
            return names if len(names) >= count else None

        return self.teams.directory.wait_for(pictures)


@contextmanager
def teams_desk(teams: LocalTeams, bryggan: Bryggan, clock: FakeClock) -> Iterator[TeamsDesk]:
    """Bryggan's Teams endpoint served against the stand-in, the journeys' people installed."""
    add_journey_people(teams)
    with serve_teams(teams, bryggan, clock) as driver:
        yield TeamsDesk(teams, driver, bryggan)


def _shown(activity: Activity) -> Shown:
    if not activity.cards:
        return Shown(plain_teams(activity.text), (), activity)
    texts: list[str] = []
    buttons: list[str] = []
    for card in activity.cards:
        _walk(card, texts, buttons)
    return Shown(plain_teams("\n".join(texts)), tuple(buttons), activity)


def _form(conversation: str, answer: Answer) -> Form:
    task = answer.body["task"]
    if task["type"] == "message":  # the dialog closes with a line of text
        return Form(plain_teams(task["value"]), (), {}, None)
    card = task["value"]["card"]["content"]
    texts: list[str] = []
    shown = [e for e in card["body"] if not e["type"].startswith("Input.") and e.get("color") != "Attention"]
    _walk({"body": shown}, texts, [])  # a field's error is read from `errors`, as in Slack
    fields = tuple(_inputs(card)) if card.get("actions") else ()
    return Form(plain_teams("\n".join(texts)), fields, _errors(card), (conversation, card))


def _inputs(card: dict[str, Any]) -> dict[str, dict[str, Any]]:
    return {e["id"]: e for e in card["body"] if e["type"].startswith("Input.")}


def _errors(card: dict[str, Any]) -> dict[str, str]:
    """A field's error: the Attention-coloured text after its input, before the next one."""
    errors: dict[str, str] = {}
    field = None
    for element in card["body"]:
        if element["type"].startswith("Input."):
            field = element["id"]
        elif field and element["type"] == "TextBlock" and element.get("color") == "Attention":
            errors[field] = plain_teams(element["text"])
    return errors


def _walk(node: Any, texts: list[str], buttons: list[str]) -> None:
    """TextBlocks' words and the actions' titles, in the order the card shows them."""
    if isinstance(node, dict):
        if node.get("type") == "TextBlock":
            texts.append(node["text"])
        elif str(node.get("type", "")).startswith("Action.") and "title" in node:
            buttons.append(node["title"])
        for key in ("body", "items", "columns", "actions", "inlines"):
            _walk(node.get(key), texts, buttons)
    elif isinstance(node, list):
        for item in node:
            _walk(item, texts, buttons)
