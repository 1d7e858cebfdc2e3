"""What shows that a listed or capitalised word is no person's name where it stands (see names.py): a
date or a weekday, a room or a place, a verb in a question or a request, an article or a place word
before it, or a word inside an address or a link.
"""

import re

from bot.privacy.lexicon import is_dictionary_word, is_english_word
from bot.privacy.name_context import class_follows
from bot.privacy.name_cues import ARTICLES
from bot.privacy.name_things import genitive_before_home
from bot.privacy.name_words import (
    is_ordinary_word,
    looks_like_surname,
)
from bot.privacy.namelists import NameLists
from bot.privacy.tokens import QUOTES, Token, adjacent, starts_sentence

# A capitalised word after these is part of a place or institution name ("Sankt Lukas").
_PLACE_PREFIXES = frozenset(
    {"sankt", "s:t", "st", "drottning", "kung", "prins", "prinsessan", "kronprinsessan"}
)


_MONTH_WORDS = frozenset(
    {"jan", "feb", "mars", "mar", "april", "apr", "maj", "may", "juni", "june", "juli", "july", "aug",
     "august", "augusti", "sep", "sept", "okt", "oct", "nov", "dec"}
)  # fmt: skip


_DAY_NUMBER_BEFORE = re.compile(r"\d{1,2}(?::e|:a|st|nd|rd|th)?\.? ?\Z")


# "Bokat Selma (konferensrummet …)": a booked room, not a person.
_BOOKING_VERBS = frozenset({"bokat", "boka", "bokade", "bokar", "booked", "book"})


# "Tor 14:00 EHT", "Fre 8.15": a weekday shortened before a clock time ("Tor", "Fre" are names too).
_WEEKDAY_SHORT = frozenset({"mån", "tis", "ons", "tor", "tors", "fre", "lör", "sön", "mon", "tue", "wed",
                            "thu", "fri", "sat", "sun"})  # fmt: skip


# English days, alone or plural ("meets on Thursdays"), are capitalised like names.
_ENGLISH_DAYS = frozenset(
    day + plural
    for day in ("monday", "tuesday", "wednesday", "thursday", "friday", "saturday", "sunday")
    for plural in ("", "s")
)


_DATE_WORDS = _MONTH_WORDS | _WEEKDAY_SHORT | _ENGLISH_DAYS


_CLOCK_AFTER = re.compile(r"\s*(?:kl\.?\s*)?\d{1,2}[:.]\d{2}\b")


_ROOM_AFTER = re.compile(r"\s*\(\s*\w*(?:rummet|rum|salen|sal|lokalen|room)\b")


_ROOM_BEFORE = re.compile(rf"(?i:rum|rummet|sal|salen|lokal|lokalen|room|classroom)\s*:?\s*[{QUOTES}]\Z")


_LOCATIVES = frozenset(
    {"i", "från", "till", "vid", "utanför", "nära", "mot", "på", "in", "from", "near", "at"}
)


# After these a capitalised word is the name of the thing: "Samtalsrummet Saga", "Projektet Bo tryggt".
_THING_NOUNS = (
    # "Äldreboendet Maj-Britt", "fritidsgården Tallen": a home or a centre named like a person.
    "boendet", "gården", "centret", "stiftelsen", "föreningen",
    "rummet", "salen", "projektet", "programmet", "boken", "filmen", "spelet", "låten", "appen", "serien",
    "gruppen", "huset", "lokalen", "kursen", "temat", "föreställningen", "pjäsen", "romanen", "sången",
    "rum", "sal", "room",
)  # fmt: skip


# Yards that bear no name of their own: a capitalised word after them is someone there.
_UNNAMED_PLACES = frozenset({"skolgården", "gården", "bakgården", "innergården"})


# What follows a newcomer, not a thing: a group they are in, or (after "ny", "new") a pronoun that
# takes them up: "en ny Maja i gruppen", "a new Grace, she is shy" (the colour of "en röd Volvo, han
# parkerar" tells of a car, and the pronoun of its driver).
_IN_GROUP_AFTER = re.compile(
    r"\s+(?:i|in|på)\s+(?:gruppen|klassen|laget|avdelningen|fritids|mentorsgruppen|our class|the class"
    r"|the group|my class)\b",
    re.IGNORECASE,
)
_PRONOUN_AFTER = re.compile(r"[^.!?\n]{0,12}?\b(?:hon|han|hen|she|he)\b", re.IGNORECASE)
_NEW = frozenset({"ny", "new", "nya"})


