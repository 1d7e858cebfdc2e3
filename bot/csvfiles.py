"""CSV files in and out: one writer that Swedish Excel opens safely, one rule for a file's separator."""

from __future__ import annotations

import csv
import io
from collections.abc import Iterable, Sequence

# Excel runs a cell starting with one of these as a formula (`=HYPERLINK(...)` from a school's name);
# a quote before it keeps it text.
FORMULA_START = ("=", "+", "-", "@", "\t", "\r")


def excel_csv(header: Sequence[str], rows: Iterable[Sequence[str]]) -> bytes:
    """UTF-8 with BOM, `;`, CRLF, every cell guarded against formulas: what Swedish Excel opens as is."""
    out = io.StringIO()
    writer = csv.writer(out, delimiter=";", lineterminator="\r\n")
    writer.writerow([guard(cell) for cell in header])
    for row in rows:
        writer.writerow([guard(cell) for cell in row])
    return out.getvalue().encode("utf-8-sig")


def guard(cell: str) -> str:
    """`cell`, with a leading quote when Excel would read it as a formula."""
    return "'" + cell if cell.startswith(FORMULA_START) else cell


def delimiter(text: str) -> str:
    """The separator of a CSV text, from its first line: `,` only when it has more commas than `;`.

    Swedish Excel writes `;`, most other tools `,`. On a tie (a lone column such as `namn`) `;` wins:
    names often hold a comma, rarely a semicolon.
    """
    first = text.split("\n", 1)[0]
    return "," if first.count(",") > first.count(";") else ";"
