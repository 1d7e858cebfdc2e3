"""Descriptions that single out one person without naming them.

A child is as identifiable as "rektorns dotter", "son till vaktmästaren", "the head teacher's son",
"den enda eleven på skolan med cochleaimplantat", "elevrådsordföranden" or "tvillingarna i 8C" as by a
name: a role held by one person at the school, a relation to that person, or a trait nobody else has.
The detector reads word tokens, so each rule costs a set look-up per word.
"""

import re
from collections.abc import Iterator

from bot.privacy.findings import Finding, Kind
from bot.privacy.hints import any_in, occurrences
from bot.privacy.patterns import matches_at_word_starts, matches_from_words
from bot.privacy.tokens import Token, WordFlag

# Roles one person holds at a school or in a small place; their definite forms ("rektorn") and
# genitives ("rektorns", "lärarens") point at that one person.
ROLE = (
    r"[a-zåäö-]*(?:rektor|kurator|vaktmästare|lärare|mentor|sköterska|pedagog|psykolog|vägledare|ledare"
    r"|assistent|kock|städare|chef|präst|polis|ordförande|föreståndare|tränare|kyrkoherde|bibliotekarie"
    r"|borgmästare|kommunalråd|sekreterare|chaufför|konsulent|kantor|vicerektor|pastor|imam|rabbin|diakon"
    r"|läkare|doktor|kollega|handlare|ägare|bonde|polis|ombud|veterinär|bagare|frisör|konsul|ambassadör"
    r"|domare|biskop|tränare|journalist|influencer|youtuber|artist|skådespelare|programledare|politiker"
    # Posts one person holds in a county or a municipality.
    r"|landshövding|kommundirektör|stadsdirektör|riksdagsledamot)"
)
# Definite forms: "rektorn", "lärarens", and the neuter "kommunalrådet", "kommunalrådets".
_ROLE_GENITIVE = re.compile(ROLE + r"(?:ns|ens|ets)")
# "min kollegas dotter": an indefinite genitive points at one person after "min", "vår".
_ROLE_INDEFINITE_GENITIVE = re.compile(ROLE + r"s")
# "rektorn", "kommunalrådet", and the plural "ägarna" (of one business).
_ROLE_DEFINITE = re.compile(ROLE + r"(?:n|en|et|na)|[a-zåäö-]*(?:ägar|lärar|ledar|tränar|handlar)na")
_ROLE_BARE = re.compile(ROLE)
_ENGLISH_ROLES = frozenset(
    {
        "teacher", "headteacher", "principal", "headmaster", "headmistress", "janitor", "caretaker",
        "counsellor", "counselor", "nurse", "coach", "priest", "vicar", "mayor", "librarian", "cook",
        "cleaner", "officer", "worker", "chair", "chairman", "president", "pastor", "imam", "colleague",
        "coworker", "doctor", "chief", "consul", "ambassador", "bishop", "judge", "minister", "vet",
        "gp", "dentist", "pharmacist", "midwife", "baker", "hairdresser", "farmer", "owner", "shopkeeper",
        "journalist", "politician", "presenter", "policeman", "policewoman", "postman", "butcher",
    }
)  # fmt: skip
_RELATIONS = frozenset(
    {
        "son", "sonen", "söner", "sönerna", "dotter", "dottern", "döttrar", "döttrarna", "barn", "barnet",
        "barnen", "barnbarn", "barnbarnet", "bror", "brodern", "brorsan", "syster", "systern", "syrran",
        "kusin", "kusinen", "styvson", "styvdotter", "bonusbarn", "bonusson", "bonusdotter", "fosterbarn",
        "fosterson", "fosterdotter", "unge", "ungen", "ungar", "grabb", "grabben", "tjej", "tjejen", "kille",
        "killen", "pojke", "pojken", "flicka", "flickan", "tvillingar", "tvillingarna", "fru", "frun",
        "make", "maka", "sambo", "brorson", "brorsdotter", "systerson", "systerdotter",
        "daughter", "child", "children", "kid", "kids", "boy", "girl", "brother", "sister", "grandson",
        "granddaughter", "stepson", "stepdaughter", "twins", "wife", "husband", "nephew", "niece",
    }
)  # fmt: skip
_LINKS = frozenset({"till", "åt", "of"})
# Words that may stand between "till"/"of" and the role: "son till vår vaktmästare", "of the principal".
_ROLE_FILLERS = frozenset(
    {"vår", "vårt", "skolans", "den", "nya", "gamla", "the", "our", "school's", "new", "school", "förra",
     "tidigare", "förre", "före", "detta", "förutvarande", "dåvarande", "f", "d", "former", "församlingens",
     "kommunens", "kyrkans", "byns", "ortens", "enda", "ende", "only", "egen", "eget", "own"}
)  # fmt: skip
# Fillers that make the role one person's: "vår", "skolans", "församlingens präst".
_DEFINITE_FILLERS = frozenset(
    {"vår", "vårt", "skolans", "den", "församlingens", "kommunens", "kyrkans", "byns", "ortens", "enda",
     "ende", "only"}
)  # fmt: skip
_DEFINITE_ENGLISH = frozenset({"the", "our", "school's", "my"})
_UNIQUE = frozenset({"enda", "ende", "only"})
_SUPERLATIVES = frozenset({"yngsta", "äldsta", "youngest", "oldest"})
_UNIQUE_DETERMINERS = frozenset(
    {"den", "det", "de", "the", "skolans", "klassens", "school's", "class's", "vår", "vårt", "våra", "our",
     "kommunens", "byns", "ortens"}
)  # fmt: skip
_NEGATIONS = frozenset({"inte", "ej", "aldrig", "not", "never", "ingen"})
_PERSON_NOUNS = frozenset(
    {
        "eleven", "elev", "eleverna", "barnet", "barn", "tjejen", "tjej", "killen", "kille", "flickan",
        "flicka", "pojken", "pojke", "personen", "ungen", "nyanlända", "nyanlände", "student", "pupil",
        "child", "kid", "girl", "boy", "person", "one", "triplets", "twins", "tvillingar", "trillingar",
        "familjen", "family", "tvillingparet", "syskonen", "syskonparet",
    }
)  # fmt: skip
# Compounds and posts ending in these are a person ("trans-eleven", "tandläkaren") after "den enda".
_PERSON_NOUN_ENDINGS = (
    "-eleven", "eleven", "läkaren", "prästen", "tränaren", "läraren", "paret", "skan", "polisen", "rektorn",
    "kuratorn", "vaktmästaren", "frisören",
)  # fmt: skip
# Posts that exactly one pupil holds.
_UNIQUE_POSTS = frozenset(
    {
        "elevrådsordförande", "elevrådsordföranden", "elevkårsordförande", "elevkårsordföranden",
        "elevskyddsombud", "elevskyddsombudet",
    }
)  # fmt: skip
_COUNCIL_WORDS = frozenset({"elevrådets", "elevkårens", "council"})
_COUNCIL_POSTS = frozenset({"ordförande", "president", "chair", "chairman", "chairwoman", "ordförandet"})
_SIBLING_GROUPS = frozenset(
    {"tvillingarna", "trillingarna", "fyrlingarna", "twins", "triplets", "quadruplets"}
)
_IN_CLASS = re.compile(
    r"\s+(?:i|in|på|från|from)\s+(?:klass\s+|class\s+|åk\s+|årskurs\s+|year\s+)?\d{1,2}\s?[A-Za-zÅÄÖåäö]?(?!\w)"
)
_LOOK_AHEAD = 3
# The writer's own family: "min egen brorson går i 4B", "my nephew" (the writer is known to Bryggan).
_OWN = frozenset({"min", "mitt", "mina", "my", "vår", "vårt", "our"})
_OWN_FILLERS = frozenset({"egen", "eget", "egna", "own", "lilla", "stora", "little", "älsta", "yngsta"})
_OWN_RELATIONS = frozenset(
    {
        "son", "dotter", "brorson", "brorsdotter", "systerson", "systerdotter", "barnbarn", "kusin",
        "styvson", "styvdotter", "bonusbarn", "bonusson", "bonusdotter", "fosterbarn", "fosterson",
        "fosterdotter", "daughter", "nephew", "niece", "grandson", "granddaughter", "stepson",
        "stepdaughter", "cousin",
    }
)  # fmt: skip
# Posts one pupil holds in a team or at the school.
_TEAM_POSTS = frozenset({"målvakten", "lagkaptenen", "kaptenen", "lucian"})
_IN_GROUP = frozenset(
    {"klassen", "skolan", "årskursen", "gruppen", "laget", "class", "school", "year", "team"}
)
# "whose mother is our school nurse", "vars pappa är skolans vaktmästare", "whose dad runs the ferry".
_WHOSE_PARENT = re.compile(
    r"(?:whose|vars)\s+(?:mother|father|mum|mom|dad|parents?|mamma|pappa|förälder|föräldrar|styvpappa"
    r"|styvmamma)\s+(?:(?:is|are|was|är|var|jobbar som|works as)\s+(?:our|the|vår|vårt|skolans|den|det)\b"
    # Owning or running something indefinite may be one of many: "driver eget företag", "owns a shop"
    # (see _pinned).
    r"|(?:äger|driver|owns|runs|leder|heads)\b(?P<indefinite>\s+(?:eget|egen|egna|ett|en|a|an|own|his own"
    r"|her own)\b)?)"
    r"[^.,;!?\n]{0,30}"
)
# One of many, as the rules above read it: a parent who owns or runs something indefinite ("whose dad
# owns a shop", "vars pappa driver eget företag"), the child of someone indefinite ("sonen till en kvinna
# som jobbar inom vården"). The learnt model does not score such a clause either (learnt.py).
_ONE_OF_MANY = re.compile(
    r"\b(?:(?:whose|vars)\s+(?:mother|father|mum|mom|dad|parents?|mamma|pappa|förälder|föräldrar)\s+"
    r"(?:äger|driver|owns|runs|leder|heads)\s+(?:eget|egen|egna|ett|en|a|an|own|his own|her own)"
    r"|(?:son|sonen|dotter|dottern|barn|barnet|daughter|son|child|kid)\s+(?:till|åt|of)\s+(?:en|ett|a|an)\s+"
    r"(?:kvinna|man|person|förälder|mamma|pappa|woman|person|parent|mother|father))\b"
)
_ONE_OF_MANY_HINTS = ("vars ", "whose ", " till en ", " till ett ", " åt en ", " of a ", " of an ")
_CLAUSE_END = re.compile(r"[.,;:!?\n]")
# What pins an indefinite thing down after all: one of a named few ("ett av Sveriges största bolag"), a
# superlative, or a name of a place or street ("a restaurant on Main Street"). Read after the article.
_PINNING = re.compile(r"^\s*(?:av|of)\b|\b(?:only|enda|ende)\b|\w(?:aste|sta|est)\b|\b[A-ZÅÄÖ](?<!\bI)")


