"""The state `bryggan doctor` carries from check to check, and the lines it prints."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from slack_sdk import WebClient
from sqlalchemy import Engine
from sqlalchemy.orm import Session, sessionmaker

from bot.clock import Clock
from bot.settings import Settings


@dataclass
class Report:
    """The lines printed so far and how many checks failed."""

    words: Any
    lines: list[str] = field(default_factory=list)
    failures: int = 0

    def ok(self, title: str, detail: object = "") -> None:
        """A passed check."""
        self.lines.append(str(self.words.ok(title, str(detail))))

    def note(self, title: str, detail: object) -> None:
        """A check that was skipped or cannot be made from here."""
        self.lines.append(str(self.words.note(title, str(detail))))

    def fail(self, title: str, problem: object, fix: object) -> None:
        """A failed check, with its fix."""
        self.failures += 1
        self.lines.append(str(self.words.failed(title, str(problem), str(fix))))


@dataclass
class Checkup:
    """What the checks learn on the way: later checks need the database and a working token."""

    settings: Settings
    report: Report
    clock: Clock
    http: bool
    sessions: sessionmaker[Session] | None = None
    engine: Engine | None = None
    slack: WebClient | None = None  # the one bot token's client
    clients: dict[str, WebClient] = field(default_factory=dict)  # OAuth mode: each working workspace's

    def client_for(self, team_id: str) -> WebClient | None:
        """The client that speaks for `team_id`, if its token works."""
        return self.slack or self.clients.get(team_id)

    @property
    def words(self) -> Any:
        """The doctor's words in the configured language."""
        return self.report.words
