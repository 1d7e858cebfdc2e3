"""What the stand-in raises in a test when Slack would show the user an error."""

from __future__ import annotations


class SlackFault(AssertionError):
    """The app did something Slack would refuse or show as an error to the user."""


class LateAck(SlackFault):
    """The app acknowledged after Slack's 3-second limit (or never)."""

    def __init__(self, elapsed: float, what: str) -> None:
        super().__init__(f"{what} acknowledged after {elapsed:.2f} s; Slack gives up after 3 s")
        self.elapsed = elapsed