_HOME_AFTER = re.compile(r"[^.!?\n]{0,20}?\b(?:hemma|hemmet|hem|home|bostaden|lägenheten)\b", re.IGNORECASE)


# Colours and ages that describe a car, a phone, a bike: "en svart Audi", "a new Samsung".
_THING_ADJECTIVES = frozenset(
    {"svart", "vit", "röd", "blå", "grön", "gul", "grå", "silvrig", "mörkblå", "ljusblå", "black", "white",
     "red", "blue", "green", "grey", "gray", "silver", "ny", "gammal", "new", "old", "begagnad", "rostig"}
)  # fmt: skip
_COPULAS = frozenset({("are",), ("were",), ("är",), ("var",), ("blir",)})
_DETERMINERS = frozenset(
    {"the", "our", "this", "these", "two", "årets", "veckans", "terminens", "våra", "två"}
)
# People the two may be said to be ("två pojkar i 5B", "the twins"): then they are names after all.
_PERSON_PLURALS = frozenset(
    {"pojkar", "pojkarna", "flickor", "flickorna", "tjejer", "tjejerna", "killar", "killarna", "systrar",
     "systrarna", "bröder", "bröderna", "elever", "eleverna", "barn", "barnen", "kompisar", "kompisarna",
     "vänner", "vännerna", "tvillingar", "tvillingarna", "trillingar", "trillingarna", "syskon", "syskonen",
     "kusiner", "kusinerna", "ungar", "ungarna", "boys", "girls", "sisters", "brothers", "twins", "triplets",
     "pupils", "students", "kids", "children", "friends", "siblings", "cousins", "newcomers"}
)  # fmt: skip
_PERSON_PLURAL_ENDINGS = ("elever", "eleverna", "barn", "barnen", "pojkar", "flickor", "tjejer", "killar")
_VISIT_VERBS = frozenset({"besökte", "besöker", "besöka", "besökt", "visited", "visiting", "visit"})
_AND = frozenset({"och", "and"})


_EATING_VERBS = frozenset(
    {"åt", "äter", "äta", "ätit", "käkade", "käkar", "käka", "käkat", "fikade", "fikar", "fika", "lunchade",
     "middag", "lunch", "frukost", "ate", "eat", "eats", "eating", "dinner", "breakfast"}
)  # fmt: skip


# Words that start the subject or the object after a verb: "Will the parents …", "Tell him …".
_OBJECT_STARTERS = frozenset(
    {"the", "a", "an", "you", "he", "she", "they", "we", "it", "there", "this", "that", "these",
     "those", "your", "his", "her", "our", "their", "my", "him", "them", "us", "me", "everyone", "someone"}
)  # fmt: skip


# English nouns for a place, named by the word before them: "Rose garden", "the 'Rose' classroom".
_PLACE_NOUNS = frozenset(
    {"garden", "classroom", "room", "hall", "building", "wing", "block", "field", "court", "park", "street",
     "road", "lane", "avenue", "centre", "center", "library", "lab", "studio", "cottage", "suite", "unit",
     "house", "corridor", "playground", "pitch", "gym", "gate", "entrance"}
)  # fmt: skip


# Months that are also given names ("August", "April") are months after these words or before a number.
MONTH_NAMES = frozenset({"april", "august", "june", "juni", "maj", "may", "jan"})


_MONTH_CUES = frozenset(
    {"in", "of", "since", "until", "during", "by", "early", "late", "mid", "next", "last", "i", "sedan",
     "från", "till", "före", "efter", "under", "den", "on"}
)  # fmt: skip


def is_date_or_room(text: str, tokens: list[Token], lows: list[str], i: int) -> bool:
    """ "7 jan" is a month; "Bokat Selma (konferensrummet)" is a room."""
    start, end, _ = tokens[i]
    low = lows[i]
    if low in _DATE_WORDS:  # most words are no month or day: one look-up for them
        if low in _MONTH_WORDS and _DAY_NUMBER_BEFORE.search(text, max(0, start - 8), start):
            return True
        if (low in _WEEKDAY_SHORT and _CLOCK_AFTER.match(text, end)) or low in _ENGLISH_DAYS:
            return True
    if (i > 0 and lows[i - 1] in _BOOKING_VERBS) or (
        "(" in text[end : end + 3] and _ROOM_AFTER.match(text, end)
    ):
        return True
    # 'Nytt klassrum: "Rose"', "the room 'Oak'": a name in quotes after the word for a room is the room's.
    return (
        start > 0 and text[start - 1] in QUOTES and bool(_ROOM_BEFORE.search(text, max(0, start - 25), start))
    )


