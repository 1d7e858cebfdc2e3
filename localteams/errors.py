"""What the stand-in raises: Teams' error answers to the bot, and faults a test must see."""

from __future__ import annotations

from typing import Any


class TeamsFault(AssertionError):
    """The bot did something Teams would refuse or show the user as an error."""


class LateAnswer(TeamsFault):
    """The bot answered an activity after Bot Framework's 15-second limit (or never)."""

    def __init__(self, elapsed: float, what: str) -> None:
        super().__init__(f"{what} answered after {elapsed:.2f} s; Bot Framework gives up after 15 s")
        self.elapsed = elapsed


class ConnectorError(Exception):
    """An error answer of the Bot Connector API: HTTP status and Teams' `error.code`."""

    def __init__(self, status: int, code: str, message: str) -> None:
        super().__init__(f"{status} {code}: {message}")
        self.status, self.code, self.message = status, code, message

    def body(self) -> dict[str, Any]:
        """Bot Framework's ErrorResponse body."""
        return {"error": {"code": self.code, "message": self.message}}
