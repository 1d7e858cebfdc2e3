"""`bryggan doctor` as a process against the stand-in: a healthy set-up, then broken ones, each explained."""

from __future__ import annotations

import os
import re
import subprocess
import sys
from datetime import UTC, date, datetime, timedelta
from pathlib import Path

import pytest
from cryptography.fernet import Fernet
from slack_sdk.oauth.installation_store import Installation
from sqlalchemy import create_engine

from bot.crypto import TextBox
from bot.doctor import SCOPES
from localslack import LocalSlack, Workspace
from storage.db import make_engine, make_sessions
from storage.installations import SealedInstallationStore
from storage.models import DeliveryStatus, OutboxMessage, School, SchoolKind
from storage.workspace_settings import put_setting
from tests.slackbed import APP_TOKEN, BOT_TOKEN, CHANNELS, TEAM

KEY, OTHER_KEY = Fernet.generate_key().decode(), Fernet.generate_key().decode()


def _breaks_file(folder: Path) -> Path:
    # Real time runs in the process: a sportlov and a höstlov every year from now on cover any term.
    year = date.today().year
    rows = [f"Sportlov {y};{y}-W08\nHöstlov {y};{y}-W44" for y in range(year, year + 3)]
    path = folder / "lov.csv"
    path.write_text("name;week\n" + "\n".join(rows) + "\n", encoding="utf-8")
    return path


def _doctor(tmp_path: Path, env: dict[str, str], *args: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-m", "bot", "doctor", *args],
        cwd=tmp_path,
        env={**os.environ, **env},
        capture_output=True,
        text=True,
        encoding="utf-8",
        timeout=60,
    )


@pytest.fixture
def env(database_url: str, slack: LocalSlack, workspace: Workspace, tmp_path: Path) -> dict[str, str]:
    """A healthy set-up: a linked channel Bryggan is in, a sealed text, breaks for every term."""
    _add(
        database_url,
        School(
            team_id=TEAM,
            name="Berzeliusskolan",
            kind=SchoolKind.KOMMUNAL,
            channel_id=CHANNELS.berzelius,
            created_at=datetime.now(UTC),
        ),
    )
    _add(database_url, _row("sent-1", DeliveryStatus.SENT, timedelta(hours=-2), TextBox(KEY).seal("hej")))
    return {
        "DATABASE_URL": database_url,
        "SLACK_API_URL": slack.api_url,
        "SLACK_BOT_TOKEN": BOT_TOKEN,
        "SLACK_APP_TOKEN": APP_TOKEN,
        "BRYGGAN_SECRET_KEY": KEY,
        "BRYGGAN_SCHOOL_BREAKS": str(_breaks_file(tmp_path)),
    }


def _row(key: str, status: DeliveryStatus, due_in: timedelta, text: str = "x") -> OutboxMessage:
    now = datetime.now(UTC)
    return OutboxMessage(
        team_id=TEAM,
        key=key,
        recipient=CHANNELS.berzelius,
        template="announcement",
        args={"text": text},
        due_at=now + due_in,
        next_attempt_at=now + due_in,
        status=status,
        created_at=now,
    )


def _add(database_url: str, row: object) -> None:
    engine = make_engine(database_url)
    with make_sessions(engine).begin() as session:
        session.add(row)
    engine.dispose()


def test_a_healthy_set_up_passes_every_check_and_exits_0(tmp_path: Path, env: dict[str, str]) -> None:
    done = _doctor(tmp_path, env)
    assert done.returncode == 0, done.stdout + done.stderr
    lines = done.stdout.splitlines()
    assert lines == [
        "OK   Inställningar: Socket Mode",
        "OK   Databasen: nåbar och migrerad",
        "OK   Slack-token: arbetsyta Testkommunen, bot bryggan",
        "OK   Anslutning: Socket Mode-anslutning kan öppnas",
        "OK   Skolkanaler: Bryggan kan skriva i 1 kopplad kanal",
        f"OK   Lovfilen: 6 lov, {lines[5].split()[-2]} täckt",
        f"OK   Krypteringsnycklar: ett lagrat prov öppnas (nyckel {TextBox(KEY).fingerprints[0]})",
        "OK   Utkorgen: inga döda eller fastnade meddelanden",
        "Allt ser bra ut.",
    ]
    assert lines[5].split()[-2].startswith(("HT", "VT"))


