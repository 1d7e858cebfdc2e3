"""Numbers dictated as words, read as the digits they say.

A phone's voice dictation, or a writer typing what they would say, gives "född noll fem ett två tre ett
streck fyra fem sex sju" or "ring mamma på noll sju noll, fyrtiofem, sextiosju". People read such numbers
in one of a few ways, and those alone are read here:

- digit by digit: noll, ett, två … nio; zero or "oh", one … nine (a British "double five" too);
- in pairs, as Swedes read a phone number's last groups or a personnummer's date ("nittiotvå noll fem
  tolv", "fyrtiofem sextiosju"): tio … nittionio, one word or a tens word and a unit ("tjugo tre"); in
  English "twenty-three", "twenty three";
- a year of birth in one Swedish word ("nittonhundranittiotvå", "tvåtusenelva");
- mixed with written digit groups ("0703 fyra fem sex sju åtta nio").

Between them stand spaces and commas (a comma or a written group keeps a group apart, as a pause does),
or the dash said as a word ("streck", "bindestreck", "minus", "dash", "hyphen") or typed. "en" is not read
as 1: people reading digits say "ett", and "en" is the commonest word in Swedish.

Ordinary text holds digit words too ("sex elever", "en två tre-lek", "sju åtta elever"), so a run counts
only when it says at least six digits in words, or four in words and eight in all, with three words or
more, and it is not counting ("ett, två, tre, fyra, fem, sex, sju", or down). The detectors then judge
the digits as they judge written ones (a date and Luhn, phonenumbers), so a run that is not a number
stays harmless digits.

Not read: words glued by commas or dashes without spaces ("noll,sju,noll") or by an invisible character,
ordinals, letters spelt out (a reservnummer's "T"). Dictation writes none of these.
"""

import itertools
import re
from collections.abc import Iterable, Iterator

_UNITS = {
    "noll": 0, "ett": 1, "två": 2, "tva": 2, "tre": 3, "fyra": 4, "fem": 5, "sex": 6, "sju": 7, "åtta": 8,
    "atta": 8, "nio": 9,
    "zero": 0, "oh": 0, "one": 1, "two": 2, "three": 3, "four": 4, "five": 5, "six": 6, "seven": 7,
    "eight": 8, "nine": 9,
}  # fmt: skip
_TEENS = {
    "tio": 10, "elva": 11, "tolv": 12, "tretton": 13, "fjorton": 14, "femton": 15, "sexton": 16,
    "sjutton": 17, "arton": 18, "aderton": 18, "nitton": 19,
    # Not "eleven": in Swedish it is "the pupil".
    "ten": 10, "twelve": 12, "thirteen": 13, "fourteen": 14, "fifteen": 15, "sixteen": 16,
    "seventeen": 17, "eighteen": 18, "nineteen": 19,
}  # fmt: skip
_TENS = {
    "tjugo": 20, "tjugu": 20, "trettio": 30, "tretti": 30, "fyrtio": 40, "förtio": 40, "fyrti": 40,
    "femtio": 50, "femti": 50, "sextio": 60, "sexti": 60, "sjuttio": 70, "sjutti": 70, "åttio": 80,
    "åtti": 80, "nittio": 90, "nitti": 90,
    "twenty": 20, "thirty": 30, "forty": 40, "fourty": 40, "fifty": 50, "sixty": 60, "seventy": 70,
    "eighty": 80, "ninety": 90,
}  # fmt: skip
# A tens word takes a unit glued on ("tjugoen" too: in a compound "en" is 1) or after a space or,
# in English, a hyphen.
_UNIT_IN_COMPOUND = {**_UNITS, "en": 1}
_SEPARATOR_WORDS = ("bindestreck", "streck", "minus", "dash", "hyphen")


def _alternatives(words: Iterable[str]) -> str:
    # Longest first, so that "sjuttio" is not read as "sju".
    return "|".join(sorted(map(re.escape, words), key=len, reverse=True))


def _cased(words: list[str]) -> list[str]:
    """The words as a gate on the text as written sees them: lower case, Title Case ("Noll Sju Noll", as
    some keyboards capitalise every word) and capitals."""
    return [*words, *(w.capitalize() for w in words), *(w.upper() for w in words)]


