"""The Bot Connector API calls Teams answers: conversations, activities, rosters, team channels."""

from __future__ import annotations

import copy
from datetime import UTC, datetime
from typing import Any

from localteams.directory import Activity, Conversation, Directory, Kind
from localteams.errors import ConnectorError
from localteams.messages import check_activity
from localteams.tokens import BotRegistration

MAX_PAGE_SIZE = 500  # Teams' largest page of pagedMembers
DEFAULT_PAGE_SIZE = 200

NOT_IN_ROSTER = ConnectorError(
    403, "BotNotInConversationRoster", "The bot is not part of the conversation roster."
)


class Connector:
    """Applies one authenticated bot's call to the directory; ConnectorError as Teams answers."""

    def __init__(self, directory: Directory, bot: BotRegistration, clock_iso: str) -> None:
        self.directory = directory
        self.bot = bot
        self.now = clock_iso

    # --- conversations ---
    def create_conversation(self, body: Any) -> dict[str, Any]:
        """POST /v3/conversations: the bot's 1:1 chat with an installed user, or a new channel thread."""
        if not isinstance(body, dict):
            raise ConnectorError(400, "BadSyntax", "the body must be ConversationParameters")
        channel = ((body.get("channelData") or {}).get("channel") or {}).get("id")
        if body.get("isGroup") and channel:
            return self._new_thread(channel, body.get("activity"))
        members = body.get("members") or []
        if body.get("isGroup") or len(members) != 1 or not isinstance(members[0], dict):
            raise ConnectorError(400, "BadArgument", "a 1:1 conversation names exactly one member")
        user = self.directory.users.get(str(members[0].get("id")))
        tenant = body.get("tenantId") or ((body.get("channelData") or {}).get("tenant") or {}).get("id")
        if user is None or tenant != user.tenant_id:
            raise ConnectorError(400, "BadArgument", "unknown member in this tenant")
        conv = self.directory.personal_conversation(self.bot.app_id, user.id)
        if conv is None:
            raise ConnectorError(
                403, "ForbiddenOperationException", "Bot is not installed in user's personal scope"
            )
        answer: dict[str, Any] = {"id": conv.id}
        if body.get("activity") is not None:
            answer["activityId"] = self._append(conv, body["activity"], root_id=None)["id"]
        return answer

    def _new_thread(self, channel_id: str, activity: Any) -> dict[str, Any]:
        conv = self._reachable(channel_id)
        if conv.kind is not Kind.CHANNEL:
            raise ConnectorError(400, "BadArgument", "channelData.channel.id must name a channel")
        if activity is None:
            raise ConnectorError(400, "BadArgument", "a new channel thread starts with an activity")
        activity_id = self._append(conv, activity, root_id=None)["id"]
        return {"id": f"{conv.id};messageid={activity_id}", "activityId": activity_id}

    # --- activities ---
    def send(self, conversation_id: str, body: Any) -> dict[str, Any]:
        """POST …/activities: a new message, or one in the thread a `;messageid=` id names."""
        conv = self._reachable(conversation_id)
        _, thread = self.directory.resolve(conversation_id)
        if thread is not None:
            root = conv.find(thread)
            if conv.kind is not Kind.CHANNEL or root is None or root.deleted:
                raise ConnectorError(404, "ConversationNotFound", "Conversation not found.")
        return self._append(conv, body, root_id=thread)

    def reply(self, conversation_id: str, activity_id: str, body: Any) -> dict[str, Any]:
        """POST …/activities/{id}: a reply to an activity of that same conversation."""
        conv = self._reachable(conversation_id)
        target = self._existing(conv, activity_id)
        root = (target.root_id or target.id) if conv.kind is Kind.CHANNEL else None
        return self._append(conv, body, root_id=root, reply_to=activity_id)

    def update(self, conversation_id: str, activity_id: str, body: Any) -> dict[str, Any]:
        """PUT …/activities/{id}: the bot rewrites one of its own messages."""
        conv = self._reachable(conversation_id)
        target = self._existing(conv, activity_id)
        if not target.from_bot:
            raise ConnectorError(403, "Forbidden", "a bot can update only its own activities")
        check_activity(body)
        with self.directory.cond:
            target.body = self._stamped(conv, body, activity_id, target.body.get("replyToId"))
            target.edits += 1
            self.directory.changed()
        return {"id": activity_id}

    def delete(self, conversation_id: str, activity_id: str) -> None:
        """DELETE …/activities/{id}: the bot removes one of its own messages."""
        conv = self._reachable(conversation_id)
        target = self._existing(conv, activity_id)
        if not target.from_bot:
            raise ConnectorError(403, "Forbidden", "a bot can delete only its own activities")
        with self.directory.cond:
            target.deleted = True
            self.directory.changed()

    # --- rosters and channels ---
    def members(self, conversation_id: str) -> list[dict[str, Any]]:
        """GET …/members: everyone in the conversation."""
        conv = self._reachable(conversation_id)
        return [u.member() for u in self.directory.roster(conv)]

    def member(self, conversation_id: str, member_id: str) -> dict[str, Any]:
        """GET …/members/{id}: one person of the conversation."""
        conv = self._reachable(conversation_id)
        found = next((u for u in self.directory.roster(conv) if u.id == member_id), None)
        if found is None:
            raise ConnectorError(404, "MemberNotFoundInConversation", "The user is not in this conversation.")
        return found.member()

    def paged_members(self, conversation_id: str, query: dict[str, str]) -> dict[str, Any]:
        """GET …/pagedMembers: a page of the roster and a continuation token while more remain."""
        conv = self._reachable(conversation_id)
        try:
            size = int(query.get("pageSize", DEFAULT_PAGE_SIZE))
            start = int(query.get("continuationToken") or 0)
        except ValueError as e:
            raise ConnectorError(
                400, "BadArgument", "pageSize and continuationToken are opaque numbers"
            ) from e
        size = min(max(size, 1), MAX_PAGE_SIZE)
        roster = self.directory.roster(conv)
        page: dict[str, Any] = {"members": [u.member() for u in roster[start : start + size]]}
        if start + size < len(roster):
            page["continuationToken"] = str(start + size)
        return page

    def team_conversations(self, team_id: str) -> dict[str, Any]:
        """GET /v3/teams/{id}/conversations: the team's channels (General has no name)."""
        team = self.directory.teams.get(team_id)
        if team is None:
            raise ConnectorError(404, "NotFound", "Team not found.")
        if (self.bot.app_id, "team", team_id) not in self.directory.installs:
            raise NOT_IN_ROSTER
        return {"conversations": [{"id": cid, "name": name} for cid, name in team.channels.items()]}

    # --- internals ---
    def _reachable(self, conversation_id: str) -> Conversation:
        conv, _ = self.directory.resolve(conversation_id)
        if conv is None:
            raise ConnectorError(404, "ConversationNotFound", "Conversation not found.")
        if not self.directory.reaches(self.bot.app_id, conv):
            raise NOT_IN_ROSTER
        return conv

    @staticmethod
    def _existing(conv: Conversation, activity_id: str) -> Activity:
        target = conv.find(activity_id)
        if target is None or target.deleted:
            raise ConnectorError(404, "ActivityNotFoundInConversation", "Activity not found in conversation.")
        return target

    def _append(
        self, conv: Conversation, body: Any, *, root_id: str | None, reply_to: str | None = None
    ) -> dict[str, Any]:
        check_activity(body)
        activity_id = self.directory.new_activity_id()
        stamped = self._stamped(conv, body, activity_id, reply_to)
        with self.directory.cond:
            if stamped["type"] == "message":
                conv.activities.append(Activity(activity_id, stamped, from_bot=True, root_id=root_id))
            self.directory.changed()
        return {"id": activity_id}

    def _stamped(
        self, conv: Conversation, body: dict[str, Any], activity_id: str, reply_to: Any
    ) -> dict[str, Any]:
        """The activity as Teams stores it: its id, sender and conversation filled in."""
        stored = copy.deepcopy(body)
        stored.update(
            id=activity_id,
            timestamp=self.now,
            channelId="msteams",
            conversation={"id": conv.id, "conversationType": str(conv.kind), "tenantId": conv.tenant_id},
        )
        stored["from"] = {"id": f"28:{self.bot.app_id}", "name": self.bot.name}
        if reply_to:
            stored["replyToId"] = reply_to
        return stored


def iso(instant: float) -> str:
    """An activity timestamp as Teams writes it."""
    return datetime.fromtimestamp(instant, UTC).isoformat(timespec="milliseconds").replace("+00:00", "Z")
