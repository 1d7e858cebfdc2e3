"""One Excel CSV writer for every export, one separator rule for every import."""

from __future__ import annotations

import pytest

from bot import csvfiles
from bot.meetings import breaks
from bot.schools import parse_schools


def test_every_cell_that_excel_would_run_gets_a_leading_quote() -> None:
    data = csvfiles.excel_csv(
        ["skola", "n"], [["=1+1", "7"], ["+SUM(A1)", "-"], ["@x", "<5"], ["Ek; Norra", "x"]]
    )
    assert data.startswith(b"\xef\xbb\xbf")
    assert data.decode("utf-8-sig").split("\r\n") == [
        "skola;n",
        "'=1+1;7",
        "'+SUM(A1);'-",
        "'@x;<5",
        '"Ek; Norra";x',
        "",
    ]


@pytest.mark.parametrize(
    ("first_line", "separator"),
    [
        ("namn;typ;kanal", ";"),
        ("namn,typ,kanal", ","),
        ("namn", ";"),  # a tie: names hold commas more often than semicolons
        ("namn;typ,kanal", ";"),  # a tie again, the same way
        ('"Skola, Norra";typ', ";"),
    ],
)
def test_the_separator_is_decided_once_from_the_first_line(first_line: str, separator: str) -> None:
    assert csvfiles.delimiter(first_line + "\nrest,of;file") == separator


def test_the_school_import_and_the_school_breaks_use_the_same_rule() -> None:
    assert breaks.delimiter is csvfiles.delimiter
    parsed = parse_schools("namn\nSkolan i Väst, enhet 2\n".encode())
    assert [row.name for row in parsed.rows] == ["Skolan i Väst, enhet 2"]
