"""What shows that a word is a person's name where it stands (see names.py): a verb only a person does
or says, a question whose subject it is, a genitive before kin ("Niillas farfar"), a surname after it,
or, for a capitalised word nobody lists, a class, an age, a post or a person's verb after it.
"""

import re
from itertools import compress

from bot.privacy.lexicon import is_dictionary_word, is_long_inflection
from bot.privacy.name_blocks import thing_described
from bot.privacy.name_context import (
    is_staff_post,
    person_follows,
    post_follows,
)
from bot.privacy.name_cues import (
    PERSON_CUES,
)
from bot.privacy.name_shape import name_shape
from bot.privacy.name_slots import (
    NAME_SCORE,
    slot_score,
)
from bot.privacy.name_words import (
    NOUN_ENDINGS,
    has_foreign_letters,
    is_name_word,
    is_shouted_name,
    looks_like_surname,
)
from bot.privacy.namelists import NameLists, name_lists
from bot.privacy.tokens import Token, WordTest, adjacent, starts_sentence

# "§3 Tenzin – beslut …": the item of a set of minutes is about the word after its number.
_AGENDA_ITEM_BEFORE = re.compile(r"§\s*\d{1,2}[a-z]?\.?\s+\Z")

# Verbs that follow a person: an unknown capitalised word before them is taken as a name.
_PERSON_VERBS = frozenset(
    {"sa", "sade", "säger", "berättar", "berättade", "mår", "mådde", "gråter", "grät", "says", "said", "told"}
)

# Verbs only a person does, right after a lower-case name at a sentence start ("saga har berättat").
_ACTS = frozenset(
    {"sa", "sade", "säger", "berättar", "berättade", "grät", "gråter", "kom", "slår", "slog", "sparkade",
     "vägrar", "vägrade", "skolkar", "skolkade", "ljög", "ljuger", "rymde", "said", "told", "cried", "came"}
)  # fmt: skip

# Only a person says or asks something: "Juni säger att …", "May told me …" name a child, not a month.
_SPEECH_VERBS = frozenset(
    {"sa", "sade", "säger", "berättar", "berättade", "frågar", "frågade", "says", "said", "told", "tells",
     "asked", "asks"}
)  # fmt: skip

_ACTED = frozenset(
    {"berättat", "sagt", "gråtit", "slutat", "börjat", "skolkat", "rymt", "ljugit", "slagit", "told", "said"}
)

# What only a person has: "bo har samordningsnr …".
_OWN_NUMBERS = frozenset(
    {"personnummer", "personnr", "samordningsnummer", "samordningsnr", "reservnummer", "diagnos", "adhd",
     "autism"}
)  # fmt: skip

_GENITIVE_KIN = frozenset(
    {"mamma", "pappa", "farfar", "farmor", "morfar", "mormor", "bror", "syster", "storebror", "lillebror",
     "storasyster", "lillasyster", "styvpappa", "styvmamma", "bonuspappa", "bonusmamma", "morbror",
     "farbror", "moster", "faster", "kusin", "föräldrar", "mother", "father", "mum", "mom", "dad",
     "stepmother", "stepfather", "stepdad", "stepmom", "brother", "sister", "grandma", "grandpa",
     "grandmother", "grandfather", "parents", "uncle", "aunt", "namn", "name"}
)  # fmt: skip

_PRONOUN_GENITIVES = frozenset({"hans", "hennes", "deras", "dess", "ens", "its", "his", "hers", "theirs"})

_NOUN_ENDINGS_S = ("ens", "ets", "nas", "ans", "arnas", "ernas", "ornas", "ningens", "hetens")

BARE_AGE_AFTER = re.compile(r",\s*\d{1,2}\s*,")

_AUXILIARIES = frozenset({"har", "hade", "has", "had"})

# Supine endings: "kommit", "pratat", "sett", "haft", "köpt", "glömt", "talked" (not -st, -rt, -kt:
# "har just", "har snart", "har exakt" are adverbs).
_PARTICIPLE = ("it", "at", "tt", "dd", "ft", "pt", "mt", "ed")

_APPOSITIVE_VERBS = frozenset({"har", "hade", "är", "var", "has", "had", "is", "was"}) | _PERSON_VERBS

# What a note or an agenda item is about: "Uppföljning av Daniyal", "angående Yusra", "Re: Kofi".
_TOPIC_CUES = frozenset(
    {"angående", "ang", "gällande", "rörande", "beträffande", "regarding", "concerning", "re"}
)

_TOPIC_LINKS = frozenset({"on", "about", "of", "av", "om", "kring"})

