"""A command's sub-commands in one table: parsing, its help and the answer to an unknown word come from it.

Each sub-command names the words that call it (Swedish first, then English) and the help lines it
owns; the help's wording lives in templates/<lang>/help.j2 under "<command>.<line>", as
(arguments, what it does).
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass
from typing import Any

from slack_sdk.models.blocks import Block, HeaderBlock, SectionBlock

from handlers.arguments import Words
from handlers.messages import Reply, sections
from templates import Lang, Templates

Run = Callable[[Any, Words], Reply | None]


@dataclass(frozen=True, slots=True)
class Sub:
    """One sub-command: its name, the words that call it, what runs, and its help lines."""

    name: str
    sv: tuple[str, ...]
    en: tuple[str, ...]
    run: Run
    lines: tuple[str, ...] = ()  # help lines for everyone
    admin_lines: tuple[str, ...] = ()  # help lines under the administrators' heading
    slow: bool = False  # acks at once and answers through response_url (an upload)
    shown: str = ""  # the Swedish words the help shows, where the first calling word is not all of them

    def word(self, lang: Lang) -> str:
        """The word the help shows for it in `lang` (none for the command on its own)."""
        if lang == "sv" and self.shown:
            return self.shown
        words = self.en if lang == "en" else self.sv
        return words[0] if words else ""


class Table:
    """The sub-commands of one slash command."""

    def __init__(self, command: str, subs: Sequence[Sub], *, default: str, free_text: bool = False) -> None:
        self.command = command
        self.key = command.lstrip("/")
        self.subs = tuple(subs)
        self._by_name = {sub.name: sub for sub in self.subs}
        self._by_word = {word.casefold(): sub for sub in self.subs for word in (*sub.sv, *sub.en)}
        self._default = self._by_name[default]
        self._free_text = free_text  # an unknown first word is the default's text, not a mistake

    def parse(self, text: str) -> tuple[Sub | None, Words]:
        """The sub-command the text calls (None for an unknown word) and its arguments."""
        stripped = text.strip()
        if not stripped:
            return self._default, Words(self._default.name, [], "")
        first, _, rest = stripped.partition(" ")
        sub = self._by_word.get(first.casefold())
        # In a free-text command a sub-command's word counts only on its own: "/konsultation Mina elever
        # i 8B …" is the form's text, "/konsultation mina" the list.
        if sub is not None and self._free_text and rest.strip():
            sub = None
        if sub is None:
            if self._free_text:
                return self._default, Words(self._default.name, stripped.split(), stripped)
            return None, Words("?", rest.split(), rest.strip())
        return sub, Words(sub.name, rest.split(), rest.strip())

    def parse_or_help(
        self, text: str, *, lang: Lang, templates: Templates, command: str | None = None
    ) -> tuple[Sub, Words] | Reply:
        """The sub-command `text` calls and its arguments, or the help when it asked for it or named none."""
        sub, words = self.parse(text)
        if sub is None:
            return self.help(lang=lang, templates=templates, unknown=text.split()[0], command=command)
        if sub.name == "help":
            return self.help(lang=lang, templates=templates, command=command)
        return sub, words

    def help(
        self, *, lang: Lang, templates: Templates, unknown: str | None = None, command: str | None = None
    ) -> Reply:
        """Every sub-command with an example; `unknown` names the word that was not understood.

        `command` is how the command is typed where it is not Slack's slash command (Teams: `kontakt`).
        """
        w = templates.module(lang, "help")
        command = command or self.command
        lines = [self._line(w, sub, key, lang, command) for sub in self.subs for key in sub.lines]
        admin = [self._line(w, sub, key, lang, command) for sub in self.subs for key in sub.admin_lines]
        if admin:
            lines += [w.admin_heading, *admin]
        other = "sv" if lang == "en" else "en"
        words = [sub.word(other) for sub in self.subs if sub.word(other)]
        lines.append(str(w.other_words(words)))
        note = w.notes.get(self.key)
        if note:
            lines.append(note)
        body = "\n".join(lines)
        intro = str(w.unknown(command, unknown)) if unknown else ""
        # The title names the command as typed: Slack's slash command, or the word in Teams.
        blocks: list[Block] = [HeaderBlock(text=f"{command} – {w.titles[self.key]}")]
        if intro:
            blocks.append(SectionBlock(text=intro))
        blocks += sections(body)
        return Reply(f"{intro}\n{body}".strip()[:2900], blocks)

    def _line(self, w: Any, sub: Sub, key: str, lang: Lang, command: str) -> str:
        line = f"{self.key}.{key}"
        typed_elsewhere = command != self.command  # Teams: a few sub-commands work otherwise there
        arguments, what = w.teams_usage.get(line, w.usage[line]) if typed_elsewhere else w.usage[line]
        what = what.replace(f"`{self.command} ", f"`{command} ")  # an example in the words, as typed
        called = " ".join(part for part in (command, sub.word(lang), arguments) if part)
        return f"`{called}` – {what}"
