"""`bryggan db backup FILE`: the words around storage.backup for the administrator."""

from __future__ import annotations

import sqlite3
import sys
from pathlib import Path
from typing import Any

from bot.console import DEMO_DATABASE
from bot.settings import Settings
from storage.backup import NotSqlite, backup_sqlite, sqlite_path
from templates import unescape_mrkdwn


def backup_command(settings: Settings, target: str, words: Any) -> int:
    """Copy the SQLite database to `target`; 2 with one line on stderr when that cannot be done."""
    try:
        source = sqlite_path(settings.database_url)
    except NotSqlite:
        return _refuse(words.backup_not_sqlite())
    if not source.exists():
        return _refuse(words.database_missing(str(source), str(DEMO_DATABASE)))
    path = Path(target)
    if path.exists():
        return _refuse(words.backup_exists(target))
    try:
        pages = backup_sqlite(source, path)
    except (OSError, sqlite3.Error):
        return _refuse(words.output_unwritable(target))
    print(unescape_mrkdwn(str(words.backup_done(target, pages))))
    return 0


def _refuse(message: object) -> int:
    print(f"bryggan: {unescape_mrkdwn(str(message))}", file=sys.stderr)
    return 2