def _pinned(text: str, start: int) -> bool:
    """Whether the rest of the clause of `text` from `start` (right after an indefinite word) pins what
    it speaks of down."""
    end = _CLAUSE_END.search(text, start)
    return _PINNING.search(text[start : end.start() if end else len(text)]) is not None


def one_of_many(sentence: str, words: str | None = None) -> tuple[int, int] | None:
    """The clause of `sentence` that describes someone as one of many in the ways the rules decline (from
    its cue to the clause's end), or None. `words`, if given, are its words in lower case, one space
    apart and around: each hint is in them wherever it is in the lower case (letters stand in words
    alone), and most sentences are then never lower-cased."""
    if words is not None and not any(map(words.__contains__, _ONE_OF_MANY_HINTS)):
        return None
    low = sentence.lower()
    if not any(map(low.__contains__, _ONE_OF_MANY_HINTS)):
        return None
    for m in _ONE_OF_MANY.finditer(low):
        if not _pinned(sentence, m.end()):
            end = _CLAUSE_END.search(sentence, m.end())
            return m.start(), end.start() if end else len(sentence)
    return None


# A home pinned by a landmark: "bor ovanför Konsum", "lives above the ICA".
_HOME_BY_LANDMARK = re.compile(
    r"(?:bor|bodde|lives|lived)\s+(?:ovanför|under|bredvid|mittemot|granne med|vägg i vägg med|above"
    r"|next to|opposite|across from)\s+(?:the\s+)?(?P<landmark>\w[\w-]*)"
)
_LANDMARK_HINTS = ("bor ", "bodde ", "lives ", "lived ")
# Compounds end in one: "bonusdottern", "lillasyster", "storebror".
_RELATION_ENDINGS = (
    "dotter", "son", "barn", "barnet", "sonen", "dottern", "syster", "systern", "bror", "brodern",
)  # fmt: skip
_LUCIA = frozenset({"lucia", "lucian"})
# "den nya tjejen från Eritrea", "the new boy in 3A": the one newcomer of a class or from a country.
_NEWCOMER = re.compile(
    r"(?:den|det|the)\s+(?:nya|nyanlända|nyanlände|nyinflyttade|new|newly arrived)\s+"
    r"(?:[a-zåäö]+\s+)?(?:tjejen|killen|eleven|flickan|pojken|barnet|girl|boy|student|pupil|kid)\b"
    r"(?=[^.!?\n]{0,40}?(?:\b(?:i|in)\s+(?:klass\s+|åk\s*|year\s+)?\d{1,2}\s?[a-zåäö]?\b"
    r"|\b(?:från|from)\s+\w))"
)
# "tjejen som vann Lilla Melodifestivalen", "han i 7B som blev intervjuad": one public event.
_PUBLIC_EVENT = re.compile(
    r"(?:tjejen|killen|eleven|flickan|pojken|han|hon|the girl|the boy)\b[^.!?\n]{0,30}?\bsom\s+"
    r"(?:vann|blev intervjuad|intervjuades|var med i|medverkade i|syntes i|blev uttagen|won"
    r"|was interviewed)\b"
)
# "den enda i 4B som …", "(den enda på skolan)": the only one of a class, a school or a place.
_ONLY_ONE_OF = re.compile(
    r"(?:den|det|the)\s+(?:enda|ende|only one)\s+(?:i|på|in|at)\s+(?:hela\s+|the whole\s+)?"
    r"(?:klassen|skolan|årskursen|gruppen"
    r"|kommunen|byn|stan|orten|länet|landet|sverige|området|class|school|year|town|village|country"
    r"|\d{1,2}\s?[a-zåäö]?\b)"
)
# "hennes pappa är vaktmästare här på skolan": a parent in a post one person holds at the school.
_PARENT_IN_POST = re.compile(
    r"(?:pappa|mamma|förälder|father|mother|dad|mum|mom)\w*\s+(?:är|jobbar som|arbetar som|is|works as)\s+"
    r"(?:(?:en|a|the|vår)\s+)?" + ROLE + r"\w*\s+(?:här|på skolan|på vår skola|at (?:our|the) school|here)\b"
)
# "skolans nya kurator har en son i 4B": the child of a role one person holds.
_ROLE_HAS_CHILD = re.compile(
    r"(?:skolans|vår|vårt|kommunens|församlingens|our|the school's)\s+"
    r"(?:(?:nya|gamla|förra|new|former)\s+)?"
    + ROLE
    + r"(?:n|en|et)?\s+(?:har|has)\s+(?:(?:en|ett|a|två|tre|two|three)\s+)?"
    r"(?:son|söner|dotter|döttrar|barn|daughters?|sons?|kids?|child(?:ren)?)\b"
)
# "dottern till kvinnan som driver ridskolan", "the daughter of the couple who own the hotel": the child
# of the one person who holds a post or owns a business.
_CHILD_OF_ONE_WHO = re.compile(
    r"(?:son|sonen|dotter|dottern|barn|barnet|barnbarn|barnbarnet|styvson|styvdotter|daughter|child|kid"
    r"|grandson|granddaughter|grandchild)\s+(?:till|åt|of)\s+(?:hon|han|henne|honom|kvinnan|mannen|paret"
    r"|damen|the (?:woman|man|couple|lady|guy|family)|the one)\s+(?:som|who|that)\s+(?:är|var|äger|driver"
    r"|ägde|drev|leder|is|was|owns?|runs?|ran|owned|leads)\b"
)
# "släkt med kommunchefen", "samma efternamn som vår rektor", "related to the principal": kin of the one
# person who holds a post.
_RELATED_TO_ROLE = re.compile(
    r"(?:släkt med|släkting till|samma efternamn som|related to|(?:the )?same (?:surname|last name) as)\s+"
    r"(?:(?:vår|vårt|skolans|kommunens|our|the|the school's)\s+(?:(?:nya|gamla|new|former)\s+)?"
    r"(?:" + ROLE + r"\w*|" + "|".join(sorted(_ENGLISH_ROLES)) + r")\b|" + ROLE + r"(?:n|en|et)\b)"
    # The role ends the phrase: "related to the principal's decision", "the teacher shortage" are topics.
    r"(?=\s*(?:[.,;:!?)]|\Z)|\s+(?:och|and|som|who|på|at|i|in|är|is|var|was|har|has|går|goes)\b)"
)
# Each whole-text pattern runs only when one of its words is in the text, and each must start a word
# (checked in Python, so that re can skip ahead to the pattern's first letters).
_PATTERNS = (
    (_NEWCOMER, (" nya ", " nyanl", " nyinfl", " new ")),
    (_PUBLIC_EVENT, (" vann ", "intervju", " var med i", "medverkade", "syntes i", "uttagen", " won ")),
    (_ONLY_ONE_OF, (" enda ", " ende ", "only one ")),
    (_ROLE_HAS_CHILD, (" har ", " has ")),
    (_RELATED_TO_ROLE, ("släkt", "samma efternamn", "related to", "same surname", "same last name")),
    (_PARENT_IN_POST, (" här", "på skolan", "på vår skola", " school", " here")),
    (
        _CHILD_OF_ONE_WHO,
        (
            "till hon",
            "till han",
            "till kvinnan",
            "till mannen",
            "till paret",
            "till damen",
            "åt hon",
            "åt han",
            "of the woman",
            "of the man",
            "of the couple",
            "of the lady",
            "of the guy",
            "of the family",
            "of the one",
        ),
    ),
)
# The words every match of a pattern starts with, where known: it is tried there alone, not searched
# for across the whole text (most texts hold its hints, " har " or " här").
_PATTERN_STARTS = {
    _ROLE_HAS_CHILD: ("skolans", "vår", "kommunens", "församlingens", "our", "the school's"),
    _PARENT_IN_POST: ("pappa", "mamma", "förälder", "father", "mother", "dad", "mum", "mom"),
    _CHILD_OF_ONE_WHO: ("son", "dotter", "barn", "styv", "daughter", "child", "kid", "grand"),
}
_TRIGGERS = (
    _LUCIA | _RELATIONS | _UNIQUE_POSTS | _COUNCIL_POSTS | _PERSON_NOUNS | _SIBLING_GROUPS | _TEAM_POSTS
)

