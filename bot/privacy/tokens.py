"""Word tokens and runs of digits with their offsets, computed once per text and shared by the detectors."""

import re
from bisect import bisect_left, bisect_right
from collections.abc import Callable
from itertools import accumulate, compress
from operator import itemgetter
from typing import Any, TypeVar

# Letters only (no digits or underscore), with hyphen/apostrophe joins so "Anna-Karin" is one word.
# Written [^\W\d_][^\W\d_]*+ rather than [^\W\d_]+: re skips ahead only to a pattern's first single
# character, not into a repeat; the possessive repeats (nothing follows that could want them shorter)
# save the engine its backtracking records.
_WORD = re.compile(r"[^\W\d_][^\W\d_]*+(?:['’\-][^\W\d_]++)*+")
# The same for text within Latin-1 (nearly every text): those characters of [^\W\d_] spelt out, which
# the regex engine tests with one bitmap look-up instead of three Unicode category tests a character.
_LATIN1_LETTERS = "A-Za-z\xaa\xb2\xb3\xb5\xb9\xba\xbc-\xbe\xc0-\xd6\xd8-\xf6\xf8-\xff"
_LATIN1_WORD = re.compile(rf"[{_LATIN1_LETTERS}][{_LATIN1_LETTERS}]*+(?:['’\-][{_LATIN1_LETTERS}]++)*+")
_SPLIT, _LATIN1_SPLIT = (re.compile(f"({pattern.pattern})") for pattern in (_WORD, _LATIN1_WORD))
# Quotation marks, straight and typographic, around a quoted word or name.
QUOTES = "\"'”“‘’«»"
# Any run of non-space characters, used for word numbers shown to the user.
_ANY_WORD = re.compile(r"\S+")
# Characters between two words that mean the second begins a sentence (or a list item).
_SENTENCE_BREAK = frozenset('.!?:;\n•*"“”(–—-')
# Runs of digits: the number detectors look only where they are instead of searching the whole text.
# Latin-1 holds no decimal digits but 0-9, which re tests with a bitmap.
_DIGITS = re.compile(r"\d\d*+")
_LATIN1_DIGITS = re.compile(r"[0-9][0-9]*+")

Token = tuple[int, int, str]
_START, _END = itemgetter(0), itemgetter(1)
V = TypeVar("V")
Span = tuple[int, int]


def is_latin1(text: str) -> bool:
    """Whether every character of `text` is within Latin-1 (most texts are: Swedish and English)."""
    try:
        text.encode("latin-1")  # a plain copy for such text; otherwise it stops at the first character beyond
    except UnicodeEncodeError:
        return False
    return True


def tokenize(text: str, *, latin1: bool) -> list[Token]:
    """Letter words of `text` as (start, end, word); `latin1` says whether `is_latin1(text)`."""
    # Split on the words (captured): gap, word, gap, …, gap. The offsets are the running sum of the
    # pieces' lengths. All of it runs in C and makes no match objects: a third faster than finditer.
    pieces = (_LATIN1_SPLIT if latin1 else _SPLIT).split(text)
    ends = list(accumulate(map(len, pieces)))
    return list(zip(ends[0:-1:2], ends[1::2], pieces[1::2], strict=True))


def digit_runs(text: str, *, latin1: bool) -> list[Span]:
    """(start, end) of every run of digits in `text`; `latin1` says whether `is_latin1(text)`."""
    return list(map(re.Match.span, (_LATIN1_DIGITS if latin1 else _DIGITS).finditer(text)))


class WordMemo(dict[str, V]):
    """Per word, an answer that depends on the word alone, worked out once and then looked up.

    Detectors read every word of every text, and the same words come back in text after text. The memo
    holds single words, never a text, and is emptied when it grows past `limit` words; the words of
    what the guard finds in a text (a name, an address) are dropped again when its scan ends
    (`forget_words`), so that nothing the guard refuses outlives the request.
    """

    def __init__(self, limit: int = 50_000) -> None:
        super().__init__()
        self.limit = limit
        _MEMOS.append(self)

    def answer(self, word: str) -> V:
        raise NotImplementedError

    def __missing__(self, word: str) -> V:
        if len(self) >= self.limit:
            self.clear()
        answer = self[word] = self.answer(word)
        return answer


class WordTest(WordMemo[bool]):
    """A yes-or-no test of one word (see WordMemo)."""

    def __init__(self, test: Callable[[str], bool], limit: int = 50_000) -> None:
        super().__init__(limit)
        self._test = test

    def answer(self, word: str) -> bool:
        return self._test(word)

    def indices(self, words: list[str]) -> list[int]:
        """Indices of the words that pass the test, in order (looked up in C, not in a Python loop)."""
        return list(compress(range(len(words)), map(self.__getitem__, words)))


