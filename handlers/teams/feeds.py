"""The schools' calendar feeds (GET /calendar/<token>.ics) beside Teams' /api/messages, on the same port.

A Teams-only municipality has no Slack HTTP listener to serve them from, so the Teams server serves
them too: the same WSGI answer (handlers/calendar_feeds.py: token check, ETag, 304, 404 for a
revoked link), called off the event loop. A feed request has no body; only the headers the
validators read are passed on.
"""

from __future__ import annotations

import asyncio
from collections.abc import Awaitable, Callable
from typing import Any

from bot.meetings.calendar_feeds import FEED_PATH
from bot.services import Services
from handlers import calendar_feeds

Asgi = Callable[[dict, Callable[[], Awaitable[dict]], Callable[[dict], Awaitable[None]]], Awaitable[None]]
_HEADERS = {b"if-none-match": "HTTP_IF_NONE_MATCH", b"if-modified-since": "HTTP_IF_MODIFIED_SINCE"}


def mounted(app: Asgi, services: Services) -> Asgi:
    """`app` with the calendar feeds answered under FEED_PATH; every other request goes on to `app`."""
    feed = calendar_feeds.mounted(_nothing_else, services)

    async def application(scope: dict, receive: Any, send: Any) -> None:
        if scope["type"] != "http" or not scope["path"].startswith(FEED_PATH):
            await app(scope, receive, send)
            return
        environ = {"REQUEST_METHOD": scope["method"], "PATH_INFO": scope["path"]}
        for name, value in scope.get("headers", []):
            if name in _HEADERS:
                environ[_HEADERS[name]] = value.decode("latin-1")
        status, headers, body = await asyncio.to_thread(_answer, feed, environ)
        await send({"type": "http.response.start", "status": status, "headers": headers})
        await send({"type": "http.response.body", "body": body})

    return application


def _answer(feed: Any, environ: dict) -> tuple[int, list[tuple[bytes, bytes]], bytes]:
    started: list[Any] = []
    body = b"".join(feed(environ, lambda status, headers: started.extend((status, headers))))
    status, headers = started
    return int(status.split()[0]), [(k.lower().encode(), v.encode("latin-1")) for k, v in headers], body


def _nothing_else(environ: dict, start_response: Any) -> list[bytes]:
    start_response("404 Not Found", [("Content-Length", "0")])  # never reached: only feed paths come
    return []