_TRIGGER = WordFlag(lambda word: word in _TRIGGERS or word.endswith(_RELATION_ENDINGS + _PERSON_NOUN_ENDINGS))


def find_descriptions(text: str, low: str, tokens: list[Token], lows: list[str]) -> Iterator[Finding]:
    """Spans that single out one person by role, relation, a unique trait or a unique post.

    `low` is `text` in lower case and `lows` the tokens' words in lower case, read once per text.
    """
    for i in _TRIGGER.indices(tokens, lows):
        word = lows[i]
        start = _description_start(text, tokens, lows, i, word)
        if start is not None:
            yield Finding(Kind.IDENTIFYING_DESCRIPTION, tokens[start][0], tokens[i][1])
        elif _is_relation(word) and (end := _relation_of_role(lows, i)) is not None:
            yield Finding(Kind.IDENTIFYING_DESCRIPTION, tokens[i][0], tokens[end][1])
    # The patterns are lower case and run on the lower-cased text, which keeps the offsets.
    if any_in(low, ("whose ", "vars ")):
        for m in matches_at_word_starts(_WHOSE_PARENT, low, occurrences(low, ("whose", "vars"))):
            if m.group("indefinite") and not _pinned(text, m.end("indefinite")):
                continue
            yield Finding(Kind.IDENTIFYING_DESCRIPTION, m.start(), m.end())
    padded = f" {low} "
    for pattern, hints in _PATTERNS:
        if any_in(low, hints, padded):
            for m in matches_from_words(pattern, low, _PATTERN_STARTS.get(pattern)):
                yield Finding(Kind.IDENTIFYING_DESCRIPTION, m.start(), m.end())
    if any_in(low, _LANDMARK_HINTS):
        for m in matches_at_word_starts(_HOME_BY_LANDMARK, low, occurrences(low, ("bor", "bodde", "live"))):
            if text[m.start("landmark")].isupper():
                yield Finding(Kind.IDENTIFYING_DESCRIPTION, m.start(), m.end())