def verb_before_object(text: str, tokens: list[Token], lows: list[str], i: int) -> bool:
    """ "Will the parents be told", "Tell the student", "Mark the date": a name that is also an English
    verb, followed by an article or a pronoun, is the verb of a question or a request."""
    return (
        i + 1 < len(tokens)
        and lows[i + 1] in _OBJECT_STARTERS
        and text[tokens[i][1] : tokens[i + 1][0]] == " "
        and is_english_word(lows[i])
    )


# A clause opens after these as after a full stop: "tradition att Lucia firas", "när Midsommar firas".
_CLAUSE_OPENERS = frozenset({"att", "när", "då", "eftersom", "innan", "that", "when", "before", "because"})


# Full month names: a date ends the subject it dates ("Nationaldagen 6 juni firas …").
_FULL_MONTHS = frozenset(
    {"januari", "februari", "mars", "april", "maj", "juni", "juli", "augusti", "september", "oktober",
     "november", "december", "january", "february", "march", "august", "october"}
)  # fmt: skip


_WORD_BEFORE_DAY = re.compile(r"([^\W\d_]+)\s+\Z")
# Holidays and events end in these ("Kulturdagen", "Nationaldagen", "Julafton", "Skolavslutningen").
_EVENT_ENDINGS = (
    "dagen", "dag", "afton", "helgen", "festen", "fest", "mässa", "mässan", "veckan", "avslutningen",
    "konserten", "mötet", "day", "festival", "fair", "week", "ceremony", "concert",
)  # fmt: skip


def _is_dated_thing(low: str, lists: NameLists) -> bool:
    """Whether the word before a date names a holiday, an event or a thing ("Kulturdagen 14 mars")."""
    return low in lists.not_names or (len(low) > 4 and low.endswith(_EVENT_ENDINGS))


def verb_after_thing(text: str, tokens: list[Token], lows: list[str], i: int, lists: NameLists) -> bool:
    """ "Lucia firas i aulan": after a sentence's first word, a holiday, a place or an organisation (no
    person), comes the verb; a lower-case word there that the dictionary knows is that verb. So after a
    date ("Samiska nationaldagen 6 februari firas med …"): a day is dated, a person is not."""
    if i and lows[i - 1] in _FULL_MONTHS and text[tokens[i - 1][1] : tokens[i][0]] == " ":
        month = tokens[i - 1][0]
        if day := _DAY_NUMBER_BEFORE.search(text, max(0, month - 8), month):
            # Only a holiday, event or thing is dated so: "Den 3 mars elsa berättade" dates a girl's words.
            dated = _WORD_BEFORE_DAY.search(text, max(0, day.start() - 30), day.start())
            return (
                bool(dated) and _is_dated_thing(dated.group(1).lower(), lists) and is_dictionary_word(lows[i])
            )
    return (
        i > 0
        and lows[i - 1] in lists.not_names
        and tokens[i - 1][2][0].isupper()
        and text[tokens[i - 1][1] : tokens[i][0]] == " "
        and (starts_sentence(text, tokens, i - 1) or (i > 1 and lows[i - 2] in _CLAUSE_OPENERS))
        and is_dictionary_word(lows[i])
    )


def names_a_place(text: str, tokens: list[Token], lows: list[str], i: int) -> bool:
    """ "Rose garden", "the 'Rose' classroom": a name before an English noun for a place is that place's."""
    return (
        i + 1 < len(tokens)
        and lows[i + 1] in _PLACE_NOUNS
        and text[tokens[i][1] : tokens[i + 1][0]].strip(" '’\"”") == ""
        and tokens[i + 1][2].islower()
    )


def previous_blocks_name(text: str, tokens: list[Token], lows: list[str], i: int, lists: NameLists) -> bool:
    low = lows[i]
    previous = lows[i - 1]
    if previous in ARTICLES or previous in _PLACE_PREFIXES or _names_thing(lows, i - 1):
        return True
    if thing_described(text, tokens, lows, i):
        return True
    # "Faith and Joy are the themes": joined to an ordinary word that opens the sentence, and said to be
    # a thing ("are the", "är årets"), a word-name is a word too ("Joy and Grace were upset" is not).
    return (
        previous in _AND
        and i > 1
        and tuple(lows[i + 1 : i + 2]) in _COPULAS
        and lows[i + 2 : i + 3] != []
        and lows[i + 2] in _DETERMINERS
        and not _people_follow(text, tokens, lows, i + 3)
        and is_ordinary_word(low, lists)
        and is_ordinary_word(lows[i - 2], lists)
        and tokens[i - 2][2][0].isupper()
        and starts_sentence(text, tokens, i - 2)
    ) or _previous_blocks_place(text, tokens, lows, i, lists)


