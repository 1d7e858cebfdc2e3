"""Word tokens with offsets, computed once per text and shared by the detectors."""

import re

# Letters only (no digits or underscore), with hyphen/apostrophe joins so "Anna-Karin" is one word.
_WORD = re.compile(r"[^\W\d_]+(?:['’\-][^\W\d_]+)*")
# Any run of non-space characters, used for word numbers shown to the user.
_ANY_WORD = re.compile(r"\S+")
# Characters between two words that mean the second begins a sentence (or a list item).
_SENTENCE_BREAK = frozenset('.!?:;\n•*"“”(–—-')

Token = tuple[int, int, str]


def tokenize(text: str) -> list[Token]:
    """Letter words of `text` as (start, end, word)."""
    return [(m.start(), m.end(), m.group()) for m in _WORD.finditer(text)]


def starts_sentence(text: str, tokens: list[Token], i: int) -> bool:
    """Whether token `i` is the first word of a sentence, line or list item."""
    if i == 0:
        return not any(c.isalnum() for c in text[: tokens[0][0]])
    gap = text[tokens[i - 1][1] : tokens[i][0]]
    return any(c in _SENTENCE_BREAK for c in gap)


def word_number(text: str, start: int) -> int:
    """1-based number of the whitespace-separated word containing character offset `start`."""
    number = 0
    for m in _ANY_WORD.finditer(text):
        if m.start() > start:
            break
        number += 1
    return max(number, 1)
