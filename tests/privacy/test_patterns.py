"""The shortcuts the guard takes for speed give what the plain way gives."""

import re

from hypothesis import example, given
from hypothesis import strategies as st

from bot.privacy.patterns import literal_starts, matches_at, matches_at_word_start, matches_near, occurrences
from bot.privacy.tokens import _WORD, digit_runs, is_latin1, tokenize

_CUE = re.compile(r"(?:regnr|nr)(?![\w])")
_NEWCOMER = re.compile(r"(?:den|det)\s+nya\b")
_WITH_BOUNDARY = re.compile(r"\b(?:den|det)\s+nya\b")
_ONLY = re.compile(r"(?:bara|en)\s+en\b")
_ONLY_WORD = re.compile(r"bara")


@given(st.text(alphabet="regn dt-_1x", max_size=40))
def test_matching_where_a_cue_starts_finds_what_finditer_finds(text: str) -> None:
    found = matches_at(_CUE, text, occurrences(text, ("regn", "nr")))
    assert [m.span() for m in found] == [m.span() for m in _CUE.finditer(text)]


@given(st.text(alphabet="dentya _-1", max_size=40))
def test_a_boundary_checked_in_python_is_the_patterns_own(text: str) -> None:
    found = matches_at_word_start(_NEWCOMER, text)
    assert [m.span() for m in found] == [m.span() for m in _WITH_BOUNDARY.finditer(text)]


_PIECES = st.lists(st.sampled_from(["bara", " en", " ", "_", "-1", "."]), max_size=20)


@given(_PIECES.map("".join), st.integers(0, 12), st.integers(1, 12))
@example("bara en en bara", 6, 1)  # the second window starts inside the first one's match
def test_matching_near_an_anchor_finds_what_a_search_from_each_window_finds(
    text: str, before: int, after: int
) -> None:
    anchors = [m.start() for m in _ONLY_WORD.finditer(text)]
    found = [m.span() for m in matches_near(_ONLY, text, anchors, before, after)]
    assert found == _searched_near(text, anchors, before, after)


def _searched_near(text: str, anchors: list[int], before: int, after: int) -> list[tuple[int, int]]:
    """The plain way: from each window's start, search for matches with a word boundary before them
    that start inside the window; a match hides the starts inside it."""
    with_boundary = re.compile(rf"\b(?:{_ONLY.pattern})")
    spans: list[tuple[int, int]] = []
    done = 0
    for anchor in anchors:
        at, end = max(done, anchor - before, 0), anchor + after
        while (m := with_boundary.search(text, at)) and m.start() < end:
            spans.append(m.span())
            at = done = m.end()
    return spans


# Words that overlap ("mord" ends where "dråp" starts; "sköts" holds "s") and one that starts another.
_WORDS = ("mord", "dråp", "sköts", "s", "skjut")


@given(st.text(alphabet="mordåpsköjut _1é", max_size=40), st.booleans())
@example("mordråp skjut", False)  # "dråp" starts inside "mord": hidden, as finditer hides it
@example("s sköts _s", True)
def test_the_starts_of_literal_words_are_those_finditer_finds(text: str, whole: bool) -> None:
    alternation = "|".join(_WORDS)
    pattern = re.compile(rf"(?<!\w)(?:{alternation})(?!\w)" if whole else alternation)
    found = literal_starts(text, _WORDS, occurrences(text, _WORDS), whole=whole)
    assert found == [m.start() for m in pattern.finditer(text)]


@given(st.text(alphabet=st.characters(max_codepoint=0xFF), max_size=60))
def test_latin1_words_and_digits_are_read_as_for_any_text(text: str) -> None:
    assert is_latin1(text)
    assert tokenize(text, latin1=True) == tokenize(text, latin1=False)
    assert digit_runs(text, latin1=True) == digit_runs(text, latin1=False)


@given(st.text(alphabet="aÅé1 -'’_\nış", max_size=40))
def test_words_are_the_matches_of_the_word_pattern(text: str) -> None:
    expected = [(m.start(), m.end(), m.group()) for m in _WORD.finditer(text)]
    assert tokenize(text, latin1=False) == expected


def test_text_beyond_latin1_is_told_apart() -> None:
    assert not is_latin1("Hodžić")
    assert [w for _, _, w in tokenize("Kerem Yıldız", latin1=False)] == ["Kerem", "Yıldız"]
