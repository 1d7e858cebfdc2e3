"""localslack: a strict, offline stand-in for Slack, for tests and demos of Bryggan."""

from localslack.driver import Driver
from localslack.errors import LateAck, SlackFault
from localslack.models import Channel, Message, UploadedFile, User
from localslack.server import LocalSlack
from localslack.transport import AckResult, Delivery
from localslack.workspace import Workspace

__all__ = [
    "AckResult",
    "Channel",
    "Delivery",
    "Driver",
    "LateAck",
    "LocalSlack",
    "Message",
    "SlackFault",
    "UploadedFile",
    "User",
    "Workspace",
]
