"""The services the handlers call, built once by the app factory and handed over by closure."""

from __future__ import annotations

from dataclasses import dataclass

from bot.clock import WorkspaceClocks
from bot.consultations import Consultations
from bot.contacts import Contacts
from bot.crypto import Stamp
from bot.events import Deliveries
from bot.followup import FollowUp
from bot.meetings import Meetings
from bot.settings import Settings
from bot.workspace_settings import WorkspaceSettings
from templates import Templates


@dataclass(frozen=True, slots=True)
class Services:
    """Everything a listener may use; no listener reaches a database or setting any other way."""

    settings: Settings
    clock: WorkspaceClocks  # now, and each workspace's today and wall clock (`for_team`)
    templates: Templates
    contacts: Contacts
    deliveries: Deliveries
    consultations: Consultations
    meetings: Meetings
    followup: FollowUp
    stamp: Stamp  # signs what modals carry (handlers/stamps.py)
    workspace: WorkspaceSettings  # each workspace's settings; `settings` holds only the defaults there