def _trie(words: Iterable[str]) -> str:
    """One pattern for `words` that branches letter by letter ("n(?:oll|io|…)"): a plain alternation
    of fifty words is tried word by word at every position, nine times slower."""
    tree: dict[str, dict] = {}
    for word in words:
        node = tree
        for c in word:
            node = node.setdefault(c, {})
        node[""] = {}
    return _branches(tree)


def _branches(node: dict[str, dict]) -> str:
    alternatives = [re.escape(c) + _branches(child) for c, child in sorted(node.items()) if c]
    if not alternatives:
        return ""
    body = alternatives[0] if len(alternatives) == 1 else "(?:" + "|".join(alternatives) + ")"
    return f"(?:{body})?" if "" in node else body


_UNIT = _alternatives(_UNITS)
_TENS_WORD = _alternatives(_TENS)
_COMPOUND_UNIT = _alternatives(k for k in _UNIT_IN_COMPOUND if k not in ("oh", "zero", "noll"))
# A unit after a tens word and a space; not "noll" ("nittio noll fem" is 90, 0, 5) nor the article "en".
_SPACED_UNIT = _alternatives(k for k in _UNITS if k not in ("oh", "zero", "noll"))
_YEAR = (
    rf"(?:nitton|tjugo)hundra(?:{_TENS_WORD})?(?:{_COMPOUND_UNIT}|{_alternatives(_TEENS)})?"
    rf"|tvåtusen(?:{_TENS_WORD})?(?:{_COMPOUND_UNIT}|{_alternatives(_TEENS)})?"
)
_TOKEN = (
    rf"(?:{_YEAR}"
    rf"|(?:{_TENS_WORD})(?:-?(?:{_COMPOUND_UNIT})|\ +(?:{_SPACED_UNIT})(?!\w))?"
    rf"|{_alternatives(_TEENS)}|(?:double|triple)\ (?:{_UNIT})|{_UNIT}|\d+)"
)
# A line break may stand where a space does: dictation breaks lines where it likes, and a number written on
# two lines is one number (normalisation has made every other space a plain one).
_SEPARATOR = rf"(?:[ ,]*(?:{_alternatives(_SEPARATOR_WORDS)}|-)[ ,]*|[ ,]*\n[ ,]*|[ ,]+)"
# A run of number tokens (words or written groups), each a whole word, three or more of them.
_RUN = re.compile(rf"(?<!\w)(?:plus\ +)?(?:{_TOKEN})(?:{_SEPARATOR}(?:{_TOKEN})){{2,}}(?!\w)")
# The cheap gate, searched first: two number words side by side, the first after a space (as every run of
# three words has, whatever line breaks it holds besides), a word's end left loose ("tjugo" covers
# "tjugotre"). It is searched in the text as written, not lower-cased, so it knows each word in lower
# case, Title Case and capitals; the literal space lets the engine try only the spaces. About 10 µs a
# thousand characters (6 in lower case alone); the run pattern alone would take 90.
_GATE = re.compile(
    rf" {_trie(_cased([*_UNITS, *_TEENS, *_TENS, 'double', 'triple', 'tvåtusen']))}\w*{_SEPARATOR}"
    rf"{_trie(_cased([*_UNITS, *_TEENS, *_TENS, 'double', 'triple']))}"
)
_PIECE = re.compile(rf"(?P<plus>plus\ +)|(?P<token>{_TOKEN})(?!\w)|(?P<sep>{_SEPARATOR})")
_YEAR_PARTS = re.compile(r"(?P<century>nitton|tjugo|tvåtusen)(?:hundra)?(?P<rest>\w*)")
_MIN_SPOKEN = 6
_WHOLE = 10  # digits of a phone number or a personnummer without its century
_MIN_SPOKEN_MIXED, _MIN_MIXED = 4, 8


def spoken_numbers(text: str) -> Iterator[tuple[int, int, str]]:
    """(start, end, digits) of each piece of a dictated number in `text` (normalised), as it is written.

    Separators come out as a writer would type them: a dash word as "-", a comma or the space beside a
    written group as " ", a space between two spoken words as nothing.
    """
    if not _GATE.search(text):
        return
    # Lower case keeps every offset of a normalised text ("İ" is gone).
    for m in _RUN.finditer(text.lower()):
        for start, end, new in _read(m.group()) or ():
            yield m.start() + start, m.start() + end, new


