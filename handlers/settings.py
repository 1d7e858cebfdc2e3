"""The workspace's settings modal: a button on an administrator's App Home opens it; Slack I/O only."""

from __future__ import annotations

from typing import Any

from slack_bolt import Ack, App
from slack_sdk import WebClient
from slack_sdk.models.blocks import (
    ContextBlock,
    InputBlock,
    MarkdownTextObject,
    PlainTextInputElement,
    PlainTextObject,
    SectionBlock,
    UserMultiSelectElement,
)
from slack_sdk.models.views import View

from bot.actors import require_admin
from bot.services import Services
from bot.setting_checks import TEXT_LIMITS, Key
from bot.workspace_settings import SettingsRefused, Shown
from handlers import arguments, errors, messages, stamps
from handlers.ids import Action
from handlers.ids import View as ViewId
from handlers.requests import Asker
from templates import Lang, Templates, unescape_mrkdwn

# The text fields, in the modal's order, with the most characters each may hold (Block Kit max_length).
TEXT_FIELDS: tuple[tuple[Key, int, bool], ...] = (
    (Key.FALLBACK_CHANNEL, 32, False),
    (Key.REPORT_CHANNEL, 32, False),
    (Key.TERMS, 64, False),
    (Key.TIMEZONE, 64, False),  # the longest IANA name has 32 characters
    (Key.INTAKE_TEXT, TEXT_LIMITS[1], True),
    (Key.ON_CALL_TEXT, TEXT_LIMITS[1], True),
    (Key.RETENTION_DAYS, 5, False),
    (Key.ACK_HOURS, 5, False),
)


def register(app: App, services: Services) -> None:
    """Attach the settings button's and the settings modal's listeners."""
    guarded = errors.guard(services)

    @app.action(Action.SETTINGS_OPEN)
    @guarded
    def open_settings(ack: Ack, body: dict, client: WebClient, asker: Asker) -> None:
        ack()
        person = asker.person
        require_admin(person.actor)
        shown = services.workspace.shown(person.actor.team_id)
        view = settings_modal(shown, lang=person.lang, templates=services.templates)
        signed = stamps.stamped(services.stamp, view, team_id=asker.team_id, user_id=asker.user_id)
        client.views_open(trigger_id=body["trigger_id"], view=signed)

    @app.view(ViewId.SETTINGS)
    @guarded
    def save_settings(ack: Ack, body: dict, view: dict, asker: Asker) -> None:
        def attempt() -> list[Key] | SettingsRefused:
            stamps.metadata(services.stamp, body)  # a modal opened for someone else is refused
            actor = asker.person.actor
            try:
                return services.workspace.change(
                    actor, changes(view, services.workspace.shown(actor.team_id))
                )
            except SettingsRefused as refused:
                return refused  # every refused field gets its own error below

        answer = errors.answer_modal(ack, Key.ADMIN_USERS.value, attempt, services=services, asker=asker)
        if answer is errors.REFUSED:
            return
        lang = asker.person.lang
        if isinstance(answer, SettingsRefused):
            worded = {
                key.value: messages.error_text(error, lang=lang, templates=services.templates)
                for key, error in answer.refused.items()
            }
            ack(response_action="errors", errors=worded)
            return
        ack(response_action="update", view=saved_modal(len(answer), lang=lang, templates=services.templates))


def changes(view: dict[str, Any], shown: list[Shown]) -> dict[Key, str | None]:
    """What the submitted modal changes: a field left as shown is no change, an emptied one a reset."""
    current = {s.key: s.text for s in shown}
    found: dict[Key, str | None] = {}
    admins = ",".join(sorted(arguments.selected_users(view, Key.ADMIN_USERS.value)))
    if admins != current[Key.ADMIN_USERS]:
        found[Key.ADMIN_USERS] = admins or None
    for key, limit, _multiline in TEXT_FIELDS:
        text = arguments.field_value(view, key.value)
        if text != prefilled(current[key], limit):
            found[key] = text or None
    return found


def prefilled(text: str, limit: int) -> str:
    """What a field shows of `text`: no more than it holds. A submitted field is compared with this,
    not with the whole value, so a value cut to fit (0.3333333 hours) is not stored cut unless edited."""
    return text[:limit].strip()


def settings_modal(shown: list[Shown], *, lang: Lang, templates: Templates) -> dict[str, Any]:
    """The modal with this workspace's settings in force filled in (its own or the defaults)."""
    words = templates.module(lang, "settings")
    current = {s.key: s.text for s in shown}
    admins = [a for a in current[Key.ADMIN_USERS].split(",") if a]
    blocks: list[Any] = [
        SectionBlock(text=MarkdownTextObject(text=words.intro)),
        InputBlock(
            block_id=Key.ADMIN_USERS.value,
            label=PlainTextObject(text=words.labels[Key.ADMIN_USERS.value]),
            optional=True,
            element=UserMultiSelectElement(action_id=Key.ADMIN_USERS.value, initial_users=admins or None),
        ),
    ]
    blocks += [
        InputBlock(
            block_id=key.value,
            label=PlainTextObject(text=words.labels[key.value]),
            optional=True,
            element=PlainTextInputElement(
                action_id=key.value,
                initial_value=prefilled(current[key], limit) or None,
                max_length=limit,
                multiline=multiline,
            ),
            # A value set longer elsewhere (the environment, the command line) shows cut: say so.
            hint=PlainTextObject(text=str(words.cut(limit))) if len(current[key].strip()) > limit else None,
        )
        for key, limit, multiline in TEXT_FIELDS
    ]
    blocks.append(ContextBlock(elements=[MarkdownTextObject(text=words.shared)]))
    view = View(
        type="modal",
        callback_id=ViewId.SETTINGS,
        title=PlainTextObject(text=words.title),
        submit=PlainTextObject(text=words.submit),
        close=PlainTextObject(text=words.close),
        blocks=blocks,
    )
    return view.to_dict()


def saved_modal(count: int, *, lang: Lang, templates: Templates) -> dict[str, Any]:
    """What the modal turns into once saved."""
    words = templates.module(lang, "settings")
    view = View(
        type="modal",
        title=PlainTextObject(text=words.saved_title),
        close=PlainTextObject(text=words.close),
        blocks=[SectionBlock(text=MarkdownTextObject(text=unescape_mrkdwn(str(words.saved(count)))))],
    )
    return view.to_dict()
