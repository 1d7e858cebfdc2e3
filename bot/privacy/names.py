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
from functools import cache

from bot.privacy.findings import Finding
from bot.privacy.hints import any_in
from bot.privacy.lexicon import is_dictionary_word, is_english_word, is_long_inflection
from bot.privacy.name_context import (
    find_initials,
    is_shouting,
    person_follows,
    post_follows,
    public_figure_at,
    public_figures,
)
from bot.privacy.name_cues import (
    ARTICLES,
    CUES,
    NEVER_NAMES,
    PERSON_CUES,
    THING_WORDS,
    WORKS,
    cued_name_index,
    genitive_before_home,
    named_thing_run,
    work_or_pet_run,
    work_said_run,
)
from bot.privacy.name_shape import name_shape
from bot.privacy.name_slots import (
    CHARACTER_LINKS_OR_AND,
    NAME_SCORE,
    characters_from_work,
    lower_case_genitive,
    lower_case_object,
    lower_case_pair,
    mark_lists,
    object_initials,
    slot_score,
    to_is_preposition,
)
from bot.privacy.name_spans import mark_following_surnames, mark_pairs, spans
from bot.privacy.name_words import (
    NAMED_INSTITUTIONS,
    NOUN_ENDINGS,
    has_foreign_letters,
    is_name_word,
    is_ordinary_word,
    is_shouted_name,
    looks_like_surname,
    names_a_thing,
)
from bot.privacy.namelists import NameLists, name_lists
from bot.privacy.tokens import Token, WordFlag, WordTest, adjacent, starts_sentence

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
_CLOCK_AFTER = re.compile(r"\s*(?:kl\.?\s*)?\d{1,2}[:.]\d{2}\b")
# "§3 Tenzin – beslut …": the item of a set of minutes is about the word after its number.
_AGENDA_ITEM_BEFORE = re.compile(r"§\s*\d{1,2}[a-z]?\.?\s+\Z")
_ROOM_AFTER = re.compile(r"\s*\(\s*\w*(?:rummet|rum|salen|sal|lokalen|room)\b")
_QUOTES = "\"'”“‘’«»"
_ROOM_BEFORE = re.compile(r"(?i:rum|rummet|sal|salen|lokal|lokalen|room|classroom)\s*:?\s*[\"'”“‘’«»]\Z")
_LOCATIVES = frozenset(
    {"i", "från", "till", "vid", "utanför", "nära", "mot", "på", "in", "from", "near", "at"}
)
# A court is named after its place too: "Svea hovrätt", "Attunda tingsrätt".
_MUNICIPALITY_WORDS = ("kommun", "stad", "län", "församling", "municipality", "rätt")
# Found from the place word backwards: a pattern that starts at every word would retry each one.
_PLACE_WORD = re.compile(
    r" (?:kommuns?|stad|län|församling|municipality|hovrätt|tingsrätt|kammarrätt|förvaltningsrätt)(?![\w])"
)
_WORD_BEFORE = re.compile(r"[^\W\d_]+\Z")
_PLACE_LOOK_BACK = 40
# After these a capitalised word is the name of the thing: "Samtalsrummet Saga", "Projektet Bo tryggt".
_THING_NOUNS = (
    "rummet", "salen", "projektet", "programmet", "boken", "filmen", "spelet", "låten", "appen", "serien",
    "gruppen", "huset", "lokalen", "kursen", "temat", "föreställningen", "pjäsen", "romanen", "sången",
    "rum", "sal", "room",
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
_BARE_AGE_AFTER = re.compile(r",\s*\d{1,2}\s*,")
_AUXILIARIES = frozenset({"har", "hade", "has", "had"})
# Supine endings: "kommit", "pratat", "sett", "haft", "köpt", "glömt", "talked" (not -st, -rt, -kt:
# "har just", "har snart", "har exakt" are adverbs).
_PARTICIPLE = ("it", "at", "tt", "dd", "ft", "pt", "mt", "ed")
_APPOSITIVE_VERBS = frozenset({"har", "hade", "är", "var", "has", "had", "is", "was"}) | _PERSON_VERBS
_EATING_VERBS = frozenset(
    {"åt", "äter", "äta", "ätit", "käkade", "käkar", "käka", "käkat", "fikade", "fikar", "fika", "lunchade",
     "middag", "lunch", "frukost", "ate", "eat", "eats", "eating", "dinner", "breakfast"}
)  # fmt: skip
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
# After these a listed name in lower case that the dictionaries know is a verb: "need to tell", "can't tell".
_VERB_MARKERS = frozenset(
    {"to", "can", "can't", "cannot", "could", "couldn't", "will", "won't", "would", "should", "must",
     "may", "might", "don't", "didn't", "doesn't", "not"}
)  # fmt: skip
# Words that start the subject or the object after a verb: "Will the parents …", "Tell him …".
_OBJECT_STARTERS = frozenset(
    {"the", "a", "an", "you", "he", "she", "they", "we", "it", "there", "this", "that", "these",
     "those", "your", "his", "her", "our", "their", "my", "him", "them", "us", "me", "everyone", "someone"}
)  # fmt: skip
# Letters that score above this (name_shape) spell a name: "Dzenan" 1.7, "Mirja" 2.4.
_NAME_LETTERS = 1.0
# An inflection whose stem is this long is a word, not a name that happens to end like one ("Arian").
_INFLECTED_STEM = 5
# Verbs that open a question and take an infinitive: "Kan Juni få stanna?".
_QUESTION_MODALS = frozenset({"kan", "får", "fick", "ska", "skulle", "vill", "måste", "borde", "brukar"})
# English nouns for a place, named by the word before them: "Rose garden", "the 'Rose' classroom".
_PLACE_NOUNS = frozenset(
    {"garden", "classroom", "room", "hall", "building", "wing", "block", "field", "court", "park", "street",
     "road", "lane", "avenue", "centre", "center", "library", "lab", "studio", "cottage", "suite", "unit",
     "house", "corridor", "playground", "pitch", "gym", "gate", "entrance"}
)  # fmt: skip
# Months that are also given names ("August", "April") are months after these words or before a number.
_MONTH_NAMES = frozenset({"april", "august", "june", "juni", "maj", "may", "jan"})
_MONTH_CUES = frozenset(
    {"in", "of", "since", "until", "during", "by", "early", "late", "mid", "next", "last", "i", "sedan",
     "från", "till", "före", "efter", "under", "den", "on"}
)  # fmt: skip


def find_names(text: str, low_text: str, tokens: list[Token], lows: list[str]) -> Iterator[Finding]:
    """Spans of person names, adjacent name words merged into one span.

    `low_text` is `text` in lower case and `lows` the tokens' words in lower case, read once per text.
    """
    lists = name_lists()
    figures = public_figures()
    marked = [False] * len(tokens)
    shouting = is_shouting(text, tokens)
    places = _places_named_in(low_text)
    public_until = 0
    works: set[str] = set()
    things = not THING_WORDS.isdisjoint(lows)
    works_named = not WORKS.isdisjoint(lows)
    # Most words are lower-case words, or capitalised ordinary words, that neither are names nor
    # introduce one: only the rest are read.
    for i in _READ.indices(tokens, lows):
        if marked[i] or i < public_until:
            continue
        word, low = tokens[i][2], lows[i]
        # A one-word figure ("Zlatan") is a child's name too when a class or an age follows; a verb
        # says nothing ("Bamse är favoriten").
        if (
            low in figures
            and (figure := public_figure_at(tokens, i, low))
            and (figure > 1 or not person_follows(text, tokens, i, verbs=False))
        ):
            public_until = i + figure
            works.update(lows[i : i + figure])
            continue
        if low in places:
            continue
        if low in works:  # "… läste Ronja Rövardotter … som Ronja": the same work again
            continue
        thing = things and not THING_WORDS.isdisjoint(lows[i + 1 : i + 5])
        run = (
            work_or_pet_run(text, tokens, lows, i)
            or (thing and named_thing_run(text, tokens, lows, i))
            or (works_named and work_said_run(text, tokens, lows, i))
        )
        if run:
            public_until = i + run
            works.update(lows[i : i + run])
            continue
        if (
            i + 1 < len(lows)
            and lows[i + 1] in CHARACTER_LINKS_OR_AND
            and word[0].isupper()
            and (run := characters_from_work(text, tokens, lows, i))
        ):
            # "Elsa från Frozen", "Elsa and Anna from Frozen": characters and their work.
            public_until = i + run
            continue
        if shouting and len(word) > 1 and word.isupper():
            marked[i] = is_shouted_name(low, lists)
        elif _is_name_here(text, tokens, lows, i, lists):
            marked[i] = True
            mark_following_surnames(text, tokens, lows, i, marked, lists)
        elif (j := cued_name_index(text, tokens, lows, i, lists)) is not None:
            # "kallar honom Karlsson på taket": a character's full name given to someone names no one
            # ("han kallas Bamse" is a nickname like any other).
            if lows[j] in figures and (figure := public_figure_at(tokens, j, lows[j])) > 1:
                public_until = j + figure
                continue
            marked[j] = True
            mark_following_surnames(text, tokens, lows, j, marked, lists)
    mark_pairs(text, tokens, lows, marked, lists)
    mark_lists(text, tokens, lows, marked, lists)
    yield from spans(text, tokens, lows, marked)
    yield from find_initials(text)
    yield from object_initials(text, lows)


def _is_read(word: str) -> bool:
    """Whether the word may be a name or introduce one, by the word alone (see find_names)."""
    if word.islower():
        # "sagas mamma": a first name's genitive is read too.
        return word in _words_to_read() or (
            word[-1] == "s" and _genitive_base(word) in name_lists().first_names
        )
    return word.lower() not in _plain_capitalised() or word.isupper() or not word[0].isupper()


_READ = WordFlag(_is_read, as_written=True)


@cache
def _words_to_read() -> frozenset[str]:
    """Lower-case words that may be a name or introduce one; every other lower-case word is skipped."""
    lists = name_lists()
    return lists.lowercase_names | lists.first_names | CUES


@cache
def _plain_capitalised() -> frozenset[str]:
    """Ordinary words that, capitalised (not in capitals), are no name and introduce none, wherever they
    stand: listed as words, and neither a first name, a public figure, a cue nor a name by the lists."""
    lists, figures = name_lists(), public_figures()
    return frozenset(
        word
        for word in lists.common_words
        if word not in figures
        and word not in CUES
        and word not in lists.first_names
        and (word in lists.not_names or not is_name_word(word, lists))
    )


@cache
def _first_names_no_words() -> frozenset[str]:
    """First names not listed as no name: the set difference made once, not once a word."""
    lists = name_lists()
    return lists.first_names - lists.not_names


def _places_named_in(low_text: str) -> frozenset[str]:
    """Words the text itself shows to be places ("Nora kommun"): they are places throughout it."""
    if not any_in(low_text, _MUNICIPALITY_WORDS):
        return frozenset()
    places = set()
    for m in _PLACE_WORD.finditer(low_text):
        if before := _WORD_BEFORE.search(low_text, max(0, m.start() - _PLACE_LOOK_BACK), m.start()):
            places.add(before.group())
    return frozenset(places)


def _is_date_or_room(text: str, tokens: list[Token], lows: list[str], i: int) -> bool:
    """ "7 jan" is a month; "Bokat Selma (konferensrummet)" is a room."""
    start, end, _ = tokens[i]
    if lows[i] in _MONTH_WORDS and _DAY_NUMBER_BEFORE.search(text, max(0, start - 8), start):
        return True
    if (lows[i] in _WEEKDAY_SHORT and _CLOCK_AFTER.match(text, end)) or lows[i] in _ENGLISH_DAYS:
        return True
    booked = i > 0 and lows[i - 1] in _BOOKING_VERBS
    if booked or ("(" in text[end : end + 3] and bool(_ROOM_AFTER.match(text, end))):
        return True
    # 'Nytt klassrum: "Rose"', "the room 'Oak'": a name in quotes after the word for a room is the room's.
    return (
        start > 0
        and text[start - 1] in _QUOTES
        and bool(_ROOM_BEFORE.search(text, max(0, start - 25), start))
    )


def _next_is_shouted_surname(
    text: str, tokens: list[Token], lows: list[str], i: int, lists: NameLists
) -> bool:
    if i + 1 >= len(tokens) or not adjacent(text, tokens[i], tokens[i + 1]):
        return False
    word = tokens[i + 1][2]
    return word.isupper() and len(word) > 1 and is_shouted_name(lows[i + 1], lists)


def _genitive_base(low: str) -> str:
    """The word a genitive is formed from: "sagas", "liam's", "liam’s" (not checked to be one)."""
    return low[:-2] if low.endswith(("'s", "’s")) else low[:-1]


def _is_name_here(text: str, tokens: list[Token], lows: list[str], i: int, lists: NameLists) -> bool:
    word, low = tokens[i][2], lows[i]
    if not word[0].isupper() and not _may_be_lower_case_name(low, lists):
        return False  # most lower-case words read are cues ("med", "eleven"): no context is looked at
    if low in NEVER_NAMES or _is_date_or_room(text, tokens, lows, i):
        return False
    # "Wallenbergskolan", "Lagerlöfsgymnasiet": a school named after someone is a school.
    if len(low) > 9 and low.endswith(NAMED_INSTITUTIONS):
        return False
    if not word[0].isupper():
        if low in lists.lowercase_names:
            # "Lucia firas", "pls tell the nurse": the verb of a sentence, not a name.
            if _verb_after_thing(text, tokens, lows, i, lists) or _verb_before_object(text, tokens, lows, i):
                return False
            # "need to tell": an English verb after "to", unless a class or "she"/"he" after a comma says
            # it is a child ("sent it to alva, she is in year 5").
            # "sent it to alva.": a person's slot before the word, which a full stop closes.
            if i and (
                (lows[i - 1] == "to" and to_is_preposition(lows, i - 1))
                or lower_case_object(text, tokens, lows, i)
            ):
                return not _inside_address_or_link(text, tokens[i], full_stop=True)
            verb = (
                i
                and lows[i - 1] in _VERB_MARKERS
                and is_english_word(low)
                and not person_follows(text, tokens, i, verbs=False)
            )
            return not verb and not _inside_address_or_link(text, tokens[i])
        # "ebba i 7c": a first name that is also a word is a name when a class or an age follows;
        # "saga har berättat": at a sentence start, a bare noun cannot be the subject of a person's verb.
        base = _genitive_base(low)
        if low[-1] == "s" and base in lists.first_names and low not in lists.first_names:
            return base not in lists.not_names and lower_case_genitive(lows, i)
        # Left: a first name (the first check let no other lower-case word through).
        acts = starts_sentence(text, tokens, i) and _acts(lows, i)
        return low not in lists.not_names and (
            person_follows(text, tokens, i, verbs=acts)
            or lower_case_object(text, tokens, lows, i)
            or lower_case_pair(text, tokens, lows, i, _first_names_no_words())
        )
    if len(word) > 1 and word.isupper():
        # Acronyms (BUP, LVU, EHT) are not names; a listed name in capitals is, when what follows is
        # said of a person or a surname in capitals follows ("MOHAMED har inte", "LEO ANDERSSON 3A").
        return is_shouted_name(low, lists) and (
            person_follows(text, tokens, i) or _next_is_shouted_surname(text, tokens, lows, i, lists)
        )
    if "-" in word and names_a_thing(word, lists):
        return False
    # "Hugo Boss-parfym", "Rosa Bandet-veckan": the first words of a thing named after someone.
    following = tokens[i + 1][2] if i + 1 < len(tokens) else ""
    if "-" in following and adjacent(text, tokens[i], tokens[i + 1]) and names_a_thing(following, lists):
        return False
    if _genitive_before_kin(lows, i, low, lists) or (i and _surname_before_family(lows, i, lists)):
        return True
    if _verb_before_object(text, tokens, lows, i) or _names_a_place(text, tokens, lows, i):
        return False
    if low in lists.not_names or not is_name_word(low, lists):
        # "Juni i 1A": a first name that is also a month or a place is a name when a class follows.
        named = low in lists.first_names and (
            person_follows(text, tokens, i, verbs=False)
            or _question_subject(text, tokens, lows, i)
            or _speaks(text, tokens, lows, i)
        )
        return named or _unknown_before_person_verb(text, tokens, lows, i, lists)
    # Only the word right before counts: not across a break ("(EN):\n- Noah") or a comma ("7:an, Joaquín").
    if i and adjacent(text, tokens[i - 1], tokens[i]) and _previous_blocks_name(text, tokens, lows, i, lists):
        return False
    if starts_sentence(text, tokens, i) and is_ordinary_word(low, lists):
        # "Liv, 9, says": a listed name with an age alone between commas.
        return (
            _next_is_capitalised_name(text, tokens, lows, i, lists)
            or person_follows(text, tokens, i, verbs=low not in _MONTH_NAMES)
            or bool(_BARE_AGE_AFTER.match(text, tokens[i][1]))
        )
    return True


def _may_be_lower_case_name(low: str, lists: NameLists) -> bool:
    """Whether a word written in lower case is one that may be a name in some context: listed as a
    lower-case name, a first name, or a first name's genitive ("sagas")."""
    return (
        low in lists.lowercase_names
        or low in lists.first_names
        or (low[-1] == "s" and _genitive_base(low) in lists.first_names)
    )


def _verb_before_object(text: str, tokens: list[Token], lows: list[str], i: int) -> bool:
    """ "Will the parents be told", "Tell the student", "Mark the date": a name that is also an English
    verb, followed by an article or a pronoun, is the verb of a question or a request."""
    return (
        i + 1 < len(tokens)
        and lows[i + 1] in _OBJECT_STARTERS
        and text[tokens[i][1] : tokens[i + 1][0]] == " "
        and is_english_word(lows[i])
    )


def _question_subject(text: str, tokens: list[Token], lows: list[str], i: int) -> bool:
    """ "Kan Juni få stanna?", "Får Maj gå hem?": a name after the modal that opens a question is its
    subject, an infinitive after it what the child may do (Swedish months are written in lower case)."""
    return (
        0 < i < len(tokens) - 1
        and lows[i - 1] in _QUESTION_MODALS
        and starts_sentence(text, tokens, i - 1)
        and text[tokens[i - 1][1] : tokens[i][0]] == " " == text[tokens[i][1] : tokens[i + 1][0]]
        and tokens[i + 1][2].islower()
    )


# A clause opens after these as after a full stop: "tradition att Lucia firas", "när Midsommar firas".
_CLAUSE_OPENERS = frozenset({"att", "när", "då", "eftersom", "innan", "that", "when", "before", "because"})


def _verb_after_thing(text: str, tokens: list[Token], lows: list[str], i: int, lists: NameLists) -> bool:
    """ "Lucia firas i aulan": after a sentence's first word, a holiday, a place or an organisation (no
    person), comes the verb; a lower-case word there that the dictionary knows is that verb."""
    return (
        i > 0
        and lows[i - 1] in lists.not_names
        and tokens[i - 1][2][0].isupper()
        and text[tokens[i - 1][1] : tokens[i][0]] == " "
        and (starts_sentence(text, tokens, i - 1) or (i > 1 and lows[i - 2] in _CLAUSE_OPENERS))
        and is_dictionary_word(lows[i])
    )


def _names_a_place(text: str, tokens: list[Token], lows: list[str], i: int) -> bool:
    """ "Rose garden", "the 'Rose' classroom": a name before an English noun for a place is that place's."""
    return (
        i + 1 < len(tokens)
        and lows[i + 1] in _PLACE_NOUNS
        and text[tokens[i][1] : tokens[i + 1][0]].strip(" '’\"”") == ""
        and tokens[i + 1][2].islower()
    )


def _acts(lows: list[str], i: int) -> bool:
    """Whether the word after `i` is a verb only a person does ("sa", "har berättat", "grät")."""
    following = lows[i + 1] if i + 1 < len(lows) else ""
    after = lows[i + 2] if i + 2 < len(lows) else ""
    return following in _ACTS or (following in _AUXILIARIES and (after in _ACTED or after in _OWN_NUMBERS))


def _speaks(text: str, tokens: list[Token], lows: list[str], i: int) -> bool:
    """Whether the word at `i` opens a sentence as the subject of a verb of saying ("Juni säger att")."""
    return (
        i + 1 < len(tokens)
        and lows[i + 1] in _SPEECH_VERBS
        and text[tokens[i][1] : tokens[i + 1][0]] == " "
        and starts_sentence(text, tokens, i)
    )


def _genitive_before_kin(lows: list[str], i: int, low: str, lists: NameLists) -> bool:
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


def _previous_blocks_name(text: str, tokens: list[Token], lows: list[str], i: int, lists: NameLists) -> bool:
    low = lows[i]
    previous = lows[i - 1]
    if previous in ARTICLES or previous in _PLACE_PREFIXES or previous.endswith(_THING_NOUNS):
        return True
    if (
        previous in _LOCATIVES
        and low not in lists.first_names
        and (low in lists.surnames or looks_like_surname(low))
    ):
        return (
            True  # "i Bäckby", "från Lindesberg", "på Liseberg": surnames are often places, and here one is
        )
    # "käkade på Max", "ate at Wayne's": a restaurant where one eats; not a family's home ("ate at Jonas
    # Berg's house") nor anyone with a surname.
    if previous in {"på", "at"} and i > 1 and lows[i - 2] in _EATING_VERBS:
        return not _home_or_surname(text, tokens, lows, i, lists)
    return low in _MONTH_NAMES and previous in _MONTH_CUES


def _surname_before_family(lows: list[str], i: int, lists: NameLists) -> bool:
    """ "the Kowalski family", "the Nguyen twins": after "the", a surname before the family it names."""
    return (
        lows[i - 1] == "the"
        and lows[i + 1 : i + 2] in (["family"], ["twins"], ["children"], ["kids"], ["boys"], ["girls"])
        and (lows[i] in lists.surnames or looks_like_surname(lows[i]) or not is_dictionary_word(lows[i]))
    )


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


def _next_is_capitalised_name(
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


def _unknown_before_person_verb(
    text: str, tokens: list[Token], lows: list[str], i: int, lists: NameLists
) -> bool:
    # "Isra, 13 år", "Théo i 7B": a capitalised word nobody lists is a name when a person is described.
    # The word itself is looked at first: that is cheap, and most capitalised words fail there.
    low = lows[i]
    if (
        len(low) < 3
        or low in lists.common_words
        or low in lists.not_names
        or low in PERSON_CUES
        # A definite ending marks a Swedish noun ("Gruppen i 7B") unless the word has letters Swedish
        # words never have ("Máret i 5:an") or, unknown to the dictionaries, a name's ("Dzenan bråkar").
        or (low.endswith(NOUN_ENDINGS) and not has_foreign_letters(low) and not _UNKNOWN_NAME_SHAPE[low])
        or _inflected_word(low)
    ):
        return False
    # A class or an age after it ("Sol i 4a", "Storm, 7 år") is said of a person, whatever the word.
    if person_follows(text, tokens, i, verbs=False, posts=False):
        return True
    # A verb alone is weaker: "Efteråt sa han", "Fritids säger" start with an ordinary word, which the
    # dictionaries know. Letters Swedish words never have ("Arbër") make any person's verb after it enough.
    if _IN_DICTIONARY[low]:
        return False
    if i + 1 < len(tokens) and (tokens[i + 1][2] in _PERSON_VERBS or _appositive_subject(text, tokens, i)):
        return True
    # "Ilmari, 14, har …": an age alone between commas, after a word no list or dictionary knows.
    # "Sameh, fritidspedagog": a staff post set off by commas.
    if _BARE_AGE_AFTER.match(text, tokens[i][1]) or _is_topic(lows, i) or post_follows(text, tokens, i):
        return True
    start = tokens[i][0]
    if "§" in text[max(0, start - 6) : start] and _AGENDA_ITEM_BEFORE.search(text, max(0, start - 6), start):
        return True
    # "Sunniva har kommit", "Eero har blivit hämtad": a word no list or dictionary knows, then a perfect.
    if i + 2 < len(tokens) and tokens[i + 1][2] in _AUXILIARIES and tokens[i + 2][2].endswith(_PARTICIPLE):
        return True
    # "pratade med Ejnar", "storebror Halvard", "Ejnar hasn't": a person's slot and a name's letters.
    return person_follows(text, tokens, i, verbs=has_foreign_letters(low)) or (
        slot_score(text, tokens, lows, i) >= NAME_SCORE
    )


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


# Capitalised words nobody lists come back in text after text ("Efteråt", "Fritids"), and the dictionary
# look-up tries each inflection's stem: the answer is remembered per word (a word memo, which forgets the
# words of what the guard finds).
_IN_DICTIONARY = WordTest(is_dictionary_word)


def _is_topic(lows: list[str], i: int) -> bool:
    """Whether the word at `i` is what a note is about: "angående Yusra", "Follow-up on Daniyal"."""
    if not i:
        return False
    before = lows[i - 1]
    return before in _TOPIC_CUES or (before in _TOPIC_LINKS and i > 1 and lows[i - 2] in _TOPIC_NOUNS)


def _inside_address_or_link(text: str, token: Token, *, full_stop: bool = False) -> bool:
    """Lower-case words inside e-mail addresses and links are reported by those detectors instead; with
    `full_stop`, a dot that ends the sentence ("to alva.") is not taken for one inside an address."""
    before = text[token[0] - 1] if token[0] else " "
    after = text[token[1] : token[1] + 2] or " "
    if full_stop and after[:1] == "." and not after[1:].isalnum():
        after = " "
    return before in "@./_" or after[:1] in "@./_"