def _read(run: str) -> list[tuple[int, int, str]] | None:
    """The run's pieces (start, end in the run, what they become), or None when the run is no number.

    Each group of words said together is one piece and each separator between groups another, so that a
    finding over some groups points at their words alone ("klass sju, noll fem …": not at "sju").
    """
    pieces: list[tuple[int, int, str]] = []
    values: list[int] = []
    spoken_digits = total_digits = 0
    separator: re.Match[str] | None = None
    group_start, group_end, group = -1, 0, ""
    last_spoken = False
    number = 0  # digits of the number being read, since the last break between two numbers
    for m in _PIECE.finditer(run):
        if m["sep"] is not None or m["plus"] is not None:
            separator = m
            continue
        spoken = not m["token"][0].isdigit()
        digits = _digits(m["token"])
        join = "" if separator is None else _join(separator["sep"], last_spoken and spoken, number, spoken)
        if group_start < 0 or join:
            if group_start >= 0 and separator is not None:
                pieces.append((group_start, group_end, group))
                pieces.append((separator.start(), separator.end(), join))
            group_start, group = m.start(), ""
            if separator is not None and separator["plus"] is not None:
                group_start, group = separator.start(), "+"  # a country code: "plus fyrtiosex …"
        number = 0 if join in (", ", "\n") else number
        group += digits
        number += len(digits)
        group_end = m.end()
        separator, last_spoken = None, spoken
        total_digits += len(digits)
        if spoken:
            spoken_digits += len(digits)
            values.append(int(digits))
    # Counting is all words: a written group beside the words makes it a number.
    if len(values) < 3 or (total_digits == spoken_digits and _counting(values)):
        return None
    if spoken_digits < _MIN_SPOKEN and (spoken_digits < _MIN_SPOKEN_MIXED or total_digits < _MIN_MIXED):
        return None
    pieces.append((group_start, group_end, group))
    return [(start, end, new) for start, end, new in pieces if run[start:end] != new]


def _join(separator: str | None, both_spoken: bool, number: int, spoken: bool) -> str:
    """What a separator becomes (None: "plus" before a country code), `number` digits of a number read
    before it and a spoken group after it or not."""
    if separator is None:
        return " "
    if "-" in separator or any(word in separator for word in _SEPARATOR_WORDS):
        return "-"
    # After a whole number (ten digits), or before a written group after six, a comma or a line break
    # ends it and another begins ("… åtta nio, 070-123 45 67"); earlier it is a pause inside one
    # ("noll sju noll, fyrtiofem, sextiosju").
    if "," in separator or "\n" in separator:
        if number >= _WHOLE or (not spoken and number >= _MIN_SPOKEN):
            return "\n" if "\n" in separator else ", "
        return " " if "," in separator or not both_spoken else ""
    return "" if both_spoken else " "


def _digits(token: str) -> str:
    if token[0].isdigit():
        return token
    if token in _UNITS:
        return str(_UNITS[token])
    if token in _TEENS:
        return str(_TEENS[token])
    if token.startswith(("double ", "triple ")):
        times, unit = token.split(" ")
        return str(_UNITS[unit]) * (2 if times == "double" else 3)
    if (year := _YEAR_PARTS.fullmatch(token)) and (year["century"] == "tvåtusen" or "hundra" in token):
        century = {"nitton": "19", "tjugo": "20", "tvåtusen": "20"}[year["century"]]
        return century + f"{_pair(year['rest']) if year['rest'] else 0:02d}"
    return f"{_pair(token):02d}"


def _pair(words: str) -> int:
    """The value of a number below 100 said in one or two words ("tjugotre", "twenty-three", "tjugo tre")."""
    if words in _TEENS:
        return _TEENS[words]
    if words in _UNIT_IN_COMPOUND:
        return _UNIT_IN_COMPOUND[words]
    for tens, value in sorted(_TENS.items(), key=lambda item: -len(item[0])):
        if words.startswith(tens):
            unit = words[len(tens) :].lstrip(" -")
            return value + (_UNIT_IN_COMPOUND[unit] if unit else 0)
    raise ValueError(words)


def _counting(values: list[int]) -> bool:
    """Whether the words count up or down by one ("ett två tre fyra fem sex", "tio nio åtta …")."""
    steps = {b - a for a, b in itertools.pairwise(values)}
    return steps == {1} or steps == {-1}
