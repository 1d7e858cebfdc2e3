"""The offline console (`bryggan console`): Bryggan's replies as readable text in the terminal."""

from __future__ import annotations

import io
import os
import re
import subprocess
import sys
from datetime import datetime
from pathlib import Path
from zoneinfo import ZoneInfo

from bot.console import run_console
from bot.settings import load_settings


def _run(lines: str) -> str:
    out = io.StringIO()
    assert run_console(load_settings(env_file=None), stdin=io.StringIO(lines), stdout=out) == 0
    return out.getvalue()


def test_kontakt_in_a_linked_and_an_unlinked_channel() -> None:
    output = _run("som rektor i #berzeliusskolan: /kontakt\nas admin in #personalrummet: /kontakt\navsluta\n")
    assert "── Bryggan → rektor i #berzeliusskolan (bara synligt för rektor) ──" in output
    assert "*Berzeliusskolan*: er kontaktperson är @sara (sedan " in output
    assert "  · Socialsekreterare, barn och unga · 013-12 34 56 · nås mån–fre 8–16" in output
    assert "  · Ersättare: @omar" in output
    assert "── Bryggan → admin i #personalrummet (bara synligt för admin) ──" in output
    assert "Kanalen är inte kopplad till någon skola\n═══" in output
    assert "Som administratör kopplar du kanalen med `/kontakt koppla <skolans namn>`." in output
    assert output.rstrip().endswith("Hej då!")


def test_the_home_tab_and_the_lists() -> None:
    output = _run("personer\nkanaler\nhem sara\n")
    assert "  admin – Alva Administratör, Samordnare skola–socialtjänst (administratör i Bryggan)" in output
    assert "  #personalrummet – inte kopplad till någon skola" in output
    assert "  #kunskapsbron – Friskolan Kunskapsbron" in output
    assert "── Bryggans App Home för sara ──" in output
    assert "Bryggan – skola och socialtjänst" in output


def test_mistakes_get_a_helpful_answer_and_nothing_is_sent() -> None:
    output = _run("som rektorn i #berzeliusskolan: /kontakt\nsom rektor i #matsalen: /kontakt\nhej\n")
    assert 'Det finns ingen person som heter "rektorn" i demon.' in output
    assert "Det finns ingen kanal #matsalen i demon." in output
    assert "Det förstod jag inte." in output
    assert "── Bryggan" not in output


def test_an_assignment_shows_the_reply_the_dm_and_the_announcement() -> None:
    output = _run(
        "som admin i #kunskapsbron: /kontakt tilldela @omar\nsom rektor i #kunskapsbron: /kontakt\n"
    )
    assert "Klart: @omar är nu kontaktperson för *Friskolan Kunskapsbron*." in output
    assert "── Bryggan → direktmeddelande till omar ──\nDu är nu kontaktperson" in output
    assert "── Bryggan i #kunskapsbron ──\nNy kontaktperson på socialtjänsten" in output
    assert "*Friskolan Kunskapsbron*: er kontaktperson är @omar" in output


def test_the_demo_starts_afresh_in_the_working_directory(tmp_path: Path) -> None:
    _run("")
    assert (tmp_path / "bryggan-demo.db").exists()
    _run("som rektor i #berzeliusskolan: /kontakt\n")  # a second start must not trip over the first's data


def test_the_console_command_runs_as_a_program(tmp_path: Path) -> None:
    env = {k: v for k, v in os.environ.items() if not k.startswith(("SLACK_", "BRYGGAN_"))}
    done = subprocess.run(
        [sys.executable, "-m", "bot", "console"],
        input="som kurator i #kunskapsbron: /kontakt\n",
        cwd=tmp_path,
        env=env,
        capture_output=True,
        text=True,
        timeout=60,
    )
    assert done.returncode == 0, done.stderr
    assert "*Friskolan Kunskapsbron* har just nu ingen kontaktperson" in done.stdout


def test_buttons_modals_and_fast_forward() -> None:
    output = _run(
        "som admin i #berzeliusskolan: /kontakt tilldela @omar\n"
        "som sara klicka Skriv överlämningsanteckning\n"
        "som sara skriv: Eleven Amira i åk 8 behöver stöd.\n"
        "som sara skriv: Rektor vill ha EHT varannan tisdag.\n"
        "som sara klicka Finns inte\n"
        "spola 6 dagar\n"
        "spola 1 dag\n"  # the console's clock starts at real time: 6 + 1 days always pass a Monday 07:00
    )
    assert "── Fönster för sara: Överlämning ──" in output
    assert "  ! Texten innehåller uppgifter som kan peka ut en person: namn (ord 2)." in output
    assert "Amira" not in output  # the refusal never repeats the name (input is not echoed)
    assert "── Bryggan → direktmeddelande till omar ──\nÖverlämningsanteckning från @sara" in output
    assert 'Ingen knapp "Finns inte" syns för den personen just nu.' in output
    assert "(tiden spolad fram: nu 2026-" in output
    assert "*Veckans översikt " in output
    assert "• *Friskolan Kunskapsbron* (#kunskapsbron): ingen kontaktperson tilldelad" in output


def test_a_consultation_from_modal_to_taken() -> None:
    output = _run(
        "som kurator i #ekholmsskolan: /konsultation\n"
        "som kurator skriv: 8 | Frånvaro, Psykisk ohälsa | Eleven Amira i åk 8 är ofta borta. |\n"
        "som kurator skriv: 8 | Frånvaro | En elev i åk 8 är ofta borta på måndagar och verkar orolig. |\n"
        "som sara klicka Ta emot\n"
    )
    # The demo's clock is real time and its seeded history holds earlier cases: read the number given.
    sent = re.search(r"Tack! Konsultationen \*(K-(\d{4})-\d{4})\* är skickad till @sara\.", output)
    assert sent is not None
    number = sent[1]
    assert int(sent[2]) == datetime.now(ZoneInfo("Europe/Stockholm")).year
    assert "── Fönster för kurator: Konsultation ──" in output
    assert "  ! Texten innehåller uppgifter som kan peka ut en person: namn (ord 2)." in output
    assert f"── Bryggan → direktmeddelande till sara ──\n*Ny konsultation {number}* från @kurator" in output
    assert f"@sara har tagit emot din konsultation *{number}*." in output
    assert "Amira" not in output


def test_fast_forward_shows_the_eht_reminders_arriving_with_the_agenda() -> None:
    output = _run(
        "som rektor i #berzeliusskolan: /eht punkt Rutin för frånvaro i åk 8\nspola 7 dagar\navsluta\n"
    )
    assert "Punkten är tillagd på dagordningen för EHT-mötet" in output
    reminder = output.index("── Bryggan i #berzeliusskolan ──\n*EHT-möte ")
    # Ekholmsskolan meets weekly too: pick Berzeliusskolan's own DM and prompt.
    dm = output.index("── Bryggan → direktmeddelande till sara ──\nOm en stund: *EHT-möte ", reminder)
    prompt = output.index("── Bryggan i #berzeliusskolan ──\nEHT-mötet ", reminder)
    assert reminder < dm < prompt  # in the order they fell due
    assert "• Rutin för frånvaro i åk 8" in output[reminder:dm]


def test_the_demo_shows_the_terms_report_and_its_charts() -> None:
    output = _run("som admin i #personalrummet: /uppföljning\navsluta\n")
    assert "── Bryggan → direktmeddelande till admin ──\nDiagram för " in output
    assert "  [consultations_by_month.png] sparad som " in output
    assert "*Uppföljning " in output
    assert "• *Ekholmsskolan* (@sara): <5 konsultationer" in output  # one demo case: hidden
