"""The one normalisation before every detector, and the way back to the writer's own offsets."""

import re

import pytest
from hypothesis import given
from hypothesis import strategies as st

from bot.privacy import scan
from bot.privacy.normalize import _has_number_break, normalise


@pytest.mark.parametrize(
    ("typed", "plain"),
    [
        ("20110509\u00a04591", "20110509 4591"),
        ("20110509\u20094591", "20110509 4591"),
        ("20110509\t4591", "20110509 4591"),
        ("20110509\u20144591", "20110509-4591"),
        ("20110509\u22124591", "20110509-4591"),
        ("20110509\u20114591", "20110509-4591"),
        ("2011\u200b0509", "20110509"),
        ("070-123\n45 67", "070-123 45 67"),
        ("\uff10\uff17\uff10", "070"),
        ("a\u030a", "å"),
        ("ett\nnytt stycke", "ett\nnytt stycke"),
    ],
)
def test_every_space_dash_and_invisible_character_gets_one_form(typed: str, plain: str) -> None:
    assert normalise(typed).text == plain


def test_plain_text_is_returned_as_it_is() -> None:
    text = "Eleven i åk 8 är ofta borta på måndagar."
    assert normalise(text).text is text


@pytest.mark.parametrize(
    ("text", "found"),
    [
        ("Pnr: 20110509\u20144591, hon vet inte.", "20110509\u20144591"),
        ("Ring\u00a0070\u00a0123\u00a045\u00a067 nu.", "070\u00a0123\u00a045\u00a067"),
        ("Pnr 2011\u200b0509-4591 nu", "2011\u200b0509-4591"),
        ("Nr \uff10\uff17\uff10-123 45 67 nu", "\uff10\uff17\uff10-123 45 67"),
        ("Hon heter A\u030asa och bor på Storgatan 5.", "A\u030asa"),
        ("Pnr 201105\n09-4591 och mer", "201105\n09-4591"),
    ],
)
def test_findings_point_at_the_writers_own_characters(text: str, found: str) -> None:
    assert found in [text[f.start : f.end] for f in scan(text)]


_TEXT = st.text(alphabet=st.sampled_from("ab1 -\n\u00a0\u2014\u200b\u2009\uff11\u030aåé."), max_size=40)


@given(_TEXT, st.integers(0, 40), st.integers(0, 40))
def test_offsets_map_back_inside_the_original_and_in_order(text: str, a: int, b: int) -> None:
    normalised = normalise(text)
    start, end = sorted((min(a, len(normalised.text)), min(b, len(normalised.text))))
    original_start, original_end = normalised.original_span(start, end)
    assert 0 <= original_start <= original_end <= len(text)


@given(st.text(alphabet="1-a \n\t\u00a0\u2003\u0663", max_size=30))
def test_a_line_break_inside_a_number_is_found_from_the_line_breaks(text: str) -> None:
    searched = re.compile(r"[\d-][^\S\n]*\n[^\S\n]*\d").search(text)
    assert _has_number_break(text) == bool(searched)
