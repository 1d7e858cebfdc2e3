"""Engine and session factory; the unit of work is opened by the use case, never here."""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from typing import Any

from sqlalchemy import Connection, Engine, create_engine, event, text
from sqlalchemy.engine import URL, make_url
from sqlalchemy.orm import Session, sessionmaker


def make_engine(url: str, *, threads: int | None = None, **kwargs: Any) -> Engine:
    """An engine for `url`, its pool sized for `threads` threads at once (SQLAlchemy's 5 when not given)."""
    parsed = make_url(url)
    engine = _engine(parsed, threads, **kwargs)
    # Every engine of the process: a write to the card's tables through any of them ends kept card reads.
    from storage import cards  # here, not above: cards reads through this module

    cards.watch(engine)
    return engine


def _engine(parsed: URL, threads: int | None, **kwargs: Any) -> Engine:
    if threads is not None:
        # One pooled connection a thread. Past the pool's size a thread waits for a connection
        # (PostgreSQL: SQLAlchemy's default pool of 5 was smaller than the HTTP threads alone) or one
        # is opened and closed per checkout (SQLite: its PRAGMAs and an empty statement cache, one
        # request in ten under load). The overflow stays SQLAlchemy's 10, so a process holds at most
        # `threads` + 10 connections to PostgreSQL (README, "Database").
        kwargs.setdefault("pool_size", threads)
    if parsed.get_backend_name() == "sqlite":
        engine = create_engine(parsed, connect_args={"check_same_thread": False, "timeout": 30}, **kwargs)
        event.listen(engine, "connect", _sqlite_pragmas)
        return engine
    return create_engine(parsed, pool_pre_ping=True, **kwargs)


def _sqlite_pragmas(dbapi_connection: Any, _record: Any) -> None:
    # WAL lets the HTTP threads read while the scheduler writes; foreign keys are off by default in SQLite.
    cursor = dbapi_connection.cursor()
    cursor.execute("PRAGMA foreign_keys=ON")
    cursor.execute("PRAGMA journal_mode=WAL")
    cursor.execute("PRAGMA busy_timeout=30000")
    cursor.close()


def make_sessions(engine: Engine) -> sessionmaker[Session]:
    """The session factory; callers open a unit of work with `sessions.begin()`."""
    return sessionmaker(engine, expire_on_commit=False)


@contextmanager
def read_only(sessions: sessionmaker[Session]) -> Iterator[Connection]:
    """A unit of work that only reads plain rows: a pooled connection, without an ORM session.

    For a hot read that loads no ORM objects (the contact card), a session's bookkeeping cost more
    than the query. The connection is handed back to the pool (its transaction rolled back) at the end.
    """
    with sessions.kw["bind"].connect() as connection:
        yield connection


def is_reachable(engine: Engine) -> bool:
    """True when the database answers a trivial query."""
    try:
        with engine.connect() as connection:
            connection.execute(text("SELECT 1"))
    except Exception:  # any failure means "not reachable" for a health check
        return False
    return True
