"""Running a pattern only where it can match, with the same result as searching the whole text.

Python's re searches fast only for a pattern's first literal text or first single character; a
pattern that starts with a word from a long list, a look-behind or an address's local part is tried
at every position. When every match must start at a place that is cheap to find (an "@", a platform
word's first letters, a run of digits), trying the pattern there alone finds what finditer finds.
"""

import re
from collections.abc import Iterable, Iterator

# The module, not its names: hints reads `occurrences` from here (an import cycle, resolved at call time).
from bot.privacy import hints

# Runs of word characters: where they start, a match of matches_near's patterns may start. (Searched
# for as runs rather than as (?<!\w)\w, which re tries at every character with its look-behind.)
_WORD_RUN = re.compile(r"\w+")


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


def matches_near(
    pattern: re.Pattern[str], text: str, anchors: Iterable[int], before: int, after: int
) -> Iterator[re.Match[str]]:
    """What `matches_at_word_start` yields, for a pattern each of whose matches starts with a word
    character and lies within `before` characters before and `after` characters after one of `anchors`
    (where its rare word stands)."""
    done = 0
    for anchor in sorted(anchors):
        # Tried only at the word starts of the window: a search from its start would read on to the end
        # of the text whenever the window holds no match. Matched in the whole text, so that "$" and
        # "\b" see its real end.
        at = window = max(done, anchor - before, 0)
        for word in _WORD_RUN.finditer(text, window, anchor + after):
            start = word.start()
            if start == window and start and (text[start - 1].isalnum() or text[start - 1] == "_"):
                continue  # the window starts inside a word
            if start >= at and (m := pattern.match(text, start)):
                yield m
                at = done = m.end()


def matches_from_words(
    pattern: re.Pattern[str], low: str, first_words: tuple[str, ...] | None
) -> Iterator[re.Match[str]]:
    """What `matches_at_word_start` yields, tried only where one of `first_words` occurs in `low` (the
    scanned text in lower case), if given: every match of the pattern must start with one of them. Most
    texts hold few of them (found from the text's words, hints.occurrences), where re would try the
    pattern at every character that can start it."""
    if first_words is None:
        return matches_at_word_start(pattern, low)
    return matches_at_word_starts(pattern, low, hints.occurrences(low, first_words))


def literal_starts(text: str, words: tuple[str, ...], at: Iterable[int], *, whole: bool = False) -> list[int]:
    r"""The starts of what finditer yields for the pattern `word1|word2|…` (or, if `whole`, for
    `(?<!\w)(?:word1|word2|…)(?!\w)`), given every offset at which one of the words occurs.

    Found with str.find (by `hints.occurrences`), the words cost a few searches, where re tries the
    alternation at every character. Like re, the first word (in order) that matches at an offset is taken,
    and a match hides the offsets inside it.
    """
    found: list[int] = []
    end = 0
    for start in sorted(at):
        if start < end:
            continue
        for word in words:
            if text.startswith(word, start) and (not whole or _stands_alone(text, start, start + len(word))):
                found.append(start)
                end = start + len(word)
                break
    return found


def _stands_alone(text: str, start: int, end: int) -> bool:
    r"""Whether no word character (\w: a letter, a digit or "_") touches text[start:end]."""
    before = text[start - 1] if start else " "
    after = text[end] if end < len(text) else " "
    return not (before.isalnum() or before == "_" or after.isalnum() or after == "_")


def follows(text: str, start: int, marks: str) -> bool:
    """Whether the character before `start` is a letter, a digit, an underscore or one of `marks`."""
    if start == 0:
        return False
    before = text[start - 1]
    return before.isalnum() or before == "_" or before in marks


class Gate:
    """A cheap necessary condition for a rule: one of its words is among the text's words, or one of its
    stems occurs in the text (and, if given, one of its `also` words is among the text's words too). A rule
    runs only where its gate opens, so every match of the rule must contain what the gate asks for."""

    __slots__ = ("_also", "_stems", "_words")

    def __init__(
        self, words: Iterable[str] = (), stems: Iterable[str] = (), also: Iterable[str] = ()
    ) -> None:
        self._words = frozenset(words)
        self._stems = tuple(stems)
        self._also = frozenset(also)

    def opens(self, words: frozenset[str], low: str) -> bool:
        """Whether the rule may match `low`, whose words (lower case) are `words`."""
        if self._also and self._also.isdisjoint(words):
            return False
        # The stems are looked up in the text's words first (hints.any_in), as the detectors' hints are.
        return not self._words.isdisjoint(words) or hints.any_in(low, self._stems)


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
