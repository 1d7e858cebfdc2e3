"""Capitalised words that name no person: works, characters, pets, staged plays and performers, things.

"vi läste Bamse", "katten Sigge", "Hedda Gabler spelas i aulan", "en svart Audi": the name detector skips
such a run unless what follows says a child is meant ("klädde ut sig till Alva, Elin och Sara för att håna
dem"). The words that say what someone is called ("heter", "kallas") are here too: these runs and the naming
cues (name_cues.py) both read them.
"""

import re

from bot.privacy.name_context import person_follows, public_figures
from bot.privacy.namelists import name_lists
from bot.privacy.tokens import Token, WordTest, adjacent

# After these the next word is what someone is called, whatever its case.
NAMING_CUES = frozenset(
    {"heter", "hette", "kallas", "kallad", "kallades", "named", "called", "namnet", "alias", "name",
     "nickname", "smeknamn", "smeknamnet", "kallar", "kallade", "call", "calls"}
)  # fmt: skip
RELATIVE_PRONOUNS = frozenset({"som", "who", "whom", "that"})


# After these a capitalised word is a book, a film, an artist or a character: "vi läste Bamse", "ser upp
# till Carola", "citerar Jordan Peterson", "watched Frozen".
_WORK_VERBS = frozenset(
    {
        "läst", "läste", "läser", "läsa", "citerar", "citerade", "read", "reading", "quotes", "quoted",
        "quoting", "watched", "watches", "watching", "idoliserar", "dyrkar", "imiterar", "härmar", "imitates",
    }
)  # fmt: skip
# Verbs of looking and listening name a work only with their particle: "ser upp till", "tittar på".
# Dressing up is as a character, said of one child or of all, and characters come in lists: "utklädda
# till Elsa, Anna eller Olaf", "dress up as".
_DRESS_VERBS = frozenset(
    {"klär", "klädde", "dressed", "dresses", "utklädd", "utklädda", "utklädde", "klädda", "klä", "dress",
     "dressing"}
)  # fmt: skip
_LOOK_VERBS = _DRESS_VERBS | frozenset(
    {"ser", "såg", "sett", "tittar", "tittade", "lyssnar", "lyssnade", "looks", "looked", "listens",
     "listened", "leker", "lekte", "plays", "played"}
)  # fmt: skip
_SEEN = frozenset({"sett", "såg"})
# "tittar mycket på Mr Beast", "lyssnar ofta på": how often does not change what is watched.
_HOW_OFTEN = frozenset({"mycket", "ofta", "mest", "jämt", "alltid", "gärna"})
_WORK_LINKS = frozenset({"på", "till", "upp", "to", "at", "about", "om", "ut", "sig", "up", "as"})
# "Katten heter Molly", "en hund som heter Kaiser", "a dog named Rex": an animal's or a toy's name.
_PET_STEMS = (
    "katt", "katten", "kissen", "hund", "hunden", "valp", "valpen", "kanin", "kaninen", "häst", "hästen",
    "marsvin", "hamster", "fågel", "fågeln", "undulat", "fisk", "fisken", "orm", "ödla", "gosedjur", "nalle",
    "nallen", "docka", "dockan", "leksak", "gris", "grisen", "kossa", "ko", "pony", "ponnyn", "pet", "cat",
    "dog", "puppy", "kitten", "rabbit", "horse", "hamster", "teddy", "doll", "toy",
)  # fmt: skip
# A mascot's or a toy's second name: "Bosse Bäver", "Kalle Kanin", "Musse Mus".
_ANIMALS = (
    "bäver", "björn", "kanin", "hare", "räv", "varg", "uggla", "mus", "anka", "ekorre", "igelkott", "älg",
    "bear", "bunny", "rabbit", "fox", "wolf", "owl", "mouse", "duck", "squirrel", "hedgehog", "moose",
)  # fmt: skip
# Several animals named in one list after their noun: "kaninerna Sixten och Bosse", "guinea pigs Joy".
_PLURAL_PETS = frozenset(
    {"katterna", "hundarna", "kaninerna", "marsvinen", "hamstrarna", "fiskarna", "hästarna", "pets", "cats",
     "dogs", "rabbits", "pigs", "hamsters", "kittens", "puppies", "horses", "ponies", "fish"}
)  # fmt: skip
_LIST_JOINS = frozenset({"och", "and", "eller", "or"})
# "kaninerna Alva och Elin hade tagit med", "the puppies Noah and Liam found": a verb of keeping or
# finding after the animals' names makes the names its subject, children.
_KEEPER_VERBS = frozenset(
    {"found", "find", "finds", "brought", "bring", "brings", "had", "have", "has", "got", "own", "owns",
     "owned", "fed", "feed", "feeds", "walk", "walks", "walked", "took", "take", "takes", "bought", "buy",
     "adopted", "rescued", "kept", "keep", "keeps", "love", "loves", "loved", "hittade", "hittat", "hade",
     "har", "rastar", "rastade", "matar", "matade", "tog", "tar", "tagit", "köpte", "köper", "fick", "äger",
     "ägde", "sköter", "skötte", "passar", "passade", "älskar", "älskade", "adopterade", "räddade", "lånade",
     "hämtade", "hämtar"}
)  # fmt: skip
# After a dress-up list, mocking or a description of who they are says the names are children's.
_MOCKED_AFTER = re.compile(
    r"\s*(?:,\s*)?(?:för att (?:håna|härma|retas|reta|förnedra|skämta om)"
    r"|to (?:mock|make fun of|imitate|tease|humiliate)"
    r"|,\s*(?:de|dem|våra|our|the|who|som|två|tre|fyra|both|båda)\b)",
    re.IGNORECASE,
)
# The same animals and toys by their own nouns, for a name right after one: "nallen Bruno", "hamster Doris".
_PET_NOUNS = (
    frozenset(_PET_STEMS)
    | frozenset(
        {
            "katter",
            "hundar",
            "kaninen",
            "marsvinet",
            "hamstern",
            "fiskar",
            "ormen",
            "ödlan",
            "gosedjuret",
            "leksaken",
            "maskot",
            "maskoten",
            "mascot",
            "bunny",
            "pony",
            "budgie",
            "guinea",
            "snake",
            "lizard",
        }
    )
    | frozenset(_PLURAL_PETS)
)

