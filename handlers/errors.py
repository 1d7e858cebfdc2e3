"""The one error handler: domain errors become a worded reply; anything else a calm apology."""

from __future__ import annotations

import logging

from slack_bolt import App, Respond

from bot.errors import BrygganError
from bot.services import Services
from handlers import messages

log = logging.getLogger("bryggan.handlers")


def register(app: App, services: Services) -> None:
    """Install the app-wide error handler."""

    @app.error
    def answer_error(error: Exception, body: dict, respond: Respond) -> None:
        lang = services.settings.locale
        if isinstance(error, BrygganError):
            log.info("refused", extra={"error_key": error.key, "kind": body.get("type") or "command"})
            reply = messages.error(error.key, error.params, lang=lang, templates=services.templates)
        else:
            # Type only: an exception's message may carry user text or SQL parameters.
            log.error("listener failed", extra={"error_type": type(error).__name__})
            reply = messages.error("unexpected", {}, lang=lang, templates=services.templates)
        if body.get("response_url") or body.get("command"):
            respond(**reply.as_kwargs())
