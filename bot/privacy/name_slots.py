"""Whether a word no list or dictionary knows stands where sentences put a person: a score by slot and shape.

Lists and cues find the names they hold; a name they lack ("Tiril", "Ejnar") is only found by how the
sentence uses it. Each piece of evidence adds a weight, and a word is a name at `NAME_SCORE`:

- the slot on its left: a preposition or a verb that takes a person ("pratade med X", "bor hos X",
  "ringde X"), a kin word or a person noun right before it ("storebror X", "mamman till X"), a cleft
  ("det var X som");
- the slot on its right: a finite verb with the word as its subject ("X har", "X säger", "X hasn't");
- capitalised inside a sentence: a proper noun (a name, a place, a brand);
- its letters (`name_shape`): names and ordinary words, also compounds and brands, are spelled differently.

No slot alone is enough, and neither are the letters: "med Minecraft" and "träffade Skype" have the slot
but not a name's letters; "Pajala" has the letters but stands after "i", a place's slot. Dictionary
words never reach here (the caller asks the dictionaries first), so "med Teams" needs no weight of its own.
"""

import re
from collections.abc import Iterator
from itertools import compress

from bot.privacy.findings import Finding, Kind
from bot.privacy.lexicon import is_dictionary_word, is_english_word
from bot.privacy.name_cues import CUES
from bot.privacy.name_shape import name_shape
from bot.privacy.name_words import NAMED_INSTITUTIONS
from bot.privacy.namelists import NameLists
from bot.privacy.tokens import Token, starts_sentence

NAME_SCORE = 3
# Prepositions whose object is most often a person: "pratade med", "bor hos" (not "för": "rädd för Covid").
_PERSON_PREPOSITIONS = frozenset({"med", "hos", "åt", "utan", "with", "without"})
# Verbs whose object is most often a person: "ringde Ejnar", "träffade Mirja", "met Tiril".
_PERSON_OBJECT_VERBS = frozenset(
    {"träffa", "träffar", "träffade", "träffat", "ringa", "ringer", "ringde", "ringt", "hämta", "hämtar",
     "hämtade", "hämtat", "kramade", "trösta", "tröstade", "fråga", "frågade", "frågat", "meet", "met",
     "call", "called", "ask", "asked", "tell", "told", "phoned", "texted"}
)  # fmt: skip
# A kin word or a person noun right before a word names it: "storebror Halvard", "eleven Saimon".
_PERSON_NOUNS = frozenset(
    {"bror", "brodern", "syster", "systern", "storebror", "lillebror", "storasyster", "lillasyster",
     "kusin", "kusinen", "kompisen", "kompis", "vännen", "sonen", "dottern", "eleven", "elev", "pojken",
     "flickan", "tjejen", "killen", "barnet", "brother", "sister", "cousin", "friend", "son", "daughter",
     "pupil", "student", "boy", "girl", "pojkarna", "flickorna", "tjejerna", "killarna", "syskonen",
     "bröderna", "systrarna", "tvillingarna", "kusinerna", "brothers", "sisters", "twins"}
)  # fmt: skip
# "mamman till Ejnar", "the father of Tiril": a relative of the word's bearer.
_KIN_OF = frozenset(
    {"mamma", "mamman", "pappa", "pappan", "mor", "modern", "far", "fadern", "bror", "brodern", "syster",
     "systern", "föräldrarna", "föräldrar", "vårdnadshavare", "vårdnadshavaren", "mother", "father", "mum",
     "mom", "dad", "parents", "brother", "sister"}
)  # fmt: skip
_OF = frozenset({"till", "åt", "of"})
_CONJUNCTIONS = frozenset(
    {"och", "men", "att", "eftersom", "när", "fast", "så", "då", "and", "but", "that", "because", "when"}
)
_AND = frozenset({"och", "and"})
_PERSONAL_PRONOUNS = frozenset({"jag", "du", "han", "hon", "hen", "me", "him", "her", "i", "he", "she"})
_CLEFT_VERBS = frozenset({"var", "är", "was", "is"})
_CLEFT_AFTER = frozenset({"som", "who"})
# Finite verbs after a subject: "X har", "X säger", "X hasn't".
_FINITE_VERBS = frozenset(
    {"har", "hade", "är", "var", "sa", "sade", "säger", "berättar", "berättade", "mår", "mådde", "kom",
     "kommer", "går", "gick", "vill", "ville", "ska", "skulle", "brukar", "verkar", "slutade", "började",
     "bor", "bodde", "pratar", "pratade", "fick", "får", "tycker", "känner", "kände", "slog", "slår",
     "vägrar", "vägrade", "gråter", "grät", "has", "hasn't", "had", "hadn't", "is", "isn't", "was",
     "wasn't", "says", "said", "told", "lives", "wants", "wanted", "needs", "won't", "doesn't", "didn't",
     "came", "cried", "refuses", "refused",
     # What a child does that others report: "Dzenan bråkar", "Ejnar stör", "Tiril hits".
     "bråkar", "bråkade", "stör", "störde", "slåss", "retas", "mobbar", "mobbade", "skriker", "skrek",
     "springer", "sprang", "ljuger", "stjäl", "stal", "skolkar", "skolkade", "hotar", "hotade", "sparkar",
     "sparkade", "biter", "bet", "svär", "fryser", "behöver", "saknar", "hits", "kicks", "bites", "fights",
     "steals", "stole", "lies", "lied", "hit", "kicked", "threatens", "threatened", "skips", "skipped"}
)  # fmt: skip


