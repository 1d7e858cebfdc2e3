"""From words marked as names to findings: surnames after a name, pairs joined by "och", and spans.

A run of adjacent name words is one finding ("Reza Mohammadi"), unless the word after it turns it
into an institution's or a place's name ("Anna Whitlocks gymnasium", "Bäckby centrum").
"""

from collections.abc import Iterator
from itertools import compress

from bot.privacy.findings import Finding, Kind
from bot.privacy.name_cues import CUES
from bot.privacy.name_words import (
    INSTITUTIONS,
    NAMED_INSTITUTIONS,
    NOUN_ENDINGS,
    has_foreign_letters,
    names_a_thing,
)
from bot.privacy.namelists import NameLists
from bot.privacy.tokens import Token, adjacent

_AND = frozenset({"och", "and", "&"})
# After a name these make it a place, genitive or not: "Bäckby centrum", "Carl Larssons väg".
_PLACES = frozenset(
    {
        "centrum", "torg", "torget", "station", "stationen", "strand", "stranden", "ip", "idrottsplats",
        "väg", "gata", "gränd", "allé", "backe", "stig", "plan", "park", "parken", "gård", "hallen",
        "busshållplats", "hållplats", "vårdcentral", "bibliotek",
    }
)  # fmt: skip


def mark_following_surnames(
    text: str, tokens: list[Token], lows: list[str], i: int, marked: bytearray, lists: NameLists
) -> None:
    """Mark the capitalised words right after the name at `i` ("Reza Mohammadi", "Kerem Yıldız")."""
    j = i + 1
    while j < len(tokens) and adjacent(text, tokens[j - 1], tokens[j]):
        word = tokens[j][2]
        low = lows[j]
        if not word[0].isupper() or word.isupper() or low in lists.not_names or low in lists.common_words:
            break
        if (
            names_institution(text, tokens, lows, j)
            or low.endswith(INSTITUTIONS)
            or names_a_thing(word, lists)
        ):
            break
        marked[j] = True
        j += 1


def mark_pairs(text: str, tokens: list[Token], lows: list[str], marked: bytearray, lists: NameLists) -> None:
    """ "Oleksandr och Mykola": a capitalised word joined by "och" to a name is a name too."""
    if True not in marked or ("och" not in text and "and" not in text):
        return
    # The joining words are found in C; only they are then read in Python.
    joins = compress(range(len(lows)), map(_AND.__contains__, lows))
    for i in [k - 1 for k in joins if 0 < k < len(tokens) - 1 and tokens[k][2] in _AND]:
        for word_at, name_at in ((i, i + 2), (i + 2, i)):
            word = tokens[word_at][2]
            if marked[name_at] and not marked[word_at] and word[0].isupper() and not word.isupper():
                low = lows[word_at]
                if low in lists.common_words or low in lists.not_names or low in CUES:
                    continue
                if not low.endswith(NAMED_INSTITUTIONS):
                    marked[word_at] = not low.endswith(NOUN_ENDINGS) or has_foreign_letters(low)


def spans(text: str, tokens: list[Token], lows: list[str], marked: bytearray) -> Iterator[Finding]:
    """One finding per run of adjacent marked words, unless an institution's or place's word follows."""
    i = 0
    while True:
        try:
            i = marked.index(True, i)
        except ValueError:
            return
        j = i
        while j + 1 < len(tokens) and marked[j + 1] and adjacent(text, tokens[j], tokens[j + 1]):
            j += 1
        if not names_institution(text, tokens, lows, j + 1):
            yield Finding(Kind.PERSON_NAME, tokens[i][0], tokens[j][1])
        i = j + 1


def names_institution(text: str, tokens: list[Token], lows: list[str], j: int) -> bool:
    """Whether token `j` turns the name right before it into an institution's or a place's name."""
    if j >= len(tokens) or not adjacent(text, tokens[j - 1], tokens[j]):
        return False
    following = lows[j]
    if following in _PLACES:
        return True
    # "Jonas Bergs hem": the word "hem" alone, in lower case, is a family's home, not an institution.
    if not following.endswith(INSTITUTIONS) or tokens[j][2] == "hem":
        return False
    return tokens[j - 1][2].endswith("s") or tokens[j][2][0].isupper()
