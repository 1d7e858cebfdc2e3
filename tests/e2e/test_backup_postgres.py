"""The README's pg_dump / pg_restore for PostgreSQL: a restored copy still decrypts with the key."""

from __future__ import annotations

import shutil
import subprocess
import uuid
from pathlib import Path

import pytest
from cryptography.fernet import Fernet
from pydantic import SecretStr
from sqlalchemy import select, text
from sqlalchemy.engine import make_url

from bot.app import Bryggan
from bot.crypto import TextBox
from bot.settings import Settings
from localslack import Driver, LocalSlack, Workspace
from storage.db import make_engine, make_sessions
from storage.models import Consultation
from tests.e2e import test_consultations as _seeded
from tests.e2e.test_consultations import CLEAN, _open, _submit
from tests.slackbed import test_settings

KEY = Fernet.generate_key().decode()
kontakt = _seeded.kontakt


@pytest.fixture
def settings(database_url: str, slack: LocalSlack, workspace: Workspace) -> Settings:
    if not database_url.startswith("postgresql") or shutil.which("pg_dump") is None:
        pytest.skip("needs BRYGGAN_TEST_DATABASE_URL on PostgreSQL and pg_dump, pg_restore")
    return test_settings(database_url=database_url, api_url=slack.api_url, secret_key=SecretStr(KEY))


def _libpq(url: str) -> str:
    """The URL as pg_dump and psql take it (no SQLAlchemy driver, no search_path option)."""
    parsed = make_url(url).set(drivername="postgresql").difference_update_query(["options"])
    return parsed.render_as_string(hide_password=False)


@pytest.mark.usefixtures("kontakt")
def test_pg_dump_and_pg_restore_round_trip_still_decrypts(
    driver: Driver, workspace: Workspace, bryggan: Bryggan, tmp_path: Path
) -> None:
    _open(driver, workspace)
    _submit(driver, CLEAN)
    url = make_url(bryggan.settings.database_url)
    schema = url.query["options"].removeprefix("-csearch_path=")  # the test run's own schema
    dump = tmp_path / "bryggan.dump"
    subprocess.run(
        ["pg_dump", "--format=custom", f"--schema={schema}", f"--file={dump}", _libpq(str(url))], check=True
    )
    restored = f"bryggan_restore_{uuid.uuid4().hex[:8]}"
    admin = make_engine(_libpq(str(url)).replace("postgresql://", "postgresql+psycopg://", 1))
    with admin.connect().execution_options(isolation_level="AUTOCOMMIT") as connection:
        connection.execute(text(f'CREATE DATABASE "{restored}"'))
    target = make_url(_libpq(str(url))).set(database=restored)
    try:
        subprocess.run(
            [
                "pg_restore",
                "--no-owner",
                f"--dbname={target.render_as_string(hide_password=False)}",
                str(dump),
            ],
            check=True,
        )
        copy = make_engine(
            target.set(drivername="postgresql+psycopg")
            .update_query_dict({"options": f"-csearch_path={schema}"})
            .render_as_string(hide_password=False)
        )
        with make_sessions(copy).begin() as session:
            sealed = [c.description for c in session.scalars(select(Consultation))]
        copy.dispose()
    finally:
        with admin.connect().execution_options(isolation_level="AUTOCOMMIT") as connection:
            connection.execute(text(f'DROP DATABASE IF EXISTS "{restored}" WITH (FORCE)'))
        admin.dispose()
    assert len(sealed) == 1
    assert sealed[0] != CLEAN
    assert TextBox(KEY).open(sealed[0]) == CLEAN
