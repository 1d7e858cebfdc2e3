"""`bryggan db backup FILE`: a consistent copy of a SQLite database, taken while Bryggan runs."""

from __future__ import annotations

import sqlite3
from pathlib import Path

from sqlalchemy.engine import make_url


class NotSqlite(Exception):
    """The database is not SQLite: PostgreSQL is backed up with pg_dump (see README)."""


def sqlite_path(database_url: str) -> Path:
    """The file of a SQLite database URL; NotSqlite for any other database or an in-memory one."""
    url = make_url(database_url)
    if url.get_backend_name() != "sqlite" or url.database in (None, "", ":memory:"):
        raise NotSqlite
    return Path(url.database)


def backup_sqlite(source: Path, target: Path) -> int:
    """Copy `source` to `target` with SQLite's online backup API; returns the pages copied.

    The backup API copies a consistent snapshot even while other connections write (it restarts
    if a writer changes a page under it), unlike copying the file, which can tear a WAL database.
    """
    src, dst = sqlite3.connect(source, timeout=30), sqlite3.connect(target)
    try:
        src.backup(dst, pages=1024)
        # The copy is one file: without WAL it needs no -wal/-shm companions to be whole.
        dst.execute("PRAGMA journal_mode=DELETE")
        return int(dst.execute("PRAGMA page_count").fetchone()[0])
    finally:
        dst.close()
        src.close()
