"""`bryggan doctor`'s checks against Slack: the token and its scopes, the connection, the channels."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from slack_sdk import WebClient
from slack_sdk.errors import SlackApiError

from bot.doctor.report import Checkup
from handlers.channels import Postability, postability
from storage import health

# The bot scopes the code uses, as manifest.yml asks for them (a unit test keeps the two in step).
SCOPES = frozenset(
    {
        "commands",
        "users:read",
        "chat:write",
        "im:write",
        "channels:history",
        "groups:history",
        "im:history",
        "files:write",
        "channels:read",
        "groups:read",
    }
)
SLACK_TIMEOUT_SECONDS = 10


def slack_call(checkup: Checkup, title: str, call: Callable[[], Any]) -> Any:
    """The response of `call`, or None after reporting an unreachable Slack (errors are the caller's)."""
    try:
        return call()
    except SlackApiError:
        raise
    except Exception:  # any transport failure (refused, timeout, TLS, DNS) means: not reachable
        words = checkup.words
        url = checkup.settings.slack_api_url
        checkup.report.fail(title, words.slack_unreachable(url), words.slack_unreachable_fix())
        return None


def check_token(checkup: Checkup) -> None:
    """auth.test accepts the bot token and its x-oauth-scopes hold every scope in SCOPES."""
    words, settings = checkup.words, checkup.settings
    title = words.title_token
    if settings.slack_bot_token is None:
        checkup.report.note(title, words.skipped(words.needs_token()))
        return
    client = WebClient(
        token=settings.secret("slack_bot_token"),
        base_url=settings.slack_api_url,
        timeout=SLACK_TIMEOUT_SECONDS,
        retry_handlers=[],
    )
    try:
        answer = slack_call(checkup, title, client.auth_test)
    except SlackApiError as exc:
        error = exc.response.get("error", "")
        checkup.report.fail(title, words.token_refused(error), words.token_refused_fix())
        return
    if answer is None:
        return
    granted = granted_scopes(answer.headers)
    missing = sorted(SCOPES - granted)
    if missing:
        checkup.report.fail(title, words.token_scopes(missing), words.token_scopes_fix())
    else:
        checkup.report.ok(title, words.token_ok(answer.get("team", ""), answer.get("user", "")))
    checkup.slack = client


def granted_scopes(headers: dict[str, Any]) -> frozenset[str]:
    """The scopes Slack says the token holds (the x-oauth-scopes header of any Web API answer)."""
    for name, value in headers.items():
        if name.lower() == "x-oauth-scopes":
            text = value[0] if isinstance(value, list) else str(value)
            return frozenset(s.strip() for s in text.split(",") if s.strip())
    return frozenset()


def check_connection(checkup: Checkup) -> None:
    """Socket Mode: apps.connections.open accepts the app token; HTTP mode: what only Slack checks."""
    words, settings = checkup.words, checkup.settings
    title = words.title_connection
    if settings.oauth:  # Socket Mode cannot take installations: the settings check refuses it
        checkup.report.note(title, words.oauth_note())
        return
    if checkup.http:
        checkup.report.note(title, words.http_note())
        return
    if settings.slack_app_token is None:
        checkup.report.note(title, words.skipped(words.needs_token()))
        return
    client = WebClient(base_url=settings.slack_api_url, timeout=SLACK_TIMEOUT_SECONDS, retry_handlers=[])
    try:
        # A one-time URL that is never used: it proves the app token and that Socket Mode is on.
        opened = slack_call(
            checkup, title, lambda: client.apps_connections_open(app_token=settings.secret("slack_app_token"))
        )
    except SlackApiError as exc:
        error = exc.response.get("error", "")
        checkup.report.fail(title, words.socket_refused(error), words.socket_refused_fix())
        return
    if opened is not None:
        checkup.report.ok(title, words.socket_ok())


def check_channels(checkup: Checkup) -> None:
    """Bryggan can post in every linked school channel (in OAuth mode: of a workspace whose token works)."""
    words, title = checkup.words, checkup.words.title_channels
    if checkup.sessions is None or (checkup.slack is None and not checkup.clients):
        reason = words.needs_database() if checkup.sessions is None else words.needs_token()
        checkup.report.note(title, words.skipped(reason))
        return
    with checkup.sessions.begin() as session:
        linked = health.list_linked_channels(session)
    # A workspace without a working token was reported by the installations check already.
    linked = [row for row in linked if checkup.client_for(row[0]) is not None]
    failed = 0
    for team, school, channel in linked:
        client = checkup.client_for(team)
        assert client is not None
        found = postability(client, channel)
        if found.state is Postability.POSTABLE:
            continue
        failed += 1
        if found.state is Postability.NOT_MEMBER:
            problem, fix = words.channel_not_member(school, channel), words.channel_not_member_fix(channel)
        elif found.state is Postability.ARCHIVED:
            problem, fix = words.channel_archived(school, channel), words.channel_archived_fix()
        else:
            problem, fix = words.channel_unseen(school, channel, found.error), words.channel_unseen_fix()
        checkup.report.fail(title, problem, fix)
    if not failed:
        checkup.report.ok(title, words.channels_ok(len(linked)))
