"""Whether one word is a name by the lists alone: listed, hyphenated, a surname by its ending, or not.

The context rules in `names.py`, `name_blocks.py` and `name_evidence.py` decide what the words around
it add; these look at the word only.
"""

import re

from bot.privacy.namelists import NameLists

# "Lindström-familjen", "Ali-släkten": a family is as identifying as its name.
# After a hyphen these make a name's compound a person or a family, not a thing: "Svensson-familjen",
# "Svensson-killen i nian".
_FAMILY_WORDS = frozenset(
    {"familjen", "familj", "släkten", "klanen", "family", "barnen", "syskonen", "killen", "tjejen", "grabben",
     "ungen", "ungarna", "pojken", "flickan", "brorsan", "syrran", "kid", "boy", "girl"}
)  # fmt: skip
_SWEDISH_LETTERS = re.compile(r"[a-zåäöé'’\-]+")
# Swedish surname endings, for surnames missing from the list ("Lindqvist", "Hodžić", "Korhonen").
_SURNAME_ENDINGS = (
    "sson", "berg", "ström", "strom", "qvist", "kvist", "quist", "gren", "holm", "dahl", "blad", "blom",
    "stedt", "bäck", "lind", "lund", "ander", "ović", "ević", "ovic", "evic", "ić", "ainen", "äinen",
)  # fmt: skip
_NOT_SURNAMES = frozenset(
    {"person", "personen", "lesson", "season", "reason", "prison", "poison", "stockholm"}
)
# Definite forms and plurals are nouns ("Polisen", "Skolverket"), not unknown names.
NOUN_ENDINGS = ("en", "et", "na", "an", "orna", "erna", "arna", "ningen", "heten")
_SURNAME_PREFIXES = frozenset({"al", "el", "abu", "ben", "bin", "ibn", "van", "von", "de", "af"})


def is_shouted_name(low: str, lists: NameLists) -> bool:
    """Whether a word typed in capitals is a name: listed (or a surname by its ending) and no word."""
    # In capitals every word looks like an acronym; only a listed name that is no ordinary word counts.
    if low in lists.not_names or (low in lists.common_words and low not in lists.primary_names):
        return False
    return low in lists.names or looks_like_surname(low)


def is_name_word(low: str, lists: NameLists) -> bool:
    """Whether a capitalised word is a name by the lists: listed, hyphenated, genitive or a surname."""
    if low in lists.names:
        return True
    if "-" in low:
        return _is_hyphenated_name(low.split("-"), lists)
    if low.endswith(("'s", "’s")):
        return low[:-2] in lists.names and low[:-2] not in lists.common_words
    if low.endswith("s") and low[:-1] in lists.names and low[:-1] not in lists.common_words:
        return True  # genitive: "Annas mamma"
    return looks_like_surname(low)


def _is_hyphenated_name(parts: list[str], lists: NameLists) -> bool:
    if parts[0] in _SURNAME_PREFIXES:
        return len(parts) > 1 and len(parts[1]) > 1
    # "Anna-Karin", "Lind-Svensson", "Lindström-familjen": the first part must be a name.
    return parts[0] in lists.names or looks_like_surname(parts[0])


def names_a_thing(word: str, lists: NameLists) -> bool:
    """Whether a hyphenated word is a thing named after someone ("Thunberg-tröja", "Bamse-tidningen")."""
    head, _, tail = word.rpartition("-")
    low = tail.lower()
    return (
        bool(head)
        and tail.islower()
        and len(tail) >= 3
        and low not in lists.names
        and low not in _FAMILY_WORDS
    )


def looks_like_surname(low: str) -> bool:
    """Whether a word ends like a Swedish, South-Slavic or Finnish surname."""
    return len(low) >= 6 and low.endswith(_SURNAME_ENDINGS) and low not in _NOT_SURNAMES


def genitive_base(low: str) -> str:
    """The word a genitive is formed from: "sagas", "liam's", "liam’s" (not checked to be one)."""
    return low[:-2] if low.endswith(("'s", "’s")) else low[:-1]


def is_ordinary_word(low: str, lists: NameLists) -> bool:
    """Whether a listed name is more often an ordinary word ("björn", "saga")."""
    return low in lists.common_words and low not in lists.primary_names


def has_foreign_letters(low: str) -> bool:
    """Whether a word has letters Swedish words never have ("arbër", "máret")."""
    return not _SWEDISH_LETTERS.fullmatch(low)


# A capitalised word ending in one of these is an institution, often named after someone
# ("Wallenbergskolan", "Lagerlöfsgymnasiet"), not a person.
NAMED_INSTITUTIONS = (
    "skolan", "gymnasiet", "sjukhuset", "kyrkan", "stiftelsen", "mottagningen", "biblioteket", "institutet",
)  # fmt: skip
# A name followed by one of these names a place or institution ("Anna Whitlocks gymnasium", "Maria Ungdom").
INSTITUTIONS = (
    "skola", "skolan", "gymnasium", "gymnasiet", "sjukhus", "sjukhuset", "kyrka", "kyrkan", "församling",
    "stiftelse", "stiftelsen", "förskola", "ungdom", "school", "hospital", "academy", "college", "center",
    "centrum", "mottagning", "mottagningen", "institutet", "universitet", "hem", "hemmet", "park", "parken",
    "torg", "kapell", "bibliotek", "museum", "teater", "huset", "gården", "plan", "foundation", "värld",
)  # fmt: skip
