"""`bryggan settings show|set|unset`: a workspace's own values over the environment's defaults."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest
from sqlalchemy import select

from bot.cli import main
from storage.db import make_engine, make_sessions
from storage.models import AuditEvent, School, WorkspaceSetting

A, B = "T0AAAAAA1", "T0BBBBBB2"


@pytest.fixture
def env(monkeypatch: pytest.MonkeyPatch, database_url: str) -> str:
    monkeypatch.setenv("DATABASE_URL", database_url)
    monkeypatch.setenv("BRYGGAN_FALLBACK_CHANNEL", "C0ENVFALL")
    return database_url


def _run(capsys: pytest.CaptureFixture[str], *args: str) -> tuple[int, str, str]:
    code = main(["settings", *args])
    out, err = capsys.readouterr()
    return code, out, err


def _shown(out: str) -> dict[str, str]:
    return dict(line.split(" = ", 1) for line in out.splitlines())


def test_set_show_unset_round_trip(env: str, capsys: pytest.CaptureFixture[str], tmp_path: Path) -> None:
    assert _run(capsys, "set", "--team", A, "fallback_channel", "C0AFALLBK") == (
        0,
        f"fallback_channel i {A} ändrades.\n",
        "",
    )
    assert _run(capsys, "set", "--team", A, "intake_text", "Ring mottagningen: 013-20 00 00.")[0] == 0
    code, out, _ = _run(capsys, "show", "--team", A)
    shown = _shown(out)
    assert code == 0
    assert shown["fallback_channel"] == "C0AFALLBK"
    assert shown["intake_text"] == "Ring mottagningen: 013-20 00 00."
    assert shown["timezone"] == "Europe/Stockholm  (standard från miljön)"
    # Workspace B, never set, shows the environment's values.
    assert (
        _shown(_run(capsys, "show", "--team", B)[1])["fallback_channel"]
        == "C0ENVFALL  (standard från miljön)"
    )
    assert _run(capsys, "unset", "--team", A, "fallback_channel")[1] == (
        f"fallback_channel i {A} följer nu standardvärdet från miljön.\n"
    )
    assert (
        _shown(_run(capsys, "show", "--team", A)[1])["fallback_channel"]
        == "C0ENVFALL  (standard från miljön)"
    )
    engine = make_engine(env)
    with make_sessions(engine).begin() as session:
        audit = [(e.team_id, e.actor_id, e.action, e.subject_id) for e in session.scalars(select(AuditEvent))]
    engine.dispose()
    assert audit == [
        (A, "cli", "setting_changed", "fallback_channel"),
        (A, "cli", "setting_changed", "intake_text"),
        (A, "cli", "setting_reset", "fallback_channel"),
    ]


def test_a_bad_value_is_refused_in_swedish_and_changes_nothing(
    env: str, capsys: pytest.CaptureFixture[str], tmp_path: Path
) -> None:
    assert _run(capsys, "set", "--team", A, "timezone", "Europe/Linköping") == (
        2,
        "",
        'bryggan: "Europe/Linköping" är ingen tidszon jag känner till. Skriv till exempel Europe/Stockholm.'
        " Ingenting ändrades.\n",
    )
    assert _run(capsys, "set", "--team", A, "retention_days", "0")[0] == 2
    (tmp_path / "lov.csv").write_text("name;first;last\nSportlov;2027-02-30;2027-02-26\n", encoding="utf-8")
    assert _run(capsys, "set", "--team", A, "school_breaks", "lov.csv")[2] == (
        "bryggan: Lovfilen går inte att läsa (YAML eller CSV med namn och första och sista dag eller vecka):"
        " entry 1: first must be a day such as 2027-02-22, not '2027-02-30'. Ingenting ändrades.\n"
    )
    assert _run(capsys, "set", "--team", A, "färg", "blå")[2].startswith(
        'bryggan: "färg" är ingen inställning.'
    )
    engine = make_engine(env)
    with make_sessions(engine).begin() as session:
        assert list(session.scalars(select(WorkspaceSetting))) == []
        assert list(session.scalars(select(AuditEvent))) == []
    engine.dispose()


def test_team_may_be_left_out_only_when_one_workspace_exists(
    env: str, capsys: pytest.CaptureFixture[str]
) -> None:
    assert _run(capsys, "show")[0] == 2  # no workspace at all yet
    assert _run(capsys, "set", "--team", A, "retention_days", "30")[0] == 0
    assert _shown(_run(capsys, "show")[1])["retention_days"] == "30"
    engine = make_engine(env)
    with make_sessions(engine).begin() as session:
        session.add(
            School(
                team_id=B, name="Skola B", kind="kommunal", created_at=session.scalar(select(AuditEvent.at))
            )
        )
    engine.dispose()
    code, _, err = _run(capsys, "show")
    assert code == 2
    assert "databasen har flera arbetsytor" in err


def test_the_command_runs_in_a_fresh_interpreter(env: str) -> None:
    # In-process tests load bot.app first, which hid an import cycle through bot.followup.
    fresh = {**os.environ, "DATABASE_URL": env}

    def run(*args: str) -> subprocess.CompletedProcess[str]:
        return subprocess.run([sys.executable, *args], env=fresh, capture_output=True, text=True, check=False)

    imported = run("-c", "import bot.workspace_settings")
    assert imported.returncode == 0, imported.stderr
    shown = run("-m", "bot.cli", "settings", "show", "--team", A)
    assert shown.returncode == 0, shown.stderr
    assert "fallback_channel = C0ENVFALL" in shown.stdout
