"""One console session: parse a typed line, send it as Slack would, print what Bryggan answered."""

from __future__ import annotations

import re
from collections.abc import Callable
from datetime import datetime, timedelta
from pathlib import Path
from typing import TextIO

from bot.console import gestures
from bot.console.screen import Screen
from bot.errors import BrygganError
from localslack import Driver, Workspace
from templates import Lang, Templates

_AS = re.compile(
    r"^(?:som|as)\s+(?P<user>[\w.-]+)\s+(?:i|in)\s+#(?P<channel>[\w.-]+)\s*:\s*(?P<command>/\S+)\s*(?P<text>.*)$",
    re.IGNORECASE,
)


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
        self._words = templates.module(lang, "console")
        self._errors = templates.module(lang, "errors")
        self._out = out
        self._screen = Screen(workspace, words=self._words, files=files, out=out)
        self._say = self._screen.say
        self._print_new = self._screen.print_new

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
            self._say(self._words.clock(self._now()))
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
            people = {u.name: u.id for u in self._ws.users.values()}
            filled = gestures.modal_values(views[-1], text, today=self._now().date(), people=people)
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