def _names_thing(lows: list[str], j: int) -> bool:
    """Whether word `j` is a thing noun that names what follows ("Äldreboendet Maj-Britt", "rummet Hugo").
    A yard is a place one is at, not a name: "på skolgården Ali och Omar bråkade" speaks of children."""
    word = lows[j]
    if not word.endswith(_THING_NOUNS):
        return False
    return not word.endswith("gården") or (
        word not in _UNNAMED_PLACES and not (j and lows[j - 1] in _LOCATIVES)
    )


def _people_follow(text: str, tokens: list[Token], lows: list[str], j: int) -> bool:
    """Whether the noun at `j` (or after one adjective) is people, or a class follows it ("the twins in
    Year 3")."""
    for k in range(j, min(j + 2, len(lows))):
        if (
            lows[k] in _PERSON_PLURALS
            or lows[k].endswith(_PERSON_PLURAL_ENDINGS)
            or class_follows(text, tokens, k)
        ):
            return True
    return False


def _previous_blocks_place(text: str, tokens: list[Token], lows: list[str], i: int, lists: NameLists) -> bool:
    low = lows[i]
    previous = lows[i - 1]
    # "besökte Liseberg", "vi besökte Universeum och Liseberg": what a class visits is a place.
    visited = previous in _VISIT_VERBS or (
        previous in _AND and i > 2 and lows[i - 3] in _VISIT_VERBS and lows[i - 2] not in lists.first_names
    )
    if (
        previous in _LOCATIVES
        and low not in lists.first_names
        and (low in lists.surnames or looks_like_surname(low))
    ):
        return (
            True  # "i Bäckby", "från Lindesberg", "på Liseberg": surnames are often places, and here one is
        )
    # A place visited is shaped like a surname ("Liseberg") but no listed one: a family visited at home is
    # the common case ("besökte Hosseini hemma", "besökte Lindqvist i hemmet").
    if (
        visited
        and low not in lists.first_names
        and low not in lists.surnames
        and looks_like_surname(low)
        and not _HOME_AFTER.match(text, tokens[i][1])
    ):
        return True
    # "käkade på Max", "ate at Wayne's": a restaurant where one eats; not a family's home ("ate at Jonas
    # Berg's house") nor anyone with a surname.
    if previous in {"på", "at"} and i > 1 and lows[i - 2] in _EATING_VERBS:
        return not _home_or_surname(text, tokens, lows, i, lists)
    return low in MONTH_NAMES and previous in _MONTH_CUES


def thing_described(text: str, tokens: list[Token], lows: list[str], i: int) -> bool:
    """Whether an article and an adjective of colour or age stand before `i`: "en svart Audi", "a red
    Toyota", "en ny Samsung" describe a thing, unless a class or a group follows or a pronoun takes it up
    ("en ny Ali i 4B", "en ny Maja i gruppen, hon är blyg")."""
    return (
        i > 1
        and lows[i - 2] in ARTICLES
        and lows[i - 1] in _THING_ADJECTIVES
        and not class_follows(text, tokens, i)
        and not _IN_GROUP_AFTER.match(text, tokens[i][1])
        and not (lows[i - 1] in _NEW and _PRONOUN_AFTER.match(text, tokens[i][1]))
    )


def opens_message(text: str, tokens: list[Token], i: int) -> bool:
    """Whether token `i` opens a chat message after its tag: "[Slack #personal] Stig på, …"."""
    if not i:
        return False
    gap = text[tokens[i - 1][1] : tokens[i][0]]
    return gap.endswith("] ") and "[" in text[max(0, tokens[i - 1][0] - 12) : tokens[i - 1][0]]


def _home_or_surname(text: str, tokens: list[Token], lows: list[str], i: int, lists: NameLists) -> bool:
    """Whether the name at `i` has a surname after it or owns a home ("Jonas Berg's house", "Jonas hem")."""
    if genitive_before_home(lows, i):
        return True
    j = i + 1
    if j >= len(tokens) or not adjacent(text, tokens[i], tokens[j]) or not tokens[j][2][0].isupper():
        return False
    # "Berg's", "Bergs": the surname in the genitive.
    bases = {lows[j], lows[j].removesuffix("s").removesuffix("'").removesuffix("’")}
    return genitive_before_home(lows, j) or any(b in lists.surnames or looks_like_surname(b) for b in bases)


