"""Words that introduce a name: "heter X", "eleven X", "morbror ali", "pratat med X".

After a naming cue any word that is not a plain word is a name, so names missing from the lists are
still found; after a person or kin word a capitalised (or listed) word is; after talking with
someone, a capitalised word is a person unless it starts an organisation's name.
"""

import re

from bot.privacy.lexicon import is_dictionary_word
from bot.privacy.name_shape import is_name_shaped
from bot.privacy.name_things import (
    FUNCTION_WORDS,
    NAMING_CUES,
    PET_LINKS,
    RELATIVE_PRONOUNS,
    THING_SUBJECTS,
    pet_before,
)
from bot.privacy.name_words import INSTITUTIONS, names_a_thing
from bot.privacy.namelists import NameLists
from bot.privacy.tokens import QUOTES, Token, adjacent, starts_sentence

# Words that may sit between a naming cue and the name ("kallas för X", "heter typ X").
_CUE_FILLERS = frozenset(
    {
        "för",
        "bara",
        "typ",
        "egentligen",
        "just",
        "visst",
        "också",
        "ju",
        "is",
        "är",
        "was",
        "var",
        "honom",
        "henne",
        "dem",
        "him",
        "her",
        "them",
    }
)
# "kallas" also means summoned: "Du kallas härmed till SIP", "kallades in till möte".
_SUMMONED = frozenset({"kallas", "kallad", "kallades"})
# A class after a person word: "eleven Klass 4", "New student Grade 4".
_CLASS_WORD = re.compile(r"(?:[Kk]lass|[Cc]lass|[Yy]ear|[Gg]rade)\s*\d")
# The words _CLASS_WORD can start with (a space or a digit ends them), in lower case.
_CLASS_WORDS = frozenset({"klass", "class", "year", "grade"})
_CALLING = frozenset({"kallar", "kallade", "call", "calls"})
_OBJECT_PRONOUNS = frozenset({"honom", "henne", "him", "her"})
# "the boy everyone calls Tank", "killen som alla kallar Tanken": the person is named before the caller.
_CALLERS = frozenset({"everyone", "everybody", "they", "we", "people", "alla", "de", "dom", "vi", "man"})
_CALLED_PERSONS = frozenset(
    {"boy", "girl", "kid", "pupil", "student", "child", "one", "killen", "tjejen", "pojken", "flickan",
     "eleven", "barnet", "ungen"}
)  # fmt: skip
# After these a capitalised (or listed) word is a person's name ("eleven Dilan", "bror till Hodan").
PERSON_CUES = frozenset(
    {
        "eleven", "eleverna", "elev", "mamman", "mamma", "pappan", "pappa", "modern", "fadern", "systern",
        "syster", "brodern", "bror", "brorsan", "syrran", "kompisen", "kompis", "vännen", "pojken", "flickan",
        "tjejen", "killen", "sonen", "dottern", "son", "dotter", "styvpappan", "styvmamman", "mormor",
        "morfar", "farmor", "farfar", "kusinen", "vårdnadshavaren", "student", "pupil", "boy", "girl",
        "mother", "father", "mum", "mom", "dad", "brother", "sister", "friend", "mr", "mrs", "ms", "miss",
        "herr", "fru", "till", "med", "of", "with", "morbror", "farbror", "moster", "faster", "kusin",
        "styvbror", "styvsyster", "halvbror", "halvsyster", "uncle", "aunt", "cousin", "partner",
        "pojkvän", "flickvän", "sambo", "boyfriend", "girlfriend", "husband", "wife", "stepfather",
        "stepmother", "kollegan", "kollega", "colleague", "mentorn", "läraren", "kuratorn",
        "fastern", "mostern", "farbrodern", "morbrodern", "mormodern", "farmodern",
    }
)  # fmt: skip
# "till"/"med"/"of"/"with" only introduce a name right after a relation word ("bror till", "kompis med").
_TITLES = frozenset({"mr", "mrs", "ms"})
_LINKING = frozenset({"till", "med", "of", "with"})
_RELATIONS = frozenset({"bror", "syster", "son", "dotter", "kompis", "vän", "brother", "sister", "friend"})
# Kin: a listed first name after these is a name even in lower case and even if it is also a word
# ("morbror ali"), unless it is one of the small words that follow kin words in a sentence.
_KIN = frozenset(
    {
        "mamma", "mamman", "pappa", "pappan", "bror", "brodern", "brorsan", "syster", "systern", "syrran",
        "morbror", "farbror", "moster", "faster", "mormor", "morfar", "farmor", "farfar", "kusin", "kusinen",
        "styvpappa", "styvmamma", "styvbror", "styvsyster", "halvbror", "halvsyster", "bonuspappa",
        "bonusmamma", "uncle", "aunt", "cousin", "grandma", "grandpa", "stepdad", "stepmom",
    }
)  # fmt: skip
_NOT_AFTER_KIN = frozenset({"per", "till", "mot", "vid", "bland", "och", "som", "men", "bo", "will", "may"})
ARTICLES = frozenset({"a", "an", "the", "en", "ett"})
# "pratat med Mirre", "spoke with Darren": after talking with, a capitalised word is a person.
_TALK_VERBS = frozenset(
    {
        "pratat", "pratade", "prata", "pratar", "talat", "talade", "snackat", "snackade", "träffat",
        "träffade", "mött", "mötte", "ringt", "ringde", "sms:at", "mejlat", "skrivit", "spoke", "talked",
        "met", "called", "texted", "emailed",
    }
)  # fmt: skip
_TALK_LINKS = frozenset({"med", "till", "with", "to"})
# "Hej Olena,", "Thanks Kieran": a capitalised word after a greeting is whom the writer addresses.
_GREETINGS = frozenset(
    {"hej", "hejsan", "hallå", "tjena", "hi", "hello", "hey", "dear", "kära", "tack", "thanks"}
)
CUES = NAMING_CUES | PERSON_CUES | _KIN | _TALK_LINKS | _GREETINGS
# The linking words are common and introduce a name only after a relation word or a talking verb:
# cued_name_index is asked of them only there.
LINKING = _LINKING
LINKED_AFTER = _RELATIONS | _TALK_VERBS
# Person nouns are never a child's name, whatever a name list holds ("Kid in year 4").
NEVER_NAMES = frozenset({"kid", "kids", "child", "children", "boy", "girl", "pupil", "student", "teen"})


