"""Other projects' Swedish identifier test vectors (tests/privacy/peer, attributed in its README.md),
each with Bryggan's verdict: a person's number is refused, an organisation's passes.

Where Bryggan deliberately judges a vector differently from its source, DIFFERENCES says why. The
glued, interim (reservnummer) and 18xx-century vectors were missed before the guard's normalisation
and reservnummer detector; they are named here so that the suite keeps them."""

from __future__ import annotations

import json
from pathlib import Path
from typing import NamedTuple

import pytest

from bot.privacy import Kind, scan

PEER = Path(__file__).parent / "peer"
FORMATS = ("long_format", "short_format", "separated_format", "separated_long")
PERSON = {"ssn": Kind.PERSONNUMMER, "con": Kind.SAMORDNINGSNUMMER}
NUMBERS = {Kind.PERSONNUMMER, Kind.SAMORDNINGSNUMMER}

# Refused although the source calls them invalid: each still points at one person.
_TYPO = "a date-shaped number written with a separator: a wrong check digit is a typo, still a person"
_LUHN = "the check digit is right over the ten digits YYMMDDNNNC, as Skatteverket computes it"
DIFFERENCES = {
    **dict.fromkeys(("201509160006", "1509160006", "150916-0006", "20150916-0006"), f"{_LUHN} (serial 000)"),
    **dict.fromkeys(("090527 1474", "19090527 1474"), f"{_LUHN}; a space is a separator people type"),
    **dict.fromkeys(("199003092393", "19900309-2393", "200504142381", "189709179809"), _LUHN),
    **dict.fromkeys(
        (
            "870704-9996", "19870704-9996", "390182-9913", "19390182-9913", "121120-9941",
            "20121120-9941", "121075-9984", "20121075-9984", "19000309-3393", "18970917-9809",
        ),
        _TYPO,
    ),
}  # fmt: skip

GLUED = {"My swedish id code is199003052397."}
BORN_18XX = {
    "187912219990",
    "18791221+9990",
    "189004119807",
    "My personal identity code is: 189110089811. Thank you.",
    "18970917-9809",
}


class Vector(NamedTuple):
    source: str
    text: str
    refused: bool
    kind: Kind | None  # the kind the number must be refused as, where the source says it


def _load(name: str) -> list[dict]:
    return json.loads((PEER / name).read_text(encoding="utf-8"))


def _personnummer_meta() -> list[Vector]:
    vectors = []
    for name in ("personnummer-meta-list.json", "personnummer-meta-interim.json"):
        for row in _load(name):
            for written in FORMATS:
                text = row[written]
                refused = row["valid"] or text in DIFFERENCES
                kind = PERSON.get(row["type"]) if row["valid"] else None
                vectors.append(Vector(f"{name}:{written}", text, refused, kind))
    for row in _load("personnummer-meta-orgnumber.json"):
        vectors += [Vector(f"orgnumber.json:{w}", row[w], False, None) for w in FORMATS if w in row]
    return vectors


def _presidio() -> list[Vector]:
    people = [
        Vector(
            "presidio-se-personnummer",
            row["text"],
            row["expected_len"] > 0 or row["text"] in DIFFERENCES,
            None,
        )
        for row in _load("presidio-se-personnummer.json")
    ]
    # An organisationsnummer is not personal data: what Presidio finds as one, Bryggan lets through.
    firms = [
        Vector("presidio-se-organisationsnummer", row["text"], row["text"] in DIFFERENCES, None)
        for row in _load("presidio-se-organisationsnummer.json")
    ]
    return people + firms


def _case(vector: Vector) -> object:
    return pytest.param(vector, id=f"{vector.source}:{vector.text}")


VECTORS = _personnummer_meta() + _presidio()


@pytest.mark.parametrize("vector", [_case(v) for v in VECTORS])
def test_bryggans_verdict_on_each_peer_vector(vector: Vector) -> None:
    found = scan(vector.text)
    if not vector.refused:
        assert found == []
        return
    assert found, "refused: the guard must find the number"
    if vector.kind is not None:
        assert vector.kind in {f.kind for f in found}
    elif "interim" in vector.source:
        assert Kind.RESERVNUMMER in {f.kind for f in found}
    else:
        assert NUMBERS & {f.kind for f in found}


def test_the_vectors_are_all_there_and_every_difference_is_used() -> None:
    texts = {v.text for v in VECTORS}
    assert len(VECTORS) == 13 * 4 + 12 * 4 + 6 * 2 + 18 + 11
    assert set(DIFFERENCES) <= texts
    assert texts >= GLUED | BORN_18XX
