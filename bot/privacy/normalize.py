"""One normalisation before every detector, with a map from normalised offsets back to the writer's text.

People type identifiers with whatever their keyboard, phone or copied text gives them: non-breaking and
thin spaces, tabs, en and em dashes, the minus sign, non-breaking hyphens, zero-width characters,
full-width digits, a number broken over two lines, the letter O for a zero. The detectors see one plain
form (NFKC, every space a space, every dash a hyphen, invisible characters gone, line breaks inside numbers
made spaces, an O between two digits a zero), and each
finding is mapped back so that it still points at the writer's own words. A number dictated as words
("noll sju noll, fyrtiofem …", see spoken.py) then becomes the digits it says, and a finding in it points
at the whole spoken run.
"""

import re
import unicodedata
from bisect import bisect_right
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from functools import lru_cache

from bot.privacy.spoken import spoken_numbers

_SPECIAL = re.compile(
    # A line break between two digits (or after a hyphen before a digit) is a space inside the number:
    # the detectors take a number's groups apart from spaces, and two numbers on two lines stay two.
    r"(?P<numberbreak>(?<=[\d-])[^\S\n]*\n[^\S\n]*(?=\d))"
    r"|(?P<invisible>[\u00ad\u180e\u200b-\u200f\u2060-\u2064\ufeff])"
    r"|(?P<space>[^\S \n])"
    r"|(?P<dash>[\u2010-\u2015\u2212\ufe58\ufe63\uff0d])"
    # The letter O typed for a zero inside a number ("12O314-2384").
    r"|(?P<zero>(?<=[0-9])[Oo](?=[0-9]))"
    # Anything beyond ASCII and the Latin-1 letters may change under NFKC (full-width digits, ligatures,
    # a letter followed by a combining ring); a letter just before is included so that it can compose.
    r"|(?P<other>[^\W\d_]?[^\x00-\x7f\u00c0-\u00ff]+)"
)
# Most texts hold nothing to change: two cheap searches tell, before the full pattern runs.
_ODD_CHARACTER = re.compile(r"[^\n\x20-\x7e\u00c0-\u00ff]")
# Runs of them; the letter just before each run is taken with it in Python (so a combining mark can
# compose with it), since a leading optional letter in the pattern would make re try every position.
_ODD_RUN = re.compile(r"[^\n\x20-\x7e\u00c0-\u00ff][^\n\x20-\x7e\u00c0-\u00ff]*+")
# A line break between a digit (or a hyphen) and a digit, found from the line breaks: what
# [\d-][^\S\n]*\n[^\S\n]*\d would find, which re tried at every digit and hyphen of the text.
_BREAK_BEFORE_DIGIT = re.compile(r"\n[^\S\n]*\d")
_FIXED = {"numberbreak": " ", "invisible": "", "space": " ", "dash": "-", "zero": "0"}
# The same looked for from the letter (re skips ahead to it), then the digits on either side.
_O_IN_NUMBER = re.compile(r"[Oo](?<=[0-9][Oo])(?=[0-9])")
_INVISIBLE = re.compile(r"[\u00ad\u180e\u200b-\u200f\u2060-\u2064\ufeff]")
_DASH = re.compile(r"[\u2010-\u2015\u2212\ufe58\ufe63]")
_SPACE = re.compile(r"[^\S\n]")
_APOSTROPHE = re.compile(r"[\u2018\u2019\u02bc]")


@dataclass(frozen=True, slots=True)
class Normalised:
    """The normalised text and, per changed piece, where it came from in the original."""

    text: str
    # Parallel lists, one entry per replaced piece, ordered: its start in the normalised text, its
    # length there, and its span in the original. Text between pieces is copied unchanged.
    starts: tuple[int, ...] = ()
    lengths: tuple[int, ...] = ()
    origins: tuple[tuple[int, int], ...] = ()

    def original_span(self, start: int, end: int) -> tuple[int, int]:
        """The span of the original text that the normalised span [start, end) came from."""
        if not self.starts:
            return start, end
        original_start = self._original(start, at_end=False)
        # An empty span over removed characters would otherwise end before it starts.
        return original_start, max(original_start, self._original(end, at_end=True))

    def _original(self, offset: int, *, at_end: bool) -> int:
        # The last piece starting at or before the offset (for an end, strictly before it).
        i = bisect_right(self.starts, offset - 1 if at_end else offset) - 1
        if i < 0:
            return offset
        piece_start, piece_length = self.starts[i], self.lengths[i]
        origin_start, origin_end = self.origins[i]
        if offset - piece_start < piece_length or (at_end and offset - piece_start == piece_length):
            # Inside a replaced piece: only a one-character replacement lines up for certain (a
            # composition and an expansion can give a piece of the same length that does not).
            if piece_length == 1 == origin_end - origin_start:
                return origin_start + offset - piece_start
            return origin_end if at_end else origin_start
        return origin_end + offset - piece_start - piece_length


def normalise(text: str) -> Normalised:
    """`text` in the one form the detectors read, with the way back to the original offsets."""
    characters = _characters(text)
    runs = list(spoken_numbers(characters.text))
    return _with_digits(characters, runs) if runs else characters


def _characters(text: str) -> Normalised:
    if not _has_number_break(text) and not _O_IN_NUMBER.search(text):
        if not _ODD_CHARACTER.search(text):
            return Normalised(text)
        return _rebuilt(text, _odd_runs(text))  # the common case: only odd characters
    return _rebuilt(text, ((m.lastgroup or "", m.start(), m.end()) for m in _SPECIAL.finditer(text)))


