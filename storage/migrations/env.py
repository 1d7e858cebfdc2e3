"""Alembic environment: the connection is handed over by storage.migrate (no alembic.ini)."""

from __future__ import annotations

from alembic import context

from storage.models import Base, UtcDateTime


def _render_item(kind: str, obj: object, autogen_context: object) -> str | bool:
    # Migrations must not import the live models: render the UTC type as plain DateTime.
    if kind == "type" and isinstance(obj, UtcDateTime):
        return "sa.DateTime(timezone=True)"
    return False


config = context.config
connection = config.attributes.get("connection")
if connection is None:
    raise RuntimeError("run migrations through `bryggan db upgrade` (storage.migrate)")

context.configure(
    connection=connection,
    target_metadata=Base.metadata,
    render_as_batch=connection.dialect.name == "sqlite",  # SQLite alters tables by copy
    compare_type=True,
    render_item=_render_item,
)
with context.begin_transaction():
    context.run_migrations()
