"""The public API: scan, word_number and check_jsonl."""

import itertools
import json

from hypothesis import given
from hypothesis import strategies as st

from bot.privacy import Finding, Kind, check_jsonl, scan, word_number


def test_findings_are_sorted_and_cover_each_identifying_part() -> None:
    text = "Kalle (110312-3319) bor på Storgatan 12, ring 070-123 45 67 eller maila k@x.se."
    findings = scan(text)
    assert [f.kind for f in findings] == [
        Kind.PERSON_NAME, Kind.PERSONNUMMER, Kind.STREET_ADDRESS, Kind.PHONE, Kind.EMAIL
    ]  # fmt: skip
    assert [text[f.start : f.end] for f in findings] == [
        "Kalle", "110312-3319", "Storgatan 12", "070-123 45 67", "k@x.se"
    ]  # fmt: skip


def test_finding_holds_no_text_and_is_frozen() -> None:
    finding = scan("Eleven heter Kalle.")[0]
    assert set(Finding.__slots__) == {"kind", "start", "end"}
    assert finding == Finding(Kind.PERSON_NAME, 13, 18)


def test_clean_text_gives_no_findings() -> None:
    assert scan("Vi är oroliga för en elev i åk 8 som ofta är frånvarande.") == []
    assert scan("") == []


def test_kind_values_are_the_public_strings() -> None:
    assert [str(k) for k in Kind] == [
        "personnummer", "samordningsnummer", "reservnummer", "person_name", "phone", "email",
        "street_address", "birth_date", "license_plate", "social_media", "identifying_description",
    ]  # fmt: skip


def test_word_number_counts_whitespace_separated_words_from_one() -> None:
    text = "Hej!  Eleven heter\nKalle, 14 år."
    assert word_number(text, 0) == 1
    assert word_number(text, text.index("Kalle")) == 4
    assert word_number(text, text.index("år")) == 6
    assert word_number(text, text.index("  ")) == 1


def test_check_jsonl_reports_each_line_and_survives_bad_ones() -> None:
    lines = [
        json.dumps({"id": 1, "text": "Eleven heter Kalle, 110312-3319."}),
        json.dumps({"id": "b", "text": "Inget att se här."}),
        "not json",
        json.dumps({"id": 4}),
        json.dumps([1, 2]),
        "",
    ]
    out = [json.loads(line) for line in check_jsonl(lines)]
    assert out[0] == {
        "id": 1,
        "identifying": True,
        "kinds": ["person_name", "personnummer"],
        "findings": [
            {"kind": "person_name", "start": 13, "end": 18},
            {"kind": "personnummer", "start": 20, "end": 31},
        ],
    }
    assert out[1] == {"id": "b", "identifying": False, "kinds": [], "findings": []}
    assert [line["id"] for line in out[2:]] == [None, 4, None]
    assert all("error" in line for line in out[2:])
    assert len(out) == 5


@given(st.text(max_size=400))
def test_scan_never_raises_and_findings_are_in_bounds_and_sorted(text: str) -> None:
    findings = scan(text)
    assert all(0 <= f.start < f.end <= len(text) for f in findings)
    assert findings == sorted(findings, key=lambda f: (f.start, f.end))
    assert all(a.end <= b.start for a, b in itertools.pairwise(findings))


swedishish = st.text(alphabet=st.sampled_from(list("abcåäöABCÅÄÖ0123456789 -+.,:@/\n_")), max_size=300)


@given(swedishish)
def test_scan_never_raises_on_digit_and_punctuation_heavy_text(text: str) -> None:
    assert all(0 <= f.start < f.end <= len(text) for f in scan(text))