_MEMOS: list[WordMemo[Any]] = []


class WordFlag:
    """A yes-or-no test that a detector asks of every word of a text, answered from the text's word
    records (see `read_words`): one memo look-up a word serves every such test and the lower case."""

    def __init__(self, test: Callable[[str], bool], *, as_written: bool = False) -> None:
        self.test = test
        self.as_written = as_written  # tested on the word as written, not in lower case
        self.bit = 1 << len(_FLAGS)
        _FLAGS.append(self)
        _RECORDS.clear()  # the records made so far lack this flag

    def indices(self, tokens: list[Token], lows: list[str]) -> list[int]:
        """Indices of the tokens whose word passes the test, in order; `lows` is `lower_words(tokens)`
        (read from the flags when it is the list `read_words` returned last)."""
        current = _current
        if current[0] is lows:  # the text being scanned: its flags are read already (in C, no loop)
            flags = current[1]
            return list(compress(range(len(flags)), map(self.bit.__and__, flags)))
        words = map(itemgetter(2), tokens) if self.as_written else lows
        return [i for i, word in enumerate(words) if self.test(word)]


_FLAGS: list[WordFlag] = []


class _Records(WordMemo[tuple[str, int]]):
    """Per word as written, its lower case and the bits of the WordFlags it passes (see WordMemo)."""

    def answer(self, word: str) -> tuple[str, int]:
        low = word.lower()
        bits = 0
        for flag in _FLAGS:
            if flag.test(word if flag.as_written else low):
                bits |= flag.bit
        return low, bits


# The same lower-case string object for a word in text after text, its hash worked out once: every
# detector then looks the words up in word sets and memos, each look-up finding the key by identity.
_RECORDS = _Records()
# The words read last (lower case, the list object) and their flags; dropped when the scan ends.
_current: tuple[list[str] | None, list[int]] = (None, [])


def lower_words(tokens: list[Token]) -> list[str]:
    """Each token's word in lower case, in token order."""
    return list(map(itemgetter(0), map(_RECORDS.__getitem__, map(itemgetter(2), tokens))))


def read_words(tokens: list[Token]) -> list[str]:
    """`lower_words(tokens)`, the words' flags kept for WordFlag.indices until `forget_text()` (the scanner
    reads each text's words so, and forgets them when its scan ends)."""
    global _current
    records = list(map(_RECORDS.__getitem__, map(itemgetter(2), tokens)))
    lows = list(map(itemgetter(0), records))
    _current = (lows, list(map(itemgetter(1), records)))
    return lows


def forget_text() -> None:
    """Drop the words read last (called when a scan ends: the guard keeps no text)."""
    global _current
    _current = (None, [])


def forget_words(tokens: list[Token], lows: list[str], spans: list[Span], keep: frozenset[str]) -> None:
    """Drop from every word memo the words of the tokens that overlap one of `spans` (any case; `lows`
    holds them in lower case), but for the ordinary words in `keep` (lower case), which single nobody
    out."""
    found: set[int] = set()
    for start, end in spans:
        # Tokens are ordered and apart: those overlapping [start, end) are a slice, found by bisection
        # on the tokens themselves. Findings overlap (a name inside a description): each token once.
        first = bisect_right(tokens, start, key=_END)
        found.update(range(first, bisect_left(tokens, end, first, key=_START)))
    words: set[str] = set()
    for i in found:
        if (low := lows[i]) not in keep:
            words.update((tokens[i][2], low))
    for memo in _MEMOS:
        for word in words:
            memo.pop(word, None)


def starts_sentence(text: str, tokens: list[Token], i: int) -> bool:
    """Whether token `i` is the first word of a sentence, line or list item."""
    if i == 0:
        return not any(c.isalnum() for c in text[: tokens[0][0]])
    return not _SENTENCE_BREAK.isdisjoint(text[tokens[i - 1][1] : tokens[i][0]])


def adjacent(text: str, left: Token, right: Token, *, comma: bool = False, bracket: bool = False) -> bool:
    """Whether two tokens are next to each other: at most a space between them (or a comma or an opening
    bracket, if allowed)."""
    between = right[0] - left[1]
    if between > 2:
        return False
    if between == 1 and text[left[1]] == " ":  # nearly always: one space, read without a copy
        return True
    gap = text[left[1] : right[0]].strip()
    return not gap or (comma and gap == ",") or (bracket and gap == "(")


def word_number(text: str, start: int) -> int:
    """1-based number of the whitespace-separated word containing character offset `start`."""
    number = 0
    for m in _ANY_WORD.finditer(text):
        if m.start() > start:
            break
        number += 1
    return max(number, 1)
