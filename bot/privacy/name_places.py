"""Places a text shows by itself: a word before "kommun", a school named after its place, a service's
mailbox domain; and whether such a word, where it stands, reads as the place rather than as a name."""

import re

from bot.privacy.emails import service_domains
from bot.privacy.hints import any_in
from bot.privacy.name_context import person_follows
from bot.privacy.namelists import NameLists
from bot.privacy.tokens import Token

# A court is named after its place too: "Svea hovrätt", "Attunda tingsrätt".
_MUNICIPALITY_WORDS = ("kommun", "stad", "län", "församling", "municipality", "rätt")


# Found from the place word backwards: a pattern that starts at every word would retry each one.
_PLACE_WORD = re.compile(
    r" (?:kommuns?|stad|län|församling|municipality|hovrätt|tingsrätt|kammarrätt|förvaltningsrätt)(?![\w])"
)


_LETTERS = re.compile(r"[^\W\d_]+")


_PLACE_LOOK_BACK = 40
# A school named after its place ("Norrbyskolan", "Åsbygymnasiet") shows the place's name.
_PLACE_SCHOOLS = ("skolan", "gymnasiet")
_PLACE_LETTERS = 4


def places_named_in(low_text: str, read: tuple[str, ...]) -> tuple[frozenset[str], frozenset[str]]:
    """Words the text itself shows to be places ("Nora kommun", a school "Norrbyskolan", a service's
    mailbox "@norrby.se"), and of them the municipalities: places where they read as ones. Of the
    mailboxes only those are looked at whose domain is one of the words `read` (lower case; the words
    the name detector reads, which the places are asked of)."""
    places = set()
    if any_in(low_text, _MUNICIPALITY_WORDS):
        for m in _PLACE_WORD.finditer(low_text):
            if before := _word_before(low_text, m.start()):
                places.add(before)
    municipalities = frozenset(places)
    # A mailbox's domain matters only as one of the words read: the addresses are parsed only when one of
    # those follows an "@" (what follows each "@" is compared with all of them in C).
    if read and any(after.startswith(read) for after in low_text.split("@")[1:]):
        places |= service_domains(low_text)
    for school in _PLACE_SCHOOLS:
        # Found from the school's ending backwards, as the place words are.
        at = low_text.find(school)
        while at > 0:
            end = at + len(school)
            place = _word_before(low_text, at)
            if len(place) >= _PLACE_LETTERS and not low_text[end : end + 1].isalpha():
                places.add(place)
            at = low_text.find(school, end)
    return frozenset(places), municipalities


def _word_before(low_text: str, at: int) -> str:
    """The letters right before `at` (at most _PLACE_LOOK_BACK), "" when a letter does not stand there."""
    # Matched on the reversed window from its start: a search for letters up to the window's end would try
    # every start in it, each over the letters that follow.
    found = _LETTERS.match(low_text[max(0, at - _PLACE_LOOK_BACK) : at][::-1])
    return found.group()[::-1] if found else ""


_PLACE_PREPOSITIONS = frozenset({"i", "på", "till", "från", "in", "at", "to", "from"})
_PLACE_AFTER = frozenset({"kommun", "kommuns", "municipality"})


def reads_as_place(
    text: str, tokens: list[Token], lows: list[str], i: int, lists: NameLists, municipalities: frozenset[str]
) -> bool:
    """Whether a word the text shows to be a place reads as one where it stands ("i Norrby", "Norrby
    kommun"): "Sofia i 4b på Sofiaskolan" is still a girl. A school or a mailbox does not make a listed
    first name a place (Sofiaskolan is named after a Sofia); only a municipality does ("till Nora")."""
    if i + 1 < len(lows) and lows[i + 1] in _PLACE_AFTER:
        return True
    if person_follows(text, tokens, i) or (lows[i] in lists.first_names and lows[i] not in municipalities):
        return False
    return i > 0 and lows[i - 1] in _PLACE_PREPOSITIONS
