"""The console's screen: what Slack shows people, printed as text once each."""

from __future__ import annotations

from dataclasses import dataclass, field
from functools import partial
from pathlib import Path
from typing import Any, TextIO

from bot.console import render
from localslack import Message, UploadedFile, Workspace

_WAIT_SECONDS = 5.0
_QUIET = 0.3  # seconds without a new message before a reply counts as complete


@dataclass
class _Seen:
    """How much of the workspace has been printed already."""

    history: int = 0
    views: dict[str, tuple[int, str]] = field(default_factory=dict)  # stack depth, top view's hash
    homes: dict[str, Any] = field(default_factory=dict)


class Screen:
    """Prints every new message, modal and Home view; files uploaded are saved to `files`."""

    def __init__(self, workspace: Workspace, *, words: Any, files: Path, out: TextIO) -> None:
        self._ws = workspace
        self._words = words
        self._files = files
        self._out = out
        self._seen = _Seen(history=len(workspace.history))

    def print_new(self, *, expect_reply: bool = True) -> None:
        """Print what Slack shows since last time: messages, then changed modals and Home views."""
        # After a command Bryggan must answer, so wait; after a time jump, show only what already came.
        try:
            self._ws.wait_for(
                lambda ws: self._has_new(ws) or None, timeout=_WAIT_SECONDS if expect_reply else 0.2
            )
        except AssertionError:
            if expect_reply:
                self.say(self._words.no_reply)
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
        self.say(heading, *body, *files, "")

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
                self.say(
                    self._words.heading_modal(self._name(user_id), title),
                    *render.blocks(views[-1]["blocks"], self._name),
                    "",
                )
            self._seen.views[user_id] = _signature(views)
            home = self._ws.home_of(user_id)
            if home is not None and home != self._seen.homes.get(user_id):
                self.say(
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

    def say(self, *lines: object) -> None:
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
