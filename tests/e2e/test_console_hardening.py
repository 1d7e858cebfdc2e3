"""The console run as a program reading standard input: no line ends it, and it answers as Slack would."""

from __future__ import annotations

import io
import os
import re
import subprocess
import sys
from datetime import date, datetime, timedelta
from pathlib import Path
from zoneinfo import ZoneInfo

import pytest

from bot.console import DEMO_BREAKS, gestures, run_console
from bot.dates import WEEKDAY_NAMES as WEEKDAYS
from bot.meetings import Calendar, load_breaks
from bot.settings import load_settings


def console(lines: str, cwd: Path) -> str:
    """Run `bryggan console` as a process fed `lines`; its output, after checking it ended well."""
    env = {k: v for k, v in os.environ.items() if not k.startswith(("SLACK_", "BRYGGAN_", "DATABASE_"))}
    done = subprocess.run(
        [sys.executable, "-m", "bot", "console"],
        input=lines,
        cwd=cwd,
        env=env,
        capture_output=True,
        text=True,
        timeout=240,
    )
    assert done.returncode == 0, done.stderr
    assert "Traceback" not in done.stdout + done.stderr, done.stdout + done.stderr
    assert done.stdout.rstrip().endswith("Hej då!")
    return done.stdout


def test_typed_dates_times_prefilled_text_and_required_fields(tmp_path: Path) -> None:
    tomorrow = (datetime.now(ZoneInfo("Europe/Stockholm")) + timedelta(days=1)).date()
    output = console(
        "som kurator i #ekholmsskolan: /konsultation\n"
        "som kurator skriv: 8 | | |\n"
        "som kurator i #ekholmsskolan: /konsultation En elev i åk 8 är ofta borta på måndagar.\n"
        "som kurator skriv: 8 | Frånvaro | |\n"
        "som sara klicka Föreslå samtalstid\n"
        "som sara skriv: 31/2 | 13\n"
        "som sara skriv: imorgon | kl 13.15\n"
        "avsluta\n",
        tmp_path,
    )
    # Slack refuses an empty required field beside it; the pre-filled text is shown and sent as it is.
    assert "  ! Vad gäller oron?: Obligatoriskt fält: fyll i det." in output
    assert "  ! Beskriv oron – utan att barnet kan identifieras: Obligatoriskt fält: fyll i det." in output
    assert (
        "Beskriv oron – utan att barnet kan identifieras: [ En elev i åk 8 är ofta borta på måndagar. ]"
        in output
    )
    assert output.count("Tack! Konsultationen *K-") == 1
    assert "från @kurator, Ekholmsskolan, åk 8.\nOmråden: Frånvaro" in output
    # The call modal's date and time read as /kontakt frånvaro reads them.
    assert "Dag: [ " + tomorrow.isoformat() + " ]" in output
    assert "  ! Dag: 31 februari finns inte. Skriv ett datum som finns, till exempel 1/3." in output
    assert f"@sara föreslår ett samtal om *K-{datetime.now().year}-" in output
    assert f"* {tomorrow.isoformat()} kl. 13:15." in output


def test_no_line_ends_the_console(tmp_path: Path) -> None:
    output = console(
        "spola 0 minuter\n"
        "som rektor i #berzeliusskolan: /okänt\n"
        "som kurator skriv: 8\n"
        "tid\n"
        "som rektor i #berzeliusskolan: /kontakt\n"
        "avsluta\n",
        tmp_path,
    )
    assert "Ingen tid att spola: skriv till exempel spola 30 minuter." in output
    assert "── Slackbot → rektor (bara synligt för rektor) ──\n/okänt är inget giltigt kommando." in output
    assert "@app.command" not in output
    assert "kurator har inget öppet fönster att skriva i." in output
    assert "Demons klocka: 20" in output
    assert "*Berzeliusskolan*: er kontaktperson är @sara" in output  # the demo went on


def test_an_unexpected_failure_is_one_line_and_the_prompt_returns(monkeypatch: pytest.MonkeyPatch) -> None:
    def broken(amount: str, unit: str) -> None:
        raise RuntimeError("a private detail")

    monkeypatch.setattr(gestures, "duration", broken)
    out = io.StringIO()
    lines = "spola 2 dagar\nsom rektor i #berzeliusskolan: /kontakt\n"
    assert run_console(load_settings(env_file=None), stdin=io.StringIO(lines), stdout=out) == 0
    output = out.getvalue()
    assert "bryggan> Det gick inte att göra det (RuntimeError). Demon fortsätter som förut" in output
    assert "a private detail" not in output
    assert "*Berzeliusskolan*: er kontaktperson är @sara" in output


def test_the_profile_opens_filled_in_and_an_empty_part_keeps_its_value(tmp_path: Path) -> None:
    output = console(
        "som sara i #berzeliusskolan: /kontakt profil\n"
        "som sara skriv: | 013-99 88 77 |\n"
        "som rektor i #berzeliusskolan: /kontakt\n"
        "som sara i #berzeliusskolan: /kontakt profil\n"
        "som sara skriv: - | | \n"
        "som rektor i #berzeliusskolan: /kontakt\n"
        "avsluta\n",
        tmp_path,
    )
    assert "Titel: [ Socialsekreterare, barn och unga ]\nTelefon (arbete): [ 013-12 34 56 ]" in output
    assert "  · Socialsekreterare, barn och unga · 013-99 88 77 · nås mån–fre 8–16" in output
    assert "  · 013-99 88 77 · nås mån–fre 8–16" in output  # "-" cleared the title on purpose


