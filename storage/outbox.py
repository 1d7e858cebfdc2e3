"""The delivery outbox: messages Bryggan owes Slack or Teams, claimed under a lease and finished once."""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from datetime import datetime, timedelta
from typing import Any

from sqlalchemy import Text, and_, case, cast, delete, exists, func, or_, select, update
from sqlalchemy.dialects import postgresql, sqlite
from sqlalchemy.orm import Session

from storage.models import DeliveryStatus, OutboxMessage, SlackBackoff
from storage.teams_addresses import is_teams


def _dialect(session: Session) -> Any:
    return postgresql if session.get_bind().dialect.name == "postgresql" else sqlite


def add_outbox_message(
    session: Session,
    *,
    team_id: str,
    key: str,
    recipient: str,
    template: str,
    args: dict[str, Any],
    due_at: datetime,
    now: datetime,
    grace: timedelta | None = None,
    expires_at: datetime | None = None,
    thread_key: str | None = None,
    edit_of: str | None = None,
) -> bool:
    """Owe one message under `key` (or, with `edit_of`, a rewrite of the message sent under that key)
    to the workspace's platform, told by its id; False when that key was already owed (nothing changes)."""
    statement = (
        _dialect(session)
        .insert(OutboxMessage)
        .values(
            team_id=team_id,
            platform="teams" if is_teams(team_id) else "slack",
            key=key,
            recipient=recipient,
            template=template,
            args=args,
            thread_key=thread_key,
            edit_of=edit_of,
            due_at=due_at,
            grace_seconds=None if grace is None else int(grace.total_seconds()),
            expires_at=expires_at,
            status=DeliveryStatus.PENDING,
            attempts=0,
            next_attempt_at=due_at,
            needs_reconcile=False,
            late=False,
            created_at=now,
        )
        .on_conflict_do_nothing(index_elements=["team_id", "key"])
        .returning(OutboxMessage.id)
    )
    # RETURNING, not rowcount: the driver's rowcount for an ORM insert is not reliable on psycopg.
    return session.execute(statement).first() is not None


def claim_due(
    session: Session,
    *,
    now: datetime,
    owner: str,
    lease: timedelta,
    limit: int,
    platforms: Sequence[str] = ("slack",),
) -> list[OutboxMessage]:
    """Lease up to `limit` due rows (pending, or sending with an expired lease) of `platforms` to
    `owner`, oldest first."""
    backed_off = exists().where(SlackBackoff.team_id == OutboxMessage.team_id, SlackBackoff.until > now)
    due = (
        select(OutboxMessage.id)
        .where(
            or_(
                (OutboxMessage.status == DeliveryStatus.PENDING) & (OutboxMessage.next_attempt_at <= now),
                (OutboxMessage.status == DeliveryStatus.SENDING) & (OutboxMessage.lease_until < now),
            ),
            ~backed_off,
            OutboxMessage.platform.in_(platforms),
        )
        .order_by(OutboxMessage.next_attempt_at, OutboxMessage.id)
        .limit(limit)
        # Replicas skip each other's rows instead of queueing; dropped on SQLite (one process there).
        .with_for_update(skip_locked=True)
    )
    statement = (
        update(OutboxMessage)
        .where(OutboxMessage.id.in_(due.scalar_subquery()))
        .values(
            status=DeliveryStatus.SENDING,
            lease_owner=owner,
            lease_until=now + lease,
            attempts=OutboxMessage.attempts + 1,
            # The old status is read here: a row still "sending" was left by a holder that died
            # mid-send, so Slack may already have the message.
            needs_reconcile=or_(
                OutboxMessage.needs_reconcile, OutboxMessage.status == DeliveryStatus.SENDING
            ),
        )
        .returning(OutboxMessage)
        .execution_options(synchronize_session=False, populate_existing=True)
    )
    rows = list(session.scalars(statement))
    return sorted(rows, key=lambda row: (row.next_attempt_at, row.id))


def renew_lease(session: Session, *, id: int, owner: str, until: datetime) -> bool:
    """Extend `owner`'s lease on a row to `until`; False when the row is no longer theirs."""
    return finish(session, id=id, owner=owner, lease_until=until)


def finish(session: Session, *, id: int, owner: str, **changes: Any) -> bool:
    """Apply `changes` to a row only while `owner` still holds its lease; True if it did."""
    statement = (
        update(OutboxMessage)
        .where(
            OutboxMessage.id == id,
            OutboxMessage.lease_owner == owner,
            OutboxMessage.status == DeliveryStatus.SENDING,
        )
        .values(**changes)
        .returning(OutboxMessage.id)
        .execution_options(synchronize_session=False)
    )
    return session.execute(statement).first() is not None


