"""Descriptions that say outright that only one person fits them.

Staff who avoid a name often still write what makes the child the one: "de enda eritreanerna i hela
Ljusdal", "vi har bara en elev från Ön", "den minsta i fyran", "pappan sitter inne för mordet i Vännäs",
or they say it themselves: "det är inte svårt att räkna ut", "hela byn sörjde", "det finns bara en".
These rules read the shape of such a statement (a marker of uniqueness over a person, a group of one, a
superlative within a class, a person tied to one known event, the writer's word that readers can tell),
not a list of cases. Each is a lower-case pattern run on the lower-cased text, and only when one of
its hint words occurs.
"""

import re
from collections.abc import Iterator

from bot.privacy.findings import Finding, Kind
from bot.privacy.hints import occurrences
from bot.privacy.patterns import Gate, literal_starts, matches_from_words, matches_near

_CLAUSE = r"[^.!?\n]"
_ENGLISH_PERSON = (
    r"(?:girl|boy|kid|child|pupil|student|family|person|one|woman|man|imam|doctor|vet|priest|teacher"
    r"|nurse|coach|officer|refugee|twins|triplets|muslim|jew|christian|sikh|hindu)s?"
)
# Nouns for people, by the endings Swedish gives them: "eritreanerna", "somalierna", "bagaren",
# "veterinären", "sjuksköterskan", "journalisten", and the usual words for a pupil or a family.
_PERSON_WORD = (
    r"(?:[\w-]*(?:elev|eleven|eleverna|barnet|barn|flickan|flicka|pojken|pojke|tjejen|tjej|killen|kille"
    r"|familjen|familj|föräldern|mamman|pappan|syskonen|syskonparet|tvillingarna|trillingarna|personen"
    r"|nyanlända|nyanlände|ländare|ländaren|ländarna|anerna|ianer|ierna|ier|aren|arna|erskan|erska|isten"
    r"|isterna|är|ären|ärer|ärerna|imamen|imam|prästen|präst|läkaren|läkare|konsul|konsuln|rektorn|rektor"
    r"|tränaren|tränare|ledaren|ordföranden|ordförande|sekreteraren|polisen|polis|tolken|tolk)"
    r"|" + _ENGLISH_PERSON + r")"
)
# "den enda i nian som …", "de enda eritreanerna i hela Ljusdal", "kommunens ende veterinär", "the only
# female imam", "är enda eleven i förskoleklassen", "den enda med blå balkong".
# "barnet är det enda i vår förskoleklass med …": the neuter only of a named group.
_ONLY_OF_GROUP = re.compile(
    r"det\s+enda\s+(?:i|på)\s+(?:vår\s+|vårt\s+|hela\s+|skolans\s+)?[\w-]*(?:klass|skola|grupp|fritids"
    r"|kommun|stad|by)\w*"
)
# "den enda i nian som …", "de enda eritreanerna i hela Ljusdal", "kommunens ende veterinär", "the only
# female imam", "är enda eleven i förskoleklassen", "den enda med blå balkong". Matched from the word
# before "enda"/"ende"/"only", which is found first.
_ONLY = re.compile(
    # A Swedish genitive before "enda" ("kommunens ende"); an English plural before "only" may say how
    # something is done ("initials only in the log"), so it is read below without a place after it.
    r"(?:(?:den|de|the|är|var|is|was|its|their)\s+(?:enda|ende|only)|[\w-]+s\s+(?:enda|ende))"
    r"(?:\s+(?:i|på|in|at|med|utan|with|without|från|from)\s+\w"
    rf"|\s+(?:[\w-]+[ae]\s+)?{_PERSON_WORD}\b|\s+[\w-]+\s+{_ENGLISH_PERSON}\b"
    # "the only one who …", "den enda som har …": the one who does or has something.
    r"|\s+one\s+(?:who|that)\b|(?<=enda)\s+som\s+(?:har|hade|bär|går|kör|bor|pratar|talar|gör|åker"
    r"|använder)\b)"
    # A genitive typed without its apostrophe ("the schools only Muslim pupil") singles out as one with it;
    # with a place, a time or a purpose after it "only" says how ("initials only in the log").
    r"|[\w-]+s\s+only(?!\s+(?:in|for|on|at|with|when|during|from|to|of|by|as)\b)"
    rf"(?:\s+(?:[\w-]+[ae]\s+)?{_PERSON_WORD}\b|\s+[\w-]+\s+{_ENGLISH_PERSON}\b"
    r"|\s+one\s+(?:who|that)\b)"
)
# Where the words stand alone, no hyphen before them: the starts of (?<![\w-])(?:enda|ende|only)(?!\w).
_ONLY_WORDS = ("enda", "ende", "only")
_WORD_BEFORE = re.compile(r"[\w-]+\s+\Z")
_ONLY_REACH = 40
_NEGATIONS = ("inte ", "not ", "av ", "of ")
# A group of one: "vi har bara en elev från Ön", "det finns bara en", "bara ett fåtal i Sverige har den".
_GROUP_OF_ONE = re.compile(
    r"(?:(?:finns(?: det)?|har(?: vi| de| ni)?|there(?:'s| is| are)|we have|we've got)\s+"
    r"(?:bara|endast|only|just)\s+(?:en|ett|one)\s+(?:[\w-]+[ae]\s+)?" + _PERSON_WORD + r"\b"
    r"|det (?:finns|är) bara (?:en|ett|de|dem|han|hon|honom|henne)(?:\s+(?:där|dit|här|kvar))?"
    r"\s*(?:[.,;!…]|$)"
    r"|(?:there's|there is|it's) only (?:one|them|him|her)(?: there| here)?\s*(?:[.,;!…]|$)"
    r"|(?:en av|one of)\s+(?:bara|endast|only|just)\s+(?:två|tre|fyra|fem|two|three|four|five|\d)\b"
    r"|(?:bara|endast|only)\s+(?:finns\s+)?(?:ett\s+)?(?:\d+-?tal|\d+)\s+(?:kända\s+|known\s+)?"
    r"(?:fall|personer|barn|cases|people|children)\s+(?:av\s+|of\s+)?(?:\w+\s+)?(?:i|in)\s+(?:hela\s+)?"
    r"(?:sverige|landet|världen|europa|norden|sweden|the country|the world|europe)"
    r"|(?:bara|endast|only)\s+(?:ett fåtal|några få|a few|a handful(?: of people)?)\s+(?:barn\s+|personer\s+"
    r"|people\s+|children\s+)?(?:i|in)\s+(?:hela\s+)?(?:sverige|landet|världen|europa|norden|sweden"
    r"|the country|the world|europe))"
)
_CLASS_ORDINALS = (
    r"(?:ettan|tvåan|trean|fyran|femman|sexan|sjuan|åttan|nian|förskoleklassen|\d{1,2}\s?[a-zåäö]|klassen"
    r"|skolan|årskursen|gruppen|laget|stadiet|mellanstadiet|högstadiet|lågstadiet|byn|the class|the school"
    r"|(?:year|class|åk|grade)\s*\d{1,2}(?:\s?[a-zåäö])?)"
)
# "den minsta i fyran", "the youngest in year 7": a superlative within a class picks one pupil.
_SUPERLATIVE_IN_CLASS = re.compile(
    r"(?:minsta|yngsta|äldsta|längsta|kortaste|största|smallest|youngest|oldest|tallest|shortest)\s+"
    r"(?:(?:eleven|tjejen|killen|flickan|pojken|barnet|girl|boy|kid|child|pupil|student|one)\s+)?"
    rf"(?:i|på|in|at)\s+(?:hela\s+|the whole\s+)?{_CLASS_ORDINALS}(?!\w)"
)
_EVENT = (
    r"(?:[\w-]*(?:mordet|dråpet|rånet|branden|olyckan|skjutningen|knivdådet|explosionen|attacken|raset"
    r"|drunkningen|dödsfallet|överfallet)|(?:[\w-]+\s+)?(?:murder|killing|robbery|fire|crash|accident"
    r"|shooting|stabbing|explosion|attack|drowning))"
)
# A person tied to one known event: "sitter inne för mordet i Vännäs 2019", "vars bror dog i
# drunkningsolyckan vid Storsjön", "whose father died in the crash on the E4 last spring".
_KNOWN_EVENT = re.compile(
    r"(?:(?:sitter inne|satt inne|dömd|dömdes|åtalad|åtalades|häktad|häktades|gripen|greps|dog|omkom"
    r"|skadades|överlevde|räddades|died|was killed|were killed|got killed|was injured|survived|was convicted"
    r"|was jailed|was charged|is in prison|förlorade (?:sin|sitt|sina) \w+|lost (?:his|her|their) \w+)"
    r"\s+(?:för|i|vid|efter|in|at|for|of|after)\s+(?:the\s+)?"
    + _EVENT
    + r"|(?:fick|var med om|råkade ut för|was in|had)\s+(?:en\s+|ett\s+|an?\s+)?[\w-]*(?:olycka|accident"
    r"|crash)"
    # "ungdomen som startade branden i idrottshallen": the one who caused it.
    r"|(?:startade|anlade|orsakade|started|caused)\s+(?:the\s+)?" + _EVENT + r")"
    r"\s+(?:i|vid|på|utanför|in|at|on|near|outside)\s+\w"
    # "vars storebror sköts i centrum", "whose brother was stabbed": a violent death is news.
    r"|(?:vars|whose|hans|hennes|his|her)\s+[\w-]*(?:bror|brodern|syster|systern|pappa|mamma|kusin"
    r"|brother|sister|father|mother|dad|mum|cousin)\s+(?:sköts|knivhöggs|mördades|dödades|was shot"
    r"|was stabbed|was murdered)\b"
    # "lillebror till killen som sköts ihjäl i Rosengård": whoever was killed was in the news.
    r"|(?:killen|tjejen|pojken|flickan|mannen|kvinnan|the boy|the girl|the man|the woman|the guy)\s+"
    r"(?:som|who)\s+(?:sköts|knivhöggs|mördades|dödades|was shot|was stabbed|was murdered|got shot)\b"
)
# The writer says that readers can tell: "det är inte svårt att räkna ut", "ni har säkert hört talas om
# dem", "hela byn sörjde", "alla här känner familjen", "the whole town knows her".
# The writer says that readers can tell: "det är inte svårt att räkna ut", "ni har säkert hört talas om
# dem", "hela byn sörjde", "alla här känner familjen", "the whole town knows her". One pattern for each
# way of saying it, so that each runs only where its own words occur.
_NOT_HARD_TO_TELL = re.compile(
    r"(?:inte|not)\s+(?:så\s+|särskilt\s+|very\s+|that\s+)?(?:svårt|hard|difficult)\s+(?:att|to)\s+"
    r"(?:räkna ut|lista ut|gissa|förstå vem|veta vem|se vem|figure|work out|guess|tell who|know who)"
    r"|(?:lätt|easy)\s+(?:att|to)\s+(?:räkna ut vem|lista ut vem|gissa vem|känna igen|identifiera|förstå vem"
    r"|se vem|identify|recogni[sz]e|guess who|tell who|figure out who|work out who)"
)
_HEARD_OF = re.compile(
    r"(?:har|have|has|'ve)\s+(?:säkert|nog|kanske|säkerligen|probably|surely|likely|all|already)\s+"
    r"(?:hört|läst|sett|heard|read|seen)\s+(?:talas\s+)?(?:om|about|of)\s+(?:dem|honom|henne|familjen|det"
    r"|them|him|her|the family|it)\b"
)
_PLACES_THAT_KNOW = ("byn", "stan", "orten", "bygden", "samhället", "trakten", "town", "village", "community",
                     "area")  # fmt: skip
