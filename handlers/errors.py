"""The one way errors reach users: domain errors become a worded reply; anything else a calm apology.

Listeners are wrapped by `guard`, not left to Bolt's error handler alone: a listener that raises
gets Bolt's 500 (and Bolt's threaded runner, in Socket Mode too, resets an ack already sent), so
Slack would show a failure. `@app.error` still catches what fails outside listeners.
"""

from __future__ import annotations

import functools
import logging
from collections.abc import Callable
from typing import Any, TypeVar

from slack_bolt import App, BoltContext

from bot.errors import BrygganError
from bot.services import Services
from handlers import messages
from handlers.people import Person
from handlers.requests import Asker
from templates import Lang

log = logging.getLogger("bryggan.handlers")
Listener = TypeVar("Listener", bound=Callable[..., Any])


def register(app: App, services: Services) -> None:
    """Install the app-wide error handler for failures outside listeners."""

    @app.error
    def answer_error(error: Exception, body: dict, respond: Any, context: BoltContext) -> None:
        answer(services, error, body=body, respond=respond, asker=context.get("asker"))


def guard(services: Services) -> Callable[[Listener], Listener]:
    """Wrap a listener so any error it raises is answered here (in the ack body when not acked yet).

    The listener must take `respond` for the answer to reach the user (a submission also `body`,
    to tell whether it has a response_url), and `asker` for it to be in their language.
    """

    def decorate(listener: Listener) -> Listener:
        @functools.wraps(listener)
        def guarded(**kwargs: Any) -> Any:
            try:
                return listener(**kwargs)
            except Exception as error:  # the single place listener failures are answered
                body = kwargs.get("body") or kwargs.get("command") or {}
                answer(
                    services,
                    error,
                    body=body,
                    respond=kwargs.get("respond"),
                    asker=kwargs.get("asker"),
                    ack=kwargs.get("ack"),
                )
                return None

        return guarded  # type: ignore[return-value]

    return decorate


def answer_modal(
    ack: Any,
    field: str | Callable[[BrygganError], str],
    run: Callable[[], Any],
    *,
    services: Services,
    asker: Asker,
) -> Any:
    """Run a view submission's use case; any error is shown beside `field`, the modal stays open, REFUSED."""
    try:
        return run()
    except Exception as error:  # a modal must always be acked, or Slack shows "trouble connecting"
        lang = _lang(services, asker)
        refused = error if isinstance(error, BrygganError) else BrygganError("unexpected")
        if refused is not error:
            log.error("view submission failed", extra={"error_type": type(error).__name__}, exc_info=error)
        else:
            log.info("refused", extra={"error_key": refused.key, "kind": "view_submission"})
        where = field(refused) if callable(field) else field
        words = messages.error_text(refused, lang=lang, templates=services.templates)
        ack(response_action="errors", errors={where: words})
        return REFUSED


REFUSED = object()  # what answer_modal returns when the modal showed an error


def submit_modal(
    ack: Any,
    field: str | Callable[[BrygganError], str],
    run: Callable[[Person], Any],
    done: Callable[[Lang, Any], dict],
    *,
    services: Services,
    asker: Asker,
) -> None:
    """A view submission: run the use case as the submitter, then turn the modal into `done`'s view.

    Any error is shown beside `field` and the modal stays open (see answer_modal).
    """

    def attempt() -> tuple[Lang, Any]:
        person = asker.person
        return person.lang, run(person)

    answer = answer_modal(ack, field, attempt, services=services, asker=asker)
    if answer is not REFUSED:
        lang, result = answer
        ack(response_action="update", view=done(lang, result))


def answer(
    services: Services,
    error: Exception,
    *,
    body: dict,
    respond: Any,
    asker: Asker | None,
    ack: Any = None,
) -> None:
    """Log the error safely and tell the user, in their language, when Slack gave a way to answer.

    A slash command not acked yet gets the answer in its ack body; anything else unacked is acked
    empty (Slack would show a failure) and answered through response_url.
    """
    lang = _lang(services, asker)
    if isinstance(error, BrygganError):
        log.info("refused", extra={"error_key": error.key, "kind": body.get("type") or "command"})
        reply = messages.error(error.key, error.params, lang=lang, templates=services.templates)
    else:
        # Type only: an exception's message may carry user text or SQL parameters.
        log.error("listener failed", extra={"error_type": type(error).__name__}, exc_info=error)
        reply = messages.error("unexpected", {}, lang=lang, templates=services.templates)
    if ack is not None and ack.response is None:
        if body.get("command"):
            ack(**reply.as_kwargs())
            return
        ack()
    # A listener that did not ask for the body is a click, which always carries a response_url.
    reachable = not body or body.get("response_url") or body.get("command") or body.get("response_urls")
    if respond is not None and reachable:
        respond(**reply.as_kwargs())


def _lang(services: Services, asker: Asker | None) -> Lang:
    if asker is None:
        return services.settings.locale
    try:
        return asker.lang
    except Exception:  # the language is a nicety; never let it hide the real error
        return services.settings.locale