# A handover is about a person too: "överlämning om Kerem", "a handover on Dariusz".
_TOPIC_NOUNS = frozenset(
    {"follow-up", "followup", "update", "uppföljning", "uppdatering", "överlämning", "överlämningen",
     "handover"}
)  # fmt: skip

# Letters that score above this (name_shape) spell a name: "Dzenan" 1.7, "Mirja" 2.4.
_NAME_LETTERS = 1.0

# An inflection whose stem is this long is a word, not a name that happens to end like one ("Arian").
_INFLECTED_STEM = 5

# Verbs that open a question and take an infinitive: "Kan Juni få stanna?".
_QUESTION_MODALS = frozenset({"kan", "får", "fick", "ska", "skulle", "vill", "måste", "borde", "brukar"})


def next_is_shouted_surname(
    text: str, tokens: list[Token], lows: list[str], i: int, lists: NameLists
) -> bool:
    if i + 1 >= len(tokens) or not adjacent(text, tokens[i], tokens[i + 1]):
        return False
    word = tokens[i + 1][2]
    return word.isupper() and len(word) > 1 and is_shouted_name(lows[i + 1], lists)


def question_subject(text: str, tokens: list[Token], lows: list[str], i: int) -> bool:
    """ "Kan Juni få stanna?", "Får Maj gå hem?": a name after the modal that opens a question is its
    subject, an infinitive after it what the child may do (Swedish months are written in lower case)."""
    return (
        0 < i < len(tokens) - 1
        and lows[i - 1] in _QUESTION_MODALS
        and starts_sentence(text, tokens, i - 1)
        and text[tokens[i - 1][1] : tokens[i][0]] == " " == text[tokens[i][1] : tokens[i + 1][0]]
        and tokens[i + 1][2].islower()
    )


def person_acts(lows: list[str], i: int) -> bool:
    """Whether the word after `i` is a verb only a person does ("sa", "har berättat", "grät")."""
    following = lows[i + 1] if i + 1 < len(lows) else ""
    after = lows[i + 2] if i + 2 < len(lows) else ""
    return following in _ACTS or (following in _AUXILIARIES and (after in _ACTED or after in _OWN_NUMBERS))


def speaks(text: str, tokens: list[Token], lows: list[str], i: int) -> bool:
    """Whether the word at `i` opens a sentence as the subject of a verb of saying ("Juni säger att")."""
    return (
        i + 1 < len(tokens)
        and lows[i + 1] in _SPEECH_VERBS
        and text[tokens[i][1] : tokens[i + 1][0]] == " "
        and starts_sentence(text, tokens, i)
    )


def genitive_before_kin(lows: list[str], i: int, low: str, lists: NameLists) -> bool:
    """ "Niillas farfar", "Jack's stepmother": a capitalised genitive before a kin word is a name."""
    if i + 1 >= len(lows) or lows[i + 1] not in _GENITIVE_KIN:
        return False
    base = low[:-2] if low.endswith(("'s", "’s")) else low[:-1] if low.endswith("s") else ""
    if len(base) < 2 or low in _PRONOUN_GENITIVES or base in lists.not_names:
        return False
    if base in lists.first_names or base in lists.common_words:
        return base in lists.first_names
    # "mammans pappa" is a noun's genitive; "Bohdans mamma" ends the same way but no dictionary knows it.
    return not low.endswith(_NOUN_ENDINGS_S) or not is_dictionary_word(base)


def _appositive_subject(text: str, tokens: list[Token], i: int) -> bool:
    """ "elev i 9:an, Ramón, har berättat": a word set off by commas before the sentence's verb."""
    before = text[tokens[i - 1][1] : tokens[i][0]].strip() if i else ""
    after = text[tokens[i][1] : tokens[i + 1][0]].strip()
    return before == "," == after and tokens[i + 1][2] in _APPOSITIVE_VERBS


_FAMILY_NOUNS = frozenset({"family", "twins", "children", "kids", "boys", "girls"})
# The words after a name that `genitive_before_kin` and `surname_before_family` look for: before any other
# word neither finds one.
KIN_OR_FAMILY = _GENITIVE_KIN | _FAMILY_NOUNS


def surname_before_family(lows: list[str], i: int, lists: NameLists) -> bool:
    """ "the Kowalski family", "the Nguyen twins": after "the", a surname before the family it names."""
    return (
        lows[i - 1] == "the"
        and i + 1 < len(lows)
        and lows[i + 1] in _FAMILY_NOUNS
        and (lows[i] in lists.surnames or looks_like_surname(lows[i]) or not is_dictionary_word(lows[i]))
    )


