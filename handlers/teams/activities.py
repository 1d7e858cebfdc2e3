"""What an incoming Teams activity says about where it comes from, and its text as a command line.

Read from the activity as Teams sends it (the wire JSON, camelCase). Teams' ids are long; Bryggan's
tables see the short internal ids of storage/teams_addresses.py: the tenant is the workspace
(`MT…`), a person is `MU…` (from their Bot Framework id, `from.id`), a team's channel is `MC…`
(from `channelData.channel.id`, the channel's own id without `;messageid=`).
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import Any

from storage.teams_addresses import internal_id
from templates import LANGS, escape_mrkdwn


@dataclass(frozen=True, slots=True)
class Where:
    """Who sent an activity, from which conversation, and how to answer there."""

    tenant: str  # the Entra tenant id
    user: str  # the sender's Bot Framework id (29:…)
    user_name: str
    locale: str | None
    service_url: str
    conversation: str  # as sent: in a channel `{channel};messageid={root}`
    kind: str  # "personal", "channel" or "groupChat"
    channel: str | None  # a team's channel id (the General channel's is the team's id)
    team: str | None

    @property
    def team_id(self) -> str:
        """The workspace: the tenant's internal id."""
        return internal_id("tenant", self.tenant)

    @property
    def user_id(self) -> str:
        """The sender's internal id."""
        return internal_id("user", self.user)

    @property
    def channel_id(self) -> str:
        """The conversation as the domain sees a channel: a team's channel, else the chat itself."""
        if self.channel:
            return internal_id("channel", self.channel)
        return internal_id("channel", self.conversation)

    @property
    def lang(self) -> str | None:
        """The sender's language from their Teams client's locale, if Bryggan speaks it."""
        prefix = (self.locale or "").split("-")[0].split("_")[0].lower()
        return prefix if prefix in LANGS else None

    @property
    def personal(self) -> bool:
        return self.kind == "personal"


def where(activity: dict[str, Any]) -> Where:
    """The sender and conversation of an activity (wire JSON)."""
    conversation = activity.get("conversation") or {}
    data = activity.get("channelData") or {}
    sender = activity.get("from") or {}
    tenant = (data.get("tenant") or {}).get("id") or conversation.get("tenantId") or ""
    return Where(
        tenant=tenant,
        user=str(sender.get("id", "")),
        user_name=str(sender.get("name") or ""),
        locale=activity.get("locale"),
        service_url=str(activity.get("serviceUrl", "")),
        conversation=str(conversation.get("id", "")),
        kind=str(conversation.get("conversationType") or "personal"),
        channel=(data.get("channel") or {}).get("id"),
        team=(data.get("team") or {}).get("id"),
    )


def trusted(activity: dict[str, Any], found: Where, tenant: str | None) -> bool:
    """Whether an activity may act for a person: it came through Teams (not Web Chat or Direct Line,
    whose clients set `from` themselves, and whose tokens the channel signs alike), names a tenant (the
    configured one, when one is), a conversation type and a service URL."""
    return (
        activity.get("channelId") == "msteams"
        and bool(found.tenant and found.user and found.conversation and found.service_url)
        and bool((activity.get("conversation") or {}).get("conversationType"))
        and (not tenant or found.tenant == tenant)
    )


def removes_bot(activity: dict[str, Any]) -> bool:
    """Whether the activity says the app was removed there (installationUpdate, or the bot leaving)."""
    if activity.get("type") == "installationUpdate":
        return str(activity.get("action", "")).startswith("remove")
    bot = (activity.get("recipient") or {}).get("id")
    removed = activity.get("membersRemoved") or []
    return activity.get("type") == "conversationUpdate" and any(m.get("id") == bot for m in removed)


def mentioned(activity: dict[str, Any]) -> dict[str, str]:
    """The people a message @mentions (not the bot): Teams id -> the name shown."""
    bot = (activity.get("recipient") or {}).get("id")
    found: dict[str, str] = {}
    for entity in activity.get("entities") or []:
        person = _person_mentioned(entity)
        if person.startswith("29:") and person != bot:  # people only: not this bot or another
            found[person] = str((entity.get("mentioned") or {}).get("name") or "")
    return found


def command_text(activity: dict[str, Any]) -> str:
    """The message's text as Slack would hand a command over: the bot's @mention gone, `&`, `<`, `>`
    escaped, and every other @mention as `<@MU…>` so the sub-command tables read it as a person."""
    text = str(activity.get("text") or "")
    bot = (activity.get("recipient") or {}).get("id")
    people: dict[str, str] = {}
    for entity in activity.get("entities") or []:
        shown, person = entity.get("text"), _person_mentioned(entity)
        if entity.get("type") != "mention" or not isinstance(shown, str) or not shown:
            continue
        if not person and (entity.get("mentioned") or {}).get("id") != bot:
            continue  # @channel, @team or a tag: no person, left as the words typed
        marker = f"\0{len(people)}\0"
        text = text.replace(shown, marker, 1)  # one entity per occurrence: same names stay apart
        people[marker] = "" if not person or person == bot else f"<@{internal_id('user', person)}>"
    text = escape_mrkdwn(text)
    for marker, mention in people.items():
        text = text.replace(marker, mention)
    return re.sub(r"\s+", " ", text).strip()


def _person_mentioned(entity: dict[str, Any]) -> str:
    """The Teams id of the person a mention entity names ("29:…"), else "" (a channel, a tag, none)."""
    if entity.get("type") != "mention":
        return ""
    person = str((entity.get("mentioned") or {}).get("id") or "")
    return person if person.startswith("29:") or person.startswith("28:") else ""
