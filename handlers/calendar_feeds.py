"""HTTP mode: GET /calendar/<token>.ics, each school's calendar feed, in front of Slack's requests.

Calendar apps fetch the feed by its secret URL, without Slack and without signing in: the token is
the key, so an unknown or revoked one is a plain 404 and nothing about it is logged. Answers carry
a strong ETag (the body's hash) and Last-Modified (when that body was first served) and say
`no-cache`: any cache must ask again each time, so a revoked URL stops at once even behind a proxy,
and asking again costs a 304 while nothing changed.
"""

from __future__ import annotations

import logging
from collections.abc import Callable, Iterable
from datetime import UTC
from email.utils import format_datetime, parsedate_to_datetime
from typing import Any

from bot.meetings.calendar_feeds import FEED_PATH, ServedFeed, token_of
from bot.services import Services
from handlers.meeting_messages import calendar_words

StartResponse = Callable[..., Any]
Wsgi = Callable[[dict, StartResponse], Iterable[bytes]]

CALENDAR_TYPE = "text/calendar; charset=utf-8"
CACHE_CONTROL = "private, no-cache"

log = logging.getLogger("bryggan.http")


def mounted(app: Wsgi, services: Services) -> Wsgi:
    """`app` with the calendar feeds served under FEED_PATH; every other path goes on to `app`."""

    def application(environ: dict, start_response: StartResponse) -> Iterable[bytes]:
        if not (environ.get("PATH_INFO") or "").startswith(FEED_PATH):
            return app(environ, start_response)
        return _feed(environ, start_response, services)

    return application


def _feed(environ: dict, start_response: StartResponse, services: Services) -> Iterable[bytes]:
    method = environ.get("REQUEST_METHOD")
    if method not in ("GET", "HEAD"):
        return _plain(
            start_response, "405 Method Not Allowed", b"Method not allowed", [("Allow", "GET, HEAD")]
        )
    token = token_of(environ.get("PATH_INFO") or "")
    feeds = services.meetings.feeds
    if token is None or not feeds.enabled:
        return _plain(start_response, "404 Not Found", b"Not found")
    try:
        served = feeds.serve(token, summary=lambda lang: _summary(services, lang))
    except Exception as exc:  # answered, and logged by type only: the message may hold a query
        log.error("calendar feed failed", extra={"error_type": type(exc).__name__})
        return _plain(start_response, "503 Service Unavailable", b"Try again later", [("Retry-After", "60")])
    if served is None:
        return _plain(start_response, "404 Not Found", b"Not found")
    headers = _validators(served)
    if _not_modified(environ, served):
        start_response("304 Not Modified", headers)
        return []
    headers += [
        ("Content-Type", CALENDAR_TYPE),
        ("Content-Length", str(len(served.body))),
        ("Content-Disposition", f'inline; filename="{served.filename}"'),
        ("X-Content-Type-Options", "nosniff"),
    ]
    start_response("200 OK", headers)
    return [] if method == "HEAD" else [served.body]


def _summary(services: Services, lang: str) -> str:
    return calendar_words(lang="en" if lang == "en" else "sv", templates=services.templates).summary


def _validators(served: ServedFeed) -> list[tuple[str, str]]:
    return [
        ("ETag", served.etag),
        ("Last-Modified", format_datetime(served.last_modified.astimezone(UTC), usegmt=True)),
        ("Cache-Control", CACHE_CONTROL),
    ]


def _not_modified(environ: dict, served: ServedFeed) -> bool:
    """RFC 9110: If-None-Match (weak comparison) decides when sent; If-Modified-Since only without it."""
    match = environ.get("HTTP_IF_NONE_MATCH")
    if match is not None:
        tags = {tag.strip().removeprefix("W/") for tag in match.split(",")}
        return "*" in tags or served.etag in tags
    since = environ.get("HTTP_IF_MODIFIED_SINCE")
    if not since:
        return False
    try:
        when = parsedate_to_datetime(since)
    except (TypeError, ValueError):
        return False
    when = when if when.tzinfo is not None else when.replace(tzinfo=UTC)
    return served.last_modified.replace(microsecond=0) <= when


def _plain(
    start_response: StartResponse, status: str, body: bytes, extra: list[tuple[str, str]] | None = None
) -> list[bytes]:
    headers = [
        ("Content-Type", "text/plain; charset=utf-8"),
        ("Content-Length", str(len(body))),
        ("Cache-Control", "no-store"),
        *(extra or []),
    ]
    start_response(status, headers)
    return [body]