def next_is_capitalised_name(
    text: str, tokens: list[Token], lows: list[str], i: int, lists: NameLists
) -> bool:
    if i + 1 >= len(tokens) or not adjacent(text, tokens[i], tokens[i + 1]):
        return False
    following = lows[i + 1]
    return (
        tokens[i + 1][2][0].isupper()
        and is_name_word(following, lists)
        and following not in lists.common_words
    )


_PLACE_PREPOSITIONS = frozenset({"i", "på", "från", "vid", "utanför", "in", "at", "from", "near"})


def unknown_before_person_verb(
    text: str, tokens: list[Token], lows: list[str], i: int, lists: NameLists
) -> bool:
    # "Isra, 13 år", "Théo i 7B": a capitalised word nobody lists is a name when a person is described.
    # The word itself is looked at first: that is cheap, and most capitalised words fail there.
    low = lows[i]
    if not _MAY_BE_UNKNOWN[low] or thing_described(text, tokens, lows, i):
        return False
    # A class or an age after it ("Sol i 4a", "Storm, 7 år") is said of a person, whatever the word; a
    # group that is also a place hosts things too ("Frukost på fritids", "Utflykt i förskoleklassen"), so
    # after one of those a word the dictionary knows is a thing.
    if person_follows(text, tokens, i, verbs=False, posts=False):
        return not _thing_at_place_group(text, tokens, lows, i)
    # A verb alone is weaker: "Efteråt sa han", "Fritids säger" start with an ordinary word, which the
    # dictionaries know. Letters Swedish words never have ("Arbër") make any person's verb after it enough.
    if _IN_DICTIONARY[low]:
        return False
    # "Ungdomsmottagningen i Hjällbo har varit …": after a place's preposition no verb is the word's own.
    subject = i + 1 < len(tokens) and not (i and lows[i - 1] in _PLACE_PREPOSITIONS)
    if subject and (tokens[i + 1][2] in _PERSON_VERBS or _appositive_subject(text, tokens, i)):
        return True
    # "> On 2 Dec, at 21:14, Niamh wrote:", "Den 3 dec. skrev Aino:": a quoted reply names its writer.
    if _wrote_quote(text, tokens, i):
        return True
    # "Ilmari, 14, har …": an age alone between commas, after a word no list or dictionary knows.
    # "Sameh, fritidspedagog": a staff post set off by commas.
    if BARE_AGE_AFTER.match(text, tokens[i][1]) or _is_topic(lows, i) or post_follows(text, tokens, i):
        return True
    start = tokens[i][0]
    if "§" in text[max(0, start - 6) : start] and _AGENDA_ITEM_BEFORE.search(text, max(0, start - 6), start):
        # "§4 Rastvärdsschema": an item about a thing, a compound of dictionary words; on a short last word
        # ("Nuläges|bild") only when its letters are not a name's ("Isa|bell").
        short_tail = name_shape(low) < 0 and dictionary_compound(low, tail=_AGENDA_TAIL)
        return not (short_tail or dictionary_compound(low))
    # "Sunniva har kommit", "Eero har blivit hämtad": a word no list or dictionary knows, then a perfect.
    perfect = (
        i + 2 < len(tokens) and tokens[i + 1][2] in _AUXILIARIES and tokens[i + 2][2].endswith(_PARTICIPLE)
    )
    if subject and perfect:
        return True
    # "pratade med Ejnar", "storebror Halvard", "Ejnar hasn't": a person's slot and a name's letters.
    return person_follows(text, tokens, i, verbs=has_foreign_letters(low)) or (
        slot_score(text, tokens, lows, i) >= NAME_SCORE
    )


_COMPOUND_PART = 3
_COMPOUND_TAIL = 5
# An agenda item's heading is a compound even on a short last word ("Läges|bild", "Nulägesbild").
_AGENDA_TAIL = 4
# Word-names nobody lists are short ("Sol", "Ask"); a thing's noun at a place is longer ("Frukost").
_THING_LETTERS = 5
# Groups without a number that are places as well: a meal or an outing is "på fritids" too.
_PLACE_GROUP_AFTER = re.compile(
    r" (?:på|i) (?:fritids|fritidshemmet|förskoleklassen|f-klassen|fritidsgården|förskolan)(?![\w])"
)


