"""Every example README.md gives runs in `bryggan console`, as a program, without a failure."""

from __future__ import annotations

import re
from pathlib import Path

from tests.e2e.test_console_hardening import console

README = Path(__file__).resolve().parents[2] / "README.md"
# The README's placeholders, filled as a person would (the demo's people and schools).
FILLED = {
    "[@person] ": "",
    "<skola>": "Berzeliusskolan",
    "@person": "@omar",
    "@från": "@omar",
    "@till": "@sara",
    "<från>": "imorgon",
    "[<till>]": "nästa fredag",
    "[sida]": "1",
    "[text]": "En elev i åk 8 är ofta borta.",
    "<veckodag>": "torsdag",
    "<HH:MM>": "13:15",
    "[varannan vecka] [längd 60] [påminn 08:00] [förvarning 60] [plats/länk]": (
        "varannan vecka längd 60 påminn 08:00 förvarning 60 Rum B12"
    ),
    "<datum> [<ny dag>] [<ny tid>]": "nästa fredag nästa torsdag kl 13",
    "<datum>": "nästa fredag",
    "<text>": "Rutin för frånvaro i åk 8",
    "[HT2026\\|VT2027]": "HT2026",
}


def _console_lines(text: str) -> list[str]:
    """The lines the *Offline console* section shows typed: in its code blocks and inline."""
    section = text.split("### Offline console", 1)[1].split("\n## ", 1)[0]
    lines: list[str] = []
    for block in re.findall(r"```\n(.*?)```", section, re.S):
        for line in block.splitlines():
            typed = line.removeprefix("bryggan> ")
            if typed != line or re.match(r"^(som|as|spola) ", line):
                lines.append(typed)
    inline = re.findall(r"`((?:som|as) [^`<]+|spola [^`]+|tid|personer|kanaler|hem [a-z]+|hjälp)`", section)
    return lines + [line for line in inline if "<" not in line]


def _commands(text: str) -> list[str]:
    """Every slash command README names, its placeholders filled; Bryggan's own commands only."""
    found = []
    for raw in re.findall(r"`(/(?:kontakt|konsultation|consult|eht|uppföljning|followup)\b[^`]*)`", text):
        command = raw
        for placeholder, value in FILLED.items():
            command = command.replace(placeholder, value)
        if "<" not in command and "[" not in command and command not in found:
            found.append(command)
    return found


def test_every_readme_example_runs_in_the_console(tmp_path: Path) -> None:
    text = README.read_text(encoding="utf-8")
    commands = _commands(text)
    assert "/eht flytta nästa fredag nästa torsdag kl 13" in commands  # the placeholders were filled
    assert "/kontakt frånvaro imorgon nästa fredag" in commands
    typed = _console_lines(text)
    assert "som sara klicka Ta emot" in typed
    script = typed + [f"som admin i #berzeliusskolan: {c}" for c in commands]
    script += [f"som sara i #ekholmsskolan: {c}" for c in commands if c.startswith("/kontakt frånvaro")]
    output = console("\n".join([*script, "avsluta", ""]), tmp_path)
    for failure in (
        "Det gick inte att göra det",  # the console caught a failure
        "inget svar från Bryggan",
        "Något gick fel hos Bryggan",  # Bryggan's own apology for an unexpected error
        "Det förstod jag inte",
        "Unhandled request",
        "är inget giltigt kommando",  # every command README names is in the manifest (/consult, /followup)
        "inget datum jag förstår",  # every example date and time is read
        "ingen tid jag förstår",
        "Skriv mötets datum",
    ):
        assert failure not in output, failure
    # The demo's meeting day follows the real date, so the move may be refused, but it is read right.
    answers = output.split("bryggan> ")[1:]  # one answer per typed line
    moved = answers[
        script.index("som admin i #berzeliusskolan: /eht flytta nästa fredag nästa torsdag kl 13")
    ]
    outcomes = (
        "är flyttat till",
        "Det finns inget EHT-möte",
        "är redan inställt",
        "har redan börjat",
        "Det blir inget möte",
    )
    assert any(outcome in moved for outcome in outcomes), moved
    assert output.count("bryggan> ") == len(script) + 1