def _quoted(text: str, left: Token, right: Token) -> bool:
    """Whether `right` follows `left` in quotes after a space ('heter "Nisse"', 'kallas "nilo"'); in lower
    case only a word shaped like a name that no dictionary knows: 'kallad "hora"' is an insult, 'heter
    "barnsekreterare"' a post."""
    gap = text[left[1] : right[0]]
    if not (len(gap) == 2 and gap[0] == " " and gap[1] in QUOTES):
        return False
    low = right[2].lower()
    return right[2][0].isupper() or (not is_dictionary_word(low) and is_name_shaped(low))


def cued_name_index(text: str, tokens: list[Token], lows: list[str], i: int, lists: NameLists) -> int | None:
    """Index of the name the cue word at `i` introduces, if any (`lows` holds the words in lower case)."""
    low = lows[i]
    j = i + 1
    if low in NAMING_CUES:
        if pet_before(lows, i) or _thing_before(text, tokens, lows, i):
            return None
        # "vi kallar honom …" names a person; "vi kallar mötet …" names a thing.
        if low in _CALLING and not _calls_someone(tokens, lows, i):
            return None
        while j < len(tokens) and lows[j] in _CUE_FILLERS:
            j += 1
        if low in _SUMMONED and "till" in lows[j : j + 2] and not tokens[j][2][0].isupper():
            return None  # "Du kallas härmed till möte": summoned, not named
        if (
            j < len(tokens)
            and (adjacent(text, tokens[j - 1], tokens[j]) or _quoted(text, tokens[j - 1], tokens[j]))
            and _could_be_name(tokens[j][2], lists)
            # "skolan heter Ängsskolan": what an institution is called.
            and not lows[j].endswith(INSTITUTIONS)
        ):
            return j
        return None
    if low in _TALK_LINKS and i and lows[i - 1] in _TALK_VERBS:
        return _talked_with(text, tokens, lows, i, lists)
    if low in _GREETINGS:
        return _greeted(text, tokens, lows, i, lists)
    if low not in PERSON_CUES and low not in _KIN:
        return None
    if low in _LINKING and (i == 0 or lows[i - 1] not in _RELATIONS):
        return None
    if (
        j >= len(tokens)
        or not (
            adjacent(text, tokens[i], tokens[j], comma=True, bracket=True)
            # "Ms. Fiona McAllister": a courtesy title with its dot.
            or (low in _TITLES and text[tokens[i][1] : tokens[j][0]] == ". ")
        )
    ):
        return None
    word = tokens[j][2]
    candidate = lows[j]
    if candidate in _CLASS_WORDS and _CLASS_WORD.match(text, tokens[j][0]):
        return None  # "New student Grade 4": the pupil's class, not a name
    if low in _KIN and candidate in lists.first_names and candidate not in _NOT_AFTER_KIN:
        # Not across a comma: "hon var barnets faster, ville veta" goes on with a verb; a second comma
        # closing the word off makes it the kin's name ("hans bror, ali, går i 5B").
        after_comma = text[tokens[i][1] : tokens[j][0]].strip() == ","
        closed = j + 1 < len(tokens) and text[tokens[j][1] : tokens[j + 1][0]].strip() == ","
        if closed or not after_comma:
            return j
    # "tjejen (Lilja)": a listed name in brackets after a person is that person's, even if also a word.
    if word[0].isupper() and text[tokens[i][1] : tokens[j][0]].strip() == "(" and candidate in lists.names:
        return j
    if candidate in lists.not_names or candidate in lists.common_words or candidate in PERSON_CUES:
        return None
    if candidate.endswith(INSTITUTIONS):  # "Kuratorn, Björkskolan": where the writer works
        return None
    if "-" in word and names_a_thing(word, lists):  # "Mr Beast-videos": a thing named after someone
        return None
    if (word[0].isupper() and not word.isupper()) or candidate in lists.names:
        return j
    return None