def _description_start(text: str, tokens: list[Token], lows: list[str], i: int, low: str) -> int | None:
    """Index of the first token of a description that ends at token `i`, or None."""
    if i and (low in _RELATIONS or low.endswith(_RELATION_ENDINGS)):
        # "the headteacher's own son", "rektorns egen dotter".
        j = i - 2 if i > 1 and lows[i - 1] in _OWN_FILLERS else i - 1
        if _is_role_genitive(lows, j):
            return j
    if low in _LUCIA and i and lows[i - 1] in {"årets", "skolans"}:
        return i - 1
    if low in _OWN_RELATIONS and (own := _own_before(lows, i)) is not None:
        return own
    if low in _TEAM_POSTS and i + 1 < len(lows) and lows[i + 1] in {"i", "på", "in"}:
        return i
    if low in _UNIQUE_POSTS or (low in _COUNCIL_POSTS and i and lows[i - 1] in _COUNCIL_WORDS):
        return i if low in _UNIQUE_POSTS else i - 1
    if low in _PERSON_NOUNS or low.endswith(_PERSON_NOUN_ENDINGS):
        return _unique_before(lows, i)
    if low in _SIBLING_GROUPS and _IN_CLASS.match(text, tokens[i][1]):
        return i
    return None


def _is_role_genitive(lows: list[str], j: int) -> bool:
    word = lows[j]
    if _ROLE_GENITIVE.fullmatch(word):
        return True
    if _ROLE_INDEFINITE_GENITIVE.fullmatch(word) and j:
        # "min kollegas dotter", "byns enda läkares dotter", "kommunstyrelsens ordförandes barnbarn";
        # "min egen kollegas" is as much one person.
        before = lows[j - 2] if lows[j - 1] in _OWN_FILLERS and j > 1 else lows[j - 1]
        return before in _OWN or before in _UNIQUE or before.endswith(("ens", "ets", "ns"))
    if word.endswith(("'s", "’s")) and word[:-2] in _ENGLISH_ROLES:
        return any(w in _DEFINITE_ENGLISH for w in lows[max(0, j - 3) : j])
    return False


