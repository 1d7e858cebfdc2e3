"""`bryggan schools import` and `bryggan audit export` as real processes against the test database."""

from __future__ import annotations

import os
import subprocess
import sys
from datetime import datetime, timedelta
from pathlib import Path
from zoneinfo import ZoneInfo

from sqlalchemy import select

from storage.db import make_engine, make_sessions
from storage.models import AuditEvent, School

TEAM = "T0TEST001"
FILE = (
    "\ufeffnamn;typ;skolenhetskod;kanal;rektor\r\n"
    "Berzeliusskolan;kommunal;12345678;C0BERZELI;Anna\r\n"
    "Kunskapsbron;fristående;;;\r\n"
    "Ekholmsskolan;;1234;;\r\n"
    "Åbyskolan;privat;;;\r\n"
)


def _bryggan(tmp_path: Path, database_url: str, *args: str, **env: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-m", "bot", *args],
        cwd=tmp_path,
        env={**os.environ, "DATABASE_URL": database_url, **env},
        capture_output=True,
        text=True,
        encoding="utf-8",
        timeout=60,
    )


def _schools(database_url: str) -> set[tuple[str, str, str, str | None, str | None]]:
    engine = make_engine(database_url)
    with make_sessions(engine).begin() as session:
        found = {
            (s.team_id, s.name, s.kind.value, s.school_unit_code, s.channel_id)
            for s in session.scalars(select(School))
        }
        actions = [(e.actor_id, e.action) for e in session.scalars(select(AuditEvent))]
    engine.dispose()
    assert actions == [("cli", "school_imported")] * len(found)
    return found


def test_import_reports_bad_rows_by_line_and_imports_the_good_ones(tmp_path: Path, database_url: str) -> None:
    (tmp_path / "skolor.csv").write_text(FILE, encoding="utf-8")
    done = _bryggan(tmp_path, database_url, "schools", "import", "skolor.csv", "--team", TEAM)
    assert done.returncode == 1, done.stderr
    assert done.stdout.splitlines() == [
        "Okända kolumner ignoreras: rektor",
        "Importerade 2 nya skolor, uppdaterade 0, oförändrade 0. 2 rader hade fel:",
        'rad 4: skolenhetskod "1234" ska vara 8 siffror',
        'rad 5: okänd typ "privat" (använd kommunal eller fristående)',
    ]
    assert done.stderr == ""
    assert _schools(database_url) == {
        (TEAM, "Berzeliusskolan", "kommunal", "12345678", "C0BERZELI"),
        (TEAM, "Kunskapsbron", "fristående", None, None),
    }


def test_a_good_file_imported_twice_exits_0_and_changes_nothing(tmp_path: Path, database_url: str) -> None:
    (tmp_path / "skolor.csv").write_text("name,kind\nKunskapsbron,independent\n", encoding="utf-8")
    first = _bryggan(tmp_path, database_url, "schools", "import", "skolor.csv", "--team", TEAM)
    again = _bryggan(tmp_path, database_url, "schools", "import", "skolor.csv", "--team", TEAM)
    assert (first.returncode, first.stdout) == (0, "Importerade 1 ny skola, uppdaterade 0, oförändrade 0.\n")
    assert (again.returncode, again.stdout) == (
        0,
        "Importerade 0 nya skolor, uppdaterade 0, oförändrade 1.\n",
    )
    assert _schools(database_url) == {(TEAM, "Kunskapsbron", "fristående", None, None)}


def test_english_words_with_the_english_locale(tmp_path: Path, database_url: str) -> None:
    (tmp_path / "schools.csv").write_text("name;kind\nEkskolan;privat & <b>\n", encoding="utf-8")
    done = _bryggan(
        tmp_path, database_url, "schools", "import", "schools.csv", "--team", TEAM, BRYGGAN_LOCALE="en"
    )
    assert done.returncode == 1
    assert done.stdout.splitlines() == [
        "Imported 0 new schools, updated 0, unchanged 0. 1 row had errors:",
        'line 2: unknown type "privat & <b>" (use kommunal or fristående)',  # not &amp; or &lt;
    ]