# "sånger av Carola", "a book by Jojo Moyes": the maker of a work.
_WORK_NOUNS = frozenset(
    {"sånger", "sången", "sång", "låtar", "låten", "böcker", "boken", "bok", "dikter", "dikten", "musik",
     "musiken", "filmer", "filmen", "album", "albumet", "skivan", "serien", "songs", "song", "books", "book",
     "poems", "poem", "music", "novels", "novel", "film", "films", "movie", "movies", "series"}
)  # fmt: skip
# Definite animals that end compounds naming one animal: "klasskaninen Sixten", "skolhunden Bella".
_DEFINITE_PETS = (
    "kaninen", "hunden", "katten", "marsvinet", "hamstern", "fisken", "fågeln", "hästen", "valpen", "ödlan",
    "sköldpaddan", "papegojan", "undulaten", "kaninerna", "nallen", "maskoten",
)  # fmt: skip
_MAKER_LINKS = frozenset({"av", "by"})
# "Fotbollslaget heter IFK", "Projektet heter Framtid": what a team, a project or a form is called.
THING_SUBJECTS = (
    "laget", "klubben", "föreningen", "produkten", "appen", "spelet", "företaget", "formuläret", "blanketten",
    "kanalen", "märket", "modellen", "lag", "klubb", "team", "club", "app", "game", "product", "projektet",
    "mötet", "temat", "gruppen", "programmet", "kursen", "project", "meeting", "group", "course",
)  # fmt: skip
# A lower-case function word after a naming cue names nobody: "is usually named rather than …".
FUNCTION_WORDS = frozenset(
    {"rather", "than", "after", "before", "by", "in", "on", "at", "out", "off", "into", "it", "as", "and",
     "or", "but", "that", "this", "because", "when", "if", "so", "to", "from", "with", "about", "again",
     "back", "home", "now", "then", "later", "them", "us", "me", "you", "och", "eller", "men", "att", "om",
     "när", "som", "så", "ut", "upp", "hem", "igen", "sen", "det", "den", "inte", "not"}
)  # fmt: skip
# A genitive before these owns a home: a family's, so a person's ("Jonas Bergs hus", "Adam's family").
_HOMES = frozenset({"hus", "huset", "hem", "hemma", "familj", "familjen", "house", "home", "place", "family"})
PET_LINKS = frozenset({"som", "is", "was", "är", "var", "who", "that", "heter", "named", "called", "kallas"})


