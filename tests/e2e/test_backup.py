"""`bryggan db backup FILE` as a process while Bryggan runs: the copy opens and its texts still decrypt."""

from __future__ import annotations

import os
import sqlite3
import subprocess
import sys
from pathlib import Path

import pytest
from cryptography.fernet import Fernet
from pydantic import SecretStr
from sqlalchemy import select

from bot.app import Bryggan
from bot.crypto import TextBox
from bot.settings import Settings
from localslack import Driver, LocalSlack, Workspace
from storage import migrate
from storage.db import make_engine, make_sessions
from storage.models import Consultation
from tests.e2e import test_consultations as _seeded
from tests.e2e.test_consultations import CLEAN, _open, _submit
from tests.e2e.test_contacts import Kontakt
from tests.slackbed import test_settings

KEY = Fernet.generate_key().decode()
kontakt = _seeded.kontakt


@pytest.fixture
def settings(database_url: str, slack: LocalSlack, workspace: Workspace) -> Settings:
    if not database_url.startswith("sqlite"):
        pytest.skip("bryggan db backup is for SQLite; PostgreSQL uses pg_dump (README)")
    return test_settings(database_url=database_url, api_url=slack.api_url, secret_key=SecretStr(KEY))


def _backup(tmp_path: Path, database_url: str, target: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-m", "bot", "db", "backup", target],
        cwd=tmp_path,
        env={**os.environ, "DATABASE_URL": database_url},
        capture_output=True,
        text=True,
        encoding="utf-8",
        timeout=60,
    )


def test_a_backup_taken_while_running_restores_and_still_decrypts_with_the_key(
    kontakt: Kontakt, driver: Driver, workspace: Workspace, bryggan: Bryggan, tmp_path: Path
) -> None:
    _open(driver, workspace)
    _submit(driver, CLEAN)
    done = _backup(tmp_path, bryggan.settings.database_url, "kopia.db")
    assert done.returncode == 0, done.stderr
    assert done.stdout.startswith("Säkerhetskopian skrevs till kopia.db")
    assert "BRYGGAN_SECRET_KEY" in done.stdout
    # Restoring a SQLite backup is putting the file where DATABASE_URL points.
    restored = tmp_path / "restored.db"
    (tmp_path / "kopia.db").rename(restored)
    engine = make_engine(f"sqlite:///{restored}")
    try:
        assert migrate.is_current(engine)
        with make_sessions(engine).begin() as session:
            sealed = [c.description for c in session.scalars(select(Consultation))]
    finally:
        engine.dispose()
    assert len(sealed) == 1
    assert sealed[0] != CLEAN
    assert TextBox(KEY).open(sealed[0]) == CLEAN


def test_backup_refuses_to_overwrite_and_to_copy_postgresql(tmp_path: Path) -> None:
    with sqlite3.connect(tmp_path / "bryggan.db") as source:
        source.execute("CREATE TABLE t (x)")
    (tmp_path / "finns.db").write_bytes(b"old")
    exists = _backup(tmp_path, f"sqlite:///{tmp_path / 'bryggan.db'}", "finns.db")
    assert (exists.returncode, exists.stdout) == (2, "")
    assert 'filen "finns.db" finns redan' in exists.stderr
    assert (tmp_path / "finns.db").read_bytes() == b"old"
    postgres = _backup(tmp_path, "postgresql+psycopg://u@127.0.0.1:1/none", "ny.db")
    assert postgres.returncode == 2
    assert "pg_dump" in postgres.stderr
    assert not (tmp_path / "ny.db").exists()
