"""`bryggan doctor` in OAuth mode: every installed workspace's bot token, as Slack sees it.

The check changes nothing: an expired token with a refresh token is counted as due for rotation
(Bolt and the outbox refresh it at its next use) rather than refreshed here, since a refresh spends
the stored refresh token.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from slack_sdk import WebClient
from slack_sdk.errors import SlackApiError
from slack_sdk.oauth.installation_store import Bot

from bot.crypto import TextBox, UnreadableText
from bot.doctor.report import Checkup
from bot.doctor.slack import SCOPES, SLACK_TIMEOUT_SECONDS, granted_scopes, slack_call
from storage.installations import SealedInstallationStore, installed_teams


@dataclass
class _Tally:
    live: int = 0
    rotating: int = 0  # tokens that expire, with a refresh token
    waiting: int = 0  # expired, refreshed at the next use
    problems: list[tuple[str, str]] = field(default_factory=list)  # (problem, fix)


def check_installations(checkup: Checkup) -> None:
    """Each installed workspace's bot token answers auth.test with every scope, or is due for rotation."""
    words, settings = checkup.words, checkup.settings
    title = words.title_installations
    if checkup.sessions is None or checkup.engine is None or settings.secret_key is None:
        reason = words.needs_key() if checkup.sessions is not None else words.needs_database()
        checkup.report.note(title, words.skipped(reason))
        return
    client_id = str(settings.slack_client_id)
    with checkup.sessions.begin() as session:
        teams = installed_teams(session, client_id=client_id)
    if not teams:
        checkup.report.note(title, words.installations_none())
        return
    store = SealedInstallationStore(
        client_id=client_id, engine=checkup.engine, box=TextBox(*settings.text_keys())
    )
    tally = _Tally()
    for team_id in teams:
        if not _check_team(checkup, store, team_id, tally):
            return  # Slack did not answer: reported once
    for problem, fix in tally.problems:
        checkup.report.fail(title, problem, fix)
    if not tally.problems:
        checkup.report.ok(
            title, words.installations_ok(len(teams), tally.live, tally.waiting, tally.rotating)
        )


def _check_team(checkup: Checkup, store: SealedInstallationStore, team_id: str, tally: _Tally) -> bool:
    """Check one workspace's token into `tally`; False when Slack could not be reached."""
    words = checkup.words
    try:
        bot = store.find_bot(enterprise_id=None, team_id=team_id)
    except UnreadableText:
        tally.problems.append((words.installation_unreadable(team_id), words.keys_unreadable_fix()))
        return True
    if bot is None:
        return True
    name = bot.team_name or team_id
    tally.rotating += bot.bot_refresh_token is not None
    if _expired(checkup, bot):
        if bot.bot_refresh_token is None:
            tally.problems.append(
                (words.installation_expired(name, team_id), words.installation_reinstall_fix())
            )
        else:
            tally.waiting += 1
        return True
    client = WebClient(
        token=bot.bot_token,
        base_url=checkup.settings.slack_api_url,
        timeout=SLACK_TIMEOUT_SECONDS,
        retry_handlers=[],
    )
    try:
        answer = slack_call(checkup, words.title_installations, client.auth_test)
    except SlackApiError as exc:
        error = exc.response.get("error", "")
        tally.problems.append(
            (words.installation_refused(name, team_id, error), words.installation_reinstall_fix())
        )
        return True
    if answer is None:
        return False
    missing = sorted(SCOPES - granted_scopes(answer.headers))
    if missing:
        tally.problems.append(
            (words.installation_scopes(name, team_id, missing), words.installation_reinstall_fix())
        )
        return True
    tally.live += 1
    checkup.clients[team_id] = client
    return True


def _expired(checkup: Checkup, bot: Bot) -> bool:
    expires_at = bot.bot_token_expires_at
    return expires_at is not None and expires_at <= checkup.clock.now().timestamp()
