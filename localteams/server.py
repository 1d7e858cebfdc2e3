"""LocalTeams: the stand-in's HTTP server (login, OpenID keys, Bot Connector) in a daemon thread."""

from __future__ import annotations

import json
import time
from collections.abc import Callable
from typing import Any

from aiohttp import web

from localslack.threaded import ServerThread
from localteams.connector import Connector, iso
from localteams.directory import Activity, Conversation, Directory, Team, User
from localteams.errors import ConnectorError
from localteams.faults import Fault, FaultKind, Faults
from localteams.jws import InvalidToken
from localteams.ratelimits import RateLimiter
from localteams.tokens import CHANNEL_ISSUER, Authority, BotRegistration, TokenError

DENIED = {"message": "Authorization has been denied for this request."}


class LocalTeams:
    """A strict, offline Teams: the bot's token endpoint, the channel's OpenID keys, the connector."""

    def __init__(
        self, clock: Callable[[], float] = time.time, host: str = "127.0.0.1", port: int = 0
    ) -> None:
        self.clock = clock
        self._server = ServerThread(host, port)
        self.directory = Directory(clock)
        self.authority = Authority()
        self.faults = Faults()
        self.limiter = RateLimiter(clock)
        self.calls: list[tuple[str, str, Any]] = []  # (operation, conversation or team id, body)

    # --- set-up ---
    def register_bot(
        self, app_id: str, secret: str, endpoint: str, name: str = "Bryggan", tenant_id: str | None = None
    ) -> BotRegistration:
        """The bot's Azure registration and messaging endpoint; `tenant_id` makes it single-tenant."""
        bot = BotRegistration(app_id, secret, endpoint, name, tenant_id)
        self.authority.bots[app_id] = bot
        return bot

    def add_tenant(self, tenant_id: str, name: str = "Linköpings kommun") -> str:
        """An organisation (Microsoft Entra tenant)."""
        self.directory.tenants[tenant_id] = name
        return tenant_id

    def add_user(self, tenant_id: str, id: str, name: str, **extra: Any) -> User:
        """A person; `id` is their Bot Framework id ("29:…")."""
        return self.directory.add_user(User(id=id, name=name, tenant_id=tenant_id, **extra))

    def add_team(
        self, tenant_id: str, id: str, name: str, members: list[str], channels: dict[str, str] | None = None
    ) -> Team:
        """A team ("19:…@thread.tacv2") with its General channel and `channels` (id -> name)."""
        return self.directory.add_team(Team(id, name, tenant_id, list(members), dict(channels or {})))

    def conversation(self, conversation_id: str) -> Conversation:
        """A conversation by id (a `;messageid=` suffix is ignored)."""
        conv, _ = self.directory.resolve(conversation_id)
        if conv is None:
            raise KeyError(conversation_id)
        return conv

    def posted(self, conversation_id: str) -> list[Activity]:
        """What the bot posted (and did not delete) in a conversation, or in one thread of it."""
        return self.directory.posted(conversation_id)

    # --- addresses ---
    @property
    def host(self) -> str:
        """The address served on."""
        return self._server.host

    @property
    def port(self) -> int:
        """The port served on (the one bound, once started)."""
        return self._server.port

    @property
    def url(self) -> str:
        """http://host:port of the running stand-in."""
        return f"http://{self.host}:{self.port}"

    @property
    def service_url(self) -> str:
        """The serviceUrl on every activity: the base of the connector calls."""
        return f"{self.url}/teams"

    @property
    def openid_metadata_url(self) -> str:
        """Bot Framework's OpenID configuration; its jwks_uri lists the channel's keys."""
        return f"{self.url}/v1/.well-known/openidconfiguration"

    def token_url(self, tenant: str = "botframework.com") -> str:
        """Azure AD's token endpoint for the bot's client-credentials grant."""
        return f"{self.url}/{tenant}/oauth2/v2.0/token"

    def cloud_overrides(self) -> dict[str, str]:
        """What to override in the Teams SDK's CloudEnvironment (`with_overrides(PUBLIC, **…)`)."""
        return {"login_endpoint": self.url, "openid_metadata_url": self.openid_metadata_url}

    # --- lifecycle ---
    def start(self) -> LocalTeams:
        """Serve in a daemon thread; returns once the port is bound."""
        self._server.start(self._app)
        return self

    def stop(self) -> None:
        """Stop the server thread."""
        self._server.stop()

    def _app(self) -> web.Application:
        app = web.Application()
        app.router.add_post("/{tenant}/oauth2/v2.0/token", self._token)
        app.router.add_get("/{tenant}/v2.0/.well-known/openid-configuration", self._tenant_discovery)
        app.router.add_get("/{tenant}/discovery/v2.0/keys", self._login_keys)
        app.router.add_get("/v1/.well-known/openidconfiguration", self._openid)
        app.router.add_get("/v1/.well-known/keys", self._keys)
        v3 = "/teams/v3"
        app.router.add_post(f"{v3}/conversations", self._connector("conversations.create"))
        app.router.add_post(f"{v3}/conversations/{{cid}}/activities", self._connector("activities.send"))
        one = f"{v3}/conversations/{{cid}}/activities/{{aid}}"
        app.router.add_post(one, self._connector("activities.reply"))
        app.router.add_put(one, self._connector("activities.update"))
        app.router.add_delete(one, self._connector("activities.delete"))
        app.router.add_get(f"{v3}/conversations/{{cid}}/members", self._connector("members.list"))
        app.router.add_get(f"{v3}/conversations/{{cid}}/pagedMembers", self._connector("members.paged"))
        app.router.add_get(f"{v3}/conversations/{{cid}}/members/{{aid}}", self._connector("members.get"))
        app.router.add_get(f"{v3}/teams/{{cid}}/conversations", self._connector("teams.conversations"))
        return app

    # --- login and keys ---
    async def _token(self, request: web.Request) -> web.StreamResponse:
        form = {k: str(v) for k, v in (await request.post()).items()}
        self.calls.append(
            ("token", request.match_info["tenant"], {k: v for k, v in form.items() if k != "client_secret"})
        )
        fault = self.faults.take("token")
        if fault is not None:
            return await _fail(request, fault)
        try:
            return web.json_response(self.authority.grant(request.match_info["tenant"], form))
        except TokenError as e:
            return web.json_response(e.body(), status=e.status)

    async def _tenant_discovery(self, request: web.Request) -> web.StreamResponse:
        base = f"{self.url}/{request.match_info['tenant']}"
        return web.json_response(
            {
                "issuer": f"{base}/v2.0",
                "authorization_endpoint": f"{base}/oauth2/v2.0/authorize",
                "token_endpoint": f"{base}/oauth2/v2.0/token",
                "jwks_uri": f"{base}/discovery/v2.0/keys",
                "id_token_signing_alg_values_supported": ["RS256"],
            }
        )

    async def _login_keys(self, request: web.Request) -> web.StreamResponse:
        return web.json_response(self.authority.login_jwks())

    async def _openid(self, request: web.Request) -> web.StreamResponse:
        return web.json_response(
            {
                "issuer": CHANNEL_ISSUER,
                "authorization_endpoint": "https://invalid.botframework.com",
                "jwks_uri": f"{self.url}/v1/.well-known/keys",
                "id_token_signing_alg_values_supported": ["RS256"],
                "token_endpoint_auth_methods_supported": ["private_key_jwt"],
            }
        )

    async def _keys(self, request: web.Request) -> web.StreamResponse:
        return web.json_response(self.authority.jwks())

    # --- the connector ---
    def _connector(self, operation: str) -> Callable[[web.Request], Any]:
        async def handle(request: web.Request) -> web.StreamResponse:
            # The body is read before any refusal: closing a socket with unread data sends a reset,
            # which can reach the caller before the 401 does ("closed connection without response").
            await request.read()
            try:
                bot = self.authority.check_app_token(request.headers.get("Authorization", ""))
            except InvalidToken:
                return web.json_response(DENIED, status=401)
            target = request.match_info.get("cid", "")
            body = await _json(request)
            self.calls.append((operation, target, body))
            fault = self.faults.take(operation)
            if fault is not None and fault.kind is not FaultKind.ACCEPT_THEN_FAIL:
                return await _fail(request, fault)
            wait = self.limiter.check(bot.app_id, _thread_of(target, body), operation)
            if wait is not None:
                return _throttled(wait)
            try:
                status, answer = self._apply(operation, bot, request, body)
            except ConnectorError as e:
                status, answer = e.status, e.body()
            if fault is not None:
                return await _fail(request, fault)
            return web.json_response(answer, status=status)

        return handle

    def _apply(
        self, operation: str, bot: BotRegistration, request: web.Request, body: Any
    ) -> tuple[int, Any]:
        connector = Connector(self.directory, bot, iso(self.clock()))
        cid, aid = request.match_info.get("cid", ""), request.match_info.get("aid", "")
        if body is _UNREADABLE:
            raise ConnectorError(400, "BadSyntax", "the body is not JSON")
        with self.directory.cond:
            if operation == "conversations.create":
                return 201, connector.create_conversation(body)
            if operation == "activities.send":
                return 201, connector.send(cid, body)
            if operation == "activities.reply":
                return 201, connector.reply(cid, aid, body)
            if operation == "activities.update":
                return 200, connector.update(cid, aid, body)
            if operation == "activities.delete":
                connector.delete(cid, aid)
                return 200, {}
            if operation == "members.list":
                return 200, connector.members(cid)
            if operation == "members.get":
                return 200, connector.member(cid, aid)
            if operation == "members.paged":
                return 200, connector.paged_members(cid, dict(request.query))
            return 200, connector.team_conversations(cid)


