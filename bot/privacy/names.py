"""Person names: list look-ups, capitalisation and context ("heter …", "eleven …", "named …").

The rule for names that are also ordinary words ("Björn", "Inga", "Klara", "Per"):
- capitalised in the middle of a sentence, a listed name is a name, whatever else it means;
- capitalised at the start of a sentence, it is a name only when it is not an ordinary word
  (data/common_words.txt) or is far more often a name (data/primary_names.txt), or a capitalised
  name follows it ("Björn Andersson");
- written in lower case, a listed name is a name only when it is not an ordinary word;
- after a naming cue ("heter", "kallas", "named", "called") any word that is not a plain word is a name,
  so names missing from the lists are still found, in any case.

What shows a word is no name there is in name_blocks.py, what shows it is one in name_evidence.py, which
words the text shows to be places in name_places.py; here the scan over a text's words, which words are
read at all, and the decision for each word.
"""

from collections.abc import Iterator
from functools import cache

from bot.privacy.findings import Finding
from bot.privacy.hints import any_in
from bot.privacy.lexicon import is_dictionary_word, is_english_word
from bot.privacy.name_blocks import (
    MONTH_NAMES,
    capitalised_swedish_month,
    inside_address_or_link,
    is_date_or_room,
    names_a_place,
    opens_message,
    previous_blocks_name,
    verb_after_thing,
    verb_before_object,
    word_among_words,
)
from bot.privacy.name_context import (
    CAPITALS,
    find_initials,
    is_shouting,
    listed_with_figures,
    number_class_follows,
    person_follows,
    public_figure_at,
    public_figures,
)
from bot.privacy.name_cues import CUES, LINKED_AFTER, LINKING, NEVER_NAMES, cued_name_index
from bot.privacy.name_evidence import (
    BARE_AGE_AFTER,
    KIN_OR_FAMILY,
    genitive_before_kin,
    lower_case_subjects,
    may_be_unknown_name,
    next_is_capitalised_name,
    next_is_shouted_surname,
    person_acts,
    question_subject,
    speaks,
    surname_before_family,
    unknown_before_person_verb,
)
from bot.privacy.name_places import places_named_in, reads_as_place
from bot.privacy.name_slots import (
    CHARACTER_LINKS_OR_AND,
    characters_from_work,
    lower_case_genitive,
    lower_case_object,
    lower_case_pair,
    mark_lists,
    object_initials,
    to_is_preposition,
)
from bot.privacy.name_spans import mark_following_surnames, mark_pairs, spans
from bot.privacy.name_things import (
    RUN_AFTER,
    THING_WORDS,
    WORKS,
    named_thing_run,
    work_or_pet_run,
    work_said_run,
)
from bot.privacy.name_words import (
    NAMED_INSTITUTIONS,
    genitive_base,
    is_name_word,
    is_ordinary_word,
    is_shouted_name,
    names_a_thing,
)
from bot.privacy.namelists import NameLists, name_lists
from bot.privacy.tokens import Token, WordFlag, WordTest, adjacent, starts_sentence

# Compound work nouns ("högläsningsbok") hold one of these; they are looked for in the text, not each word.
_WORK_HINTS = ("bok ", "bok.", "boken", "roman", "pjäs", "book", "novel")


# After these a listed name in lower case that the dictionaries know is a verb: "need to tell", "can't tell".
_VERB_MARKERS = frozenset(
    {"to", "can", "can't", "cannot", "could", "couldn't", "will", "won't", "would", "should", "must",
     "may", "might", "don't", "didn't", "doesn't", "not"}
)  # fmt: skip


