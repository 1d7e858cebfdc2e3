"""Whether a word is an ordinary Swedish or English word, by two maintained spelling dictionaries.

The guard asks this only of words it is unsure of: a capitalised word no name list holds ("Efteråt sa
han", "Fritids säger"), and a listed name written in lower case ("firas", "tell"). The word lists are
the lower-case entries of the Swedish and the American English Hunspell dictionaries (see
data/README.md for their source and licences): base forms only, so an inflected form is looked up by
its base form after a Swedish or English ending is taken off ("kastade" → "kasta", "firas" → "fira").
Only the words' hashes are kept, sorted in one array (1.6 MB rather than about 20 MB for a set of the
words); a hash is the process's own, and two words sharing a 64-bit hash is too rare to matter here.
"""

import gzip
from array import array
from bisect import bisect_left
from functools import cache
from importlib.resources import files

_ENGLISH = ("english_words.txt.gz",)
_FILES = ("swedish_words.txt.gz", *_ENGLISH)
# Inflectional endings, longest first; what is left must keep three letters.
_ENDINGS = (
    "arnas", "ernas", "ornas", "andes", "arna", "erna", "orna", "ades", "ande", "ende", "aste", "ing",
    "ast", "are", "ade", "ens", "ets", "ans", "ies", "ied", "ed", "es", "en", "et", "ar", "er", "or", "na",
    "de", "te", "as", "s", "t", "n", "a", "e", "r", "d",
)  # fmt: skip
_MIN_STEM = 3
# The endings by their last letter: a word is tried with the few that can end it, not all of them (the
# answer is the same, since any ending that gives a dictionary word will do).
_ENDINGS_BY_LAST = {last: tuple(e for e in _ENDINGS if e[-1] == last) for last in {e[-1] for e in _ENDINGS}}


class _WordHashes:
    """The words' hashes in one sorted array: 8 bytes a word, searched by C's bisection."""

    def __init__(self, words: set[str]) -> None:
        self._hashes = array("q", sorted({hash(word) for word in words}))

    def __contains__(self, word: str) -> bool:
        h = hash(word)
        k = bisect_left(self._hashes, h)
        return k < len(self._hashes) and self._hashes[k] == h


@cache
def _words(names: tuple[str, ...] = _FILES) -> _WordHashes:
    words: set[str] = set()
    for name in names:
        data = files(__package__).joinpath("data", name).read_bytes()
        words.update(gzip.decompress(data).decode("utf-8").split())
    return _WordHashes(words)


def is_english_word(low: str) -> bool:
    """Whether `low` (a lower-case word) is, as it stands, in the English dictionary ("tell", not "alva")."""
    return low in _words(_ENGLISH)


def is_dictionary_word(low: str) -> bool:
    """Whether `low` (a lower-case word) is a dictionary word or an inflected form of one."""
    words = _words()
    if low in words:
        return True
    for ending in _ENDINGS_BY_LAST.get(low[-1:], ()):
        if low.endswith(ending) and len(low) - len(ending) >= _MIN_STEM:
            stem = low[: -len(ending)]
            if stem in words or stem + "a" in words or stem + "e" in words:
                return True
    return False


def is_long_inflection(low: str, min_stem: int) -> bool:
    """Whether `low` is no dictionary entry itself but an inflection of one whose stem has at least
    `min_stem` letters ("frånvaron" of "frånvaro", "stängt" of "stänga"): names are entries or unknown."""
    words = _words()
    if low in words:
        return False
    for ending in _ENDINGS_BY_LAST.get(low[-1:], ()):
        if low.endswith(ending) and len(low) - len(ending) >= min_stem:
            stem = low[: -len(ending)]
            if stem in words or stem + "a" in words or stem + "e" in words:
                return True
    return False