_CLAUSE_ENDS = ".!?\n"
_AGE_IN_CLAUSE = re.compile(r"\b\d{1,2}\s*(?:år|åring|years?)\b|,\s*\d{1,2}\s*(?:,|\Z)")
# Finite verbs said of a child at fritids: a meal or an outing is served or held, not these.
_CLAUSE_VERBS = frozenset(
    {"är", "var", "vill", "ville", "får", "fick", "har", "hade", "bits", "bet", "sparkas", "sparkar", "slår",
     "slog", "kissar", "kissade", "gråter", "grät", "springer", "sprang", "rymmer", "rymde", "mår", "mådde",
     "säger", "sa", "sade", "berättar", "berättade", "vägrar", "vägrade", "leker", "lekte", "slutar",
     "kommer", "kom", "går", "gick", "behöver", "kan", "is", "was", "wants", "has", "had", "bites", "hits"}
)  # fmt: skip


def _thing_at_place_group(text: str, tokens: list[Token], lows: list[str], i: int) -> bool:
    """ "Frukost på fritids": a word of five letters or more the dictionary knows, at a group that is a
    place, with no verb after it that only a person does ("Sol på fritids grät" is a child)."""
    group = _PLACE_GROUP_AFTER.match(text, tokens[i][1])
    if group is None or len(lows[i]) < _THING_LETTERS or not _IN_DICTIONARY[lows[i]]:
        return False
    # "Lycka på fritids vill inte gå hem", "Storm på fritids, 6 år", "Vi är oroliga för Storm på fritids":
    # an age or a person's verb anywhere in the clause keeps the word a name.
    start = max(text.rfind(mark, 0, tokens[i][0]) for mark in _CLAUSE_ENDS) + 1
    end = min((at for mark in _CLAUSE_ENDS if (at := text.find(mark, group.end())) >= 0), default=len(text))
    words = [lows[k] for k in range(len(tokens)) if start <= tokens[k][0] < end]
    if _AGE_IN_CLAUSE.search(text, start, end) or not _CLAUSE_VERBS.isdisjoint(words):
        return False
    after = next((k for k in range(i + 1, len(tokens)) if tokens[k][0] >= group.end()), None)
    return after is None or (lows[after] not in _PERSON_VERBS and lows[after] not in _ACTS)


def dictionary_compound(low: str, parts: int = 3, *, tail: int = _COMPOUND_TAIL) -> bool:
    """Whether `low` joins dictionary words, with or without a linking "s" ("rast|värd|s|schema"), each
    of at least three letters and the last of five: a Swedish compound noun, which names no one."""
    if parts < 2:
        return False
    for cut in range(_COMPOUND_PART, len(low) - _COMPOUND_PART):
        last = low[cut:]
        if len(last) < tail or not is_dictionary_word(last):
            continue
        head = low[:cut]
        for stem in (head, head[:-1] if head.endswith("s") else ""):
            if len(stem) >= _COMPOUND_PART and (
                is_dictionary_word(stem) or dictionary_compound(stem, parts - 1)
            ):
                return True
    return False


def may_be_unknown_name(low: str, lists: NameLists) -> bool:
    """Whether `unknown_before_person_verb` may find the capitalised word `low` (lower case) a name: by
    the word alone, most capitalised words cannot be."""
    return not (
        len(low) < 3
        or low in lists.common_words
        or low in lists.not_names
        or low in PERSON_CUES
        # A definite ending marks a Swedish noun ("Gruppen i 7B") unless the word has letters Swedish
        # words never have ("Máret i 5:an") or, unknown to the dictionaries, a name's ("Dzenan bråkar").
        or (low.endswith(NOUN_ENDINGS) and not has_foreign_letters(low) and _NOUN_FORM[low])
        or _INFLECTED[low]
        or is_staff_post(low)
    )


# Asked of the capitalised words of text after text: answered once per word (the lists are those shipped).
_MAY_BE_UNKNOWN = WordTest(lambda low: may_be_unknown_name(low, name_lists()))


def _inflected_word(low: str) -> bool:
    """ "Frånvaron i åk 9", "Stängt på fritids": an inflection of a longer word, spelled like no name."""
    return (
        not has_foreign_letters(low)
        and is_long_inflection(low, _INFLECTED_STEM)
        and name_shape(low) <= _NAME_LETTERS
    )


def _is_unknown_name_shape(low: str) -> bool:
    """Whether a word no dictionary knows is spelled like a name (its letters score above 1.0)."""
    return name_shape(low) > _NAME_LETTERS and not is_dictionary_word(low)


_UNKNOWN_NAME_SHAPE = WordTest(_is_unknown_name_shape)
# Below this a word's letters are a Swedish word's more than a name's, with or without a dictionary.
_NOUN_LETTERS = 0.5


