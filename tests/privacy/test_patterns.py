"""The shortcuts the guard takes for speed give what the plain way gives."""

import re

from hypothesis import given
from hypothesis import strategies as st

from bot.privacy.patterns import matches_at, matches_at_word_start, occurrences
from bot.privacy.tokens import digit_runs, is_latin1, tokenize

_CUE = re.compile(r"(?:regnr|nr)(?![\w])")
_NEWCOMER = re.compile(r"(?:den|det)\s+nya\b")
_WITH_BOUNDARY = re.compile(r"\b(?:den|det)\s+nya\b")


@given(st.text(alphabet="regn dt-_1x", max_size=40))
def test_matching_where_a_cue_starts_finds_what_finditer_finds(text: str) -> None:
    found = matches_at(_CUE, text, occurrences(text, ("regn", "nr")))
    assert [m.span() for m in found] == [m.span() for m in _CUE.finditer(text)]


@given(st.text(alphabet="dentya _-1", max_size=40))
def test_a_boundary_checked_in_python_is_the_patterns_own(text: str) -> None:
    found = matches_at_word_start(_NEWCOMER, text)
    assert [m.span() for m in found] == [m.span() for m in _WITH_BOUNDARY.finditer(text)]


@given(st.text(alphabet=st.characters(max_codepoint=0xFF), max_size=60))
def test_latin1_words_and_digits_are_read_as_for_any_text(text: str) -> None:
    assert is_latin1(text)
    assert tokenize(text, latin1=True) == tokenize(text, latin1=False)
    assert digit_runs(text, latin1=True) == digit_runs(text, latin1=False)


def test_text_beyond_latin1_is_told_apart() -> None:
    assert not is_latin1("Hodžić")
    assert [w for _, _, w in tokenize("Kerem Yıldız", latin1=False)] == ["Kerem", "Yıldız"]
