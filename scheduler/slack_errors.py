"""What a Slack failure means for a message: give up, retry, or check Slack before retrying.

One table holds every error code the sender can meet (chat.postMessage, chat.update,
conversations.open/history/replies, and users.info while rendering). Codes Slack adds later fall
to RETRYABLE: retried a bounded number of times, never for days.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from enum import StrEnum
from typing import Any

from slack_sdk.errors import SlackApiError

from scheduler.workspaces import NotInstalled


class Kind(StrEnum):
    PERMANENT = "permanent"  # cannot change by waiting: the row is dead and the administrators told
    RETRYABLE = "retryable"  # refused, nothing stored; may pass later: retried, at most MAX_ATTEMPTS
    UNCLEAR = "unclear"  # Slack may have stored the message: look for it before any re-send


_P, _R, _U = Kind.PERMANENT, Kind.RETRYABLE, Kind.UNCLEAR
SLACK_ERRORS: dict[str, Kind] = {
    # Where the message would go: gone, archived, closed to the bot, or a thread not there.
    "channel_not_found": _P, "is_archived": _P, "not_in_channel": _P, "user_not_found": _P,
    "user_not_visible": _P, "user_disabled": _P, "cannot_dm_bot": _P, "messages_tab_disabled": _P,
    "thread_not_found": _P, "invalid_thread_ts": _P, "cannot_reply_to_message": _P,
    "message_not_found": _P, "cant_update_message": _P, "edit_window_closed": _P,
    "restricted_action": _P, "restricted_action_read_only_channel": _P,
    "restricted_action_thread_only_channel": _P, "restricted_action_non_threadable_channel": _P,
    "restricted_action_thread_locked": _P, "ekm_access_denied": _P, "team_access_not_granted": _P,
    "users_list_not_supplied": _P, "not_implemented": _P,
    # The app's own credentials or rights: an administrator has to act.
    "not_authed": _P, "invalid_auth": _P, "account_inactive": _P, "token_revoked": _P,
    "token_expired": _P, "no_permission": _P, "missing_scope": _P, "not_allowed_token_type": _P,
    "org_login_required": _P, "two_factor_setup_required": _P, "enterprise_is_restricted": _P,
    "access_denied": _P, "is_bot": _P, "deprecated_endpoint": _P, "method_deprecated": _P,
    # What was sent: the same words and arguments are refused every time.
    "invalid_blocks": _P, "invalid_blocks_format": _P, "msg_too_long": _P, "no_text": _P,
    "too_many_attachments": _P, "invalid_metadata_format": _P, "invalid_metadata_schema": _P,
    "metadata_too_large": _P, "metadata_must_be_sent_from_app": _P, "invalid_arguments": _P,
    "invalid_arg_name": _P, "invalid_array_arg": _P, "invalid_charset": _P, "invalid_form_data": _P,
    "invalid_post_type": _P, "missing_post_type": _P, "invalid_ts_latest": _P, "invalid_ts_oldest": _P,
    "as_user_not_supported": _P,
    # Slack asks to wait, or is briefly unable; nothing was stored.
    "ratelimited": _R, "rate_limited": _R, "message_limit_exceeded": _R, "team_added_to_org": _R,
    "accesslimited": _R, "invalid_cursor": _R,
    # Slack documents that the operation may have happened anyway.
    "internal_error": _U, "fatal_error": _U, "service_unavailable": _U, "request_timeout": _U,
}  # fmt: skip
_CODE = re.compile(r"[a-z0-9_]{1,64}")


@dataclass(frozen=True)
class Failure:
    """One failed Slack call, classified."""

    error: str  # Slack's error code, or the kind of failure
    kind: Kind = Kind.RETRYABLE
    retry_after: int | None = None  # Slack asked us to wait (429)

    @property
    def permanent(self) -> bool:
        """Waiting cannot help: give up now."""
        return self.kind is Kind.PERMANENT

    @property
    def unclear(self) -> bool:
        """Slack may have stored the message."""
        return self.kind is Kind.UNCLEAR


def classify(exc: Exception) -> Failure:
    """Whether to wait, reconcile and retry, or give up after `exc`."""
    if isinstance(exc, NotInstalled):  # OAuth mode: the workspace has no token to send with
        return Failure(exc.error, Kind.PERMANENT)
    if not isinstance(exc, SlackApiError):
        # Reset, refused, timed out: the request may have reached Slack.
        return Failure(type(exc).__name__[:64], Kind.UNCLEAR)
    status = exc.response.status_code
    error = str(exc.response.get("error") or "")
    if status == 429 or error in ("ratelimited", "rate_limited"):
        return Failure("ratelimited", Kind.RETRYABLE, retry_after=_retry_after(exc.response.headers))
    if status >= 500:
        return Failure(f"http_{status}", Kind.UNCLEAR)
    if error in SLACK_ERRORS:
        return Failure(error, SLACK_ERRORS[error])
    # Slack's codes are snake_case; anything else (a proxy's HTML page) is named by its status only.
    return Failure(error if _CODE.fullmatch(error) else f"http_{status}")


def _retry_after(headers: dict[str, Any]) -> int:
    value = headers.get("Retry-After", headers.get("retry-after", "1"))
    if isinstance(value, list):
        value = value[0] if value else "1"
    try:
        return max(1, int(value))
    except (TypeError, ValueError):
        return 1