def _is_noun_form(low: str) -> bool:
    """Whether a word with a noun's ending is a Swedish noun: the dictionary knows it or its parts
    ("gruppen", "mentorsgruppen"), or its letters are a word's. A noun's ending the dictionary cannot
    place, on letters a name may have, is a name's ending ("Tiziana", "Yaryna", "Temuulen")."""
    return is_dictionary_word(low) or name_shape(low) <= _NOUN_LETTERS or dictionary_compound(low)


_NOUN_FORM = WordTest(_is_noun_form)


# Capitalised words nobody lists come back in text after text ("Efteråt", "Fritids"), and the dictionary
# look-up tries each inflection's stem: the answer is remembered per word (a word memo, which forgets the
# words of what the guard finds).
_IN_DICTIONARY = WordTest(is_dictionary_word)
# Asked of a capitalised word no list knows in text after text: looked up in the dictionaries once.
_INFLECTED = WordTest(_inflected_word)


def _is_topic(lows: list[str], i: int) -> bool:
    """Whether the word at `i` is what a note is about: "angående Yusra", "Follow-up on Daniyal"."""
    if not i:
        return False
    before = lows[i - 1]
    return before in _TOPIC_CUES or (before in _TOPIC_LINKS and i > 1 and lows[i - 2] in _TOPIC_NOUNS)


# Verbs and feelings only a person has, after a lower-case word nobody lists: "yassin orkar inte",
# "ibbe säger att …", "dilnoza e ledsen".
_LOWER_SUBJECT_VERBS = _ACTS | frozenset({"orkar", "orkade", "mår", "mådde"})
_BE = frozenset({"e", "är", "var"})
_FEELINGS = frozenset({"ledsen", "arg", "rädd", "orolig", "sjuk", "trött", "hungrig", "nere", "deppig"})
_SUBJECT_CUES = _LOWER_SUBJECT_VERBS | _BE
# A word's letters above this are a name's more than a typo's ("sklan", "ohc" score lower).
_LOWER_NAME_LETTERS = 0.0
_LOWER_NAME_LENGTH = 4


def _unlisted_lower_name(low: str) -> bool:
    return (
        len(low) >= _LOWER_NAME_LENGTH
        and low.isalpha()
        and not is_dictionary_word(low)
        and name_shape(low) > _LOWER_NAME_LETTERS
    )


_UNLISTED_LOWER_NAME = WordTest(_unlisted_lower_name)


def lower_case_subjects(text: str, tokens: list[Token], lows: list[str], lists: NameLists) -> list[int]:
    """Lower-case words nobody lists and no dictionary knows, spelled like names, right before a verb or
    a feeling only a person has ("asså yassin orkar inte", "bror ibbe säger"): careless text's names.
    Only the few verbs are found in the words (in C); the word before each is then read."""
    # "är"/"e" are in most texts: looked for only when a feeling is too (two set checks, in C).
    cues = _SUBJECT_CUES if not _FEELINGS.isdisjoint(lows) else _LOWER_SUBJECT_VERBS
    if cues.isdisjoint(lows):
        return []
    found = []
    # A set look-up a word, in C (a word memo would miss on every word forgotten after a scan).
    for k in compress(range(len(lows)), map(cues.__contains__, lows)):
        i = k - 1
        if i < 0 or text[tokens[i][1] : tokens[k][0]] != " " or not tokens[i][2].islower():
            continue
        if lows[k] in _BE and (k + 1 >= len(lows) or lows[k + 1] not in _FEELINGS):
            continue
        low = lows[i]
        if low not in lists.names and low not in lists.common_words and _UNLISTED_LOWER_NAME[low]:
            found.append(i)
    return found


# The header of a quoted reply: "… Niamh wrote:", "… skrev Aino:" (Swedish mail clients put the verb first).
_WROTE = frozenset({"wrote", "skrev"})


def _wrote_quote(text: str, tokens: list[Token], i: int) -> bool:
    """Whether the word at `i` is the writer in a quoted reply's header: "<name> wrote:", "skrev <name>:"."""
    end = tokens[i][1]
    if i + 1 < len(tokens) and tokens[i + 1][2] in _WROTE and text.startswith(":", tokens[i + 1][1]):
        return text[end : tokens[i + 1][0]] == " "
    return (
        i > 0
        and tokens[i - 1][2] in _WROTE
        and text.startswith(":", end)
        and text[tokens[i - 1][1] : tokens[i][0]] == " "
    )