def slot_score(text: str, tokens: list[Token], lows: list[str], i: int) -> int:
    """The evidence that the capitalised word at `i`, which no list or dictionary knows, is a name."""
    if not lows[i].isalpha():
        return 0  # "We've", "Anna-Lena" are read by other rules
    score = _left_slot(text, tokens, lows, i) + _right_slot(text, tokens, lows, i)
    if not score:
        return 0  # the letters alone never make a name
    if not starts_sentence(text, tokens, i):
        score += 1
    shape = name_shape(lows[i])
    return score + (2 if shape > 1.0 else 1 if shape > 0.0 else 0)


def _left_slot(text: str, tokens: list[Token], lows: list[str], i: int) -> int:
    if not i or not _joined(text, tokens, i - 1):
        return 0
    before = lows[i - 1]
    if before in _PERSON_NOUNS:
        return 2
    if before in _OF and i > 1 and lows[i - 2] in _KIN_OF and _joined(text, tokens, i - 2):
        return 2
    if before in _PERSON_PREPOSITIONS or before in _PERSON_OBJECT_VERBS:
        return 1
    # "jag och Tiril", "me and Tiril": joined to a person.
    if before in _AND and i > 1 and lows[i - 2] in _PERSONAL_PRONOUNS and _joined(text, tokens, i - 2):
        return 1
    following = lows[i + 1] if i + 1 < len(lows) else ""
    return int(before in _CLEFT_VERBS and following in _CLEFT_AFTER)


def _right_slot(text: str, tokens: list[Token], lows: list[str], i: int) -> int:
    if i + 1 >= len(tokens) or not _joined(text, tokens, i):
        return 0
    # A subject starts a clause: the sentence, or after a conjunction ("och Ejnar har"); after "mot" or
    # "i" the word is an object or a place ("bussen mot Ersboda går").
    if i and _joined(text, tokens, i - 1) and lows[i - 1] not in _CONJUNCTIONS:
        return 0
    return int(lows[i + 1] in _FINITE_VERBS)


def _joined(text: str, tokens: list[Token], i: int) -> bool:
    """Whether only a space stands between token `i` and the next (no comma, bracket or line break)."""
    return text[tokens[i][1] : tokens[i + 1][0]] == " "


# Before "to" these make it a preposition, not the infinitive's mark: "sent it to alva", "talked to noah".
_TO_OBJECTS = frozenset({"it", "them", "this", "that", "him", "her", "me", "us", "next", "close"})
# A verb of giving or speaking up to three words before "to": "sent the form to alva".
_TO_VERBS = frozenset(
    {"talk", "talked", "talking", "spoke", "speak", "speaking", "said", "say", "sent", "send", "gave",
     "give", "wrote", "write", "went", "go", "came", "come", "listen", "listened", "reached", "belongs",
     "belonged", "explained", "introduced", "referred", "married", "showed", "handed", "passed"}
)  # fmt: skip


def to_is_preposition(lows: list[str], to: int) -> bool:
    """Whether the "to" at `to` takes an object ("sent it to", "talked to") rather than a verb."""
    return to > 0 and (lows[to - 1] in _TO_OBJECTS or not _TO_VERBS.isdisjoint(lows[max(0, to - 3) : to]))


# What may close a bare noun's phrase: a sentence's or a clause's end, or a word of time.
_CLAUSE_END = frozenset(".,!?;:)")
_TIME_WORDS = frozenset(
    {"igår", "idag", "imorgon", "ikväll", "nu", "sen", "också", "today", "yesterday", "tomorrow", "now"}
)