def find_names(text: str, low_text: str, tokens: list[Token], lows: list[str]) -> Iterator[Finding]:
    """Spans of person names, adjacent name words merged into one span.

    `low_text` is `text` in lower case and `lows` the tokens' words in lower case, read once per text.
    """
    lists = name_lists()
    figures = public_figures()
    # One byte a word: the checks whether any word is marked, and where, run as memchr, not as compares.
    marked = bytearray(len(tokens))
    capitals = CAPITALS.indices(tokens, lows)
    shouting = is_shouting(text, tokens, capitals)
    # Most words are lower-case or capitalised ordinary words, no name nor its cue: only the rest are read.
    read = _READ.indices(tokens, lows)
    places, municipalities = places_named_in(
        low_text, tuple([lows[i] for i in read]) if "@" in low_text else ()
    )
    public_until = 0
    works: set[str] = set()
    things = not THING_WORDS.isdisjoint(lows)
    works_named = not WORKS.isdisjoint(lows) or any_in(low_text, _WORK_HINTS)
    last = len(lows) - 1
    for i in read:
        if marked[i] or i < public_until:
            continue
        word, low = tokens[i][2], lows[i]
        following = lows[i + 1] if i < last else ""
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
        if low in places and reads_as_place(text, tokens, lows, i, lists, municipalities):
            continue
        # "… läste Ronja Rövardotter … som Ronja": the same work again; but "Pippi i 3A" is a child.
        if low in works and not person_follows(text, tokens, i, verbs=False):
            continue
        # "Pippi, Emil i Lönneberga och Ronja": a character's first name listed among characters.
        if low in figures and works and listed_with_figures(text, tokens, lows, i, works):
            continue
        thing = things and not THING_WORDS.isdisjoint(lows[i + 1 : i + 5])
        run = (
            (i and RUN_AFTER[lows[i - 1]] and work_or_pet_run(text, tokens, lows, i))
            or (thing and named_thing_run(text, tokens, lows, i))
            or (works_named and work_said_run(text, tokens, lows, i))
        )
        if run:
            public_until = i + run
            works.update(lows[i : i + run])
            continue
        if (
            following in CHARACTER_LINKS_OR_AND
            and word[0].isupper()
            and (run := characters_from_work(text, tokens, lows, i))
        ):
            # "Elsa från Frozen", "Elsa and Anna from Frozen": characters and their work.
            public_until = i + run
            continue
        if shouting and len(word) > 1 and word.isupper():
            marked[i] = is_shouted_name(low, lists)
        # A `_KIN_ONLY` word is looked at only before a kin or family word, which few are.
        elif (
            not _KIN_ONLY[word] or (following in KIN_OR_FAMILY and _before_kin(lows, i, lists))
        ) and _is_name_here(text, tokens, lows, i, lists):
            marked[i] = True
            mark_following_surnames(text, tokens, lows, i, marked, lists)
        elif (
            low in CUES
            and (low not in LINKING or (i and lows[i - 1] in LINKED_AFTER))
            and (j := cued_name_index(text, tokens, lows, i, lists)) is not None
        ):
            # "kallar honom Karlsson på taket": a character's full name given to someone names no one
            # ("han kallas Bamse" is a nickname like any other).
            if lows[j] in figures and (figure := public_figure_at(tokens, j, lows[j])) > 1:
                public_until = j + figure
                continue
            marked[j] = True
            mark_following_surnames(text, tokens, lows, j, marked, lists)
    for i in lower_case_subjects(text, tokens, lows, lists):
        if not inside_address_or_link(text, tokens[i]):
            marked[i] = True
    mark_pairs(text, tokens, lows, marked, lists)
    mark_lists(text, tokens, lows, marked, lists)
    yield from spans(text, tokens, lows, marked)
    yield from find_initials(text, tokens, capitals)
    yield from object_initials(text, tokens, lows, capitals)


