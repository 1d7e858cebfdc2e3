"""Key rotation: several keys, newest first; `bryggan keys rotate` as a process; an unknown key named
to the administrators by fingerprint, and the asker told their case did not arrive."""

from __future__ import annotations

import os
import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path

import pytest
from cryptography.fernet import Fernet
from pydantic import SecretStr
from sqlalchemy import select

from bot.app import Bryggan, build
from bot.clock import FakeClock
from bot.crypto import TextBox, UnreadableText, fingerprint
from bot.settings import Settings
from localslack import Driver, LocalSlack, Workspace
from storage.models import Consultation, ConsultationReply, DeliveryStatus, OutboxMessage
from tests.e2e import test_consultations as _seeded
from tests.e2e.test_consultation_replies import _delivered_case, _dm_with, _reply, _write
from tests.e2e.test_consultations import CLEAN, _open, _submit
from tests.e2e.test_contacts import Kontakt
from tests.slackbed import PEOPLE, test_settings

OLD, NEW = Fernet.generate_key().decode(), Fernet.generate_key().decode()
ADVICE = "Prata med eleven om frånvaron och bjud in vårdnadshavarna till ett möte på skolan."

kontakt = _seeded.kontakt  # Berzeliusskolan with Sara as contact, Omar as deputy


@pytest.fixture
def settings(database_url: str, slack: LocalSlack, workspace: Workspace) -> Settings:
    """The usual test settings, texts sealed with OLD."""
    return test_settings(database_url=database_url, api_url=slack.api_url, secret_key=SecretStr(OLD))


def _restarted(settings: Settings, clock: FakeClock, *old: str) -> Bryggan:
    """Bryggan started again with NEW as BRYGGAN_SECRET_KEY (and `old` as BRYGGAN_OLD_SECRET_KEYS)."""
    changed = settings.model_copy(
        update={"secret_key": SecretStr(NEW), "old_secret_keys": tuple(SecretStr(k) for k in old)}
    )
    return build(changed, clock=clock, run_migrations=False)


@pytest.fixture
def restarted(settings: Settings, clock: FakeClock) -> Iterator[list[Bryggan]]:
    apps: list[Bryggan] = []
    yield apps
    for app in apps:
        app.close()


def _sealed_texts(bryggan: Bryggan) -> list[str]:
    with bryggan.sessions.begin() as session:
        texts = [c.description for c in session.scalars(select(Consultation))]
        texts += [r.body for r in session.scalars(select(ConsultationReply))]
        texts += [r.args["text"] for r in session.scalars(select(OutboxMessage)) if "text" in r.args]
    return [t for t in texts if t is not None]


def _rotate(tmp_path: Path, database_url: str, *old: str) -> subprocess.CompletedProcess[str]:
    env = {**os.environ, "DATABASE_URL": database_url, "BRYGGAN_SECRET_KEY": NEW}
    env["BRYGGAN_OLD_SECRET_KEYS"] = ",".join(old)
    return subprocess.run(
        [sys.executable, "-m", "bot", "keys", "rotate"],
        cwd=tmp_path,
        env=env,
        capture_output=True,
        text=True,
        encoding="utf-8",
        timeout=60,
    )


def test_keys_rotate_seals_every_stored_text_with_the_new_key(
    kontakt: Kontakt,
    driver: Driver,
    workspace: Workspace,
    bryggan: Bryggan,
    database_url: str,
    tmp_path: Path,
) -> None:
    received, _receipt = _delivered_case(kontakt, driver, workspace)
    _write(driver, workspace, PEOPLE.sara, received, "Svara", _reply(ADVICE))  # reply stored, queued
    before = _sealed_texts(bryggan)
    assert len(before) >= 4  # description, reply, and texts in the outbox

    done = _rotate(tmp_path, database_url, OLD)
    assert done.returncode == 0, done.stderr
    assert done.stdout.strip() == (
        f"{len(before)} texter krypterades om med nyckeln {fingerprint(NEW)} (BRYGGAN_SECRET_KEY). "
        "Nu kan de gamla nycklarna tas bort ur BRYGGAN_OLD_SECRET_KEYS."
    )
    after = _sealed_texts(bryggan)
    only_new = TextBox(NEW)
    assert sorted(only_new.open(t) for t in after) == sorted(TextBox(OLD).open(t) for t in before)
    assert CLEAN in {only_new.open(t) for t in after}
    with pytest.raises(UnreadableText):
        TextBox(OLD).open(after[0])


def test_keys_rotate_without_the_old_key_names_fingerprints_and_changes_nothing(
    kontakt: Kontakt,
    driver: Driver,
    workspace: Workspace,
    bryggan: Bryggan,
    database_url: str,
    tmp_path: Path,
) -> None:
    _open(driver, workspace)
    _submit(driver, CLEAN)
    before = _sealed_texts(bryggan)

    done = _rotate(tmp_path, database_url)
    assert done.returncode == 1
    assert f"kunde inte läsas med någon av nycklarna {fingerprint(NEW)} och lämnades orörda" in done.stderr
    assert NEW not in done.stdout + done.stderr
    assert "Traceback" not in done.stderr
    assert _sealed_texts(bryggan) == before


def test_an_old_key_still_opens_texts_after_the_key_changed(
    kontakt: Kontakt,
    driver: Driver,
    workspace: Workspace,
    settings: Settings,
    clock: FakeClock,
    restarted: list[Bryggan],
) -> None:
    _open(driver, workspace)
    _submit(driver, CLEAN)
    app = _restarted(settings, clock, OLD)
    restarted.append(app)
    app.dispatcher.run_once()
    received = _dm_with(workspace, PEOPLE.sara, "Ny konsultation")
    assert CLEAN in received.text


def test_a_text_no_key_opens_tells_the_admin_which_keys_and_the_asker_it_did_not_arrive(
    kontakt: Kontakt,
    driver: Driver,
    workspace: Workspace,
    settings: Settings,
    clock: FakeClock,
    restarted: list[Bryggan],
) -> None:
    _open(driver, workspace)
    _submit(driver, CLEAN)
    app = _restarted(settings, clock)  # the key was replaced, the old one not kept
    restarted.append(app)
    for _ in range(3):
        app.dispatcher.run_once()

    assert not [m for m in workspace.dm_messages_to(PEOPLE.sara) if "Ny konsultation" in m.text]
    with app.sessions.begin() as session:
        row = session.scalars(
            select(OutboxMessage).where(OutboxMessage.template == "consultation_received")
        ).one()
        assert (row.status, row.last_error) == (DeliveryStatus.DEAD, "text_unreadable")
    admin = _dm_with(workspace, PEOPLE.admin, "kunde inte leverera")
    assert (
        "krypterad med en nyckel som Bryggan inte har. "
        f"Nycklar som prövades (fingeravtryck, nyaste först): {fingerprint(NEW)}." in admin.text
    )
    assert "render_failed" not in admin.text
    assert "inbjuden" not in admin.text
    assert NEW not in admin.text
    told = _dm_with(workspace, PEOPLE.rektor, "kunde inte levereras")
    assert told.text.startswith("Din konsultation *K-2026-0001* om Berzeliusskolan kunde inte levereras")
    assert "*inte* tagits emot" in told.text