def lower_case_object(text: str, tokens: list[Token], lows: list[str], i: int) -> bool:
    """A name that is also a word, in lower case, in a person's slot: after a kin word ("storebror stig",
    "mamma till saga"), after a greeting and before a comma ("hej tuva,"), or as the object of "med" or
    "hos" closing its clause ("pratade med saga igår", "bor hos tuva."). Swedish puts an article or an
    ending on a noun there ("med en saga", "hos sagan"); a bare noun closing its clause is a name."""
    if not i or not _joined(text, tokens, i - 1):
        return False
    before = lows[i - 1]
    if before in _SWEDISH_KIN:  # not "eleven", "the student": a verb follows those ("the student said")
        return True
    if before in _OF and i > 1 and lows[i - 2] in _KIN_OF and _joined(text, tokens, i - 2):
        return True
    if before in _STAFF_LINKS and i > 1 and lows[i - 2] in _STAFF_OF and _joined(text, tokens, i - 2):
        return True  # "mentorn för kerem", "the teacher of liv": a child's own staff
    greeted = before in _GREETINGS
    seen = before == "till" and i > 1 and lows[i - 2] in _SEEING  # "har nån sett till elin?"
    if not (greeted or seen) and before not in _PERSON_PREPOSITIONS and before not in _PERSON_OBJECT_VERBS:
        return False
    if i + 1 >= len(tokens):
        return not any(c.isalnum() for c in text[tokens[i][1] :])
    gap = text[tokens[i][1] : tokens[i + 1][0]]
    if greeted:
        return gap.startswith((",", "!"))
    return not _CLAUSE_END.isdisjoint(gap) or (gap == " " and lows[i + 1] in _TIME_WORDS)


# A pupil's own staff: "mentorn för kerem", "läraren till liv".
_STAFF_OF = frozenset(
    {"mentor", "mentorn", "lärare", "läraren", "klassläraren", "assistenten", "elevassistenten", "resursen",
     "teacher", "tutor"}
)  # fmt: skip
_STAFF_LINKS = frozenset({"för", "till", "åt", "for", "of"})
# "sett till", "såg till": whether anyone has seen a person.
_SEEING = frozenset({"sett", "såg", "ser"})
_SWEDISH_KIN = frozenset(
    {"bror", "brodern", "syster", "systern", "storebror", "lillebror", "storasyster", "lillasyster",
     "kusin", "kusinen", "kompisen", "vännen", "tvillingsyster", "tvillingbror"}
)  # fmt: skip
_GREETINGS = frozenset({"hej", "hejsan", "hallå", "tjena", "hi", "hello", "hey", "dear", "kära"})
# "sagas mamma": a first name's genitive before a kin word.
_KIN_AFTER_GENITIVE = frozenset(
    {"mamma", "pappa", "bror", "syster", "storebror", "lillebror", "storasyster", "lillasyster", "morfar",
     "mormor", "farfar", "farmor", "föräldrar", "styvpappa", "styvmamma", "namn", "mamman", "pappan",
     "mum", "mom", "dad", "mother", "father", "parents", "brother", "sister", "stepdad", "stepmum",
     "stepmom", "grandma", "grandpa", "nan", "name"}
)  # fmt: skip


def lower_case_genitive(lows: list[str], i: int) -> bool:
    """ "sagas mamma ringde": the genitive of a first name (the caller checks the base) before kin."""
    return i + 1 < len(lows) and lows[i + 1] in _KIN_AFTER_GENITIVE


def lower_case_pair(
    text: str, tokens: list[Token], lows: list[str], i: int, first_names: frozenset[str]
) -> bool:
    """ "ebba och tuva har bråkat": two first names in lower case joined by "och", the subject of a
    finite verb (`i` is either of them). Two ordinary words rarely are both first names."""
    first = i if i + 1 < len(lows) and lows[i + 1] in _AND else i - 2
    if first < 0 or first + 3 >= len(tokens) or lows[first + 1] not in _AND:
        return False
    if not all(_joined(text, tokens, k) for k in range(first, first + 3)):
        return False
    pair = (first, first + 2)
    return (
        all(lows[k] in first_names and tokens[k][2].islower() for k in pair)
        and lows[first + 3] in _FINITE_VERBS
    )


# Dotted initials ("M.A.", "E. K."); a space and a lower-case word before them are checked in Python (a
# pattern starting with a class is searched fast, one starting with a look-behind is tried everywhere).
_DOTTED_INITIALS = re.compile(r"[A-ZÅÄÖ]\. ?[A-ZÅÄÖ]\.(?: ?[A-ZÅÄÖ]\.)?(?![\w.])")
_WORD_BEFORE = re.compile(r"(?<![\w])([a-zåäö]+) \Z")
# Verbs that take a case or a person as their object, besides the person verbs: "vi tar M.A. först".
_HANDLING_VERBS = frozenset({"tar", "ta", "börjar", "take", "see", "saw"})
_INITIALS_OBJECT_WORDS = _PERSON_PREPOSITIONS | _PERSON_OBJECT_VERBS | _HANDLING_VERBS