def _is_read(word: str) -> bool:
    """Whether the word may be a name or introduce one, by the word alone (see find_names)."""
    if word.islower():
        # "sagas mamma": a first name's genitive is read too.
        return word in _words_to_read() or (
            word[-1] == "s" and genitive_base(word) in name_lists().first_names
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


def _is_name_here(text: str, tokens: list[Token], lows: list[str], i: int, lists: NameLists) -> bool:
    word, low = tokens[i][2], lows[i]
    if not word[0].isupper() and not _may_be_lower_case_name(low, lists):
        return False  # most lower-case words read are cues ("med", "eleven"): no context is looked at
    if low in NEVER_NAMES or is_date_or_room(text, tokens, lows, i) or _law(text, tokens, lows, i):
        return False
    # "Wallenbergskolan", "Lagerlöfsgymnasiet": a school named after someone is a school.
    if len(low) > 9 and low.endswith(NAMED_INSTITUTIONS):
        return False
    if not word[0].isupper():
        if low in lists.lowercase_names:
            # "Lucia firas", "pls tell the nurse": the verb of a sentence, not a name.
            if (
                verb_after_thing(text, tokens, lows, i, lists)
                or verb_before_object(text, tokens, lows, i)
                or word_among_words(text, tokens, lows, i, lists)
            ):
                return False
            # "need to tell": an English verb after "to", unless a class or "she"/"he" after a comma says
            # it is a child ("sent it to alva, she is in year 5").
            # "sent it to alva.": a person's slot before the word, which a full stop closes.
            if i and (
                (lows[i - 1] == "to" and to_is_preposition(lows, i - 1))
                or lower_case_object(text, tokens, lows, i)
            ):
                return not inside_address_or_link(text, tokens[i], full_stop=True)
            verb = (
                i
                and lows[i - 1] in _VERB_MARKERS
                and is_english_word(low)
                and not person_follows(text, tokens, i, verbs=False)
            )
            return not verb and not inside_address_or_link(text, tokens[i])
        # "ebba i 7c": a first name that is also a word is a name when a class or an age follows;
        # "saga har berättat": at a sentence start, a bare noun cannot be the subject of a person's verb.
        base = genitive_base(low)
        if low[-1] == "s" and base in lists.first_names and low not in lists.first_names:
            return base not in lists.not_names and lower_case_genitive(lows, i)
        # Left: a first name (the first check let no other lower-case word through).
        acts = starts_sentence(text, tokens, i) and person_acts(lows, i)
        return low not in lists.not_names and (
            person_follows(text, tokens, i, verbs=acts)
            or (number_class_follows(text, tokens, i) and not is_dictionary_word(low))
            or lower_case_object(text, tokens, lows, i)
            or lower_case_pair(text, tokens, lows, i, _first_names_no_words())
        )
    if len(word) > 1 and word.isupper():
        # Acronyms (BUP, LVU, EHT) are not names; a listed name in capitals is, when what follows is
        # said of a person or a surname in capitals follows ("MOHAMED har inte", "LEO ANDERSSON 3A").
        return is_shouted_name(low, lists) and (
            person_follows(text, tokens, i) or next_is_shouted_surname(text, tokens, lows, i, lists)
        )
    if "-" in word and names_a_thing(word, lists):
        return False
    # "Hugo Boss-parfym", "Rosa Bandet-veckan": the first words of a thing named after someone.
    following = tokens[i + 1][2] if i + 1 < len(tokens) else ""
    if "-" in following and adjacent(text, tokens[i], tokens[i + 1]) and names_a_thing(following, lists):
        return False
    if following and lows[i + 1] in KIN_OR_FAMILY and _before_kin(lows, i, lists):
        return True
    if verb_before_object(text, tokens, lows, i) or names_a_place(text, tokens, lows, i):
        return False
    if _NO_NAME_WORD[low]:
        # "Juni i 1A": a first name that is also a month or a place is a name when a class follows.
        named = low in lists.first_names and (
            person_follows(text, tokens, i, verbs=False)
            or question_subject(text, tokens, lows, i)
            or speaks(text, tokens, lows, i)
            or capitalised_swedish_month(text, tokens, lows, i)
        )
        return named or unknown_before_person_verb(text, tokens, lows, i, lists)
    # Only the word right before counts: not across a break ("(EN):\n- Noah") or a comma ("7:an, Joaquín").
    if i and adjacent(text, tokens[i - 1], tokens[i]) and previous_blocks_name(text, tokens, lows, i, lists):
        return False
    if (starts_sentence(text, tokens, i) or opens_message(text, tokens, i)) and is_ordinary_word(low, lists):
        # "Liv, 9, says": a listed name with an age alone between commas.
        return (
            next_is_capitalised_name(text, tokens, lows, i, lists)
            or person_follows(text, tokens, i, verbs=low not in MONTH_NAMES)
            or bool(BARE_AGE_AFTER.match(text, tokens[i][1]))
        )
    return True


# Laws named after someone ("lex Sarah", "Lex Maria"): these alone, as "lex Amira i 6A" names a child.
_LAWS = frozenset({"sarah", "maria"})


def _law(text: str, tokens: list[Token], lows: list[str], i: int) -> bool:
    return (
        lows[i] in _LAWS and i > 0 and lows[i - 1] == "lex" and text[tokens[i - 1][1] : tokens[i][0]] == " "
    )


def _names_only_before_kin(word: str) -> bool:
    """Whether `_is_name_here` can find the word (as written) a name only as `_before_kin` does, by the
    word alone: a capitalised word (not in capitals) that is no first name, and that neither the lists
    nor `unknown_before_person_verb` take for a name ("Hej", "Eleven", "Mötet"); and every word that
    `_is_name_here` turns down unread (a lower-case word no name can be, an acronym no listed name, a
    thing named after someone). Most words read are such words; their context is looked at only when a
    kin word follows."""
    lists, low = name_lists(), word.lower()
    if low in NEVER_NAMES:
        return True
    if not word[0].isupper():
        return not _may_be_lower_case_name(low, lists)
    if len(word) > 1 and word.isupper():
        return not is_shouted_name(low, lists)
    if "-" in word and names_a_thing(word, lists):
        return True
    return (
        low not in lists.first_names
        and (low in lists.not_names or not is_name_word(low, lists))
        and not may_be_unknown_name(low, lists)
    )


_KIN_ONLY = WordTest(_names_only_before_kin)
# Whether a capitalised word is no name by the lists (`_is_name_here` asks it of most words it reads).
_NO_NAME_WORD = WordTest(lambda low: low in name_lists().not_names or not is_name_word(low, name_lists()))


def _before_kin(lows: list[str], i: int, lists: NameLists) -> bool:
    """The one way `_is_name_here` finds a `_KIN_ONLY` word a name: before a kin word or "family"."""
    return genitive_before_kin(lows, i, lows[i], lists) or bool(i and surname_before_family(lows, i, lists))


def _may_be_lower_case_name(low: str, lists: NameLists) -> bool:
    """Whether a word written in lower case is one that may be a name in some context: listed as a
    lower-case name, a first name, or a first name's genitive ("sagas")."""
    return (
        low in lists.lowercase_names
        or low in lists.first_names
        or (low[-1] == "s" and genitive_base(low) in lists.first_names)
    )
