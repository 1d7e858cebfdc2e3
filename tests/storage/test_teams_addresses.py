"""Teams addresses: short stable internal ids, and upserts that keep what a newer activity lacks."""

from collections.abc import Iterator
from datetime import UTC, datetime

import pytest
from sqlalchemy.orm import Session

from storage.db import make_engine, make_sessions
from storage.models import TeamsAddress
from storage.teams_addresses import (
    Person,
    addresses_of,
    get_address,
    internal_id,
    is_teams,
    names_of,
    remember,
    set_installed,
)

AT = datetime(2026, 12, 4, 9, 0, tzinfo=UTC)
TENANT = "11111111-2222-3333-4444-555555555555"
LONG_USER = "29:" + "1" * 120


@pytest.fixture
def session(database_url: str) -> Iterator[Session]:
    engine = make_engine(database_url)
    with make_sessions(engine).begin() as session:
        yield session
    engine.dispose()


def test_internal_ids_are_short_stable_and_distinct_per_kind() -> None:
    user = internal_id("user", LONG_USER)
    assert len(user) <= 32
    assert user.startswith("MU")
    assert internal_id("user", LONG_USER) == user
    assert internal_id("channel", LONG_USER) != user
    assert is_teams(user)
    assert is_teams(internal_id("tenant", TENANT))
    assert not is_teams("T0123ABCD")
    assert not is_teams("U0123ABCD")


def test_remember_keeps_a_known_conversation_and_refreshes_the_service_url(session: Session) -> None:
    remember(
        session,
        kind="user",
        teams_id=LONG_USER,
        tenant_id=TENANT,
        service_url="https://a.example/teams",
        at=AT,
        conversation_id="a:chat1",
    )
    row = remember(
        session,
        kind="user",
        teams_id=LONG_USER,
        tenant_id=TENANT,
        service_url="https://b.example/teams",
        at=AT,
    )
    assert row.conversation_id == "a:chat1"
    assert row.service_url == "https://b.example/teams"
    assert row.team_id == internal_id("tenant", TENANT)
    assert [a.id for a in addresses_of(session, team_id=row.team_id, kind="user")] == [row.id]


def test_a_later_activity_without_a_name_keeps_the_persons_display_name(session: Session) -> None:
    def seen(teams_id: str, name: str | None = None, tenant: str = TENANT) -> TeamsAddress:
        return remember(
            session,
            kind="user",
            teams_id=teams_id,
            tenant_id=tenant,
            service_url="https://a.x",
            at=AT,
            name=name,
        )

    row = seen(LONG_USER, " Sam Socialsekreterare ")
    assert row.name == "Sam Socialsekreterare"
    assert seen(LONG_USER).name == "Sam Socialsekreterare"  # an activity without a name
    assert seen(LONG_USER, "  ").name == "Sam Socialsekreterare"
    assert seen(LONG_USER, "Sam S").name == "Sam S"  # renamed in Teams
    seen("29:unnamed")
    other = seen("29:other", "Olle", tenant="other-tenant")

    wanted = [row.id, internal_id("user", "29:unnamed"), other.id]
    # Only those known by name, and only in the tenant asked about.
    assert names_of(session, team_id=row.team_id, ids=wanted) == {row.id: Person(LONG_USER, "Sam S")}
    assert names_of(session, team_id=row.team_id, ids=[]) == {}


def test_set_installed_marks_a_person_unreachable(session: Session) -> None:
    row = remember(session, kind="user", teams_id=LONG_USER, tenant_id=TENANT, service_url="u", at=AT)
    assert set_installed(session, id=row.id, installed=False, at=AT)
    session.expire_all()
    assert get_address(session, id=row.id).installed is False
    assert not set_installed(session, id="MUNOTHERE", installed=False, at=AT)