# The words one of these runs can follow (the only ones whose check below can succeed): most capitalised
# words follow none of them, and are let go before the adjacency and the checks are read.
_RUN_AFTER = _WORK_LINKS | _HOW_OFTEN | _WORK_VERBS | _MAKER_LINKS | {"in"} | NAMING_CUES | _PET_NOUNS


def _may_precede_run(low: str) -> bool:
    """Whether a work's or pet's run can follow `low`: a word of _RUN_AFTER or a compound pet noun."""
    return low in _RUN_AFTER or _is_pet_noun(low)


# Asked of the word before nearly every word the name detector reads: answered once per word.
RUN_AFTER = WordTest(_may_precede_run)


def work_or_pet_run(text: str, tokens: list[Token], lows: list[str], i: int) -> int:
    """How many words from `i` name a work, a character or a pet rather than a person (0 if none).

    After a pet or a maker no run is exempt when what follows it is said of a child ("maskot Lisa Berg i
    3A", "sånger av Ella, som går i 5A") or it owns a home ("like in Adam's family"). The caller may skip
    the call when `RUN_AFTER` says no run can follow the word before `i`.
    """
    if not i or not RUN_AFTER[lows[i - 1]] or not adjacent(text, tokens[i - 1], tokens[i]):
        return 0
    before = lows[i - 1]
    j = i - 1
    while j > 0 and (lows[j] in _WORK_LINKS or lows[j] in _HOW_OFTEN) and i - j < 5:
        j -= 1
    # "har nån sett till Elin?" asks whether anyone has seen her: "till" alone after "sett" is no work's link.
    seen = lows[j] in _SEEN and lows[j + 1 : i] == ["till"]
    work = lows[j] in _WORK_VERBS or (lows[j] in _LOOK_VERBS and j < i - 1 and not seen)
    # "sånger av Carola"; "like in Matilda" compares with a story.
    made = (i > 1 and before in _MAKER_LINKS and lows[i - 2] in _WORK_NOUNS) or (
        i > 1 and lows[i - 2 : i] == ["like", "in"]
    )
    pet = (before in NAMING_CUES and pet_before(lows, i - 1)) or _is_pet_noun(before)
    if not (work or made or pet):
        return 0
    # The run: capitalised words, and for a work "och"/"and" between them ("Hans och Greta"); two pets
    # are named each after its own noun, so "hund Saga och Ali Hassan" stops at Saga, unless the noun
    # names several. Characters and animals come in lists: "utklädda till Elsa, Anna eller Olaf".
    herd = before in _PLURAL_PETS
    dressed = work and lows[j] in _DRESS_VERBS
    listed = dressed or herd
    end = i + 1
    while end < len(tokens) and adjacent(text, tokens[end - 1], tokens[end], comma=dressed):
        word = tokens[end][2]
        joined = (work or made or listed) and lows[end] in (_LIST_JOINS if listed else {"och", "and"})
        if word[0].isupper() or (joined and end + 1 < len(tokens) and tokens[end + 1][2][0].isupper()):
            end += 1
        else:
            break
    if listed and end - i > 1:  # a class after a list of characters or animals makes them children
        full_name = any(
            tokens[k][2][0].isupper()
            for k in range(i + 1, end)
            if lows[k - 1] not in _LIST_JOINS
            and lows[k] not in _LIST_JOINS
            and adjacent(text, tokens[k - 1], tokens[k])  # no comma: a surname, not the next in the list
        )
        children = (dressed and _dressed_as_children(text, tokens, lows, i, end)) or (
            herd and lows[end : end + 1] != [] and lows[end] in _KEEPER_VERBS
        )
        return 0 if full_name or children or person_follows(text, tokens, end - 1, verbs=False) else end - i
    if work:  # "vi läste Bamse i förskoleklass": where a work was read is no child's class
        # One name dressed up as is a child's by the same signs as a list ("klädde ut sig till Wilma").
        return 0 if dressed and _dressed_as_children(text, tokens, lows, i, end) else end - i
    # A first name and a surname are a person's, unless a public figure's (those were found before this)
    # or the second word is an animal's noun ("maskoten Bosse Bäver").
    if (end - i > 1 and not _animal_surname(lows[end - 1])) or person_follows(
        text, tokens, end - 1, verbs=False
    ):
        return 0
    return 0 if genitive_before_home(lows, end - 1) else end - i


