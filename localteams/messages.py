"""Checks on an activity the bot posts: its type, content, size and cards."""

from __future__ import annotations

import base64
import binascii
import json
from typing import Any

from localteams.cards import CARD_CONTENT_TYPE, check_card
from localteams.errors import ConnectorError

MAX_MESSAGE_BYTES = 28 * 1024  # Teams refuses a bot message over about 28 KB with 413
POSTABLE_TYPES = {"message", "typing"}
TEXT_FORMATS = {"plain", "markdown", "xml"}
# Inline pictures Teams shows in a message, by the first bytes of each format.
IMAGE_SIGNATURES = {
    "image/png": (b"\x89PNG\r\n\x1a\n",),
    "image/jpeg": (b"\xff\xd8\xff",),
    "image/gif": (b"GIF87a", b"GIF89a"),
}


def check_activity(activity: Any) -> None:
    """ConnectorError unless Teams would accept and show `activity` as the bot's post."""
    if not isinstance(activity, dict):
        raise ConnectorError(400, "BadSyntax", "the body must be an Activity object")
    kind = activity.get("type")
    if kind not in POSTABLE_TYPES:
        raise ConnectorError(400, "BadArgument", f"unknown activity type {kind!r}")
    size = len(json.dumps(activity, ensure_ascii=False).encode())
    if size > MAX_MESSAGE_BYTES:
        raise ConnectorError(
            413, "MessageSizeTooBig", f"message of {size} bytes; the limit is {MAX_MESSAGE_BYTES}"
        )
    if kind == "typing":
        return
    attachments = activity.get("attachments") or []
    if not isinstance(attachments, list):
        raise ConnectorError(400, "BadArgument", "attachments must be an array")
    if not str(activity.get("text") or "").strip() and not attachments:
        raise ConnectorError(400, "BadArgument", "a message needs text or an attachment")
    if activity.get("textFormat", "plain") not in TEXT_FORMATS:
        raise ConnectorError(400, "BadArgument", f"textFormat must be one of {sorted(TEXT_FORMATS)}")
    for i, attachment in enumerate(attachments):
        check_attachment(attachment, f"/attachments/{i}")


def check_attachment(attachment: Any, pointer: str) -> None:
    """ConnectorError unless an attachment has a content type, and its Adaptive Card renders."""
    if not isinstance(attachment, dict) or not isinstance(attachment.get("contentType"), str):
        raise ConnectorError(400, "BadArgument", f"{pointer}: an attachment needs a contentType")
    if attachment["contentType"].startswith("image/"):
        check_image(attachment, pointer)
        return
    if attachment["contentType"] != CARD_CONTENT_TYPE:
        return
    problems = check_card(attachment.get("content"), f"{pointer}/content")
    if problems:
        detail = "; ".join(f"{where}: {what}" for where, what in problems)
        raise ConnectorError(400, "BadArgument", f"Teams would not render the card: {detail}")


def check_image(attachment: dict[str, Any], pointer: str) -> None:
    """ConnectorError unless an inline picture is a PNG, JPEG or GIF at an https or base64 data URL."""
    kind, url = attachment["contentType"], attachment.get("contentUrl")
    if kind not in IMAGE_SIGNATURES:
        raise ConnectorError(400, "BadArgument", f"{pointer}: Teams shows only {sorted(IMAGE_SIGNATURES)}")
    if not isinstance(url, str) or not url:
        raise ConnectorError(400, "BadArgument", f"{pointer}/contentUrl: required for a picture")
    if url.startswith("https://"):
        return
    prefix = f"data:{kind};base64,"
    if not url.startswith(prefix):
        raise ConnectorError(
            400, "BadArgument", f"{pointer}/contentUrl: an https URL or a {prefix}… data URL"
        )
    try:
        data = base64.b64decode(url[len(prefix) :], validate=True)
    except (binascii.Error, ValueError):
        raise ConnectorError(400, "BadArgument", f"{pointer}/contentUrl: not base64") from None
    if not data.startswith(IMAGE_SIGNATURES[kind]):
        raise ConnectorError(400, "BadArgument", f"{pointer}/contentUrl: the data is not {kind}")
