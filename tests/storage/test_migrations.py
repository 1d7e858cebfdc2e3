"""Migrations: they build exactly the models' schema, on SQLite and PostgreSQL, and go back down."""

from __future__ import annotations

from alembic.autogenerate import compare_metadata
from alembic.runtime.migration import MigrationContext
from sqlalchemy import inspect

from storage import migrate
from storage.db import make_engine
from storage.models import Base


def test_migrated_schema_matches_the_models(database_url: str) -> None:
    engine = make_engine(database_url)
    with engine.connect() as connection:
        context = MigrationContext.configure(connection, opts={"compare_type": True})
        assert compare_metadata(context, Base.metadata) == []
    assert migrate.is_current(engine)
    engine.dispose()


def test_every_table_carries_team_id(database_url: str) -> None:
    engine = make_engine(database_url)
    inspector = inspect(engine)
    # An OAuth flow's state exists before any workspace is known: it is the one table without team_id.
    tables = [t for t in inspector.get_table_names() if t not in ("alembic_version", "slack_oauth_states")]
    assert tables
    for table in tables:
        assert "team_id" in {c["name"] for c in inspector.get_columns(table)}, table
    engine.dispose()


def test_downgrade_to_base_and_up_again(database_url: str) -> None:
    engine = make_engine(database_url)
    migrate.downgrade(engine, "base")
    assert set(inspect(engine).get_table_names()) <= {"alembic_version"}
    assert not migrate.is_current(engine)
    migrate.upgrade(engine)
    assert migrate.is_current(engine)
    engine.dispose()


def test_workspace_settings_migration_goes_down_to_0008_and_up_again(database_url: str) -> None:
    engine = make_engine(database_url)
    migrate.downgrade(engine, "0008")
    tables = set(inspect(engine).get_table_names())
    assert "workspace_settings" not in tables
    assert "slack_installations" in tables
    migrate.upgrade(engine)
    columns = {c["name"] for c in inspect(engine).get_columns("workspace_settings")}
    assert columns == {"team_id", "key", "value", "updated_by", "updated_at"}
    assert migrate.is_current(engine)
    engine.dispose()