def test_files_that_cannot_be_imported_stop_with_one_line(tmp_path: Path, database_url: str) -> None:
    (tmp_path / "excel.csv").write_bytes("namn\nHåbyskolan\n".encode("cp1252"))
    (tmp_path / "tom.csv").write_bytes(b"")
    cases = {
        ("excel.csv", TEAM): '"excel.csv" är inte sparad som UTF-8. Öppna den i Excel, välj '
        "Spara som → CSV UTF-8 (kommaavgränsad) och importera den filen.",
        (
            "tom.csv",
            TEAM,
        ): '"tom.csv" är tom: första raden ska vara rubriker, till exempel namn;typ;skolenhetskod;kanal',
        ("saknas.csv", TEAM): 'filen "saknas.csv" finns inte',
        ("excel.csv", "skolan"): '"skolan" är inget Slack-team-id: det börjar med T och består av versaler '
        "och siffror, till exempel T0123ABCD",
    }
    for (name, team), message in cases.items():
        done = _bryggan(tmp_path, database_url, "schools", "import", name, "--team", team)
        assert (done.returncode, done.stdout, done.stderr) == (2, "", f"bryggan: {message}\n"), name
    no_team = _bryggan(tmp_path, database_url, "schools", "import", "excel.csv")
    assert no_team.returncode == 2
    assert no_team.stderr.startswith("bryggan: ange vilken arbetsyta skolorna hör till med --team")
    assert _schools(database_url) == set()


def test_the_tools_refuse_a_database_that_is_not_migrated(tmp_path: Path) -> None:
    empty = f"sqlite:///{tmp_path / 'ny.db'}"
    (tmp_path / "ny.db").touch()  # an existing file without the schema (a missing one is refused earlier)
    (tmp_path / "skolor.csv").write_text("namn\nEkskolan\n", encoding="utf-8")
    for args in (["schools", "import", "skolor.csv", "--team", TEAM], ["audit", "export"]):
        done = _bryggan(tmp_path, empty, *args)
        assert done.returncode == 2
        assert (
            done.stderr == "bryggan: databasen har inte det senaste schemat: kör bryggan db upgrade först\n"
        )
        assert done.stdout == ""


def test_the_export_is_excel_csv_of_what_the_import_did(tmp_path: Path, database_url: str) -> None:
    (tmp_path / "skolor.csv").write_text(FILE, encoding="utf-8")
    _bryggan(tmp_path, database_url, "schools", "import", "skolor.csv", "--team", TEAM)
    done = subprocess.run(
        [sys.executable, "-m", "bot", "audit", "export"],
        cwd=tmp_path,
        env={**os.environ, "DATABASE_URL": database_url},
        capture_output=True,
        timeout=60,
    )
    assert done.returncode == 0, done.stderr
    assert done.stdout.startswith("\ufefftid;aktör;händelse;skola;gäller;detalj\r\n".encode())
    _header, *rows = done.stdout.decode("utf-8-sig").removesuffix("\r\n").split("\r\n")
    assert [row.split(";")[1:] for row in rows] == [
        ["cli", "school_imported", "Berzeliusskolan", "", ""],
        ["cli", "school_imported", "Kunskapsbron", "", ""],
    ]
    # Written moments ago by the real clock, shown in Stockholm time to the second.
    now = datetime.now(ZoneInfo("Europe/Stockholm")).replace(tzinfo=None)
    for row in rows:
        at = datetime.strptime(row.split(";")[0], "%Y-%m-%d %H:%M:%S")
        assert timedelta(0) <= now - at < timedelta(minutes=5)


def test_the_export_writes_a_file_and_filters_by_day(tmp_path: Path, database_url: str) -> None:
    (tmp_path / "skolor.csv").write_text("namn\nEkskolan\n", encoding="utf-8")
    _bryggan(tmp_path, database_url, "schools", "import", "skolor.csv", "--team", TEAM)
    done = _bryggan(tmp_path, database_url, "audit", "export", "--output", "logg.csv")
    assert (done.returncode, done.stdout) == (0, "Skrev 1 händelse till logg.csv.\n")
    assert (tmp_path / "logg.csv").read_bytes().count(b"\r\n") == 2
    later = _bryggan(
        tmp_path, database_url, "audit", "export", "--since", "2999-01-01", "--output", "tom.csv"
    )
    assert (later.returncode, later.stdout) == (0, "Skrev 0 händelser till tom.csv.\n")
    assert (tmp_path / "tom.csv").read_bytes() == "\ufefftid;aktör;händelse;skola;gäller;detalj\r\n".encode()
    bad = _bryggan(tmp_path, database_url, "audit", "export", "--since", "2026-12-01", "--until", "24/11")
    assert (bad.returncode, bad.stderr) == (
        2,
        'bryggan: --until ska vara ett datum som 2026-11-24, inte "24/11"\n',
    )