def test_a_broken_set_up_names_each_failure_with_its_fix_and_exits_1(
    tmp_path: Path, env: dict[str, str], workspace: Workspace
) -> None:
    workspace.channels[CHANNELS.berzelius].bot_member = False
    workspace.scopes = frozenset(SCOPES - {"groups:read", "files:write"})
    _add(env["DATABASE_URL"], _row("dead-1", DeliveryStatus.DEAD, timedelta(hours=-1)))
    _add(env["DATABASE_URL"], _row("stuck-1", DeliveryStatus.PENDING, timedelta(minutes=-40)))
    (tmp_path / "lov.csv").write_text("name;first;last\nJullov;2001-12-22;2002-01-06\n", encoding="utf-8")
    done = _doctor(tmp_path, {**env, "BRYGGAN_SECRET_KEY": OTHER_KEY, "SLACK_APP_TOKEN": "xapp-wrong"})
    assert done.returncode == 1
    out = done.stdout
    assert (
        "FEL  Slack-token: token saknar behörigheterna files:write, groups:read\n     Åtgärd: lägg till"
        in out
    )
    assert (
        "FEL  Anslutning: Slack öppnar ingen Socket Mode-anslutning med SLACK_APP_TOKEN (invalid_auth)" in out
    )
    assert "FEL  Skolkanaler: Bryggan är inte medlem i kanalen för Berzeliusskolan (C0BERZELI)" in out
    assert "Åtgärd: skriv /invite @Bryggan i kanalen C0BERZELI" in out
    assert "FEL  Lovfilen: filen har inget lov under " in out
    assert "FEL  Krypteringsnycklar: en lagrad text går inte att öppna" in out
    assert "BRYGGAN_OLD_SECRET_KEYS" in out
    assert "FEL  Utkorgen: 1 döda och 0 utgångna meddelanden de senaste 7 dagarna" in out
    assert "FEL  Utkorgen: det äldsta väntande meddelandet skulle ha skickats för 40 minuter sedan" in out
    assert out.endswith("\n7 problem hittades.\n")


def test_an_unreachable_database_and_slack_are_explained_not_a_traceback(tmp_path: Path) -> None:
    env = {
        "DATABASE_URL": f"sqlite:///{tmp_path / 'saknas.db'}",
        "SLACK_API_URL": "http://127.0.0.1:9/api/",
        "SLACK_BOT_TOKEN": BOT_TOKEN,
    }
    done = _doctor(tmp_path, env, "--http")
    assert done.returncode == 1
    assert done.stderr == ""
    out = done.stdout
    assert "FEL  Inställningar: BRYGGAN_SECRET_KEY, SLACK_SIGNING_SECRET saknas" in out
    assert f"FEL  Databasen: databasfilen {tmp_path / 'saknas.db'} finns inte" in out
    assert "FEL  Slack-token: Slack svarar inte på http://127.0.0.1:9/api/" in out
    assert "OBS  Anslutning: Slack når begäran-URL:en bara utifrån" in out
    assert "OBS  Skolkanaler: hoppades över: kräver databasen" in out
    assert not (tmp_path / "saknas.db").exists()


def test_an_unmigrated_database_and_a_bad_setting(tmp_path: Path) -> None:
    empty = tmp_path / "tom.db"
    create_engine(f"sqlite:///{empty}").connect().close()
    behind = _doctor(tmp_path, {"DATABASE_URL": f"sqlite:///{empty}"})
    assert "FEL  Databasen: databasen har inte det senaste schemat\n     Åtgärd: kör bryggan db upgrade" in (
        behind.stdout
    )
    bad = _doctor(tmp_path, {"BRYGGAN_TIMEZONE": "Mars/Olympus"})
    assert bad.returncode == 2
    assert bad.stdout.startswith("FEL  Inställningar: BRYGGAN_TIMEZONE: is not a known time zone")


