"""Typed ORM models. Every table carries the Slack `team_id` (one deployment, several municipalities)."""

from __future__ import annotations

from datetime import UTC, date, datetime, time
from enum import StrEnum
from typing import Any

from slack_sdk.oauth.installation_store.sqlalchemy import SQLAlchemyInstallationStore
from slack_sdk.oauth.state_store.sqlalchemy import SQLAlchemyOAuthStateStore
from sqlalchemy import (
    JSON,
    Boolean,
    Date,
    DateTime,
    Enum,
    ForeignKey,
    Index,
    Integer,
    MetaData,
    String,
    Table,
    Text,
    Time,
    UniqueConstraint,
    text,
)
from sqlalchemy.orm import DeclarativeBase, Mapped, mapped_column
from sqlalchemy.types import TypeDecorator

NAMING = {
    "ix": "ix_%(column_0_label)s",
    "uq": "uq_%(table_name)s_%(column_0_name)s",
    "ck": "ck_%(table_name)s_%(constraint_name)s",
    "fk": "fk_%(table_name)s_%(column_0_name)s_%(referred_table_name)s",
    "pk": "pk_%(table_name)s",
}


class UtcDateTime(TypeDecorator[datetime]):
    """A timezone-aware UTC datetime on every backend (SQLite forgets the zone otherwise)."""

    impl = DateTime(timezone=True)
    cache_ok = True

    def process_bind_param(self, value: datetime | None, dialect: object) -> datetime | None:
        if value is None:
            return None
        if value.tzinfo is None:
            raise ValueError("naive datetime given to a UTC column")

        return value.astimezone(UTC)

    def process_result_value(self, value: datetime | None, dialect: object) -> datetime | None:
        if value is None:
            return None

        return value.replace(tzinfo=UTC) if value.tzinfo is None else value.astimezone(UTC)


def _enum(kind: type[StrEnum], length: int = 20) -> Enum:
    return Enum(kind, native_enum=False, length=length, values_callable=lambda e: [m.value for m in e])


class Base(DeclarativeBase):
    metadata = MetaData(naming_convention=NAMING)


class SchoolKind(StrEnum):
    KOMMUNAL = "kommunal"
    FRISTAENDE = "fristående"