def _calls_someone(tokens: list[Token], lows: list[str], cue: int) -> bool:
    """Whether the calling verb at `cue` names a person: "kallar honom X", or "the boy everyone calls
    Tank" (the one called before the caller, the name capitalised right after the verb)."""
    j = cue + 1
    if j >= len(tokens):
        return False
    if lows[j] in _OBJECT_PRONOUNS:
        return True
    if not tokens[j][2][0].isupper() or cue < 2 or lows[cue - 1] not in _CALLERS:
        return False
    person = cue - 3 if lows[cue - 2] in RELATIVE_PRONOUNS else cue - 2
    return person >= 0 and lows[person] in _CALLED_PERSONS


# Words that may stand before a thing's noun at the start of its sentence: "Vårt nya projekt heter …".
_THING_DETERMINERS = frozenset(
    {"vårt", "vår", "våra", "mitt", "min", "det", "den", "nya", "nytt", "ny", "skolans", "klassens", "the",
     "our", "my", "this", "new"}
)  # fmt: skip


def _thing_before(text: str, tokens: list[Token], lows: list[str], cue: int) -> bool:
    """Whether the naming cue at `cue` has a team, a product or a form as its subject: the thing's noun
    opens its sentence, perhaps after a determiner ("Vårt nya projekt heter …"). In "killen i laget heter
    Ali" or "eleven som missade mötet heter Nilo" someone else is the subject."""
    j = cue - 1
    while j >= 0 and lows[j] in PET_LINKS and cue - j < 3:
        j -= 1
    if j < 0 or not lows[j].endswith(THING_SUBJECTS):
        return False
    k = j
    while k > 0 and lows[k - 1] in _THING_DETERMINERS and j - k < 2:
        k -= 1
    return starts_sentence(text, tokens, k)


def _talked_with(text: str, tokens: list[Token], lows: list[str], i: int, lists: NameLists) -> int | None:
    j = i + 1
    if j >= len(tokens) or not adjacent(text, tokens[i], tokens[j]):
        return None
    word = tokens[j][2]
    low = lows[j]
    if not word[0].isupper() or word.isupper() or low in lists.not_names or low in lists.common_words:
        return None
    if low in PERSON_CUES or low in NEVER_NAMES:
        return None
    # "pratat med Rädda Barnen", "spoke to Save the Children": an unlisted word before another
    # capitalised word or an article names an organisation.
    after = j + 1 < len(tokens) and adjacent(text, tokens[j], tokens[j + 1])
    followed = after and (tokens[j + 1][2][0].isupper() or lows[j + 1] in ARTICLES)
    return j if low in lists.names or not followed else None


def _greeted(text: str, tokens: list[Token], lows: list[str], i: int, lists: NameLists) -> int | None:
    j = i + 1
    if j >= len(tokens) or not adjacent(text, tokens[i], tokens[j]):
        return None
    word, low = tokens[j][2], lows[j]
    if not word[0].isupper() or word.isupper() or low in lists.not_names or low in lists.common_words:
        return None
    if low in PERSON_CUES or low in NEVER_NAMES or low.endswith(INSTITUTIONS):
        return None
    return j


def _could_be_name(word: str, lists: NameLists) -> bool:
    low = word.lower()
    # "hon heter Hope": capitalised after a naming cue, even an ordinary word is what someone is called.
    if word[0].isupper() and not word.isupper() and low not in lists.not_names:
        return True
    if low in lists.names:
        return low not in lists.common_words or word[0].isupper()
    return (
        low not in FUNCTION_WORDS
        and len(low) >= 2
        and low not in lists.common_words
        and low not in lists.not_names
    )
