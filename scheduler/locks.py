"""One delivering process per SQLite database, enforced: SQLite has no SKIP LOCKED to share work."""

from __future__ import annotations

import fcntl
import os
from pathlib import Path
from types import TracebackType

from sqlalchemy.engine import make_url

from bot.errors import ConfigError


class DispatchLockHeld(ConfigError):
    """Another process already delivers from this SQLite database."""


class SingleProcessLock:
    """An exclusive lock on "<db path>.dispatch.lock" for SQLite files; does nothing for PostgreSQL."""

    def __init__(self, database_url: str) -> None:
        self.path = _lock_path(database_url)
        self._fd: int | None = None

    def acquire(self) -> SingleProcessLock:
        """Take the lock now or raise DispatchLockHeld naming the lock file; never waits."""
        if self.path is None or self._fd is not None:
            return self
        fd = os.open(self.path, os.O_RDWR | os.O_CREAT, 0o600)
        try:
            fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
        except BlockingIOError:
            os.close(fd)
            raise DispatchLockHeld(
                f"another Bryggan process is delivering from this SQLite database ({self.path} is locked); "
                "use PostgreSQL for several processes"
            ) from None
        self._fd = fd
        return self

    def close(self) -> None:
        """Release the lock (the kernel also releases it when the process dies)."""
        if self._fd is not None:
            fcntl.flock(self._fd, fcntl.LOCK_UN)
            os.close(self._fd)
            self._fd = None

    def __enter__(self) -> SingleProcessLock:
        return self.acquire()

    def __exit__(
        self, kind: type[BaseException] | None, value: BaseException | None, tb: TracebackType | None
    ) -> None:
        self.close()


def _lock_path(database_url: str) -> Path | None:
    url = make_url(database_url)
    if url.get_backend_name() != "sqlite":
        return None
    database = url.database or ""
    if database in ("", ":memory:") or database.startswith("file:"):
        # An in-memory database lives in one process already; nothing to share.
        return None
    return Path(database).resolve().with_name(Path(database).name + ".dispatch.lock")