def _dressed_as_children(text: str, tokens: list[Token], lows: list[str], i: int, end: int) -> bool:
    """Whether a dress-up list from `i` to `end` names children, not characters: a listed given name no
    known figure has ("utklädda till Alva, Elin och Sara"), mocking ("för att håna dem") or a description
    after the list (", de tre tjejerna som flyttade hit")."""
    lists, figures = name_lists(), public_figures()
    given = any(lows[k] in lists.first_names and lows[k] not in figures for k in range(i, end))
    return given or bool(_MOCKED_AFTER.match(text, tokens[end - 1][1]))


def _is_pet_noun(low: str) -> bool:
    """An animal's or a toy's noun, or a compound on a definite one ("klasskaninen", "skolhunden")."""
    return low in _PET_NOUNS or (
        len(low) > 8 and low.endswith(_DEFINITE_PETS) and not low.endswith("skatten")
    )


def _animal_surname(low: str) -> bool:
    """Whether a mascot's second name is an animal ("Bosse Bäver", "Kalle Kanin"), not a surname."""
    return low.endswith(_ANIMALS) and low not in name_lists().surnames


# What follows a company's, a club's or a work's name, never a person's: "Hugo Boss sponsrar", "the Harry
# Potter club", and a work put first as the object of reading ("Hedda Gabler läser vi").
_THING_FOLLOWERS = frozenset(
    {"sponsrar", "sponsrade", "sponsrat", "sponsors", "sponsored", "club", "klubb", "klubben", "fanclub",
     "fanklubb"}
)  # fmt: skip
_READ_VERBS = frozenset({"läser", "läste", "sjunger", "sjöng", "read", "sing"})
# "Hedda Gabler läses i gymnasiet": a person is never read, so a passive reading verb names a work alone.
_STAGED = frozenset({"spelas", "spelades", "framförs", "framfördes", "uppförs", "uppfördes"})
_READ_PASSIVES = frozenset({"läses", "lästes", "högläses", "studeras", "analyseras"}) | _STAGED
# A play is staged by a group or at a venue ("spelas av teaterlinjen", "framförs i aulan"); a child is
# filmed ("spelas in"), or played by someone in a video ("spelas av någon i klassen i en elak video").
_STAGED_BY = frozenset({"av", "i", "på", "by", "at"})
_NOT_A_STAGE = frozenset(
    {"någon", "några", "en", "ett", "killarna", "tjejerna", "klasskamrater", "klasskamraterna", "kompisar",
     "kompisarna", "mentorn", "rektorn", "someone", "a", "an"}
)  # fmt: skip
# "Hedda Gabler står på schemat": a work on a schedule.
_SCHEDULED = ("står", "på", "schemat")
# "Carola sjöng … på tv": a performer is on the screen or the radio, or the pupils have tickets to hear
# them; a child sings at a school concert.
_COMING = frozenset({"kommer", "comes", "came"})
_PERFORM_VERBS = frozenset({"sjöng", "sjunger", "uppträdde", "uppträder", "sang", "sings", "performed"})
_ON_SCREEN = re.compile(
    r"\b(?:på|i|on) (?:tv|tv:n|teve|radio|radion|youtube|spotify)\b|melodifestival|eurovision"
    # The pupils are the audience with tickets: "eleverna har fått biljetter".
    r"|\b(?:eleverna|barnen|klassen|vi|the pupils|the students|the class|we)\b[^.!?\n]{0,20}"
    r"(?:biljett|tickets?\b)",
    re.IGNORECASE,
)
# The pupils going to hear someone make an audience only of a visitor who comes to perform ("Carola kommer
# och sjunger i aulan, eleverna får gå dit"): a child singing at the spring concert has the class there too.
_GOING_TO_HEAR = re.compile(
    r"\b(?:eleverna|barnen|klassen|vi|the pupils|the students|the class|we)\b[^.!?\n]{0,20}"
    r"(?:får gå dit|går dit|may go|will go to see)",
    re.IGNORECASE,
)