def object_initials(
    text: str, tokens: list[Token], lows: list[str], capitals: list[int]
) -> Iterator[Finding]:
    """Dotted initials as a person's object: "Vi tar M.A. först", "pratade med E.K. igår"; `capitals`
    are the indices of the tokens that pass CAPITALS (every word ending in a capital among them)."""
    if _INITIALS_OBJECT_WORDS.isdisjoint(lows):  # read only texts holding one of the words before them
        return
    for m in _dotted_initials(text, tokens, capitals):
        before = _WORD_BEFORE.search(text, max(0, m.start() - 20), m.start())
        if before and (word := before.group(1)) and word in _INITIALS_OBJECT_WORDS:
            yield Finding(Kind.PERSON_NAME, m.start(), m.end())


def _dotted_initials(text: str, tokens: list[Token], capitals: list[int]) -> Iterator[re.Match[str]]:
    """The matches of _DOTTED_INITIALS.finditer(text): each starts with the capital that ends a word."""
    at = 0
    for i in capitals:
        end = tokens[i][1]
        if end > at and (m := _DOTTED_INITIALS.match(text, end - 1)):
            yield m
            at = m.end()


# "Elsa från Frozen", "Anna from Frozen": a character named with the work she is from, whose title is a
# capitalised English word (places and schools are not in the English dictionary's lower-case words); not
# a class ("Liam from Year 9").
CHARACTER_LINKS = frozenset({"från", "from", "ur", "in"})
CHARACTER_LINKS_OR_AND = CHARACTER_LINKS | _AND


def characters_from_work(text: str, tokens: list[Token], lows: list[str], i: int) -> int:
    """How many words from `i` name characters and their work: "Elsa från Frozen" (3), "Elsa and Anna
    from Frozen" (5; two capitalised words joined by "and"/"och" before the link), else 0."""
    if lows[i + 1] in CHARACTER_LINKS:
        return 3 if character_from_work(text, tokens, lows, i) else 0
    second = i + 2
    if second + 1 >= len(tokens) or not tokens[second][2][0].isupper() or not _joined(text, tokens, i):
        return 0
    return 5 if lows[second + 1] in CHARACTER_LINKS and character_from_work(text, tokens, lows, second) else 0


def character_from_work(text: str, tokens: list[Token], lows: list[str], i: int) -> bool:
    """Whether the name at `i` is followed by "från"/"from" and an English title ("Elsa från Frozen")."""
    if i + 2 >= len(tokens) or lows[i + 1] not in CHARACTER_LINKS:
        return False
    if not (_joined(text, tokens, i) and _joined(text, tokens, i + 1)):
        return False
    title, low = tokens[i + 2][2], lows[i + 2]
    if not title[0].isupper() or title.isupper() or not is_english_word(low):
        return False
    after = text[tokens[i + 2][1] : tokens[i + 2][1] + 3]
    return not any(c.isdigit() for c in after)


def mark_lists(text: str, tokens: list[Token], lows: list[str], marked: bytearray, lists: NameLists) -> None:
    """ "med Tiril, Mirja och Saimon": capitalised words listed with a name, shaped like names, are names."""
    if True not in marked:
        return
    for k in list(compress(range(len(marked)), marked)):
        for step in (1, -1):
            j = _list_neighbour(text, tokens, lows, k, step)
            while j is not None and not marked[j] and _may_be_listed_name(tokens[j][2], lows[j], lists):
                marked[j] = True
                j = _list_neighbour(text, tokens, lows, j, step)


def _list_neighbour(text: str, tokens: list[Token], lows: list[str], k: int, step: int) -> int | None:
    """The next item of a list from `k` in direction `step` (", X" or " och X"), if any."""
    near = k + step
    if not 0 <= near < len(tokens):
        return None
    left, right = (k, near) if step > 0 else (near, k)
    gap = text[tokens[left][1] : tokens[right][0]]
    if gap == ", ":
        return near
    far = near + step
    if gap == " " and lows[near] in _AND and 0 <= far < len(tokens):
        left, right = (near, far) if step > 0 else (far, near)
        return far if text[tokens[left][1] : tokens[right][0]] == " " else None
    return None


def _may_be_listed_name(word: str, low: str, lists: NameLists) -> bool:
    if not word[0].isupper() or word.isupper() or not low.isalpha():
        return False
    if low in lists.common_words or low in lists.not_names or low in CUES or low.endswith(NAMED_INSTITUTIONS):
        return False
    return low in lists.names or (not is_dictionary_word(low) and name_shape(low) > 0.0)