def inside_address_or_link(text: str, token: Token, *, full_stop: bool = False) -> bool:
    """Lower-case words inside e-mail addresses and links are reported by those detectors instead; with
    `full_stop`, a dot that ends the sentence ("to alva.") is not taken for one inside an address."""
    before = text[token[0] - 1] if token[0] else " "
    after = text[token[1] : token[1] + 2] or " "
    if full_stop and after[:1] == "." and not after[1:].isalnum():
        after = " "
    return before in "@./_" or after[:1] in "@./_"


# People and roles listed beside a child at a meeting, and the heads of a meeting's lists.
_PEOPLE_IN_LISTS = frozenset(
    {"mamman", "pappan", "mamma", "pappa", "mentorn", "mentor", "kuratorn", "kurator", "rektorn", "rektor",
     "skolsköterskan", "läraren", "lärare", "vårdnadshavare", "vårdnadshavaren", "vårdnadshavarna", "eleven",
     "föräldrarna", "föräldrar", "specialpedagogen", "psykologen", "socialsekreteraren", "elevassistenten",
     "brodern", "systern", "mother", "father", "mum", "dad", "teacher", "counsellor", "nurse", "parents"}
)  # fmt: skip
_MEETING_HEADS = frozenset(
    {"närvarande", "deltagare", "elevärende", "samtal", "närvaro", "kallade", "present", "attendees",
     "participants", "attending"}
)  # fmt: skip


def word_among_words(text: str, tokens: list[Token], lows: list[str], i: int, lists: NameLists) -> bool:
    """ "Minoriteter: samer, sverigefinnar, tornedalingar": a lower-case word the dictionary knows, listed
    between a colon or comma and a comma before another such word that no name list holds, is one of
    those words; a list of lower-case names ("alva, olle och lisa") holds names on both sides."""
    if i + 1 >= len(tokens) or not is_dictionary_word(lows[i]):
        return False
    # "Närvarande: elsa, mamman, mentorn": a given name listed with people, or in a meeting's list, is one.
    if lows[i] in lists.first_names and (
        not _PEOPLE_IN_LISTS.isdisjoint(lows[i + 1 : i + 5])
        or not _MEETING_HEADS.isdisjoint(lows[max(0, i - 3) : i])
    ):
        return False
    before = text[tokens[i - 1][1] : tokens[i][0]].strip() if i else ":"
    after = text[tokens[i][1] : tokens[i + 1][0]].strip()
    following = tokens[i + 1][2]
    return (
        before in {":", ","}
        and after == ","
        and following.islower()
        and len(following) >= 5
        and lows[i + 1] not in lists.names
        and is_dictionary_word(lows[i + 1])
    )


# Swedish writes its months in lower case; these are given names as well (English capitalises its own).
_SWEDISH_MONTH_NAMES = frozenset({"juni", "maj", "juli"})
_NUMBER_AFTER = re.compile(r"\s*\d")
# Words of time before a month ("hela Juni", "i slutet av Maj"), and months listed together.
_TIME_BEFORE = frozenset(
    {"hela", "varje", "nästa", "förra", "sista", "första", "början", "slutet", "mitten", "av", "denna",
     "detta", "per", "tills", "innan", "efter"}
)  # fmt: skip
_FULL_MONTH_WORDS = _FULL_MONTHS | _MONTH_WORDS


def capitalised_swedish_month(text: str, tokens: list[Token], lows: list[str], i: int) -> bool:
    """ "att Juni pratade om", "med Maj igår": a Swedish month capitalised inside a sentence is a name,
    unless a month's word stands before it or a number after it ("i Juni", "Juni 2026")."""
    return (
        lows[i] in _SWEDISH_MONTH_NAMES
        and i > 0
        and not starts_sentence(text, tokens, i)
        and lows[i - 1] not in _MONTH_CUES
        and lows[i - 1] not in _TIME_BEFORE
        and lows[i - 1] not in _FULL_MONTH_WORDS
        and not (i > 1 and lows[i - 2] in _FULL_MONTH_WORDS)
        and not _DAY_NUMBER_BEFORE.search(text, max(0, tokens[i][0] - 8), tokens[i][0])
        and not _NUMBER_AFTER.match(text, tokens[i][1])
        and not tokens[i - 1][2][0].isupper()
    )