_WHOLE_PLACE_KNOWS = re.compile(
    r"(?:hela|the whole|the entire)\s+(?:byn|stan|orten|bygden|samhället|trakten|town|village|community"
    r"|area)\s+(?:vet|visste|känner|kände|sörjde|sörjer|pratar|pratade|talar|talade|knows|knew|mourned"
    r"|talked|is talking|was talking)"
    r"|(?:känd|kända|känt|well[- ]known|famous)\s+(?:i|på|in|around|all over)\s+(?:hela\s+)?"
    r"(?:byn|stan|orten|bygden|trakten|town|the village|the area|the town)"
)
# "(ingen annan på skolan har det)": the writer's aside that nobody else at the school has the trait.
_NOBODY_ELSE_HAS = re.compile(
    r"(?:ingen annan|inga andra|no one else|nobody else|no other (?:child|pupil|kid))\s+(?:i|på|in|at)\s+"
    r"(?:hela\s+|the whole\s+|the\s+|our\s+)?(?:skolan|klassen|årskursen|fritids|förskolan|byn|school|class"
    r"|year|village)\s+(?:har|hade|has|had)\s+(?:det|den|en|ett|någon|sådan|sådant|one|it|that|this)\b"
)
# "(enda på skolan)": the same aside in brackets, with no word before "enda" (tried after a bracket).
_ONLY_IN_ASIDE = re.compile(
    r"(?:enda|ende|only one)\s+(?:i|på|in|at)\s+(?:hela\s+|the whole\s+|the\s+)?(?:skolan|klassen|årskursen"
    r"|fritids|förskolan|byn|school|class|year|village)\b"
)
_EVERYONE_KNOWS_THEM = re.compile(
    r"(?:alla|everyone|everybody)\s+(?:här\s+|i\s+(?:byn|stan|orten)\s+|here\s+|in\s+town\s+)?(?:vet vem"
    r"|känner|känner till|knows|know)\s+(?:honom|henne|dem|familjen|him|her|them|the family)\b"
)
_CLASS_CODE = r"(?:(?:klass|class|åk|year|grade)\s*)?\d{1,2}\s?[a-zåäö]?(?!\w)"
# "den gravida tjejen i 9B", "the deaf boy in 4A": a definite description within one class is one pupil.
_DESCRIBED_IN_CLASS = re.compile(
    r"(?:den|the)\s+(?:[\w-]+\s+){1,2}?(?:tjejen|killen|eleven|flickan|pojken|ungen|girl|boy|kid|pupil"
    rf"|student)\s+(?:i|in|från|from|på)\s+{_CLASS_CODE}"
)
# A visible aid or device a child carries, said of one child with the class: "pojken med rullstol i 4B".
_AID_IN_CLASS = re.compile(
    r"(?:tjejen|killen|eleven|flickan|pojken|barnet|han|hon|girl|boy|kid|pupil|student|he|she)\b"
    rf"{_CLAUSE}{{0,30}}?\b(?:med|har|with|has|uses|använder|in)\s+(?:en\s+|ett\s+|a\s+|the\s+)?"
    r"(?:rullstol|permobil|hörapparat|cochleaimplantat|protes|ledarhund|insulinpump|sond|rollator|kryckor"
    r"|wheelchair|hearing aid|cochlear implant|prosthe\w*|guide dog|insulin pump|feeding tube)\w*"
    rf"{_CLAUSE}{{0,40}}?\b(?:i|in|på|at)\s+(?:{_CLASS_CODE}|klassen|skolan|the class|our school)"
)
# "skolans kock, eller snarare hennes son", "vår lärare i musik har sin egen son i min klass".
# "eleven är den som har protesen", "he's the one with the wheelchair": the one who has the aid (not
# "den som har rullstol kan ta hissen", which is anyone who has one).
_THE_ONE_WITH_AID = re.compile(
    r"(?:är|var|is|was|'s)\s+(?:den som (?:har|bär|använder|sitter i)|the one (?:who has|who uses|with|in))"
    r"\s+(?:the\s+|en\s+|ett\s+|a\s+)?[\w-]*(?:rullstol|permobil|hörapparat|cochleaimplantat|protes|ledarhund|insulinpump|rollator"
    r"|kryckor|wheelchair|hearing aid|cochlear implant|prosthe|guide dog|insulin pump)\w*"
)
_AID_STEMS = (
    "rullstol", "permobil", "hörapparat", "cochlea", "protes", "ledarhund", "insulinpump", "rollator",
    "kryckor", "wheelchair", "hearing aid", "prosthe", "guide dog", "insulin pump",
)  # fmt: skip
_CHILD_OF_STAFF = re.compile(
    r"(?:skolans|vår|vårt|our|the school's)\s+(?:nya\s+|new\s+)?(?:[\w-]*(?:rektor|kurator|vaktmästare"
    r"|lärare|mentor|sköterska|kock|städare|pedagog|psykolog|assistent|chef|bibliotekarie)\w*|teacher|cook"
    r"|janitor|caretaker|nurse|principal|head|counsel+or|librarian)\b"
    rf"{_CLAUSE}{{0,40}}?\b(?:hennes|hans|dennes|sin|sitt|her|his)\s+(?:egen\s+|eget\s+|own\s+)?"
    r"(?:son|dotter|barn|styvson|styvdotter|bonusbarn|daughter|kid|child|stepson|stepdaughter)\b"
)
# "lillebror till den kille som sköt vid köpcentret": kin of whoever did a violent act was in the news too.
_KIN_OF_PERPETRATOR = re.compile(
    r"[\w-]*(?:bror|brodern|syster|systern|son|sonen|dotter|dottern|kusin|kusinen|brother|sister|daughter"
    r"|cousin)\s+(?:till|åt|of)\s+(?:den\s+|the\s+|en\s+|a\s+)?(?:killen|kille|tjejen|tjej|pojken|pojke"
    r"|flickan|flicka|mannen|man|kvinnan|kvinna|personen|person|boy|guy|girl|woman|one)\s+(?:som|who)\s+"
    # "sköt" alone is also a hunter's or a footballer's ("sköt älg", "sköt i mål"): with where, or "ihjäl".
    r"(?:sköt\s+(?:ihjäl|ner|vid|utanför|mot)|knivhögg|mördade|dödade|shot\s+(?:dead|up|at|outside|near)"
    r"|stabbed|killed|murdered)\b"
)
_PERPETRATOR_VERBS = {"sköt", "knivhögg", "mördade", "dödade", "shot", "stabbed", "killed", "murdered"}
# "han är rösten alla känner igen", "the face everyone recognises": known to everyone by voice or face.
_RECOGNISED_BY_ALL = re.compile(
    r"(?:rösten|ansiktet|voice|face)\s+(?:som\s+|that\s+)?(?:alla|everyone|everybody)\s+(?:här\s+|here\s+)?"
    r"(?:känner igen|recogni[sz]es?)\b"
)
_PERSON_NOUNS_IN_CLASS = (
    "tjejen",
    "killen",
    "eleven",
    "flickan",
    "pojken",
    "ungen",
    "girl",
    "boy",
    "kid",
    "pupil",
    "student",
)
_RULES = (
    (_SUPERLATIVE_IN_CLASS, Gate({"minsta", "yngsta", "äldsta", "längsta", "kortaste", "största", "smallest",
                                  "youngest", "oldest", "tallest", "shortest"})),
    (_DESCRIBED_IN_CLASS, Gate(_PERSON_NOUNS_IN_CLASS)),
    (_CHILD_OF_STAFF, Gate({"skolans", "vår", "vårt", "our", "school's", "school’s"})),
    (_AID_IN_CLASS, Gate((), ("rullstol", "permobil", "hörapparat", "cochlea", "protes", "ledarhund",
                              "insulinpump", "sond", "rollator", "kryckor", "wheelchair", "hearing aid",
                              "prosthe", "guide dog", "insulin pump", "feeding tube"))),
    (_THE_ONE_WITH_AID, Gate(stems=_AID_STEMS, also={"den", "one"})),
    (_NOT_HARD_TO_TELL, Gate({"svårt", "hard", "difficult", "lätt", "easy"})),
    (_HEARD_OF, Gate({"hört", "läst", "sett", "heard", "read", "seen"},
                     also={"säkert", "nog", "kanske", "säkerligen", "probably", "surely", "likely", "all",
                           "already"})),
    (_WHOLE_PLACE_KNOWS, Gate(_PLACES_THAT_KNOW,
                              also={"hela", "whole", "entire", "känd", "kända", "känt", "known", "well-known",
                                    "famous"})),
    (_EVERYONE_KNOWS_THEM, Gate({"alla", "everyone", "everybody"}, also={"vet", "känner", "knows", "know"})),
    (_NOBODY_ELSE_HAS, Gate((), ("ingen annan", "inga andra", "no one else", "nobody else", "no other"),
                            also={"annan", "andra", "else", "other"})),
    (_KIN_OF_PERPETRATOR, Gate(_PERPETRATOR_VERBS)),
    (_RECOGNISED_BY_ALL, Gate({"rösten", "ansiktet", "voice", "face"},
                              also={"alla", "everyone", "everybody"})),
)  # fmt: skip
# The words every match of a rule starts with, where known: it is tried there alone (patterns.py).
# "eleven med insulinpump – en av tre i skolan": the writer says several fit, so the trait singles no one out
# ("en av bara två" is a group of one's own rule).
_ONE_OF_MANY = re.compile(
    r"\b(?:en|ett|one)\s+(?:av|of)\s+(?:två|tre|fyra|fem|sex|flera|många|two|three|four|five|six|several"
    r"|many|\d+)\b"
)
_FIRST_WORDS = {
    _DESCRIBED_IN_CLASS: ("den", "the"),
    _CHILD_OF_STAFF: ("skolans", "vår", "our", "the school's"),
}
_ONLY_GATE = Gate({"enda", "ende", "only"})
# Rules tried only around their rare word, which every match holds: (pattern, gate, the rare words (where
# the matches of `(?<!\w)(?:bara|…)(?!\w)` and of `mord|dråp|…` start), whole words only, reach before
# it, reach after it).
_GROUP_WORDS = ("bara", "endast", "only", "just")
_EVENT_WORDS = (
    "mord", "dråp", "rånet", "brand", "olyck", "skjutning", "knivdåd", "explosion", "attack", "raset",
    "drunkning", "dödsfall", "överfall", "murder", "killing", "robbery", "fire", "crash", "accident",
    "shooting", "stabbing", "drowning", "sköts", "knivhöggs", "mördades", "dödades", "shot", "stabbed",
)  # fmt: skip
_ANCHORED_RULES = (
    (_GROUP_OF_ONE, Gate({"bara", "endast", "only", "just"}), _GROUP_WORDS, True, 30, 120),
    (_KNOWN_EVENT, Gate({"sköts", "knivhöggs", "mördades", "dödades", "shot", "stabbed", "murdered"},
                        ("mord", "dråp", "rånet", "brand", "olyck", "skjutning", "knivdåd", "explosion",
                         "attack", "raset", "drunkning", "dödsfall", "överfall", "murder", "killing",
                         "robbery", "fire", "crash", "accident", "shooting", "stabbing", "drowning")),
     _EVENT_WORDS, False, 90, 70),
)  # fmt: skip