def test_swedish_wording_counts_names_and_colons(tmp_path: Path) -> None:
    output = console(
        "som admin i #kunskapsbron: /kontakt tilldela @omar\n"
        "som rektor i #kunskapsbron: /kontakt historik\n"
        "som admin i #kunskapsbron: /kontakt tilldela @sara\n"
        "som omar klicka Skriv överlämningsanteckning\n"
        "som omar skriv: Rektor Anna Berg vill ha EHT varannan tisdag.\n"
        "som sara i #ekholmsskolan: /kontakt frånvaro imorgon\n"
        "som kurator i #ekholmsskolan: /konsultation En elev i åk 8 är ofta borta på måndagar.\n"
        "som kurator skriv: 8 | Frånvaro | |\n"
        "som admin i #personalrummet: /uppföljning\n"
        "avsluta\n",
        tmp_path,
    )
    assert "• @omar, kontaktperson: " in output
    assert "–nu (1 dag)" in output
    assert "1 byte av kontaktperson" in output
    assert " föll bort (helgdag/lov)" in output
    assert "uteblev" not in output
    assert "Vill bli kontaktad via: direktmeddelande i Slack" in output
    # A handover note is about a school, not a child: the refusal speaks of any person.
    assert "Ta bort dem och skriv så att ingen person kan identifieras." in output
    assert "Ingen ersättare finns under tiden. Ring socialtjänstens mottagning" in output


def test_files_are_saved_beside_the_demo_database_and_the_demo_knows_its_breaks(tmp_path: Path) -> None:
    output = console(
        "tid\n"
        "som rektor i #berzeliusskolan: /eht nästa\n"
        "som rektor i #berzeliusskolan: /eht kalender\n"
        "som admin i #personalrummet: /uppföljning\n"
        "avsluta\n",
        tmp_path,
    )
    saved = re.findall(r"\[(\S+)\] sparad som (\S+)", output)
    assert {name for name, _ in saved} >= {"eht-berzeliusskolan.ics", "consultations_by_month.png"}
    for _, path in saved:
        assert Path(path).parent == tmp_path / "bryggan-demo-filer"
        assert Path(path).stat().st_size > 0
    # The shipped break file reaches the calendar: the series' next meeting on a break is left out.
    now = re.search(r"Demons klocka: (\d{4}-\d{2}-\d{2}) ", output)
    assert now is not None
    today = date.fromisoformat(now[1])
    ics = next(Path(path) for name, path in saved if name.endswith(".ics")).read_text(encoding="utf-8")
    rhythm = re.search(r"varje (\w+) kl\. 13:15", output)
    assert rhythm is not None
    weekday = WEEKDAYS[rhythm[1]]
    calendar = Calendar(load_breaks(DEMO_BREAKS))
    on_break = next(
        day
        for day in (today + timedelta(days=n) for n in range(1, 7 * 40))
        if day.weekday() == weekday and (skip := calendar.skip(day)) and skip.kind == "break"
    )
    assert f"EXDATE;TZID=Europe/Stockholm:{on_break:%Y%m%d}T131500" in ics
    # The follow-up agrees with the seeded series: each school with held meetings has a series.
    assert re.search(r"\*Berzeliusskolan\* \(@sara\): .* EHT (\d+)/\1,", output)
    assert re.search(r"\*Ekholmsskolan\* \(@sara\): .* EHT (\d+)/\1,", output)
    assert "EHT 0/0" not in output.split("*Friskolan Kunskapsbron*")[0]


def _bryggan(args: list[str], cwd: Path, **extra_env: str) -> subprocess.CompletedProcess[str]:
    env = {k: v for k, v in os.environ.items() if not k.startswith(("SLACK_", "BRYGGAN_", "DATABASE_"))}
    return subprocess.run(
        [sys.executable, "-m", "bot", *args],
        cwd=cwd,
        env={**env, **extra_env},
        capture_output=True,
        text=True,
        timeout=120,
    )


def test_the_admin_tools_read_the_demo_database_and_never_create_one(tmp_path: Path) -> None:
    empty = tmp_path / "empty"
    empty.mkdir()
    refused = _bryggan(["audit", "export"], empty)
    assert refused.returncode == 2
    assert "databasen bryggan.db finns inte, så ingenting lästes och ingen databas skapades" in refused.stderr
    assert "DATABASE_URL=sqlite:///bryggan-demo.db" in refused.stderr
    assert list(empty.iterdir()) == []  # no empty bryggan.db left behind
    console("som admin i #kunskapsbron: /kontakt tilldela @omar\n", tmp_path)
    report = _bryggan(["report", "--format", "md"], tmp_path)
    assert report.returncode == 0, report.stderr
    assert "offline-demons databas bryggan-demo.db läses" in report.stderr
    assert "Berzeliusskolan" in report.stdout
    audit = _bryggan(["audit", "export"], tmp_path)
    assert audit.returncode == 0, audit.stderr
    assert "contact_assigned" in audit.stdout.replace("\ufeff", "")
    assert not (tmp_path / "bryggan.db").exists()
    named = _bryggan(["audit", "export"], tmp_path, DATABASE_URL="sqlite:///elsewhere.db")
    assert named.returncode == 2  # a named database is never swapped for the demo's
    assert not (tmp_path / "elsewhere.db").exists()
