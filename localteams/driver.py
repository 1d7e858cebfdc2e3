"""Driver: plays the user in Teams' client, sending the bot what Teams would send, signed."""

from __future__ import annotations

import copy
from typing import TYPE_CHECKING, Any

from localteams.cards import CARD_CONTENT_TYPE
from localteams.connector import iso
from localteams.delivery import Answer, post
from localteams.directory import Activity, Conversation, Kind, User
from localteams.errors import TeamsFault
from localteams.invokes import check_answer, find_action, input_values

if TYPE_CHECKING:
    from localteams.server import LocalTeams


class Driver:
    """Sends activities to one registered bot's messaging endpoint, as Teams does for its users."""

    def __init__(self, teams: LocalTeams, app_id: str) -> None:
        self.teams = teams
        self.directory = teams.directory
        self.bot = teams.authority.bots[app_id]

    # --- installations ---
    def install_personal(self, user: str) -> Conversation:
        """The user adds the app for themselves; the bot is told with installationUpdate."""
        conv = self.directory.install_personal(self.bot.app_id, user)
        self._notify_install(user, conv, "add")
        return conv

    def install_in_team(self, team: str, by: str) -> Conversation:
        """A member adds the app to a team; the bot is told in the team's General channel."""
        if by not in self.directory.teams[team].members:
            raise TeamsFault(f"{by} is not a member of {team}")
        self.directory.install_in_team(self.bot.app_id, team)
        conv = self.directory.conversations[team]
        self._notify_install(by, conv, "add")
        return conv

    def uninstall_personal(self, user: str) -> None:
        """The user removes the app; the bot's calls to that chat become 403."""
        conv = self.directory.personal_conversation(self.bot.app_id, user)
        self.directory.uninstall(self.bot.app_id, user_id=user)
        if conv is not None:
            self._notify_install(user, conv, "remove")

    def uninstall_from_team(self, team: str, by: str) -> None:
        """A member removes the app from a team."""
        self.directory.uninstall(self.bot.app_id, team_id=team)
        self._notify_install(by, self.directory.conversations[team], "remove")

    # --- gestures ---
    def message(
        self,
        user: str,
        conversation: str,
        text: str,
        reply_to: str | None = None,
        mentions: tuple[str, ...] = (),
    ) -> Answer:
        """The user writes to the bot: in its 1:1 chat, or @mentioning it in a channel (or a thread);
        each of `mentions` (user ids) @mentioned after the text, as Teams' client writes it."""
        who, conv = self._where(user, conversation)
        activity = self._activity("message", who, conv, reply_to)
        for person in mentions:
            named = self.directory.users[person]
            tag = f"<at>{named.name}</at>"
            text = f"{text} {tag}"
            activity["entities"].append({"type": "mention", "text": tag, "mentioned": named.account()})
        activity.update(text=text, textFormat="plain")
        if conv.kind is Kind.CHANNEL:
            mention = f"<at>{self.bot.name}</at>"
            activity["text"] = f"{mention} {text}"
            activity["entities"].append(
                {"type": "mention", "text": mention, "mentioned": self._bot_account()}
            )
        return self.send(activity)

    def invoke(
        self, user: str, conversation: str, name: str, value: Any, reply_to: str | None = None
    ) -> Answer:
        """An invoke (task/fetch, task/submit, adaptiveCard/action); its answer is checked as Teams does."""
        who, conv = self._where(user, conversation)
        activity = self._activity("invoke", who, conv, reply_to)
        activity.update(name=name, value=value)
        answer = self.send(activity)
        check_answer(name, answer)
        return answer

    def submit_task(self, user: str, conversation: str, data: dict[str, Any]) -> Answer:
        """The user submits the card shown in a dialog (task/submit)."""
        return self.invoke(user, conversation, "task/submit", {"data": data, "context": {"theme": "default"}})

    def click(
        self, user: str, message: Activity, action: str, inputs: dict[str, Any] | None = None
    ) -> Answer | None:
        """The user clicks a card's action (by id, title or verb) in a message the bot posted."""
        current = self._current(message)
        cards = current.cards
        found = find_action(cards, action)
        kind = found.get("type")
        if kind == "Action.OpenUrl":
            return None  # Teams opens the browser; the bot is not told
        if kind not in ("Action.Execute", "Action.Submit"):
            raise TeamsFault(f"{kind} works inside the client; the bot is not told")
        values = input_values(cards, inputs or {})
        data = found.get("data") if isinstance(found.get("data"), dict) else {}
        conversation = current.body["conversation"]["id"]
        if kind == "Action.Execute":
            value = {"action": {**_execute(found), "data": {**data, **values}}, "trigger": "manual"}
            answer = self.invoke(user, conversation, "adaptiveCard/action", value, reply_to=current.id)
            self._refresh_card(current, answer)
            return answer
        if (data.get("msteams") or {}).get("type") == "task/fetch":
            value = {"data": {**data, **values}, "context": {"theme": "default"}}
            return self.invoke(user, conversation, "task/fetch", value, reply_to=current.id)
        who, conv = self._where(user, conversation)
        activity = self._activity("message", who, conv, current.id)
        activity["value"] = {**data, **values}
        return self.send(activity)

    def send(self, activity: dict[str, Any], token: str | None = "") -> Answer:
        """POST an activity signed with the channel's token (`token` overrides it; None sends none)."""
        if token == "":
            token = self.teams.authority.channel_token(self.bot.app_id, self.teams.service_url)
        return post(self.bot.endpoint, activity, token)

    # --- internals ---
    def _where(self, user: str, conversation: str) -> tuple[User, Conversation]:
        who = self.directory.users.get(user)
        conv, _ = self.directory.resolve(conversation)
        if who is None or conv is None or who.id not in {u.id for u in self.directory.roster(conv)}:
            raise TeamsFault(f"{user} cannot write in {conversation}")
        if not self.directory.reaches(self.bot.app_id, conv):
            raise TeamsFault(f"the app is not installed where {user} writes ({conversation})")
        return who, conv

    def _bot_account(self) -> dict[str, Any]:
        return {"id": f"28:{self.bot.app_id}", "name": self.bot.name}

    def _activity(self, kind: str, who: User, conv: Conversation, reply_to: str | None) -> dict[str, Any]:
        """The envelope Teams puts around every activity; a user's message is kept in the conversation."""
        activity_id = self.directory.new_activity_id()
        now = iso(self.teams.clock())
        conversation: dict[str, Any] = {
            "id": conv.id,
            "conversationType": str(conv.kind),
            "tenantId": conv.tenant_id,
        }
        channel_data: dict[str, Any] = {"tenant": {"id": conv.tenant_id}}
        root = None
        if conv.kind is Kind.CHANNEL:
            team = self.directory.teams[conv.team_id or ""]
            conversation["isGroup"] = True
            if kind in ("message", "invoke"):  # a post or a card in a channel is its own thread
                root = self._thread_root(conv, reply_to) or activity_id
                conversation["id"] = f"{conv.id};messageid={root}"
            channel_data.update(
                team={"id": team.id, "name": team.name},
                channel={"id": conv.id, "name": team.channels[conv.id]},
            )
        activity: dict[str, Any] = {
            "type": kind,
            "id": activity_id,
            "timestamp": now,
            "localTimestamp": now,
            "serviceUrl": self.teams.service_url,
            "channelId": "msteams",
            "from": who.account(),
            "conversation": conversation,
            "recipient": self._bot_account(),
            "locale": who.locale,
            "entities": [{"type": "clientInfo", "locale": who.locale, "country": "SE", "platform": "Web"}],
            "channelData": channel_data,
        }
        if reply_to:
            activity["replyToId"] = reply_to
        if kind == "message":
            with self.directory.cond:
                conv.activities.append(Activity(activity_id, activity, from_bot=False, root_id=root))
        return activity

    def _thread_root(self, conv: Conversation, reply_to: str | None) -> str | None:
        if reply_to is None:
            return None
        target = conv.find(reply_to)
        if target is None or target.deleted:
            raise TeamsFault(f"no message {reply_to} in {conv.id} to reply to")
        return target.root_id or target.id

    def _current(self, message: Activity) -> Activity:
        conv, _ = self.directory.resolve(message.body["conversation"]["id"])
        current = conv.find(message.id) if conv else None
        if current is None or current.deleted or not current.from_bot:
            raise TeamsFault("the message is gone; the user cannot click in it")
        return copy.deepcopy(current)

    def _notify_install(self, user: str, conv: Conversation, action: str) -> None:
        """Teams tells the bot twice: installationUpdate, then conversationUpdate (bot joins or leaves)."""
        who = self.directory.users[user]
        installation = self._activity("installationUpdate", who, conv, None)
        installation["action"] = action
        update = self._activity("conversationUpdate", who, conv, None)
        added = action == "add"
        update["membersAdded" if added else "membersRemoved"] = [self._bot_account()]
        if conv.kind is Kind.CHANNEL:
            update["channelData"]["eventType"] = "teamMemberAdded" if added else "teamMemberRemoved"
        for activity in (installation, update):
            answer = self.send(activity)
            if answer.status >= 300:
                raise TeamsFault(f"{activity['type']} answered HTTP {answer.status}")

    def _refresh_card(self, message: Activity, answer: Answer) -> None:
        """Teams shows a card an adaptiveCard/action answered in place of the clicked one."""
        body = answer.body
        if body.get("statusCode") != 200 or body.get("type") != CARD_CONTENT_TYPE:
            return
        conv, _ = self.directory.resolve(message.body["conversation"]["id"])
        target = conv.find(message.id) if conv else None
        if target is None:
            return
        with self.directory.cond:
            target.body["attachments"] = [{"contentType": CARD_CONTENT_TYPE, "content": body["value"]}]
            self.directory.changed()


def _execute(action: dict[str, Any]) -> dict[str, Any]:
    return {k: action[k] for k in ("type", "id", "verb") if k in action}
