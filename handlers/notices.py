"""Words for messages delivered through the outbox: one notices.j2 macro per template name."""

from __future__ import annotations

from collections.abc import Callable

from slack_sdk import WebClient
from slack_sdk.models.blocks import SectionBlock

from handlers.people import People
from scheduler.outbox import Rendered
from storage.models import OutboxMessage
from templates import Lang, Templates


class NoticeRenderer:
    """Renders an outbox row in its recipient's language (a channel gets the municipality's)."""

    def __init__(
        self, *, templates: Templates, people: People, client_for: Callable[[str], WebClient], default: Lang
    ) -> None:
        self._templates = templates
        self._people = people
        self._client_for = client_for
        self._default = default

    def __call__(self, row: OutboxMessage) -> Rendered:
        """The message for `row`: its macro applied to the row's args."""
        lang = self._lang(row)
        body = str(getattr(self._templates.module(lang, "notices"), row.template)(row.args)).strip()
        return Rendered(text=body, blocks=[SectionBlock(text=body[:3000]).to_dict()])

    def _lang(self, row: OutboxMessage) -> Lang:
        if not row.recipient.startswith(("U", "W")):
            return self._default
        client = self._client_for(row.team_id)
        return self._people.resolve(client, team_id=row.team_id, user_id=row.recipient).lang
