"""LocalSlack: the stand-in's HTTP + WebSocket server, run on its own loop in a daemon thread."""

from __future__ import annotations

import asyncio
import json
import threading
import time
from collections.abc import Callable
from typing import Any
from urllib.parse import parse_qsl

from aiohttp import web

import localslack.methods  # noqa: F401  (fills the method table)
from localslack.faults import Fault, FaultKind, Faults
from localslack.grants import Grants
from localslack.oauth import OAuth, OAuthApp
from localslack.ratelimits import RateLimiter
from localslack.responses import Origin, apply_reply
from localslack.socketmode import SocketHub
from localslack.threaded import ServerThread
from localslack.webapi import METHODS, ApiError, Call, RateLimited, authenticate
from localslack.workspace import Workspace


class LocalSlack:
    """A strict, offline Slack: Web API, response_urls, file uploads and Socket Mode."""

    def __init__(
        self, clock: Callable[[], float] = time.time, host: str = "127.0.0.1", port: int = 0
    ) -> None:
        self.clock = clock
        self._server = ServerThread(host, port)
        self.faults = Faults()
        self.grants = Grants(clock)
        self.limiter = RateLimiter(clock)
        self._workspaces: dict[str, Workspace] = {}
        self.oauth = OAuth(clock, self.workspace)
        self._app_ids: dict[str, str] = {}
        self.sockets = SocketHub(self._app_ids)
        self.calls: list[tuple[str, str | None, dict[str, Any]]] = []
        self._calls_lock = threading.Lock()

    # --- set-up -----------------------------------------------------------------------------
    @property
    def rate_limits_enabled(self) -> bool:
        """Whether Web API rate limits are enforced (default True)."""
        return self.limiter.enabled

    @rate_limits_enabled.setter
    def rate_limits_enabled(self, value: bool) -> None:
        self.limiter.enabled = value

    def add_workspace(
        self,
        team_id: str = "T01",
        domain: str = "linkoping",
        name: str = "Linköpings kommun",
        bot_token: str = "xoxb-local-T01",  # noqa: S107 (fake, local only)
        app_token: str = "xapp-local-T01",  # noqa: S107 (fake, local only)
        signing_secret: str = "local-signing-secret",  # noqa: S107 (fake, local only)
        bot_user_id: str = "UBRYGGAN",
        bot_id: str = "BBRYGGAN",
        scopes: frozenset[str] | None = None,
    ) -> Workspace:
        """Create a workspace with the app installed in it."""
        if not bot_token.startswith("xoxb-") or not app_token.startswith("xapp-"):
            raise ValueError("bot_token must start with xoxb- and app_token with xapp-")
        ws = Workspace(
            team_id=team_id,
            domain=domain,
            name=name,
            bot_token=bot_token,
            app_token=app_token,
            signing_secret=signing_secret,
            bot_user_id=bot_user_id,
            bot_id=bot_id,
            scopes=scopes,
            clock=self.clock,
        )
        self._workspaces[team_id] = ws
        self._app_ids[app_token] = ws.api_app_id
        return ws

    def register_oauth_app(
        self, client_id: str, client_secret: str, redirect_uri: str, **options: Any
    ) -> OAuthApp:
        """Set up the app for distribution: workspaces install it at /oauth/v2/authorize (see oauth.py)."""
        return self.oauth.register(OAuthApp(client_id, client_secret, redirect_uri, **options))

    def workspace(self, team_id: str) -> Workspace:
        """A workspace by team id."""
        return self._workspaces[team_id]

    def workspace_for_token(self, token: str) -> tuple[Workspace | None, str]:
        """(workspace, "bot" | "app") for a token, or (None, "")."""
        for ws in self._workspaces.values():
            if token == ws.bot_token:
                return ws, "bot"
            if token == ws.app_token:
                return ws, "app"
        installed = self.oauth.workspace_for(token)
        return (installed, "bot") if installed is not None else (None, "")

    # --- lifecycle ----------------------------------------------------------------------------
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
    def api_url(self) -> str:
        """The base_url to give slack_sdk's WebClient."""
        return f"{self.url}/api/"

    def start(self) -> LocalSlack:
        """Serve in a daemon thread; returns once the port is bound."""
        self._server.start(self._app)
        self.sockets.loop = self._server.loop
        return self

    def stop(self) -> None:
        """Close connections and stop the server thread."""
        self._server.stop(before=self.sockets.close_all)

    def socket_disconnect(self, reason: str = "refresh_requested", team_id: str | None = None) -> int:
        """Ask the app's Socket Mode connections to reconnect, as Slack does before maintenance."""
        app_token = self._workspaces[team_id].app_token if team_id else None
        return self.sockets.disconnect(app_token, reason)

    def close_sockets(self, team_id: str | None = None) -> None:
        """Hang up the app's Socket Mode connections from Slack's side (a lost connection)."""
        loop = self._server.loop
        if loop is not None:
            app_token = self._workspaces[team_id].app_token if team_id else None
            asyncio.run_coroutine_threadsafe(self.sockets.close_all(app_token), loop).result(timeout=5)

    def _app(self) -> web.Application:
        app = web.Application(client_max_size=1024**3)
        app.router.add_route("*", "/api/{method}", self._api)
        app.router.add_post("/respond/{token}", self._respond)
        app.router.add_post("/upload/{file_id}", self._upload)
        app.router.add_get("/socket/{ticket}", self.sockets.handle)
        app.router.add_get("/oauth/v2/authorize", self._authorize)
        return app

    # --- Web API ---------------------------------------------------------------------------------
    async def _api(self, request: web.Request) -> web.StreamResponse:
        name = request.match_info["method"]
        args, token = await _read_args(request)
        # oauth.v2.access is authenticated by the app's client id and secret, not a token.
        exchange = name == "oauth.v2.access"
        ws, _ = (None, None) if exchange else self.workspace_for_token(token or "")
        with self._calls_lock:
            kept = {k: v for k, v in args.items() if k != "client_secret"} if exchange else args
            self.calls.append((name, ws.team_id if ws else None, kept))
        fault = self.faults.take(name, ws.team_id if ws else None)
        if fault and fault.kind is FaultKind.TIMEOUT:
            # A slow Slack: the answer comes, but only after the client may have given up.
            await asyncio.sleep(fault.delay)
        elif fault and fault.kind is not FaultKind.ACCEPT_THEN_FAIL:
            return await _fail(request, fault)
        if exchange:
            status, body, headers = 200, self._exchange(args, request.headers.get("Authorization", "")), {}
        else:
            status, body, headers = self._answer(name, args, token, dict(request.headers))
        if fault and fault.kind is FaultKind.ACCEPT_THEN_FAIL:
            return await _fail(request, fault)
        return web.json_response(body, status=status, headers=headers, content_type="application/json")

    def _exchange(self, args: dict[str, Any], authorization: str) -> dict[str, Any]:
        try:
            return self.oauth.access(args, authorization)
        except ApiError as e:
            return e.body()

    def _answer(
        self, name: str, args: dict[str, Any], token: str | None, headers: dict[str, str]
    ) -> tuple[int, dict[str, Any], dict[str, str]]:
        if isinstance(args.get("__error__"), str):
            return 200, {"ok": False, "error": args["__error__"]}, {}
        if name not in METHODS:
            return 200, {"ok": False, "error": "unknown_method", "req_method": name}, {}
        try:
            ws, _ = authenticate(self, name, token)
            wait = self.limiter.check(ws.team_id, name)
            if wait is not None:
                raise RateLimited(wait)
            call = Call(method=name, args=args, ws=ws, token=token or "", slack=self, headers=headers)
            with ws.cond:
                body = METHODS[name](call)
            scopes = {"X-OAuth-Scopes": ",".join(sorted(ws.scopes))}
            return 200, body, scopes
        except ApiError as e:
            return 200, e.body(), {}
        except RateLimited as e:
            return 429, {"ok": False, "error": "ratelimited"}, {"Retry-After": str(e.retry_after)}

    # --- OAuth consent page ------------------------------------------------------------------------
    async def _authorize(self, request: web.Request) -> web.StreamResponse:
        """Slack's consent page. The stand-in has no signed-in browser: `team` (a parameter Slack also
        takes) names the workspace and `user` the person who clicks "Allow"."""
        query = dict(request.query)
        team_id, user_id = query.get("team", ""), query.get("user", "")
        if team_id not in self._workspaces or not user_id:
            return web.Response(status=400, text="choose a workspace: add team=T… and user=U… to this URL")
        try:
            location = self.oauth.consent(query, team_id=team_id, user_id=user_id)
        except ApiError as e:
            return web.Response(status=400, text=e.error)
        return web.Response(status=302, headers={"Location": location})

    # --- response_url and uploads ----------------------------------------------------------------
    async def _respond(self, request: web.Request) -> web.StreamResponse:
        grant = self.grants.redeem_response_url(request.match_info["token"])
        if isinstance(grant, str):
            return web.Response(status=404, text=grant)
        try:
            body = json.loads(await request.read())
        except ValueError:
            return web.Response(status=400, text="invalid_payload")
        ws = self._workspaces[grant.team_id]
        origin = Origin(grant.channel_id, grant.user_id, grant.message_ts, grant.message_ephemeral)
        try:
            with ws.cond:
                apply_reply(ws, origin, body)
        except ApiError as e:
            return web.Response(status=400, text=e.error)
        return web.json_response({"ok": True})

    async def _upload(self, request: web.Request) -> web.StreamResponse:
        file_id = request.match_info["file_id"]
        data = await request.read()
        for ws in self._workspaces.values():
            found = ws.file(file_id)
            if found is not None and found.content is None:
                with ws.cond:
                    found.content = data
                    ws.changed()
                return web.Response(text=f"OK - {len(data)}")
        return web.Response(status=404, text="file_not_found")