# A school's own event: who performs there is as likely a pupil, whoever comes to hear; unless it is held
# at a venue outside the school ("luciakonserten i kyrkan").
_SCHOOL_EVENT = re.compile(
    r"konsert|avslutning|lucia|skolfest|talangjakt|musikal|uppvisning|julfest|vårfest|sommarfest|elevens val"
    r"|concert|assembly|talent show|nativity|prize.?giving",
    re.IGNORECASE,
)
_OUTSIDE_VENUE = re.compile(
    r"\b(?:i|på|in|at) (?:the )?(?:kyrkan|domkyrkan|konserthuset|stadshuset|arenan|teatern|church|cathedral"
    r"|concert hall|theatre|theater|town hall)\b",
    re.IGNORECASE,
)

# "Rob Roy was the set text", "Bröderna Lejonhjärta är en bok": a work said to be one.
_WORK_PREDICATES = frozenset({"is", "was", "är", "var"})
WORKS = frozenset(
    {"text", "book", "novel", "play", "poem", "film", "bok", "roman", "romanen", "pjäs", "pjäsen", "dikt",
     "klassiker", "läsebok", "classic"}
)  # fmt: skip
# Compounds that end in a work's noun are works too: "kursromanen", "skolpjäsen". A book is a work only
# as one read ("högläsningsbok", "kapitelboken"): a child is in the year book or the photo book.
_WORK_ENDINGS = ("roman", "romanen", "pjäs", "pjäsen", "novel")
_BOOK_ENDINGS = ("bok", "boken", "book")
_READ_BOOKS = ("kapitel", "högläsning", "läse", "kurs", "ungdoms", "bilder", "lättläst", "ljud", "serie")


def is_work_noun(low: str) -> bool:
    """Whether `low` is a work's noun or a compound ending in one ("klassens högläsningsbok")."""
    if low in WORKS:
        return True
    if len(low) <= 6:
        return False
    return low.endswith(_WORK_ENDINGS) or (low.endswith(_BOOK_ENDINGS) and low.startswith(_READ_BOOKS))


# After the work's noun the clause ends or a place or time follows ("the set text in Year 10"); a noun after
# it makes a person's role ("a book lover", "the book monitor").
_AFTER_WORK = frozenset(
    {
        "in",
        "i",
        "on",
        "på",
        "för",
        "for",
        "när",
        "when",
        "that",
        "som",
        "vi",
        "we",
        "den",
        "this",
        "hela",
        "all",
    }
)
# Without one of these in the text no run is looked for (most texts hold none).
THING_WORDS = _THING_FOLLOWERS | _READ_VERBS | _READ_PASSIVES | _PERFORM_VERBS | {"schemat"}
_SUBJECTS_AFTER = frozenset({"vi", "ni", "de", "jag", "we", "they", "i"})
_HAVE = frozenset({"har", "hade", "has", "have", "had"})


def _outside_school(after: str) -> bool:
    """Whether the performance told of in `after` is no school event, or one held outside the school."""
    return not _SCHOOL_EVENT.search(after) or _OUTSIDE_VENUE.search(after) is not None