def find_unique(low: str, words: frozenset[str], has_digits: bool) -> Iterator[Finding]:
    """Spans that say only one person fits: `low` is the normalised text in lower case, `words` its words,
    `has_digits` whether it holds a digit (the scanner's runs of digits tell)."""
    if _ONLY_GATE.opens(words, low):
        yield from _only_ones(low)
    for pattern, gate, rare, whole, before, after in _ANCHORED_RULES:
        if gate.opens(words, low):
            anchors = literal_starts(low, rare, occurrences(low, rare), whole=whole)
            for m in matches_near(pattern, low, anchors, before, after):
                yield Finding(Kind.IDENTIFYING_DESCRIPTION, m.start(), m.end())
    for pattern, gate in _RULES:
        # A class code has a digit: most texts' "den" and "the" need not be tried.
        if gate.opens(words, low) and (pattern is not _DESCRIBED_IN_CLASS or has_digits):
            for m in matches_from_words(pattern, low, _FIRST_WORDS.get(pattern)):
                if not _ONE_OF_MANY.search(low, m.start(), m.end()):
                    yield Finding(Kind.IDENTIFYING_DESCRIPTION, m.start(), m.end())


def _only_ones(low: str) -> Iterator[Finding]:
    for at in literal_starts(low, _ONLY_WORDS, occurrences(low, _ONLY_WORDS), whole=True):
        if at and low[at - 1] == "-":
            continue
        # The word before "enda" starts the match: "de enda", "kommunens ende", "the only".
        before = _WORD_BEFORE.search(low, max(0, at - _ONLY_REACH), at)
        if before is None and at and low[at - 1] == "(" and (aside := _ONLY_IN_ASIDE.match(low, at)):
            yield Finding(Kind.IDENTIFYING_DESCRIPTION, aside.start(), aside.end())
            continue
        if before is None or low.endswith(_NEGATIONS, 0, before.start()):
            continue
        m = _ONLY.match(low, before.start())
        if m is None and low.startswith("det", before.start()):
            m = _ONLY_OF_GROUP.match(low, before.start())
        if m is not None:
            yield Finding(Kind.IDENTIFYING_DESCRIPTION, m.start(), m.end())
