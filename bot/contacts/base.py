"""Shared plumbing of the contact use cases: sessions, clock, zone and the permission checks."""

from __future__ import annotations

from collections.abc import Callable
from datetime import date, timedelta
from zoneinfo import ZoneInfo

from sqlalchemy.orm import Session, sessionmaker

from bot.actors import Actor
from bot.clock import Clock
from bot.contacts import reading
from bot.contacts.views import SchoolStatus
from bot.crypto import TextBox
from bot.errors import NotPermitted
from storage.audit import add_audit_event
from storage.models import School
from storage.outbox import add_outbox_message

# A notice not delivered within this (Slack down for a week) is given up as expired, not retried forever.
NOTICE_LIFETIME = timedelta(days=7)
# A contact away longer than this is flagged to administrators in the weekly digest.
LONG_ABSENCE = timedelta(days=14)


class ContactsBase:
    """Shared plumbing of the contact use cases: sessions, clock, zone and the permission checks."""

    def __init__(
        self,
        *,
        sessions: sessionmaker[Session],
        clock: Clock,
        zone: ZoneInfo,
        admin_users: frozenset[str],
        intake: str,
        box: TextBox | None = None,
        can_post: Callable[[str, str], bool | None] = lambda _team, _channel: None,
    ) -> None:
        self._box = box or TextBox.ephemeral()
        # Whether Bryggan can post in (team, channel): False when it cannot, None when unknown.
        self._can_post = can_post
        self._sessions = sessions
        self._clock = clock
        self._zone = zone
        self._admins = tuple(sorted(admin_users))
        self._intake = intake

    def today(self) -> date:
        """The municipality's calendar day now."""
        return self._clock.now().astimezone(self._zone).date()

    @staticmethod
    def _require_admin(actor: Actor) -> None:
        if not actor.is_admin:
            raise NotPermitted("not_permitted")

    @staticmethod
    def _school_of(session: Session, actor: Actor, channel_id: str) -> School:
        return reading.school_of_channel(session, actor, channel_id)

    def _statuses(self, session: Session, team_id: str, schools: list[School]) -> list[SchoolStatus]:
        today = self.today()
        return reading.statuses(session, team_id=team_id, schools=schools, today=today, zone=self._zone)

    def _status(self, session: Session, team_id: str, school: School) -> SchoolStatus:
        return self._statuses(session, team_id, [school])[0]

    def _notify(
        self, session: Session, team_id: str, key: str, recipient: str, template: str, args: dict
    ) -> None:
        now = self._clock.now()
        add_outbox_message(
            session,
            team_id=team_id,
            key=key,
            recipient=recipient,
            template=template,
            args=args,
            due_at=now,
            now=now,
            expires_at=now + NOTICE_LIFETIME,
        )

    def _audit(self, session: Session, actor: Actor, action: str, **fields: object) -> None:
        add_audit_event(
            session,
            team_id=actor.team_id,
            at=self._clock.now(),
            actor_id=actor.user_id,
            action=action,
            **fields,
        )  # type: ignore[arg-type]