_UNREADABLE = object()


def _thread_of(target: str, body: Any) -> str:
    """The conversation a call counts against: the path's, or for a create the member or channel named."""
    if target:
        return target.partition(";")[0]
    if isinstance(body, dict):
        channel = ((body.get("channelData") or {}).get("channel") or {}).get("id")
        members = body.get("members") if isinstance(body.get("members"), list) else []
        if channel or members:
            return str(channel or (members[0] or {}).get("id"))
    return ""


async def _json(request: web.Request) -> Any:
    raw = await request.read()
    if not raw:
        return None
    try:
        return json.loads(raw)
    except ValueError:
        return _UNREADABLE


def _throttled(retry_after: int) -> web.StreamResponse:
    body = {"error": {"code": "Throttled", "message": "Too many requests."}}
    return web.json_response(body, status=429, headers={"Retry-After": str(retry_after)})


async def _fail(request: web.Request, fault: Fault) -> web.StreamResponse:
    """Answer (or don't) as an injected fault says."""
    if fault.kind is FaultKind.THROTTLED:
        return _throttled(fault.retry_after)
    if fault.kind is FaultKind.OUTAGE:
        if request.transport is not None:
            request.transport.abort()
        raise ConnectionResetError("injected outage")
    body = {"error": {"code": "ServiceError", "message": "The service is temporarily unavailable."}}
    return web.json_response(body, status=fault.status)