def _is_relation(word: str) -> bool:
    return word in _RELATIONS or word.endswith(_RELATION_ENDINGS)


def _relation_of_role(lows: list[str], i: int) -> int | None:
    """Index of the role in "son till vaktmästaren" / "daughter of the principal", or None."""
    j = i + 1
    if j >= len(lows) or lows[j] not in _LINKS:
        return None
    j += 1
    definite = False
    while j < len(lows) and lows[j] in _ROLE_FILLERS:
        definite = definite or lows[j] in _DEFINITE_ENGLISH or lows[j] in _DEFINITE_FILLERS
        j += 1
    if j >= len(lows):
        return None
    role = lows[j]
    if _ROLE_DEFINITE.fullmatch(role):
        return j
    if definite:
        # "of the US consul", "till vår nya unga kantor": a word or two may describe the role.
        for k in range(j, min(j + 3, len(lows))):
            if _ROLE_BARE.fullmatch(lows[k]) or lows[k] in _ENGLISH_ROLES:
                return k
    # "son till kommunstyrelsens ordförande": a post of a named body is one person's.
    if role.endswith("s") and j + 1 < len(lows) and _ROLE_BARE.fullmatch(lows[j + 1]):
        return j + 1
    # "barnbarn till Sveriges mest kända schlagerstjärna": the one person a superlative picks.
    if role.endswith("s") and j + 1 < len(lows) and (lows[j + 1] == "mest" or lows[j + 1].endswith("aste")):
        return j + 1
    return None


def _own_before(lows: list[str], i: int) -> int | None:
    """Start of "min (egen) brorson" ending at token `i`, or None."""
    j = i - 1
    while j >= 0 and lows[j] in _OWN_FILLERS:
        j -= 1
    return j if j >= 0 and lows[j] in _OWN else None


def _unique_before(lows: list[str], i: int) -> int | None:
    """Start of "den enda eleven", "skolans yngsta elev", "the only student" ending at token `i`."""
    for j in range(i - 1, max(-1, i - _LOOK_AHEAD - 1), -1):
        if lows[j] in _UNIQUE or lows[j] in _SUPERLATIVES:
            if j and lows[j - 1] in _UNIQUE_DETERMINERS and not (j > 1 and lows[j - 2] in _NEGATIONS):
                return j - 1
            # "enda nyanlända i klassen": no article, but the group it is the only one of.
            in_group = (
                i + 2 < len(lows) and lows[i + 1] in {"i", "på", "in", "at"} and lows[i + 2] in _IN_GROUP
            )
            negated = j and lows[j - 1] in _NEGATIONS
            return j if in_group and lows[j] in _UNIQUE and not negated else None
    return None
