"""Test databases: a migrated SQLite file per test, or a private schema on PostgreSQL.

Set BRYGGAN_TEST_DATABASE_URL=postgresql+psycopg://user@host/db to run the suite on PostgreSQL:
the session creates its own schema there (so parallel runs never collide), migrates it once,
empties every table between tests, and drops the schema at the end.
"""

from __future__ import annotations

import shutil
import uuid
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from pathlib import Path

from sqlalchemy import Engine, text
from sqlalchemy.engine import make_url

from storage import migrate
from storage.db import make_engine
from storage.models import Base


class TestDatabase:
    """One backend for the whole session; `fresh()` hands each test a clean database URL."""

    __test__ = False

    def __init__(self, url: str, reset: Callable[[Path], str]) -> None:
        self.url = url
        self._reset = reset

    @property
    def backend(self) -> str:
        """`sqlite` or `postgresql`."""
        return make_url(self.url).get_backend_name()

    def fresh(self, workdir: Path) -> str:
        """A URL to an empty, migrated database for one test."""
        return self._reset(workdir)


@contextmanager
def sqlite_database(root: Path) -> Iterator[TestDatabase]:
    """Migrate one SQLite file, then copy it for every test (much faster than migrating each time)."""
    template = root / "template.db"
    engine = make_engine(f"sqlite:///{template}")
    migrate.upgrade(engine)
    engine.dispose()

    def reset(workdir: Path) -> str:
        target = workdir / "bryggan.db"
        shutil.copyfile(template, target)
        return f"sqlite:///{target}"

    yield TestDatabase(f"sqlite:///{template}", reset)


@contextmanager
def postgres_database(server_url: str) -> Iterator[TestDatabase]:
    """A private schema on the given PostgreSQL database, emptied between tests and dropped at the end."""
    schema = f"bryggan_test_{uuid.uuid4().hex[:12]}"
    admin = make_engine(server_url)
    with admin.begin() as connection:
        connection.execute(text(f'CREATE SCHEMA "{schema}"'))
    url = make_url(server_url).update_query_dict({"options": f"-csearch_path={schema}"})
    url_text = url.render_as_string(hide_password=False)
    engine = make_engine(url_text)
    migrate.upgrade(engine)

    def reset(_workdir: Path) -> str:
        _truncate_all(engine)
        return url_text

    try:
        yield TestDatabase(url_text, reset)
    finally:
        engine.dispose()
        with admin.begin() as connection:
            connection.execute(text(f'DROP SCHEMA "{schema}" CASCADE'))
        admin.dispose()


def _truncate_all(engine: Engine) -> None:
    names = ", ".join(f'"{table.name}"' for table in Base.metadata.sorted_tables)
    with engine.begin() as connection:
        connection.execute(text(f"TRUNCATE {names} RESTART IDENTITY CASCADE"))
