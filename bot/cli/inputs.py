"""What the administrator's tools read, each refused with one line: ids, files, days, the database."""

from __future__ import annotations

import logging
import sys
from collections.abc import Iterator
from contextlib import contextmanager
from datetime import date
from pathlib import Path
from typing import Any

from sqlalchemy import Engine
from sqlalchemy.exc import OperationalError

from bot.settings import Settings
from templates import unescape_mrkdwn


class Refused(Exception):
    """One line for the administrator: nothing was done."""


def team(words: Any, value: str) -> str:
    """`value` if it is a workspace id as Bryggan stores it (--team)."""
    from bot.schools import TEAM_ID

    if not TEAM_ID.match(value):
        raise Refused(words.team_invalid(value))
    return value


def read(words: Any, name: str) -> bytes:
    """The bytes of the file `name`."""
    try:
        return Path(name).read_bytes()
    except FileNotFoundError:
        raise Refused(words.file_missing(name)) from None
    except OSError:
        raise Refused(words.file_unreadable(name)) from None


def day(words: Any, option: str, value: str | None) -> date | None:
    """The day an option gives as YYYY-MM-DD, if given."""
    if value is None:
        return None
    try:
        return date.fromisoformat(value)
    except ValueError:
        raise Refused(words.bad_date(option, value)) from None


@contextmanager
def database(settings: Settings, words: Any) -> Iterator[Engine]:
    """An engine on a database at the newest migration; the tools never migrate by themselves."""
    from storage import migrate
    from storage.db import make_engine

    # Alembic announces its context at INFO: noise in a tool whose output a person reads.
    logging.getLogger("alembic.runtime.migration").setLevel(logging.WARNING)
    engine = make_engine(_existing_database(settings, words))
    try:
        if not migrate.is_current(engine):
            raise Refused(words.database_behind())
        yield engine
    except OperationalError:
        raise Refused(words.database_unreachable()) from None
    finally:
        engine.dispose()


def _existing_database(settings: Settings, words: Any) -> str:
    """The database URL to read; a missing SQLite file is refused (opening it would create it).

    Without DATABASE_URL, in a folder holding only the console's demo database, that one is meant.
    """
    from sqlalchemy.engine import make_url

    from bot.console import DEMO_DATABASE

    url = make_url(settings.database_url)
    if not url.drivername.startswith("sqlite") or url.database in (None, "", ":memory:"):
        return settings.database_url
    path = Path(url.database)
    if path.exists():
        return settings.database_url
    if "database_url" not in settings.model_fields_set and DEMO_DATABASE.exists():
        print(unescape_mrkdwn(str(words.using_demo(str(DEMO_DATABASE)))), file=sys.stderr)
        return f"sqlite:///{DEMO_DATABASE}"
    raise Refused(words.database_missing(str(path), str(DEMO_DATABASE)))