def _with_digits(first: Normalised, runs: list[tuple[int, int, str]]) -> Normalised:
    """`first` with each spoken run (start, end, digits in its text) replaced by its digits.

    The result maps straight back to the original: a run becomes one piece whose origin is the whole
    run there, and the character pieces before, between and after the runs keep theirs, shifted.
    """
    text = first.text
    pieces = list(zip(first.starts, first.lengths, first.origins, strict=True))
    parts: list[str] = []
    starts: list[int] = []
    lengths: list[int] = []
    origins: list[tuple[int, int]] = []
    i = copied = shift = 0

    def keep(until: int) -> int:
        # The character pieces before `until` (an empty one at `until` too) move by `shift`.
        nonlocal i
        while i < len(pieces) and (pieces[i][0] < until or (pieces[i][0] == until and not pieces[i][1])):
            piece_start, piece_length, origin = pieces[i]
            if piece_start + piece_length <= until:  # one that reaches into the run goes with it
                starts.append(piece_start + shift)
                lengths.append(piece_length)
                origins.append(origin)
            i += 1
        return i

    for run in runs:
        start, end, digits = _widened(pieces, text, *run)
        keep(start)
        while i < len(pieces) and pieces[i][0] < end:
            i += 1  # inside the run: the run's own piece covers it
        parts += (text[copied:start], digits)
        starts.append(start + shift)
        lengths.append(len(digits))
        origins.append(first.original_span(start, end))
        shift += len(digits) - (end - start)
        copied = end
    keep(len(text) + 1)
    parts.append(text[copied:])
    return Normalised("".join(parts), tuple(starts), tuple(lengths), tuple(origins))


def _widened(
    pieces: list[tuple[int, int, tuple[int, int]]], text: str, start: int, end: int, digits: str
) -> tuple[int, int, str]:
    """The run widened over a character piece that straddles either of its ends ("nio" and the thin space
    after it were read as one piece, "o\u2009"), so that no piece is cut in two and lost from the map."""
    for piece_start, piece_length, _ in pieces:
        piece_end = piece_start + piece_length
        if piece_start < start < piece_end:
            digits, start = text[piece_start:start] + digits, piece_start
        if piece_start < end < piece_end:
            digits, end = digits + text[end:piece_end], piece_end
    return start, end, digits


def _has_number_break(text: str) -> bool:
    """Whether a line break stands inside a number: a digit or hyphen, spaces, the break, spaces, a digit."""
    at = text.find("\n")
    while at != -1:
        if _BREAK_BEFORE_DIGIT.match(text, at):
            before = at
            while before and text[before - 1] != "\n" and text[before - 1].isspace():
                before -= 1
            # \d is isdecimal(), \s isspace().
            if before and (text[before - 1].isdecimal() or text[before - 1] == "-"):
                return True
        at = text.find("\n", at + 1)
    return False


def _odd_runs(text: str) -> Iterator[tuple[str, int, int]]:
    """Runs of odd characters as ("", start, end), each with the letter just before it, if any."""
    for m in _ODD_RUN.finditer(text):
        start = m.start()
        # The character before a run is not odd, and for those isalpha() is exactly [^\W\d_].
        if start and text[start - 1].isalpha():
            start -= 1
        yield "", start, m.end()


def _rebuilt(text: str, found: Iterable[tuple[str, int, int]]) -> Normalised:
    """`text` with each found (kind, start, end) piece replaced by its plain form."""
    pieces: list[str] = []
    starts: list[int] = []
    lengths: list[int] = []
    origins: list[tuple[int, int]] = []
    copied = length = 0
    for kind, start, end in found:
        replacement = _FIXED.get(kind)
        if replacement is None:
            piece = text[start:end]
            replacement = _plain_short(piece) if len(piece) <= _SHORT else _plain(piece)
            if replacement == piece:
                continue
        pieces.append(text[copied:start])
        length += start - copied
        starts.append(length)
        lengths.append(len(replacement))
        origins.append((start, end))
        pieces.append(replacement)
        length += len(replacement)
        copied = end
    if not starts:
        return Normalised(text)
    pieces.append(text[copied:])
    return Normalised("".join(pieces), tuple(starts), tuple(lengths), tuple(origins))


# Nearly every piece is one or two characters (a dash, a space, a letter and its mark) and comes back in
# text after text: their plain forms are remembered, as such pieces say nothing of anyone. Longer pieces
# (a word in another script) may be a name and are never kept.
_SHORT = 2


@lru_cache(maxsize=4096)
def _plain_short(piece: str) -> str:
    return _plain(piece)


def _plain(piece: str) -> str:
    folded = unicodedata.normalize("NFKC", piece)
    # A piece may hold dashes, spaces and invisible characters that NFKC keeps: give them the plain form.
    # "İ" is the one letter whose lower case is longer: with it gone, text.lower() keeps every offset,
    # so detectors may match lower-case patterns on the lower-cased text (much faster than IGNORECASE).
    # Typographic apostrophes ("Jack’s", as phones type them) become the plain one the patterns read.
    plain = _DASH.sub("-", _SPACE.sub(" ", _INVISIBLE.sub("", folded))).replace("\u0130", "I")
    return _APOSTROPHE.sub("'", plain)
