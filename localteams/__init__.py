"""localteams: a strict, offline stand-in for Microsoft Teams (Bot Framework), for tests of Bryggan."""

from localteams.delivery import Answer
from localteams.directory import Activity, Conversation, Team, User
from localteams.driver import Driver
from localteams.errors import ConnectorError, LateAnswer, TeamsFault
from localteams.server import LocalTeams

__all__ = [
    "Activity",
    "Answer",
    "ConnectorError",
    "Conversation",
    "Driver",
    "LateAnswer",
    "LocalTeams",
    "Team",
    "TeamsFault",
    "User",
]