async def _read_args(request: web.Request) -> tuple[dict[str, Any], str | None]:
    """Arguments from the query and a form or JSON body, and the token (header, else form)."""
    args: dict[str, Any] = dict(request.query)
    raw = await request.read()
    form_token = args.get("token")
    if request.content_type == "application/json" and raw:
        try:
            body = json.loads(raw)
        except ValueError:
            return {"__error__": "invalid_json"}, None
        if not isinstance(body, dict):
            return {"__error__": "invalid_json"}, None
        # Slack ignores a token in a JSON body: JSON callers must use the Authorization header.
        args.update({k: v for k, v in body.items() if k != "token"})
    elif raw:
        form = dict(parse_qsl(raw.decode("utf-8", "replace"), keep_blank_values=True))
        form_token = form.pop("token", form_token)
        args.update(form)
    args.pop("token", None)
    auth = request.headers.get("Authorization", "")
    token = auth[len("Bearer ") :] if auth.startswith("Bearer ") else form_token
    return args, token


async def _fail(request: web.Request, fault: Fault) -> web.StreamResponse:
    """Answer (or don't) as an injected fault says."""
    if fault.kind is FaultKind.RATELIMITED:
        return web.json_response(
            {"ok": False, "error": "ratelimited"}, status=429, headers={"Retry-After": str(fault.retry_after)}
        )
    if fault.kind is FaultKind.ERROR:
        return web.json_response({"ok": False, "error": fault.error})
    if fault.kind is FaultKind.OUTAGE or fault.close:
        if request.transport is not None:
            request.transport.abort()
        raise ConnectionResetError("injected outage")
    return web.Response(status=fault.status, text="Internal Server Error")
