"""Whether a text holds one of a list of short strings, answered mostly from the text's words.

Before running a pattern the detectors ask of each text whether it holds any of its hint words ("bor ",
"adress", "lägenhet", …) or where they are, and each search reads the whole text: a few hundred
searches a text. But every letter of a text is in one of its word tokens, so a hint's longest run of
letters can only occur inside one word. The runs each word holds are looked up once per word (and
remembered, words come back in text after text), and only the hints whose run some word of the text
holds are searched for: the answers are those of the plain searches.

`read(low, lows)` is called once per text (by the scanner) with the lower-cased text and its tokens'
words in lower case, and `forget()` when the scan ends; `any_in` and `occurrences` use them for that
same string object and fall back to the plain searches for any other (another thread's text, or a
detector called on its own). The words' bits are remembered as every word memo's answers are
(tokens.WordMemo).
"""

import threading
from dataclasses import dataclass
from functools import reduce
from operator import add, or_

from bot.privacy import patterns
from bot.privacy.tokens import WordMemo

# A run of letters, at least this long, stands for its hint; a hint without one is always searched for.
_MIN_RUN = 2
_MEMO_LIMIT = 50_000


class _WordBits(WordMemo[int]):
    """Per word, the bits of the registered runs it holds."""

    def __init__(self) -> None:
        super().__init__(_MEMO_LIMIT)
        self.runs: dict[str, int] = {}
        # The runs by their first two letters (every run has at least _MIN_RUN = 2).
        self.by_start: dict[str, list[tuple[str, int]]] = {}
        # Runs are added while texts are being read (on a hint list's first use): a word's bits are
        # worked out and stored under the lock, so that none read without a run outlives its adding.
        self.lock = threading.RLock()

    def add(self, run: str, bit: int) -> None:
        with self.lock:
            self.runs[run] = bit
            self.by_start.setdefault(run[:_MIN_RUN], []).append((run, bit))
            self.clear()  # the remembered words were read without this run

    def __missing__(self, word: str) -> int:
        with self.lock:
            return super().__missing__(word)

    def answer(self, word: str) -> int:
        # The word's pairs of letters (_MIN_RUN is 2) are made and matched against the runs' first two
        # in C (map, set intersection), not sliced and looked up one by one in Python: a word the scan
        # found is forgotten after it and read anew in the next text that holds it.
        bits, by_start = 0, self.by_start
        for pair in by_start.keys() & set(map(add, word, word[1:])):
            for run, bit in by_start[pair]:
                if run in word:
                    bits |= bit
        return bits


class _Bits:
    """The registered runs of letters, one bit each, and the words' bits."""

    def __init__(self) -> None:
        self.words = _WordBits()
        self.runs = self.words.runs
        self.generation = 0

    def register(self, run: str) -> int:
        with self.words.lock:
            if (bit := self.runs.get(run)) is None:
                bit = 1 << len(self.runs)
                self.words.add(run, bit)
                self.generation += 1
            return bit


_BITS = _Bits()


@dataclass(frozen=True, slots=True)
class _Plan:
    """How one tuple of hints is searched for: the hints without a run always, the others by their run's
    bit, so that a text's bits pick the few hints worth a search without a look at the rest."""

    always: tuple[str, ...]
    mask: int  # the bits of all the runs
    by_bit: dict[int, tuple[str, ...]]

    def candidates(self, bits: int) -> list[str]:
        """The hints a text whose words hold `bits` may hold: those without a run, and those whose run
        some word holds."""
        found = list(self.always)
        present = self.mask & bits
        while present:
            bit = present & -present  # the lowest bit set
            found += self.by_bit[bit]
            present ^= bit
        return found


_PLANS: dict[tuple[str, ...], _Plan] = {}
# The text read last: (lower-cased text, generation of the runs, bits its words hold).
_current: tuple[str, int, int] = ("", -1, 0)


def read(low: str, lows: list[str]) -> None:
    """Note the bits of the words of `low` (the lower-cased text; `lows` its tokens' words, lower case)."""
    global _current
    # Four words in five hold no run: the zeros are left out before the (wide) integers are joined.
    _current = (low, _BITS.generation, reduce(or_, filter(None, map(_BITS.words.__getitem__, lows)), 0))


def forget() -> None:
    """Drop the text read last (called when its scan ends: the guard keeps no text)."""
    global _current
    _current = ("", -1, 0)


def any_in(low: str, hints: tuple[str, ...], text: str | None = None) -> bool:
    """`any(hint in text for hint in hints)`, `text` being `low` unless given (then it must hold the
    hints' letters only where `low` does, e.g. `low` padded with spaces). The hints are in lower case."""
    within = low if text is None else text
    plan = _PLANS.get(hints) or _plan(hints)  # first: a new plan makes the text's bits out of date
    current = _current  # _bits_for, read here: the detectors ask this dozens of times a text
    if current[0] is not low or current[1] != _BITS.generation:
        return any(map(within.__contains__, hints))
    bits = current[2]
    if not plan.always and not plan.mask & bits:
        return False
    # Searched through map, in C: a generator's frame a hint costs more than most of the searches.
    return any(map(within.__contains__, plan.candidates(bits)))


def occurrences(low: str, hints: tuple[str, ...]) -> set[int]:
    """`patterns.occurrences(low, hints)`: every offset in `low` at which one of `hints` starts."""
    plan = _PLANS.get(hints) or _plan(hints)
    bits = _bits_for(low)
    if bits is None:
        return patterns.occurrences(low, hints)
    if not plan.always and not plan.mask & bits:
        return set()
    return patterns.occurrences(low, plan.candidates(bits))


def _bits_for(low: str) -> int | None:
    current = _current
    if current[0] is not low or current[1] != _BITS.generation:
        return None
    return current[2]


def _plan(hints: tuple[str, ...]) -> _Plan:
    always: list[str] = []
    by_bit: dict[int, list[str]] = {}
    for hint in hints:
        if bit := _bit(hint):
            by_bit.setdefault(bit, []).append(hint)
        else:
            always.append(hint)
    mask = reduce(or_, by_bit, 0)
    plan = _PLANS[hints] = _Plan(tuple(always), mask, {bit: tuple(found) for bit, found in by_bit.items()})
    return plan


def _bit(hint: str) -> int:
    """The bit of the hint's longest run of letters, or 0 when it has none long enough."""
    runs, run = [], ""
    for c in hint:
        if c.isalpha():
            run += c
        else:
            runs.append(run)
            run = ""
    longest = max([*runs, run], key=len)
    if len(longest) < _MIN_RUN or longest != longest.lower():
        return 0
    return _BITS.register(longest)