# --- OAuth mode: several workspaces, each with its own installed token ---------------------------------
CLIENT_ID, CLIENT_SECRET, SIGNING_SECRET = "1111.2222", "oauth-client-secret", "one-signing-secret"


def _install(database_url: str, key: str, team: str, name: str, token: str, **fields: object) -> None:
    """Store an installation as Bolt's OAuth flow does (sealed with `key`)."""
    engine = make_engine(database_url)
    store = SealedInstallationStore(client_id=CLIENT_ID, engine=engine, box=TextBox(key))
    store.save(
        Installation(
            app_id="A0BRYGGAN",
            team_id=team,
            team_name=name,
            bot_token=token,
            bot_id=f"B0{team}",
            bot_user_id=f"U0{team}",
            bot_scopes=",".join(sorted(SCOPES)),
            user_id="U0ADMIN01",
            **fields,  # type: ignore[arg-type]
        )
    )
    engine.dispose()


@pytest.fixture
def oauth_env(env: dict[str, str], slack: LocalSlack, workspace: Workspace) -> dict[str, str]:
    """OAuth mode: the test workspace installed with a working token, a second one whose token expired
    an hour ago and waits for its refresh at the next use (rotation on for both)."""
    slack.add_workspace(team_id="T0FINS001", domain="finspang", name="Finspång", bot_token="xoxb-fins")
    expired = int(datetime.now(UTC).timestamp()) - 3600
    _install(env["DATABASE_URL"], KEY, TEAM, "Testkommunen", BOT_TOKEN, bot_refresh_token="xoxe-1-test")
    _install(
        env["DATABASE_URL"],
        KEY,
        "T0FINS001",
        "Finspång",
        "xoxe.xoxb-1-gone",
        bot_refresh_token="xoxe-1-fins",
        bot_token_expires_at=expired,
    )
    oauth = {k: v for k, v in env.items() if k not in ("SLACK_BOT_TOKEN", "SLACK_APP_TOKEN")}
    return oauth | {
        "SLACK_CLIENT_ID": CLIENT_ID,
        "SLACK_CLIENT_SECRET": CLIENT_SECRET,
        "SLACK_SIGNING_SECRET": SIGNING_SECRET,
    }


def test_oauth_mode_checks_each_installation_and_the_oauth_routes(
    tmp_path: Path, oauth_env: dict[str, str], slack: LocalSlack
) -> None:
    done = _doctor(tmp_path, oauth_env, "--http")
    assert done.returncode == 0, done.stdout + done.stderr
    lines = done.stdout.splitlines()
    assert lines[:5] == [
        "OK   Inställningar: HTTP-läge med OAuth (/slack/install, /slack/oauth_redirect)",
        "OK   Databasen: nåbar och migrerad",
        "OK   Installationer: 2 installerade arbetsytor: 1 svarar på auth.test, 1 med utgången token "
        "förnyas vid nästa anrop; rotation på för 2 av 2",
        "OBS  Anslutning: Slack når /slack/events och /slack/oauth_redirect bara utifrån: under OAuth & "
        "Permissions ska Redirect URL vara Bryggans adress följd av /slack/oauth_redirect, "
        "installationslänken är adressen följd av /slack/install, och token rotation ska vara på; "
        "kontrollera begäran-URL:en med Verify under Event Subscriptions",
        "OK   Skolkanaler: Bryggan kan skriva i 1 kopplad kanal",
    ]
    assert lines[-1] == "Allt ser bra ut."
    # The live token was asked; the expired one was neither used nor refreshed (doctor changes nothing).
    assert [(m, t) for m, t, _ in slack.calls if m == "auth.test"] == [("auth.test", TEAM)]
    assert not [m for m, _t, _a in slack.calls if m == "oauth.v2.access"]