def named_thing_run(text: str, tokens: list[Token], lows: list[str], i: int) -> int:
    """How many capitalised words from `i` name a company, a club or a work (0 if none)."""
    if not tokens[i][2][0].isupper():
        return 0
    end = i + 1
    while end < len(tokens) and end - i < 3 and adjacent(text, tokens[end - 1], tokens[end]):
        if not tokens[end][2][0].isupper():
            break
        end += 1
    if end >= len(tokens) or not adjacent(text, tokens[end - 1], tokens[end]):
        return 0
    after, lists = lows[end], name_lists()
    # A listed first name and surname stay a person ("Elin Berg sponsrar"); brands are public figures.
    person = end - i > 1 and lows[i] in lists.first_names and lows[end - 1] in lists.surnames
    # "Clas Ohlson har sponsrat": the perfect too.
    if not person and (
        after in _THING_FOLLOWERS or (after in _HAVE and lows[end + 1 : end + 2] == ["sponsrat"])
    ):
        return end - i
    # One first name on a schedule is someone's turn ("Ali står på schemat för rastvakt").
    if (
        tuple(lows[end : end + 3]) == _SCHEDULED
        and not person
        and (end - i > 1 or lows[i] not in lists.first_names)
    ):
        return end - i
    # "Carola kommer och sjunger": the performance to come.
    coming = after in _COMING and lows[end + 1 : end + 2] == ["och"] and lows[end + 2 : end + 3] != []
    if coming:
        after = lows[end + 2]
    if after in _PERFORM_VERBS and (
        _ON_SCREEN.search(text, tokens[end][1], tokens[end][1] + 80)
        or (
            coming
            and _GOING_TO_HEAR.search(text, tokens[end][1], tokens[end][1] + 80)
            and _outside_school(text[tokens[end][1] : tokens[end][1] + 80])
        )
    ):
        return end - i
    # "Alva Berg lästes upp som vinnare": a name read out is a person's, as a work is read, not read out.
    if (
        after in _READ_PASSIVES
        and lows[end + 1 : end + 2] not in (["upp"], ["out"], ["in"])
        and (after not in _STAGED or _staged_at(lows, end + 1))
    ):
        return end - i
    reading = after in _READ_VERBS and end + 1 < len(lows) and lows[end + 1] in _SUBJECTS_AFTER
    return end - i if reading and end - i > 1 and not person else 0


def _staged_at(lows: list[str], at: int) -> bool:
    """Whether a staging verb's agent or venue starts at `at` ("av teaterlinjen", "i aulan")."""
    return at + 1 < len(lows) and lows[at] in _STAGED_BY and lows[at + 1] not in _NOT_A_STAGE


def work_said_run(text: str, tokens: list[Token], lows: list[str], i: int) -> int:
    """How many capitalised words from `i` name a work the sentence says is one ("Ivanhoe was the set
    text in Year 9", "Mio min Mio är en bok"), 0 if none. The caller checks that a work's noun occurs."""
    end = i
    while end < len(tokens) and end - i < 4 and tokens[end][2][0].isupper():
        end += 1
    if end == i or end >= len(lows) or lows[end] not in _WORK_PREDICATES:
        return 0
    # "Alva är med i årsboken": being in a work is not being one.
    if lows[end + 1 : end + 2] in (["med"], ["in"], ["i"], ["på"], ["with"]):
        return 0
    for k in range(end + 1, min(end + 4, len(lows))):
        if is_work_noun(lows[k]):
            closes = k + 1 == len(lows) or lows[k + 1] in _AFTER_WORK or text[tokens[k][1]] in ".,;:!?)"
            return end - i if closes else 0
    return 0


def genitive_before_home(lows: list[str], i: int) -> bool:
    """Whether the word at `i` is a genitive before a home or a family ("Bergs hus", "Adam's family")."""
    return lows[i].endswith("s") and i + 1 < len(lows) and lows[i + 1] in _HOMES


def pet_before(lows: list[str], cue: int) -> bool:
    j = cue - 1
    while j >= 0 and lows[j] in PET_LINKS and cue - j < 3:
        j -= 1
    if j >= 0 and lows[j].endswith(_PET_STEMS):
        return True
    # "Katten som familjen har heter Sigge": the animal, then a relative clause of up to three words.
    return any(
        lows[k] in RELATIVE_PRONOUNS and lows[k - 1].endswith(_PET_STEMS) for k in range(max(1, cue - 4), cue)
    )
