"""Driver: plays the user in Slack's client, sending the app what Slack would send."""

from __future__ import annotations

import copy
import itertools
from enum import StrEnum
from typing import TYPE_CHECKING, Any

from localslack.errors import SlackFault
from localslack.grants import ResponseUrl, new_token
from localslack.interactions import after_command, after_submission
from localslack.models import Message, User
from localslack.payloads import (
    action_fields,
    escape_command_text,
    event_callback,
    find_element,
    interaction_base,
    message_api,
    response_url_enabled,
    view_state,
)
from localslack.transport import AckResult, Delivery, deliver_socket, encode, post, signed_headers

if TYPE_CHECKING:
    from localslack.server import LocalSlack

_EVENT_IDS = itertools.count(1)


class Target(StrEnum):
    """How the app is reached: signed HTTP requests or Socket Mode envelopes."""

    HTTP = "http"
    SOCKET = "socket"


class Driver:
    """Sends signed HTTP requests (target="http") or Socket Mode envelopes (target="socket")."""

    def __init__(
        self,
        slack: LocalSlack,
        team_id: str = "T01",
        target: Target | str = Target.HTTP,
        url: str = "http://127.0.0.1:3000/slack/events",
        enterprise_id: str | None = None,
    ) -> None:
        if target not in set(Target):
            raise ValueError("target is 'http' or 'socket'")
        self.slack = slack
        self.ws = slack.workspace(team_id)
        self.target = Target(target)
        self.url = url
        self.enterprise_id = enterprise_id

    # --- gestures ------------------------------------------------------------------------------
    def command(self, user: str, channel: str, command: str, text: str = "") -> AckResult:
        """The user runs a slash command in a channel."""
        who, where = self._user(user), self._channel(channel, user)
        form = {
            "token": self.ws.verification_token,
            "team_id": self.ws.team_id,
            "team_domain": self.ws.domain,
        }
        if self.enterprise_id:
            form.update(enterprise_id=self.enterprise_id, enterprise_name="Grid")
        form.update(
            channel_id=where,
            channel_name=self._channel_name(where),
            user_id=who.id,
            user_name=who.name,
            command=command,
            text=escape_command_text(self.ws, text),
            api_app_id=self.ws.api_app_id,
            is_enterprise_install="false",
            response_url=self._response_url(who.id, where),
            trigger_id=self.slack.grants.issue_trigger(self.ws.team_id, who.id),
        )
        result = self._deliver(Delivery("slash_commands", form, accepts_response_payload=True))
        after_command(self.ws, result, channel_id=where, user_id=who.id)
        return result

    def block_action(
        self,
        user: str,
        action_id: str,
        value: Any = None,
        block_id: str | None = None,
        message: Message | None = None,
        view: dict[str, Any] | None = None,
        channel: str | None = None,
        state_values: dict[str, dict[str, Any]] | None = None,
    ) -> AckResult:
        """The user clicks or picks in a message (`message`) or a view (`view`, default: top modal)."""
        who = self._user(user)
        payload = interaction_base(self.ws, "block_actions", who, self._trigger(who.id))
        if message is not None:
            blocks = self._message_source(payload, who, message)
        else:
            blocks = self._view_source(payload, who, view, state_values, channel)
        found_block, element = find_element(blocks, action_id, block_id)
        action = {"action_id": action_id, "block_id": found_block, "action_ts": self.ws.next_ts()}
        action.update(action_fields(element, value))
        payload["actions"] = [action]
        return self._deliver(Delivery("interactive", payload))

    def view_submission(
        self, user: str, view_id: str | None = None, values: dict[str, dict[str, Any]] | None = None
    ) -> AckResult:
        """The user submits a modal (default: the top one); the ack's response_action is applied."""
        who = self._user(user)
        view = self._open_view(who.id, view_id)
        with self.ws.cond:
            state = view_state(view, values, strict_required=True)
            self.ws.view_store.set_state(view["id"], state)
            view = copy.deepcopy(self.ws.view_store.get(view["id"]) or view)
        payload = interaction_base(self.ws, "view_submission", who, self._trigger(who.id))
        payload.update(view=view, response_urls=self._view_response_urls(who.id, view))
        result = self._deliver(Delivery("interactive", payload, accepts_response_payload=True))
        after_submission(self.ws, who.id, view, result)
        return result

    def view_closed(self, user: str, view_id: str | None = None) -> AckResult | None:
        """The user closes the top modal; Slack tells the app only if notify_on_close is set."""
        who = self._user(user)
        view = self._open_view(who.id, view_id)
        with self.ws.cond:
            self.ws.view_store.pop(who.id)
            self.ws.changed()
        if not view.get("notify_on_close"):
            return None
        payload = interaction_base(self.ws, "view_closed", who, "")
        del payload["trigger_id"]
        payload.update(view=view, is_cleared=False)
        return self._deliver(Delivery("interactive", payload))

    def event(
        self,
        event: dict[str, Any],
        retry_num: int | None = None,
        retry_reason: str | None = None,
        event_id: str | None = None,
    ) -> AckResult:
        """An Events API callback around `event` (event_ts added when missing)."""
        body = dict(event)
        body.setdefault("event_ts", self.ws.next_ts())
        event_id = event_id or f"Ev{next(_EVENT_IDS):010d}"
        envelope = event_callback(self.ws, body, event_id, int(self.slack.clock()))
        return self._deliver(Delivery("events_api", envelope), retry_num, retry_reason)

    def message(self, user: str, channel: str, text: str, thread_ts: str | None = None) -> AckResult:
        """A user's message event in a channel or the bot's DM."""
        where = self._channel(channel, user)
        event = {"type": "message", "user": user, "text": text, "ts": self.ws.next_ts(), "channel": where}
        event["channel_type"] = "im" if where.startswith("D") else "channel"
        if thread_ts:
            event["thread_ts"] = thread_ts
        return self.event(event)

    def app_home_opened(self, user: str) -> AckResult:
        """The user opens the app's Home tab."""
        who = self._user(user)
        event: dict[str, Any] = {"type": "app_home_opened", "user": who.id, "tab": "home"}
        event["channel"] = self.ws.open_im(who.id).id
        home = self.ws.home_of(who.id)
        if home:
            event["view"] = home
        return self.event(event)

    def uninstall(self) -> AckResult:
        """An administrator removes the app: its tokens stop working, then `app_uninstalled` is sent."""
        self.slack.oauth.revoke(self.ws.team_id)
        self.ws.token_revoked = True
        return self.event({"type": "app_uninstalled"})

    def revoke_tokens(self) -> AckResult:
        """The bot's tokens are revoked (not the app removed): `tokens_revoked` names the bot user."""
        self.slack.oauth.revoke(self.ws.team_id)
        self.ws.token_revoked = True
        return self.event({"type": "tokens_revoked", "tokens": {"oauth": [], "bot": [self.ws.bot_user_id]}})

    def replay(
        self, res_or_request: AckResult | Delivery, retry_num: int = 1, retry_reason: str = "http_timeout"
    ) -> AckResult:
        """Send the same request again, marked as Slack's retry."""
        delivery = res_or_request.request if isinstance(res_or_request, AckResult) else res_or_request
        if delivery is None:
            raise ValueError("nothing to replay")
        return self._deliver(delivery, retry_num, retry_reason)

    def url_verification(self, challenge: str) -> AckResult:
        """Slack's URL check when the Request URL is saved."""
        body = {"token": self.ws.verification_token, "challenge": challenge, "type": "url_verification"}
        return self._deliver(Delivery("events_api", body))

    def ssl_check(self) -> AckResult:
        """Slack's certificate check for slash command URLs."""
        body = f"ssl_check=1&token={self.ws.verification_token}".encode()
        return self.send_raw(body, {"Content-Type": "application/x-www-form-urlencoded"})

    # --- raw HTTP for negative tests ---------------------------------------------------------------
    def send_raw(
        self,
        body: bytes,
        headers: dict[str, str] | None = None,
        *,
        timestamp_offset: float = 0.0,
        sign: bool = True,
        signature: str | None = None,
    ) -> AckResult:
        """POST exact bytes; signed unless `sign` is False, `signature` overrides the signature."""
        all_headers = {"Content-Type": "application/json", **(headers or {})}
        if sign:
            all_headers.update(
                signed_headers(self.ws.signing_secret, body, timestamp_offset=timestamp_offset)
            )
        if signature is not None:
            all_headers["X-Slack-Signature"] = signature
        return post(self.url, body, all_headers, "raw request")

    def unsigned(self, body: bytes, content_type: str = "application/json") -> AckResult:
        """POST without any signature headers."""
        return self.send_raw(body, {"Content-Type": content_type}, sign=False)

    # --- internals ----------------------------------------------------------------------------------
    def _deliver(
        self, delivery: Delivery, retry_num: int | None = None, retry_reason: str | None = None
    ) -> AckResult:
        if self.target is Target.SOCKET:
            return deliver_socket(
                self.slack.sockets,
                self.ws.app_token,
                delivery,
                retry_attempt=retry_num or 0,
                retry_reason=retry_reason or "",
            )
        body, content_type = encode(delivery)
        headers = {"Content-Type": content_type, **signed_headers(self.ws.signing_secret, body)}
        if retry_num is not None:
            headers.update({"X-Slack-Retry-Num": str(retry_num), "X-Slack-Retry-Reason": retry_reason or ""})
        result = post(self.url, body, headers, delivery.envelope_type)
        result.request = delivery
        return result

    def _user(self, user_id: str) -> User:
        user = self.ws.users.get(user_id)
        if user is None or user.deleted:
            raise SlackFault(f"{user_id} is not an active member of {self.ws.team_id}")
        return user

    def _channel(self, channel_id: str, user_id: str) -> str:
        if channel_id.startswith("D") or channel_id == user_id:
            return self.ws.open_im(user_id).id
        channel = self.ws.channels.get(channel_id)
        # Slack's composer is only there for members of a live channel.
        if channel is None or channel.is_archived or user_id not in channel.members:
            raise SlackFault(f"{user_id} cannot type in channel {channel_id}")
        return channel.id

    def _channel_name(self, channel_id: str) -> str:
        channel = self.ws.channels[channel_id]
        return "directmessage" if channel.is_im else channel.name

    def _trigger(self, user_id: str) -> str:
        return self.slack.grants.issue_trigger(self.ws.team_id, user_id)

    def _response_url(self, user_id: str, channel_id: str, message: Message | None = None) -> str:
        grant = ResponseUrl(new_token(), self.ws.team_id, channel_id, user_id, 0.0)
        if message is not None:
            grant.message_ts, grant.message_ephemeral = message.ts, message.ephemeral_user is not None
        self.slack.grants.issue_response_url(grant)
        return f"{self.slack.url}/respond/{grant.token}"

    def _message_source(self, payload: dict[str, Any], who: User, message: Message) -> list[dict[str, Any]]:
        current = self.ws.find(message.channel, message.ts, message.ephemeral_user)
        if current is None or current.deleted:
            raise SlackFault("the message is gone; the user cannot click in it")
        if current.ephemeral_user not in (None, who.id):
            raise SlackFault("the user cannot see someone else's ephemeral message")
        ephemeral = current.ephemeral_user is not None
        payload["container"] = {
            "type": "message",
            "message_ts": current.ts,
            "channel_id": current.channel,
            "is_ephemeral": ephemeral,
        }
        payload["channel"] = {"id": current.channel, "name": self._channel_name(current.channel)}
        if not ephemeral:
            payload["message"] = message_api(self.ws, current)
        payload["state"] = {"values": {}}
        payload["response_url"] = self._response_url(who.id, current.channel, current)
        return current.blocks or []

    def _view_source(
        self,
        payload: dict[str, Any],
        who: User,
        view: dict[str, Any] | None,
        state_values: dict[str, dict[str, Any]] | None,
        channel: str | None,
    ) -> list[dict[str, Any]]:
        with self.ws.cond:
            live = self.ws.view_store.get(view["id"]) if view else self.ws.view_store.top(who.id)
            if live is None or self.ws.view_store.owner(live["id"]) != who.id:
                raise SlackFault("no such view open for the user")
            self.ws.view_store.set_state(live["id"], view_state(live, state_values, strict_required=False))
            current = copy.deepcopy(self.ws.view_store.get(live["id"]) or live)
        payload["container"] = {"type": "view", "view_id": current["id"]}
        payload["view"] = current
        payload["state"] = current["state"]
        if channel:
            payload["channel"] = {"id": channel, "name": self._channel_name(channel)}
        return current["blocks"]

    def _open_view(self, user_id: str, view_id: str | None) -> dict[str, Any]:
        with self.ws.cond:
            view = self.ws.view_store.get(view_id) if view_id else self.ws.view_store.top(user_id)
            if view is None or view["type"] != "modal" or self.ws.view_store.owner(view["id"]) != user_id:
                raise SlackFault(f"no open modal {view_id or ''} for {user_id}")
            return copy.deepcopy(view)

    def _view_response_urls(self, user_id: str, view: dict[str, Any]) -> list[dict[str, Any]]:
        urls = []
        for block_id, actions in view["state"]["values"].items():
            for action_id, state in actions.items():
                picked = state.get("selected_conversation") or state.get("selected_channel")
                if picked and response_url_enabled(view, block_id):
                    url = self._response_url(user_id, picked)
                    urls.append(
                        {
                            "block_id": block_id,
                            "action_id": action_id,
                            "channel_id": picked,
                            "response_url": url,
                        }
                    )
        return urls