def test_oauth_mode_names_each_broken_installation_and_refuses_socket_mode(
    tmp_path: Path, oauth_env: dict[str, str]
) -> None:
    database_url = oauth_env["DATABASE_URL"]
    _install(database_url, KEY, "T0NORR001", "Norrköping", "xoxe.xoxb-1-revoked", bot_refresh_token="x")
    _install(database_url, KEY, "T0YDRE001", "Ydre", "xoxb-old", bot_token_expires_at=1)
    _install(database_url, OTHER_KEY, "T0KIND001", "Kinda", "xoxb-other-key")
    done = _doctor(tmp_path, oauth_env)
    assert done.returncode == 1
    out = done.stdout
    assert (
        "FEL  Inställningar: OAuth-läget (SLACK_CLIENT_ID och SLACK_CLIENT_SECRET) tar emot "
        "installationer bara i HTTP-läge\n     Åtgärd: kör bryggan run --http" in out
    )
    assert (
        "FEL  Installationer: den lagrade token för T0KIND001 går inte att öppna med BRYGGAN_SECRET_KEY "
        "eller BRYGGAN_OLD_SECRET_KEYS\n     Åtgärd: lägg till nyckeln" in out
    )
    assert (
        "FEL  Installationer: Slack avvisar token för Norrköping (T0NORR001: invalid_auth)\n"
        "     Åtgärd: be en administratör i arbetsytan installera Bryggan igen via installationslänken "
        "(Bryggans adress följd av /slack/install)" in out
    )
    assert "FEL  Installationer: token för Ydre (T0YDRE001) har gått ut och kan inte förnyas" in out
    assert "OK   Installationer" not in out
    assert "OK   Skolkanaler: Bryggan kan skriva i 1 kopplad kanal" in out  # the working workspace's
    assert out.endswith("\n4 problem hittades.\n")


def test_oauth_mode_before_any_installation_names_the_install_link(tmp_path: Path, database_url: str) -> None:
    env = {
        "DATABASE_URL": database_url,
        "SLACK_CLIENT_ID": CLIENT_ID,
        "SLACK_CLIENT_SECRET": CLIENT_SECRET,
        "SLACK_SIGNING_SECRET": SIGNING_SECRET,
        "BRYGGAN_SECRET_KEY": KEY,
    }
    out = _doctor(tmp_path, env, "--http").stdout
    assert (
        "OBS  Installationer: ingen arbetsyta har installerat Bryggan ännu: installationslänken är "
        "Bryggans adress följd av /slack/install" in out
    )
    assert "OBS  Skolkanaler: hoppades över: kräver en giltig token" in out


def _set(database_url: str, team_id: str, key: str, value: str) -> None:
    engine = make_engine(database_url)
    with make_sessions(engine).begin() as session:
        put_setting(session, team_id=team_id, key=key, value=value, by="U0ADMIN1", at=datetime.now(UTC))
    engine.dispose()


def test_each_workspace_keeping_its_own_breaks_is_checked_for_the_coming_term(
    tmp_path: Path, env: dict[str, str]
) -> None:
    covering = _breaks_file(tmp_path).read_text(encoding="utf-8")
    _set(env["DATABASE_URL"], "T0NORR001", "school_breaks", covering)
    _set(env["DATABASE_URL"], "T0FINS001", "school_breaks", "name;first;last\nJullov;2001-12-22;2002-01-06\n")
    _set(env["DATABASE_URL"], "T0MOTA001", "timezone", "Europe/Helsinki")  # and the file's breaks
    done = _doctor(tmp_path, env)
    assert done.returncode == 1
    assert re.search(
        r"^FEL  Arbetsytornas lov: inget lov under kommande termin i T0FINS001 \((HT|VT)\d{4}\)\n"
        r"     Åtgärd: lägg in arbetsytans lov med bryggan settings set --team T… school_breaks FIL",
        done.stdout,
        re.MULTILINE,
    ), done.stdout
    assert "T0NORR001" not in done.stdout
    assert "T0MOTA001" not in done.stdout
    assert "OK   Lovfilen: 6 lov" in done.stdout  # the file the other workspaces follow is fine

    _set(env["DATABASE_URL"], "T0FINS001", "school_breaks", covering)
    done = _doctor(tmp_path, env)  # (Slack allows one Socket Mode connection check a minute)
    ok = (
        "OK   Arbetsytornas lov: 3 arbetsytor med egna lov, terminer eller tidszon,"
        " kommande termin täckt i alla"
    )
    assert ok in done.stdout.splitlines()
