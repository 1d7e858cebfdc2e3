"""One console session: parse a typed line, send it as Slack would, print what Bryggan answered."""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import datetime, timedelta
from functools import partial
from pathlib import Path
from typing import Any, TextIO

from bot.console import gestures, render
from bot.errors import BrygganError
from localslack import Driver, Message, UploadedFile, Workspace
from templates import Lang, Templates

_AS = re.compile(
    r"^(?:som|as)\s+(?P<user>[\w.-]+)\s+(?:i|in)\s+#(?P<channel>[\w.-]+)\s*:\s*(?P<command>/\S+)\s*(?P<text>.*)$",
    re.IGNORECASE,
)
_WAIT_SECONDS = 5.0
_QUIET = 0.3  # seconds without a new message before a reply counts as complete


@dataclass
class _Seen:
    """How much of the workspace has been printed already."""

    history: int = 0
    views: dict[str, tuple[int, str]] = field(default_factory=dict)  # stack depth, top view's hash
    homes: dict[str, Any] = field(default_factory=dict)


class ConsoleSession:
    """Reads lines, drives the stand-in, and prints every new message, modal and Home view."""

    def __init__(
        self,
        workspace: Workspace,
        driver: Driver,
        *,
        deliver: Callable[[], object],
        tick: Callable[[timedelta], object],
        now: Callable[[], datetime],
        commands: frozenset[str],
        files: Path,
        templates: Templates,
        lang: Lang,
        out: TextIO,
    ) -> None:
        self._ws = workspace
        self._driver = driver
        self._deliver = deliver
        self._tick = tick
        self._now = now
        self._commands = commands
        self._files = files
        self._words = templates.module(lang, "console")
        self._errors = templates.module(lang, "errors")
        self._out = out
        self._seen = _Seen(history=len(workspace.history))

    def banner(self, api_url: str, database: str) -> None:
        """Print the welcome text."""
        self._say(self._words.banner(api_url, database))

    def loop(self, lines: TextIO) -> None:
        """Handle lines until end of input or `avsluta`."""
        while True:
            self._out.write(self._words.prompt)
            self._out.flush()
            line = lines.readline()
            if not line or not self.handle(line.strip()):
                self._say(self._words.bye)
                return

    def handle(self, line: str) -> bool:
        """Handle one line; False means quit. No line ends the demo by failing: it says so in one line."""
        try:
            return self._handle(line)
        except Exception as error:  # a demo must survive anything typed; the state stays as it was
            self._say(self._words.failed(type(error).__name__))
            return True

    def _handle(self, line: str) -> bool:
        word, _, rest = line.partition(" ")
        word = word.lower()
        if not line:
            return True
        if word in ("avsluta", "quit", "exit"):
            return False
        if word in ("hjälp", "help", "?"):
            self._say(self._words.help())
        elif word in ("personer", "people"):
            self._people()
        elif word in ("kanaler", "channels"):
            self._channels()
        elif word in ("tid", "time", "klocka", "clock") and not rest.strip():
            self._say(self._words.clock(self._now().strftime("%Y-%m-%d %H:%M"), self._now().strftime("%A")))
        elif word in ("hem", "home"):
            self._home(rest.strip())
        elif match := gestures.CLICK.match(line):
            self._click(**match.groupdict())
        elif match := gestures.SUBMIT.match(line):
            self._submit(**match.groupdict())
        elif match := gestures.FORWARD.match(line):
            self._forward(**match.groupdict())
        elif match := _AS.match(line):
            self._command(**match.groupdict())
        else:
            self._say(self._words.not_understood())
        return True

    def _people(self) -> None:
        from bot.console.demo import ADMINS, USERS

        for user in USERS:
            self._say(self._words.person(user.name, user.real_name, user.title, user.id in ADMINS))

    def _channels(self) -> None:
        from bot.console.demo import SCHOOLS

        schools = {s.channel_id: s.name for s in SCHOOLS}
        for channel in self._ws.channels.values():
            if not channel.is_im:
                self._say(self._words.channel(channel.name, schools.get(channel.id)))

    def _home(self, name: str) -> None:
        user = self._user(name)
        if user:
            self._driver.app_home_opened(user=user)
            self._print_new()

    def _command(self, user: str, channel: str, command: str, text: str) -> None:
        user_id, channel_id = self._user(user), self._channel(channel)
        if not user_id or not channel_id:
            return
        if command.casefold() not in self._commands:  # Slack itself answers; the app never hears of it
            self._say(
                self._words.heading_slackbot(user),
                self._words.unknown_command(command, sorted(self._commands)),
                "",
            )
            return
        result = self._driver.command(user=user_id, channel=channel_id, command=command, text=text)
        if result.status != 200:
            self._say(self._words.refused(result.status))
            return
        self._print_new()
        self._deliver_owed()

    def _click(self, user: str, label: str) -> None:
        user_id = self._user(user)
        found = gestures.find_button(self._ws, user_id, label) if user_id else None
        if user_id and found is None:
            self._say(self._words.no_button(label))
        if user_id and found:
            self._driver.block_action(user=user_id, action_id=found[1], message=found[0])
            self._print_new()
            self._deliver_owed()

    def _submit(self, user: str, text: str) -> None:
        user_id = self._user(user)
        views = self._ws.views_of(user_id) if user_id else []
        if user_id and not (views and views[-1].get("submit")):  # a view without Submit cannot be sent
            self._say(self._words.no_modal(user))
        if user_id and views:
            filled = gestures.modal_values(views[-1], text, today=self._now().date())
            if filled.errors:  # Slack itself refuses these beside the field; Bryggan never hears of it
                self._say(
                    *(self._words.field_error(label, self._error(e)) for label, e in filled.errors.items())
                )
                return
            self._driver.view_submission(user=user_id, values=filled.values)
            errors = self._ws.modal_errors_of(user_id)
            if errors:  # the modal stays open; nothing else happens
                self._say(*(self._words.modal_error(message) for message in errors.values()))
                return
            self._print_new()
            self._deliver_owed()

    def _forward(self, amount: str, unit: str) -> None:
        delta = gestures.duration(amount, unit)
        if delta is None:
            self._say(self._words.not_understood())
            return
        if not delta:
            self._say(self._words.forward_nothing(self._now().strftime("%Y-%m-%d %H:%M")))
            return
        now = self._tick(delta)
        self._say(self._words.forwarded(str(now)))
        self._print_new(expect_reply=False)

    def _error(self, error: BrygganError) -> str:
        return str(getattr(self._errors, error.key)(**error.params))

    def _deliver_owed(self) -> None:
        # Announcements and DMs go through the outbox; deliver them now rather than at the next tick.
        report = self._deliver()
        if getattr(report, "sent", 0):
            self._print_new()

    def _user(self, name: str) -> str | None:
        found = next((u.id for u in self._ws.users.values() if u.name == name.lower().lstrip("@")), None)
        if found is None:
            self._say(self._words.unknown_person(name))
        return found

    def _channel(self, name: str) -> str | None:
        found = next((c.id for c in self._ws.channels.values() if c.name == name.lower()), None)
        if found is None:
            self._say(self._words.unknown_channel(name))
        return found

    def _print_new(self, *, expect_reply: bool = True) -> None:
        # After a command Bryggan must answer, so wait; after a time jump, show only what already came.
        try:
            self._ws.wait_for(
                lambda ws: self._has_new(ws) or None, timeout=_WAIT_SECONDS if expect_reply else 0.2
            )
        except AssertionError:
            if expect_reply:
                self._say(self._words.no_reply)
            return
        self._settle()
        for message in self._ws.history[self._seen.history :]:
            self._print_message(message)
        self._seen.history = len(self._ws.history)
        self._print_views()

    def _settle(self) -> None:
        # A reply may come in parts (figures, then charts as a DM): wait until Slack has been quiet a moment.
        for _ in range(int(_WAIT_SECONDS / _QUIET)):
            try:
                self._ws.wait_for(partial(_grew, count=len(self._ws.history)), timeout=_QUIET)
            except AssertionError:
                return

    def _has_new(self, ws: Workspace) -> bool:
        if len(ws.history) > self._seen.history:
            return True
        return any(
            _signature(ws.views_of(u)) != self._seen.views.get(u, (0, ""))
            or ws.home_of(u) != self._seen.homes.get(u)
            for u in ws.users
        )

    def _print_message(self, message: Message) -> None:
        channel = self._ws.channels.get(message.channel)
        if message.ephemeral_user:
            heading = self._words.heading_ephemeral(
                self._name(message.ephemeral_user), self._name(message.channel)
            )
        elif channel is not None and channel.is_im:
            heading = self._words.heading_dm(self._name(channel.im_user or ""))
        else:
            heading = self._words.heading_channel(self._name(message.channel))
        body = (
            render.blocks(message.blocks, self._name)
            if message.blocks
            else [render.mrkdwn(message.text, self._name)]
        )
        uploaded = (self._ws.file(i) for i in message.files)
        files = [self._saved(f) for f in uploaded if f is not None]
        self._say(heading, *body, *files, "")

    def _saved(self, file: UploadedFile) -> str:
        """Save an uploaded file beside the demo database, so it can be opened; the line naming it."""
        if not file.content:
            return f"  [{file.name}]"
        self._files.mkdir(exist_ok=True)
        path = self._files / f"{file.id}-{Path(file.name).name}"
        path.write_bytes(file.content)
        return str(self._words.file_saved(file.name, str(path.resolve())))

    def _print_views(self) -> None:
        for user_id in list(self._ws.users):
            views = self._ws.views_of(user_id)
            if views and _signature(views) != self._seen.views.get(user_id, (0, "")):
                title = views[-1].get("title", {}).get("text", "")
                self._say(
                    self._words.heading_modal(self._name(user_id), title),
                    *render.blocks(views[-1]["blocks"], self._name),
                    "",
                )
            self._seen.views[user_id] = _signature(views)
            home = self._ws.home_of(user_id)
            if home is not None and home != self._seen.homes.get(user_id):
                self._say(
                    self._words.heading_home(self._name(user_id)),
                    *render.blocks(home["blocks"], self._name),
                    "",
                )
            self._seen.homes[user_id] = home

    def _name(self, some_id: str) -> str:
        if some_id in self._ws.users:
            return self._ws.users[some_id].name
        if some_id in self._ws.channels:
            return self._ws.channels[some_id].name
        return some_id

    def _say(self, *lines: object) -> None:
        """Write console words (escaped by the template environment) and already-rendered lines."""
        for line in lines:
            self._out.write(render.unescape(str(line)) if not isinstance(line, _Rendered) else line)
            self._out.write("\n")
        self._out.flush()


def _grew(ws: Workspace, *, count: int) -> bool:
    return len(ws.history) > count


def _signature(views: list[dict[str, Any]]) -> tuple[int, str]:
    """Changes when a modal is pushed, popped or updated."""
    return (len(views), str(views[-1].get("hash", "")) if views else "")


class _Rendered(str):
    """A line already turned from Slack markup into terminal text: written as it is."""

    __slots__ = ()