def abandon_owed(session: Session, *, team_id: str, reason: str) -> int:
    """End every row of `team_id` not yet delivered (pending, or leased to a sender) as dead with
    `reason`; a sender holding one loses its lease and cannot mark it sent. Returns how many."""
    statement = (
        update(OutboxMessage)
        .where(
            OutboxMessage.team_id == team_id,
            OutboxMessage.status.in_((DeliveryStatus.PENDING, DeliveryStatus.SENDING)),
        )
        .values(status=DeliveryStatus.DEAD, last_error=reason, lease_owner=None, lease_until=None)
        .returning(OutboxMessage.id)
        .execution_options(synchronize_session=False)
    )
    return len(session.execute(statement).all())


def get_outbox_message(session: Session, *, team_id: str, key: str) -> OutboxMessage | None:
    """The row owed under `key`, whatever its status."""
    return session.scalars(
        select(OutboxMessage).where(OutboxMessage.team_id == team_id, OutboxMessage.key == key)
    ).first()


def set_backoff(session: Session, *, team_id: str, until: datetime) -> None:
    """Make every replica leave `team_id` alone until `until` (the later of two waits wins)."""
    insert = _dialect(session).insert(SlackBackoff).values(team_id=team_id, until=until)
    later = case(
        (insert.excluded.until > SlackBackoff.until, insert.excluded.until), else_=SlackBackoff.until
    )
    session.execute(insert.on_conflict_do_update(index_elements=["team_id"], set_={"until": later}))


def get_backoff(session: Session, *, team_id: str) -> datetime | None:
    """Until when Slack asked the workspace to wait, if it ever did."""
    return session.scalar(select(SlackBackoff.until).where(SlackBackoff.team_id == team_id))


def get_backoffs(session: Session, *, team_ids: Iterable[str]) -> dict[str, datetime]:
    """Until when Slack asked each of `team_ids` to wait, for those it ever asked (one query)."""
    wanted = sorted(set(team_ids))
    if not wanted:
        return {}
    query = select(SlackBackoff.team_id, SlackBackoff.until).where(SlackBackoff.team_id.in_(wanted))
    return {team_id: until for team_id, until in session.execute(query)}


def list_outbox(
    session: Session, *, team_id: str, status: DeliveryStatus | None = None
) -> list[OutboxMessage]:
    """The workspace's outbox rows, optionally of one status, in the order they were owed."""
    query = select(OutboxMessage).where(OutboxMessage.team_id == team_id)
    if status is not None:
        query = query.where(OutboxMessage.status == status)
    return list(session.scalars(query.order_by(OutboxMessage.id)))


def clear_delivered_args(session: Session, *, before: datetime) -> int:
    """Forget the arguments of finished messages (sent or given up) older than `before`; returns count."""
    given_up = (DeliveryStatus.DEAD, DeliveryStatus.EXPIRED, DeliveryStatus.MISSED)
    statement = (
        update(OutboxMessage)
        .where(
            or_(
                and_(OutboxMessage.status == DeliveryStatus.SENT, OutboxMessage.sent_at < before),
                and_(OutboxMessage.status.in_(given_up), OutboxMessage.due_at < before),
            ),
            # Compared as text: PostgreSQL's json type has no equality operator.
            cast(OutboxMessage.args, Text) != "{}",
        )
        .values(args={})
        .returning(OutboxMessage.id)
        .execution_options(synchronize_session=False)
    )
    return len(session.execute(statement).all())


def next_due_at(session: Session) -> datetime | None:
    """When the earliest pending row falls due (the console's fast-forward steps from one to the next)."""
    return session.scalar(
        select(func.min(OutboxMessage.next_attempt_at)).where(OutboxMessage.status == DeliveryStatus.PENDING)
    )


def owed_keys(
    session: Session, *, team_id: str, prefix: str, due_from: datetime
) -> dict[str, tuple[DeliveryStatus, datetime]]:
    """Keys starting with `prefix` due from `due_from` on, with their status and due instant."""
    rows = session.execute(
        select(OutboxMessage.key, OutboxMessage.status, OutboxMessage.due_at).where(
            OutboxMessage.team_id == team_id,
            OutboxMessage.key.startswith(prefix, autoescape=True),
            OutboxMessage.due_at >= due_from,
        )
    )
    return {key: (status, due_at) for key, status, due_at in rows}


def withdraw(session: Session, *, team_id: str, keys: list[str]) -> list[str]:
    """Delete rows no longer owed, but only those Slack surely has not seen (pending, nothing unclear);
    returns the keys deleted."""
    if not keys:
        return []
    statement = (
        delete(OutboxMessage)
        .where(
            OutboxMessage.team_id == team_id,
            OutboxMessage.key.in_(keys),
            OutboxMessage.status == DeliveryStatus.PENDING,
            OutboxMessage.needs_reconcile.is_(False),
        )
        .returning(OutboxMessage.key)
    )
    return list(session.scalars(statement))
