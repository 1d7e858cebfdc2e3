"""Person names: list look-ups, capitalisation and context ("heter …", "eleven …", "named …").

The rule for names that are also ordinary words ("Björn", "Inga", "Klara", "Per"):
- capitalised in the middle of a sentence, a listed name is a name, whatever else it means;
- capitalised at the start of a sentence, it is a name only when it is not an ordinary word
  (data/common_words.txt) or is far more often a name (data/primary_names.txt), or a capitalised
  name follows it ("Björn Andersson");
- written in lower case, a listed name is a name only when it is not an ordinary word;
- after a naming cue ("heter", "kallas", "named", "called") any word that is not a plain word is a name,
  so names missing from the lists are still found, in any case.
"""

import re
from collections.abc import Iterator

from bot.privacy.findings import Finding, Kind
from bot.privacy.name_context import find_initials, is_shouting, person_follows, public_figure_at
from bot.privacy.name_words import (
    has_foreign_letters,
    is_name_word,
    is_ordinary_word,
    is_shouted_name,
    names_a_thing,
)
from bot.privacy.namelists import NameLists, name_lists
from bot.privacy.tokens import Token, starts_sentence

# After these the next word is what someone is called, whatever its case.
_NAMING_CUES = frozenset(
    {"heter", "hette", "kallas", "kallad", "kallades", "named", "called", "namnet", "alias", "name",
     "nickname", "smeknamn", "smeknamnet"}
)  # fmt: skip
# Words that may sit between a naming cue and the name ("kallas för X", "heter typ X").
_CUE_FILLERS = frozenset(
    {"för", "bara", "typ", "egentligen", "just", "visst", "också", "ju", "is", "är", "was", "var"}
)
# After these a capitalised (or listed) word is a person's name ("eleven Dilan", "bror till Hodan").
_PERSON_CUES = frozenset(
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
# A capitalised word after these is part of a place or institution name ("Sankt Lukas").
_PLACE_PREFIXES = frozenset(
    {"sankt", "s:t", "st", "drottning", "kung", "prins", "prinsessan", "kronprinsessan"}
)
_ARTICLES = frozenset({"a", "an", "the", "en", "ett"})
# A name followed by one of these names a place or institution ("Anna Whitlocks gymnasium", "Maria Ungdom").
_INSTITUTIONS = (
    "skola", "skolan", "gymnasium", "gymnasiet", "sjukhus", "sjukhuset", "kyrka", "kyrkan", "församling",
    "stiftelse", "stiftelsen", "förskola", "ungdom", "school", "hospital", "academy", "college", "center",
    "centrum", "mottagning", "mottagningen", "institutet", "universitet", "hem", "hemmet", "park", "parken",
    "torg", "kapell", "bibliotek", "museum", "teater", "huset", "gården", "plan", "foundation", "värld",
)  # fmt: skip
_AND = frozenset({"och", "and", "&"})
# "pratat med Mirre", "spoke with Darren": after talking with, a capitalised word is a person.
_TALK_VERBS = frozenset(
    {
        "pratat", "pratade", "prata", "pratar", "talat", "talade", "snackat", "snackade", "träffat",
        "träffade", "mött", "mötte", "ringt", "ringde", "sms:at", "mejlat", "skrivit", "spoke", "talked",
        "met", "called", "texted", "emailed",
    }
)  # fmt: skip
_TALK_LINKS = frozenset({"med", "till", "with", "to"})
_CUES = _NAMING_CUES | _PERSON_CUES | _KIN | _TALK_LINKS
# Person nouns are never a child's name, whatever a name list holds ("Kid in year 4").
_NEVER_NAMES = frozenset({"kid", "kids", "child", "children", "boy", "girl", "pupil", "student", "teen"})
_MONTH_WORDS = frozenset(
    {"jan", "feb", "mars", "mar", "april", "apr", "maj", "may", "juni", "june", "juli", "july", "aug",
     "august", "augusti", "sep", "sept", "okt", "oct", "nov", "dec"}
)  # fmt: skip
_DAY_NUMBER_BEFORE = re.compile(r"\d{1,2}(?::e|:a|st|nd|rd|th)?\.? ?\Z")
# "Bokat Selma (konferensrummet …)": a booked room, not a person.
_BOOKING_VERBS = frozenset({"bokat", "boka", "bokade", "bokar", "booked", "book"})
_ROOM_AFTER = re.compile(r"\s*\(\s*\w*(?:rummet|rum|salen|sal|lokalen|room)\b")
_LOCATIVES = frozenset({"i", "från", "till", "vid", "utanför", "nära", "mot", "in", "from", "near"})
_MUNICIPALITY_WORDS = ("kommun", "stad", "län", "församling", "municipality")
# Found from the place word backwards: a pattern that starts at every word would retry each one.
_PLACE_WORD = re.compile(r" (?:kommuns?|stad|län|församling|municipality)(?![\w])")
_WORD_BEFORE = re.compile(r"[^\W\d_]+\Z")
_PLACE_LOOK_BACK = 40
# After these a capitalised word is the name of the thing: "Samtalsrummet Saga", "Projektet Bo tryggt".
_THING_NOUNS = (
    "rummet", "salen", "projektet", "programmet", "boken", "filmen", "spelet", "låten", "appen", "serien",
    "gruppen", "huset", "lokalen", "kursen", "temat", "föreställningen", "pjäsen", "romanen", "sången",
    "rum", "sal", "room",
)  # fmt: skip
# After a name these make it a place, genitive or not: "Bäckby centrum", "Carl Larssons väg".
_PLACES = frozenset(
    {
        "centrum", "torg", "torget", "station", "stationen", "strand", "stranden", "ip", "idrottsplats",
        "väg", "gata", "gränd", "allé", "backe", "stig", "plan", "park", "parken", "gård", "hallen",
        "busshållplats", "hållplats", "vårdcentral", "bibliotek",
    }
)  # fmt: skip
# Verbs that follow a person: an unknown capitalised word before them is taken as a name.
_PERSON_VERBS = frozenset(
    {"sa", "sade", "säger", "berättar", "berättade", "mår", "mådde", "gråter", "grät", "says", "said", "told"}
)
# Verbs only a person does, right after a lower-case name at a sentence start ("saga har berättat").
_ACTS = frozenset(
    {"sa", "sade", "säger", "berättar", "berättade", "grät", "gråter", "kom", "slår", "slog", "sparkade",
     "vägrar", "vägrade", "skolkar", "skolkade", "ljög", "ljuger", "rymde", "said", "told", "cried", "came"}
)  # fmt: skip
_ACTED = frozenset(
    {"berättat", "sagt", "gråtit", "slutat", "börjat", "skolkat", "rymt", "ljugit", "slagit", "told", "said"}
)
_GENITIVE_KIN = frozenset(
    {"mamma", "pappa", "farfar", "farmor", "morfar", "mormor", "bror", "syster", "storebror", "lillebror",
     "storasyster", "lillasyster", "styvpappa", "styvmamma", "bonuspappa", "bonusmamma", "morbror",
     "farbror", "moster", "faster", "kusin", "föräldrar", "mother", "father", "mum", "mom", "dad",
     "stepmother", "stepfather", "stepdad", "stepmom", "brother", "sister", "grandma", "grandpa",
     "grandmother", "grandfather", "parents", "uncle", "aunt"}
)  # fmt: skip
_PRONOUN_GENITIVES = frozenset({"hans", "hennes", "deras", "dess", "ens", "its", "his", "hers", "theirs"})
_NOUN_ENDINGS_S = ("ens", "ets", "nas", "ans", "arnas", "ernas", "ornas", "ningens", "hetens")
_APPOSITIVE_VERBS = frozenset({"har", "hade", "är", "var", "has", "had", "is", "was"}) | _PERSON_VERBS
# Definite forms and plurals are nouns ("Polisen", "Skolverket"), not unknown names.
_NOUN_ENDINGS = ("en", "et", "na", "an", "orna", "erna", "arna", "ningen", "heten")
# Months that are also given names ("August", "April") are months after these words or before a number.
_MONTH_NAMES = frozenset({"april", "august", "june", "juni", "maj", "may"})
_MONTH_CUES = frozenset(
    {"in", "of", "since", "until", "during", "by", "early", "late", "mid", "next", "last", "i", "sedan",
     "från", "till", "före", "efter", "under", "den", "on"}
)  # fmt: skip


def find_names(text: str, tokens: list[Token]) -> Iterator[Finding]:
    """Spans of person names, adjacent name words merged into one span."""
    lists = name_lists()
    marked = [False] * len(tokens)
    shouting = is_shouting(text, tokens)
    places = _places_named_in(text)
    public_until = 0
    for i, (_, _, word) in enumerate(tokens):
        if marked[i] or i < public_until:
            continue
        # Most words are lower-case words that neither are names nor introduce one: skip them cheaply.
        if word.islower():
            if word not in lists.lowercase_names and word not in lists.first_names and word not in _CUES:
                continue
            low = word
        else:
            low = word.lower()
        # A one-word figure ("Zlatan") is a child's name too when a class or an age follows; a verb
        # says nothing ("Bamse är favoriten").
        if (figure := public_figure_at(tokens, i, low)) and (
            figure > 1 or not person_follows(text, tokens, i, verbs=False)
        ):
            public_until = i + figure
            continue
        if low in places:
            continue
        if shouting and len(word) > 1 and word.isupper():
            marked[i] = is_shouted_name(word.lower(), lists)
        elif _is_name_here(text, tokens, i, word, lists):
            marked[i] = True
            _mark_following_surnames(text, tokens, i, marked, lists)
        elif (j := _cued_name_index(text, tokens, i, low, lists)) is not None:
            marked[j] = True
            _mark_following_surnames(text, tokens, j, marked, lists)
    _mark_pairs(text, tokens, marked, lists)
    yield from _spans(text, tokens, marked)
    yield from find_initials(text)


def _mark_pairs(text: str, tokens: list[Token], marked: list[bool], lists: NameLists) -> None:
    """ "Oleksandr och Mykola": a capitalised word joined by "och" to a name is a name too."""
    for i in range(len(tokens) - 2):
        if tokens[i + 1][2] not in _AND:
            continue
        for word_at, name_at in ((i, i + 2), (i + 2, i)):
            word = tokens[word_at][2]
            if marked[name_at] and not marked[word_at] and word[0].isupper() and not word.isupper():
                low = word.lower()
                if low not in lists.common_words and low not in lists.not_names and low not in _CUES:
                    marked[word_at] = not low.endswith(_NOUN_ENDINGS) or has_foreign_letters(low)


def _places_named_in(text: str) -> frozenset[str]:
    """Words the text itself shows to be places ("Nora kommun"): they are places throughout it."""
    low = text.lower()
    if not any(word in low for word in _MUNICIPALITY_WORDS):
        return frozenset()
    places = set()
    for m in _PLACE_WORD.finditer(low):
        if before := _WORD_BEFORE.search(low, max(0, m.start() - _PLACE_LOOK_BACK), m.start()):
            places.add(before.group())
    return frozenset(places)


def _is_date_or_room(text: str, tokens: list[Token], i: int, low: str) -> bool:
    """ "7 jan" is a month; "Bokat Selma (konferensrummet)" is a room."""
    start = tokens[i][0]
    if low in _MONTH_WORDS and _DAY_NUMBER_BEFORE.search(text, max(0, start - 8), start):
        return True
    booked = i > 0 and tokens[i - 1][2].lower() in _BOOKING_VERBS
    end = tokens[i][1]
    return booked or ("(" in text[end : end + 3] and bool(_ROOM_AFTER.match(text, end)))


def _next_is_shouted_surname(text: str, tokens: list[Token], i: int, lists: NameLists) -> bool:
    if i + 1 >= len(tokens) or not _adjacent(text, tokens[i], tokens[i + 1]):
        return False
    word = tokens[i + 1][2]
    return word.isupper() and len(word) > 1 and is_shouted_name(word.lower(), lists)


def _is_name_here(text: str, tokens: list[Token], i: int, word: str, lists: NameLists) -> bool:
    low = word.lower()
    if low in _NEVER_NAMES or _is_date_or_room(text, tokens, i, low):
        return False
    if not word[0].isupper():
        if low in lists.lowercase_names:
            return not _inside_address_or_link(text, tokens[i])
        # "ebba i 7c": a first name that is also a word is a name when a class or an age follows;
        # "saga har berättat": at a sentence start, a bare noun cannot be the subject of a person's verb.
        return (
            low in lists.first_names
            and low not in lists.not_names
            and person_follows(text, tokens, i, verbs=starts_sentence(text, tokens, i) and _acts(tokens, i))
        )
    if len(word) > 1 and word.isupper():
        # Acronyms (BUP, LVU, EHT) are not names; a listed name in capitals is, when what follows is
        # said of a person or a surname in capitals follows ("MOHAMED har inte", "LEO ANDERSSON 3A").
        return is_shouted_name(low, lists) and (
            person_follows(text, tokens, i) or _next_is_shouted_surname(text, tokens, i, lists)
        )
    if "-" in word and names_a_thing(word, lists):
        return False
    if _genitive_before_kin(tokens, i, low, lists):
        return True
    if low in lists.not_names or not is_name_word(low, lists):
        # "Juni i 1A": a first name that is also a month or a place is a name when a class follows.
        named = low in lists.first_names and person_follows(text, tokens, i, verbs=False)
        return named or _unknown_before_person_verb(text, tokens, i, low, lists)
    # Only the word right before counts: not across a break ("(EN):\n- Noah") or a comma ("7:an, Joaquín").
    if i and _adjacent(text, tokens[i - 1], tokens[i]) and _previous_blocks_name(tokens, i, low, lists):
        return False
    if starts_sentence(text, tokens, i) and is_ordinary_word(low, lists):
        return _next_is_capitalised_name(text, tokens, i, lists) or person_follows(
            text, tokens, i, verbs=low not in _MONTH_NAMES
        )
    return True


def _acts(tokens: list[Token], i: int) -> bool:
    """Whether the word after `i` is a verb only a person does ("sa", "har berättat", "grät")."""
    following = tokens[i + 1][2].lower() if i + 1 < len(tokens) else ""
    if following in _ACTS:
        return True
    after = tokens[i + 2][2].lower() if i + 2 < len(tokens) else ""
    return following in {"har", "hade", "has", "had"} and after in _ACTED


def _genitive_before_kin(tokens: list[Token], i: int, low: str, lists: NameLists) -> bool:
    """ "Niillas farfar", "Jack's stepmother": a capitalised genitive before a kin word is a name."""
    if i + 1 >= len(tokens) or tokens[i + 1][2].lower() not in _GENITIVE_KIN:
        return False
    base = low[:-2] if low.endswith(("'s", "’s")) else low[:-1] if low.endswith("s") else ""
    if len(base) < 2 or low in _PRONOUN_GENITIVES or base in lists.not_names:
        return False
    return base in lists.first_names or (base not in lists.common_words and not low.endswith(_NOUN_ENDINGS_S))


def _previous_blocks_name(tokens: list[Token], i: int, low: str, lists: NameLists) -> bool:
    previous = tokens[i - 1][2].lower()
    if previous in _ARTICLES or previous in _PLACE_PREFIXES or previous.endswith(_THING_NOUNS):
        return True
    if previous in _LOCATIVES and low in lists.surnames and low not in lists.first_names:
        return True  # "i Bäckby", "från Lindesberg": surnames are often places, and here one is
    return low in _MONTH_NAMES and previous in _MONTH_CUES


def _next_is_capitalised_name(text: str, tokens: list[Token], i: int, lists: NameLists) -> bool:
    if i + 1 >= len(tokens) or not _adjacent(text, tokens[i], tokens[i + 1]):
        return False
    word = tokens[i + 1][2]
    return word[0].isupper() and is_name_word(word.lower(), lists) and word.lower() not in lists.common_words


def _unknown_before_person_verb(text: str, tokens: list[Token], i: int, low: str, lists: NameLists) -> bool:
    # "Isra, 13 år", "Théo i 7B": a capitalised word nobody lists is a name when a person is described.
    said_of_person = i + 1 < len(tokens) and (
        tokens[i + 1][2] in _PERSON_VERBS or _appositive_subject(text, tokens, i)
    )
    # Letters Swedish words never have ("Arbër") make any person's verb after it enough.
    if not said_of_person and not person_follows(text, tokens, i, verbs=has_foreign_letters(low)):
        return False
    return (
        len(low) >= 3
        and low not in lists.common_words
        and low not in lists.not_names
        and low not in _PERSON_CUES
        # A definite ending marks a Swedish noun ("Gruppen i 7B") unless the word has letters Swedish
        # words never have ("Máret i 5:an").
        and (not low.endswith(_NOUN_ENDINGS) or has_foreign_letters(low))
    )


def _appositive_subject(text: str, tokens: list[Token], i: int) -> bool:
    """ "elev i 9:an, Ramón, har berättat": a word set off by commas before the sentence's verb."""
    before = text[tokens[i - 1][1] : tokens[i][0]].strip() if i else ""
    after = text[tokens[i][1] : tokens[i + 1][0]].strip()
    return before == "," == after and tokens[i + 1][2] in _APPOSITIVE_VERBS


def _cued_name_index(text: str, tokens: list[Token], i: int, low: str, lists: NameLists) -> int | None:
    """Index of the name a cue word at `i` introduces, if any."""
    j = i + 1
    if low in _NAMING_CUES:
        while j < len(tokens) and tokens[j][2].lower() in _CUE_FILLERS:
            j += 1
        if (
            j < len(tokens)
            and _adjacent(text, tokens[j - 1], tokens[j])
            and _could_be_name(tokens[j][2], lists)
            # "skolan heter Ängsskolan": what an institution is called.
            and not tokens[j][2].lower().endswith(_INSTITUTIONS)
        ):
            return j
        return None
    if low in _TALK_LINKS and i and tokens[i - 1][2].lower() in _TALK_VERBS:
        return _talked_with(text, tokens, i, lists)
    if low not in _PERSON_CUES and low not in _KIN:
        return None
    if low in _LINKING and (i == 0 or tokens[i - 1][2].lower() not in _RELATIONS):
        return None
    if j >= len(tokens) or not _adjacent(text, tokens[i], tokens[j], comma=True, bracket=True):
        return None
    word = tokens[j][2]
    candidate = word.lower()
    if low in _KIN and candidate in lists.first_names and candidate not in _NOT_AFTER_KIN:
        return j
    # "tjejen (Lilja)": a listed name in brackets after a person is that person's, even if also a word.
    if word[0].isupper() and text[tokens[i][1] : tokens[j][0]].strip() == "(" and candidate in lists.names:
        return j
    if candidate in lists.not_names or candidate in lists.common_words or candidate in _PERSON_CUES:
        return None
    if candidate.endswith(_INSTITUTIONS):  # "Kuratorn, Björkskolan": where the writer works
        return None
    if (word[0].isupper() and not word.isupper()) or candidate in lists.names:
        return j
    return None


def _talked_with(text: str, tokens: list[Token], i: int, lists: NameLists) -> int | None:
    j = i + 1
    if j >= len(tokens) or not _adjacent(text, tokens[i], tokens[j]):
        return None
    word = tokens[j][2]
    low = word.lower()
    if not word[0].isupper() or word.isupper() or low in lists.not_names or low in lists.common_words:
        return None
    if low in _PERSON_CUES or low in _NEVER_NAMES:
        return None
    # "pratat med Rädda Barnen", "spoke to Save the Children": an unlisted word before another
    # capitalised word or an article names an organisation.
    after = tokens[j + 1][2] if j + 1 < len(tokens) and _adjacent(text, tokens[j], tokens[j + 1]) else ""
    followed = bool(after) and (after[0].isupper() or after.lower() in _ARTICLES)
    return j if low in lists.names or not followed else None


def _could_be_name(word: str, lists: NameLists) -> bool:
    low = word.lower()
    # "hon heter Hope": capitalised after a naming cue, even an ordinary word is what someone is called.
    if word[0].isupper() and not word.isupper() and low not in lists.not_names:
        return True
    if low in lists.names:
        return low not in lists.common_words or word[0].isupper()
    return len(low) >= 2 and low not in lists.common_words and low not in lists.not_names


def _mark_following_surnames(
    text: str, tokens: list[Token], i: int, marked: list[bool], lists: NameLists
) -> None:
    # "Reza Mohammadi", "Kerem Yıldız": capitalised words right after a name belong to it.
    j = i + 1
    while j < len(tokens) and _adjacent(text, tokens[j - 1], tokens[j]):
        word = tokens[j][2]
        low = word.lower()
        if not word[0].isupper() or word.isupper() or low in lists.not_names or low in lists.common_words:
            break
        if _names_institution(text, tokens, j) or low.endswith(_INSTITUTIONS) or names_a_thing(word, lists):
            break
        marked[j] = True
        j += 1


def _spans(text: str, tokens: list[Token], marked: list[bool]) -> Iterator[Finding]:
    i = 0
    while i < len(tokens):
        if not marked[i]:
            i += 1
            continue
        j = i
        while j + 1 < len(tokens) and marked[j + 1] and _adjacent(text, tokens[j], tokens[j + 1]):
            j += 1
        if not _names_institution(text, tokens, j + 1):
            yield Finding(Kind.PERSON_NAME, tokens[i][0], tokens[j][1])
        i = j + 1


def _names_institution(text: str, tokens: list[Token], j: int) -> bool:
    """Whether token `j` turns the name right before it into an institution's or a place's name."""
    if j >= len(tokens) or not _adjacent(text, tokens[j - 1], tokens[j]):
        return False
    following = tokens[j][2]
    previous = tokens[j - 1][2]
    if following.lower() in _PLACES:
        return True
    if not following.lower().endswith(_INSTITUTIONS):
        return False
    return previous.endswith("s") or following[0].isupper()


def _adjacent(text: str, left: Token, right: Token, *, comma: bool = False, bracket: bool = False) -> bool:
    gap = text[left[1] : right[0]]
    allowed = ("", ",") if comma else ("",)
    return len(gap) <= 2 and (gap.strip() in allowed or (bracket and gap.strip() == "("))


def _inside_address_or_link(text: str, token: Token) -> bool:
    # Lower-case words inside e-mail addresses and links are reported by those detectors instead.
    before = text[token[0] - 1] if token[0] else " "
    after = text[token[1]] if token[1] < len(text) else " "
    return before in "@./_" or after in "@./_"
