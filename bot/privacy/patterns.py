"""Running a pattern only where it can match, with the same result as searching the whole text.

Python's re searches fast only for a pattern's first literal text or first single character; a
pattern that starts with a word from a long list, a look-behind or an address's local part is tried
at every position. When every match must start at a place that is cheap to find (an "@", a platform
word's first letters, a run of digits), trying the pattern there alone finds what finditer finds.
"""

import re
from collections.abc import Iterable, Iterator


def occurrences(text: str, needles: Iterable[str]) -> set[int]:
    """Every offset at which one of `needles` occurs in `text` (str.find is far faster than re)."""
    found = set()
    for needle in needles:
        at = text.find(needle)
        while at != -1:
            found.add(at)
            at = text.find(needle, at + 1)
    return found


def matches_at(pattern: re.Pattern[str], text: str, starts: Iterable[int]) -> Iterator[re.Match[str]]:
    """What `pattern.finditer(text)` yields, given every offset at which a match of it can start.

    The pattern must never match the empty string. Like finditer, a match hides the starts inside it.
    """
    end = 0
    for start in sorted(starts):
        if start >= end and (m := pattern.match(text, start)):
            end = m.end()
            yield m


def matches_at_word_start(pattern: re.Pattern[str], text: str) -> Iterator[re.Match[str]]:
    """What finditer yields for the pattern with a leading \\b, for a pattern whose matches start with a
    word character: the boundary is checked here, so that re can skip ahead to the first letters."""
    at = 0
    while m := pattern.search(text, at):
        start = m.start()
        if start and (text[start - 1].isalnum() or text[start - 1] == "_"):
            at = start + 1  # the pattern with the \\b would have failed here and gone on from the next one
            continue
        yield m
        at = m.end()


def matches_at_word_starts(
    pattern: re.Pattern[str], text: str, starts: Iterable[int]
) -> Iterator[re.Match[str]]:
    """What `matches_at_word_start` yields, given every offset at which a match of the pattern can start
    (the offsets of its first words): the pattern is tried there alone."""
    end = 0
    for start in sorted(starts):
        if start < end or (start and (text[start - 1].isalnum() or text[start - 1] == "_")):
            continue
        if m := pattern.match(text, start):
            end = m.end()
            yield m