class School(Base):
    """A school unit, bound to at most one Slack channel; a channel belongs to at most one school."""

    __tablename__ = "schools"
    __table_args__ = (
        UniqueConstraint("team_id", "name", name="uq_schools_team_name"),
        UniqueConstraint("team_id", "channel_id", name="uq_schools_team_channel"),
        UniqueConstraint("team_id", "school_unit_code", name="uq_schools_team_unit_code"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    team_id: Mapped[str] = mapped_column(String(32))
    name: Mapped[str] = mapped_column(String(200))
    kind: Mapped[SchoolKind] = mapped_column(_enum(SchoolKind))
    school_unit_code: Mapped[str | None] = mapped_column(String(8))
    channel_id: Mapped[str | None] = mapped_column(String(32))
    created_at: Mapped[datetime] = mapped_column(UtcDateTime())


class AuditEvent(Base):
    """Who did what, when: ids and kinds only, never user text."""

    __tablename__ = "audit_events"
    __table_args__ = (Index("ix_audit_events_team_at", "team_id", "at"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    team_id: Mapped[str] = mapped_column(String(32))
    at: Mapped[datetime] = mapped_column(UtcDateTime())
    actor_id: Mapped[str] = mapped_column(String(32))
    action: Mapped[str] = mapped_column(String(64))
    school_id: Mapped[int | None] = mapped_column(ForeignKey("schools.id", ondelete="SET NULL"))
    subject_id: Mapped[str | None] = mapped_column(String(64))
    detail: Mapped[str | None] = mapped_column(String(500))


class WorkspaceSetting(Base):
    """One setting a workspace overrides (the environment's value is the default): its text as checked
    by bot/workspace_settings.py, and who set it when."""

    __tablename__ = "workspace_settings"

    team_id: Mapped[str] = mapped_column(String(32), primary_key=True)
    key: Mapped[str] = mapped_column(String(32), primary_key=True)
    value: Mapped[str] = mapped_column(Text())
    updated_by: Mapped[str] = mapped_column(String(32))
    updated_at: Mapped[datetime] = mapped_column(UtcDateTime())


class ProcessedEvent(Base):
    """Events API deliveries already handled: Slack retries (possibly to another replica) are dropped."""

    __tablename__ = "processed_events"

    team_id: Mapped[str] = mapped_column(String(32), primary_key=True)
    event_id: Mapped[str] = mapped_column(String(64), primary_key=True)
    received_at: Mapped[datetime] = mapped_column(UtcDateTime(), index=True)


class Role(StrEnum):
    CONTACT = "contact"
    DEPUTY = "deputy"


class Assignment(Base):
    """A person serving a school as contact or deputy for a period; never overwritten, only ended."""

    __tablename__ = "assignments"
    __table_args__ = (
        Index("ix_assignments_school", "team_id", "school_id", "role", "ends_at"),
        Index("ix_assignments_person", "team_id", "person_id", "ends_at"),
        # At most one current contact and one current deputy per school.
        Index(
            "uq_assignments_current",
            "school_id",
            "role",
            unique=True,
            sqlite_where=text("ends_at IS NULL"),
            postgresql_where=text("ends_at IS NULL"),
        ),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    team_id: Mapped[str] = mapped_column(String(32))
    school_id: Mapped[int] = mapped_column(ForeignKey("schools.id", ondelete="CASCADE"))
    person_id: Mapped[str] = mapped_column(String(32))
    role: Mapped[Role] = mapped_column(_enum(Role))
    starts_at: Mapped[datetime] = mapped_column(UtcDateTime())
    ends_at: Mapped[datetime | None] = mapped_column(UtcDateTime())
    assigned_by: Mapped[str] = mapped_column(String(32))


class Absence(Base):
    """A person away for whole local days, first to last inclusive; ends by itself."""

    __tablename__ = "absences"
    __table_args__ = (Index("ix_absences_person", "team_id", "person_id", "last_day"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    team_id: Mapped[str] = mapped_column(String(32))
    person_id: Mapped[str] = mapped_column(String(32))
    first_day: Mapped[date] = mapped_column(Date())
    last_day: Mapped[date] = mapped_column(Date())
    created_by: Mapped[str] = mapped_column(String(32))
    created_at: Mapped[datetime] = mapped_column(UtcDateTime())
    cancelled_at: Mapped[datetime | None] = mapped_column(UtcDateTime())


class ContactProfile(Base):
    """How a social secretary wants to be reached: work title, work phone, reachable hours."""

    __tablename__ = "contact_profiles"

    team_id: Mapped[str] = mapped_column(String(32), primary_key=True)
    person_id: Mapped[str] = mapped_column(String(32), primary_key=True)
    title: Mapped[str | None] = mapped_column(String(150))
    phone: Mapped[str | None] = mapped_column(String(40))
    reachable: Mapped[str | None] = mapped_column(String(200))
    updated_at: Mapped[datetime] = mapped_column(UtcDateTime())


class DeliveryStatus(StrEnum):
    PENDING = "pending"  # waiting for its moment or its next attempt
    SENDING = "sending"  # claimed under a lease; a Slack call may be under way
    SENT = "sent"
    DEAD = "dead"  # Slack refused for good (channel gone, bot removed, token revoked)
    EXPIRED = "expired"  # kept failing until it stopped being useful
    MISSED = "missed"  # its moment passed more than the grace ago before the first attempt


class OutboxMessage(Base):
    """A message Bryggan owes Slack, delivered once by whichever process claims it (docs/decisions.md)."""

    __tablename__ = "outbox"
    __table_args__ = (
        UniqueConstraint("team_id", "key", name="uq_outbox_team_key"),
        Index("ix_outbox_due", "status", "next_attempt_at"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    team_id: Mapped[str] = mapped_column(String(32))
    key: Mapped[str] = mapped_column(String(200))
    recipient: Mapped[str] = mapped_column(String(32))  # a channel id, or a user id for a DM
    template: Mapped[str] = mapped_column(String(64))
    args: Mapped[dict[str, Any]] = mapped_column(JSON())
    thread_key: Mapped[str | None] = mapped_column(String(200))
    # Set: this row rewrites (chat.update) the message sent under that key instead of posting.
    edit_of: Mapped[str | None] = mapped_column(String(200))
    due_at: Mapped[datetime] = mapped_column(UtcDateTime())
    grace_seconds: Mapped[int | None] = mapped_column(Integer())
    expires_at: Mapped[datetime | None] = mapped_column(UtcDateTime())
    status: Mapped[DeliveryStatus] = mapped_column(_enum(DeliveryStatus), default=DeliveryStatus.PENDING)
    attempts: Mapped[int] = mapped_column(Integer(), default=0)
    next_attempt_at: Mapped[datetime] = mapped_column(UtcDateTime())
    needs_reconcile: Mapped[bool] = mapped_column(Boolean(), default=False)
    lease_owner: Mapped[str | None] = mapped_column(String(64))
    lease_until: Mapped[datetime | None] = mapped_column(UtcDateTime())
    last_error: Mapped[str | None] = mapped_column(String(64))
    channel_id: Mapped[str | None] = mapped_column(String(32))
    slack_ts: Mapped[str | None] = mapped_column(String(32))
    sent_at: Mapped[datetime | None] = mapped_column(UtcDateTime())
    late: Mapped[bool] = mapped_column(Boolean(), default=False)
    created_at: Mapped[datetime] = mapped_column(UtcDateTime())
    # Where the row goes: "slack" or "teams" (the workspace's platform, set when the row is owed).
    platform: Mapped[str] = mapped_column(String(8), default="slack", server_default="slack")
    # Teams: the id of the activity Teams accepted (Slack's is slack_ts).
    activity_id: Mapped[str | None] = mapped_column(String(255))


class SlackBackoff(Base):
    """A workspace Slack asked to wait (429 Retry-After); every replica honours it."""

    __tablename__ = "slack_backoff"

    team_id: Mapped[str] = mapped_column(String(32), primary_key=True)
    until: Mapped[datetime] = mapped_column(UtcDateTime())


def _first_holder(context: Any) -> str:
    # Unless told otherwise, a case is held by whoever took it, else wherever it was routed.
    row = context.get_current_parameters()
    return str(row.get("acknowledged_by") or row["routed_to"])


class ConsultationStatus(StrEnum):
    OPEN = "open"
    ACKNOWLEDGED = "acknowledged"
    CLOSED = "closed"


class Consultation(Base):
    """A non-identifying consultation; its description is stored encrypted and deleted after retention."""

    __tablename__ = "consultations"
    __table_args__ = (
        UniqueConstraint("team_id", "year", "seq", name="uq_consultations_number"),
        Index("ix_consultations_team_status", "team_id", "status"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    team_id: Mapped[str] = mapped_column(String(32))
    year: Mapped[int] = mapped_column(Integer())
    seq: Mapped[int] = mapped_column(Integer())
    school_id: Mapped[int] = mapped_column(ForeignKey("schools.id", ondelete="CASCADE"))
    asker_id: Mapped[str] = mapped_column(String(32))
    grade: Mapped[str] = mapped_column(String(12))
    areas: Mapped[list[str]] = mapped_column(JSON())
    reach: Mapped[str] = mapped_column(String(20))
    description: Mapped[str | None] = mapped_column(Text())  # Fernet ciphertext; None once deleted
    routed_to: Mapped[str] = mapped_column(String(32))  # the acting contact, or the fallback channel
    # Who holds the case now (the one who took it, else where it was routed) and each side's thread:
    # the outbox key of the message replies go under; that row holds its conversation and ts once sent.
    holder_id: Mapped[str] = mapped_column(String(32), default=_first_holder)
    holder_thread: Mapped[str | None] = mapped_column(String(200))
    asker_thread: Mapped[str | None] = mapped_column(String(200))
    status: Mapped[ConsultationStatus] = mapped_column(_enum(ConsultationStatus))
    received_at: Mapped[datetime] = mapped_column(UtcDateTime())
    acknowledged_at: Mapped[datetime | None] = mapped_column(UtcDateTime())
    acknowledged_by: Mapped[str | None] = mapped_column(String(32))
    closed_at: Mapped[datetime | None] = mapped_column(UtcDateTime())
    outcome: Mapped[str | None] = mapped_column(String(40))
    text_deleted_at: Mapped[datetime | None] = mapped_column(UtcDateTime())
    forwarded: Mapped[int] = mapped_column(Integer(), default=0, server_default="0")  # times handed on
    withdrawn_at: Mapped[datetime | None] = mapped_column(UtcDateTime())  # by the asker, before taken
    # A call time: the live proposal (numbered; a newer one supersedes it) and the time agreed.
    call_proposals: Mapped[int] = mapped_column(Integer(), default=0, server_default="0")
    call_proposed_at: Mapped[datetime | None] = mapped_column(UtcDateTime())
    call_proposed_by: Mapped[str | None] = mapped_column(String(32))
    call_at: Mapped[datetime | None] = mapped_column(UtcDateTime())
    snoozed_until: Mapped[datetime | None] = mapped_column(UtcDateTime())  # the one snoozed reminder

    @property
    def number(self) -> str:
        """The case number people see, per workspace and year: K-2026-0042."""
        return f"K-{self.year}-{self.seq:04d}"


class ConsultationReply(Base):
    """One reply in a consultation, either way; encrypted like the description, deleted with it."""

    __tablename__ = "consultation_replies"
    __table_args__ = (Index("ix_consultation_replies_case", "team_id", "consultation_id"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    team_id: Mapped[str] = mapped_column(String(32))
    consultation_id: Mapped[int] = mapped_column(ForeignKey("consultations.id", ondelete="CASCADE"))
    author_id: Mapped[str] = mapped_column(String(32))
    body: Mapped[str | None] = mapped_column(Text())  # Fernet ciphertext; None once deleted
    at: Mapped[datetime] = mapped_column(UtcDateTime())


class MeetingSeries(Base):
    """A school's EHT rhythm: a weekday and local wall-clock time, weekly or every other week."""

    __tablename__ = "meeting_series"
    __table_args__ = (
        Index("ix_meeting_series_school", "team_id", "school_id"),
        # One current series per school; replaced ones stay (ended) so the term's figures can count them.
        Index(
            "uq_meeting_series_current",
            "school_id",
            unique=True,
            sqlite_where=text("ended_on IS NULL"),
            postgresql_where=text("ended_on IS NULL"),
        ),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    team_id: Mapped[str] = mapped_column(String(32))
    school_id: Mapped[int] = mapped_column(ForeignKey("schools.id", ondelete="CASCADE"))
    weekday: Mapped[int] = mapped_column(Integer())  # Monday is 0
    start_time: Mapped[time] = mapped_column(Time())  # Europe/Stockholm wall clock
    every_weeks: Mapped[int] = mapped_column(Integer())  # 1 or 2
    anchor: Mapped[date] = mapped_column(Date())  # the first meeting; fixes which weeks "every other" means
    duration_minutes: Mapped[int] = mapped_column(Integer())
    place: Mapped[str | None] = mapped_column(String(200))
    remind_at: Mapped[time] = mapped_column(Time())  # on the working day before
    contact_lead_minutes: Mapped[int] = mapped_column(Integer())
    ended_on: Mapped[date | None] = mapped_column(Date())  # the last day it applied, once replaced
    updated_by: Mapped[str] = mapped_column(String(32))
    updated_at: Mapped[datetime] = mapped_column(UtcDateTime())


class ChangeKind(StrEnum):
    CANCELLED = "cancelled"
    MOVED = "moved"


class MeetingChange(Base):
    """One occurrence cancelled or moved; keyed by the day the series gave it."""

    __tablename__ = "meeting_changes"
    __table_args__ = (UniqueConstraint("team_id", "school_id", "day", name="uq_meeting_changes_day"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    team_id: Mapped[str] = mapped_column(String(32))
    school_id: Mapped[int] = mapped_column(ForeignKey("schools.id", ondelete="CASCADE"))
    day: Mapped[date] = mapped_column(Date())
    kind: Mapped[ChangeKind] = mapped_column(_enum(ChangeKind, 12))
    new_day: Mapped[date | None] = mapped_column(Date())
    new_start: Mapped[time | None] = mapped_column(Time())
    created_by: Mapped[str] = mapped_column(String(32))
    created_at: Mapped[datetime] = mapped_column(UtcDateTime())


class AgendaItem(Base):
    """A non-identifying agenda item (checked by the privacy guard) for one occurrence."""

    __tablename__ = "agenda_items"
    __table_args__ = (Index("ix_agenda_items_meeting", "team_id", "school_id", "day"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    team_id: Mapped[str] = mapped_column(String(32))
    school_id: Mapped[int] = mapped_column(ForeignKey("schools.id", ondelete="CASCADE"))
    day: Mapped[date] = mapped_column(Date())  # the occurrence's series day, even when moved
    text: Mapped[str] = mapped_column(String(300))
    author_id: Mapped[str] = mapped_column(String(32))
    created_at: Mapped[datetime] = mapped_column(UtcDateTime())


class MeetingNote(Base):
    """Short non-identifying notes of one held meeting: decisions, actions, who follows up (roles)."""

    __tablename__ = "meeting_notes"
    __table_args__ = (UniqueConstraint("team_id", "school_id", "day", name="uq_meeting_notes_day"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    team_id: Mapped[str] = mapped_column(String(32))
    school_id: Mapped[int] = mapped_column(ForeignKey("schools.id", ondelete="CASCADE"))
    day: Mapped[date] = mapped_column(Date())
    decisions: Mapped[str] = mapped_column(Text())
    actions: Mapped[str | None] = mapped_column(Text())
    follow_up: Mapped[str | None] = mapped_column(Text())
    author_id: Mapped[str] = mapped_column(String(32))
    recorded_at: Mapped[datetime] = mapped_column(UtcDateTime())


class CalendarFeed(Base):
    """A school's calendar feed: the SHA-256 of its URL's token (the token itself is never stored),
    the language it is worded in, and what was last served (for ETag and Last-Modified)."""

    __tablename__ = "calendar_feeds"
    __table_args__ = (
        UniqueConstraint("team_id", "school_id", name="uq_calendar_feeds_school"),
        UniqueConstraint("token_hash", name="uq_calendar_feeds_token_hash"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    team_id: Mapped[str] = mapped_column(String(32))
    school_id: Mapped[int] = mapped_column(ForeignKey("schools.id", ondelete="CASCADE"))
    token_hash: Mapped[str] = mapped_column(String(64))  # hex SHA-256 of the URL's token
    lang: Mapped[str] = mapped_column(String(2))
    created_by: Mapped[str] = mapped_column(String(32))
    created_at: Mapped[datetime] = mapped_column(UtcDateTime())
    served_hash: Mapped[str | None] = mapped_column(String(64))  # SHA-256 of the body last served
    served_since: Mapped[datetime | None] = mapped_column(UtcDateTime())  # when that body was first served


# --- Slack installations (OAuth mode) ------------------------------------------------------------
# slack_sdk's SQLAlchemy installation and OAuth state stores own these tables' shape; declaring them
# here puts them under Alembic like every other table. Token columns are wider than slack_sdk's 200
# characters because Bryggan stores them sealed (storage/installations.py), and a sealed rotating
# token is about twice as long as the token.
TOKEN_COLUMNS = ("bot_token", "bot_refresh_token", "user_token", "user_refresh_token")
SEALED_TOKEN_LENGTH = 1000


def _widened(table: Table) -> Table:
    for name in TOKEN_COLUMNS:
        if name in table.c:
            table.c[name].type = String(SEALED_TOKEN_LENGTH)
    return table


SLACK_INSTALLATIONS = _widened(
    SQLAlchemyInstallationStore.build_installations_table(Base.metadata, "slack_installations")
)
SLACK_BOTS = _widened(SQLAlchemyInstallationStore.build_bots_table(Base.metadata, "slack_bots"))
# The state of an OAuth flow under way: no workspace is known yet, so this table has no team_id.
SLACK_OAUTH_STATES = SQLAlchemyOAuthStateStore.build_oauth_states_table(Base.metadata, "slack_oauth_states")


# --- Microsoft Teams ------------------------------------------------------------------------------
class TeamsAddress(Base):
    """A Teams tenant, person or channel under its short internal id, and how Bryggan reaches it.

    The domain and every other table see only the internal id (at most 32 characters, like Slack's
    ids); Teams' own ids and the service URL of its last activity live here alone.
    """

    __tablename__ = "teams_addresses"
    __table_args__ = (
        UniqueConstraint("kind", "teams_id", name="uq_teams_addresses_teams_id"),
        Index("ix_teams_addresses_team", "team_id", "kind"),
    )

    id: Mapped[str] = mapped_column(String(32), primary_key=True)
    kind: Mapped[str] = mapped_column(String(8))  # "tenant", "user" or "channel"
    team_id: Mapped[str] = mapped_column(String(32))  # the tenant's internal id (the workspace)
    teams_id: Mapped[str] = mapped_column(String(255))
    tenant_id: Mapped[str] = mapped_column(String(64))
    service_url: Mapped[str] = mapped_column(String(500))
    # A person's 1:1 chat with the bot, or the channel's conversation: where proactive messages go.
    conversation_id: Mapped[str | None] = mapped_column(String(255))
    # A channel's team in Teams (removing the app from a team ends every channel of it).
    parent_teams_id: Mapped[str | None] = mapped_column(String(255))
    # A person's language as their Teams client last said ("sv"/"en"), for messages Bryggan starts.
    lang: Mapped[str | None] = mapped_column(String(2))
    # A person's display name as Teams last showed it (`from.name`, an @mention's name): staff only,
    # so a notice can mention them by name. Never a child's.
    name: Mapped[str | None] = mapped_column(String(200))
    installed: Mapped[bool] = mapped_column(Boolean(), default=True)
    updated_at: Mapped[datetime] = mapped_column(UtcDateTime())
