"""Descriptions that single a child out by what a whole town knows about them or their family.

"Tjejen som gick viralt i måndags", "killen som kom tvåa i Skol-SM", "familjen som har pizzerian vid
torget", "eleven vars pappa sitter i kommunfullmäktige", "han bor i det gula huset bredvid kyrkan" and
"alla vet vem det är" point at one child as surely as a name. Each rule is a lower-case pattern run on
the lower-cased text (which keeps the normalised text's offsets), and only when one of its cheap hint
words is in the text.
"""

import re
from collections.abc import Iterator

from bot.privacy.descriptions import ROLE
from bot.privacy.findings import Finding, Kind
from bot.privacy.hints import any_in, occurrences
from bot.privacy.patterns import Gate, matches_at_word_starts, matches_from_words

_CLAUSE = r"[^.!?\n]"
_ENGLISH_POSTS = (
    r"(?:mayor|consul|ambassador|coach|head coach|chair|chairman|bishop|vicar|priest|imam|principal|head)"
)
_SOMEONE = (
    r"(?:tjejen|killen|eleven|elev|flickan|pojken|barnet|kusinen|brodern|systern|sonen|dottern|familjen"
    r"|mamman|pappan|föräldern|föräldrarna|han|hon|the girl|the boy|the kid|the child|the student"
    r"|the family|the pupil|the mum|the mom|the dad|the mother|the father"
    r"|(?:his|her) (?:mum|mom|dad|mother|father)"
    r"|it's the \w+)"
)
# Fame: a news story, a prize, a record, a public appearance. The cue is rare, so it is found first and
# the clause before it is then read for someone described by a relative clause.
_FAME_CUE = re.compile(
    r"gick viral\w*|viral\w*|filmades|(?:var|syntes|stod|was|were) (?:i|in|on|på) (?:alla |the )?"
    r"(?:(?:lokal)?tidning\w*|expressen|aftonbladet|svt|tv4|tv|(?:lokal)?nyhet\w*|paper\w*"
    r"|(?:(?:local|national) )?news)"
    r"|i alla tidningar|namn i tidningen|\bvann\b|\bwon\b|kom (?:etta|tvåa|trea)|medalj\w*|\bmedal|fick pris"
    r"|prisad\w*|award\w*|prize|mästare\w*|champion\w*|rekord\w*|record|lagkapten\w*|idol\w*|reklam\w*"
    r"|reportage\w*|dokumentär\w*|sveriges (?:yngsta|äldsta|bästa)|blev dömd|påkörd|brann (?:ner|ut)"
    r"|nedbrunn\w*|nerbrunn\w*|burn(?:ed|t) down|expelled|relegera\w*"
    # The press or the whole school talks of it: "som tidningen skrev om", "som hela skolan pratar om".
    # The relative word may be left out: "the girl everyone is talking about".
    r"|(?P<talk>(?:tidningen|tidningarna|lokaltidningen|media|the papers?|the local paper) (?:har )?(?:skrev"
    r"|skrivit|wrote|has written|reported) (?:om|about)"
    r"|(?:hela (?:skolan|byn|stan|orten)|alla(?: föräldrar\w*| elever\w*| på skolan)?|everyone|everybody"
    r"|the whole (?:school|town|village)) (?:har |has |is |was )?(?:pratar|pratade|pratat|snackar"
    r"|snackade|snackat|talar|talade|talat|talks|talked|talking) (?:om|about))"
    # A story in the papers or on air: "hon som sprang i tidningen", "skrev debattartikeln i Expressen".
    r"|i (?:tidningen|lokaltidningen|lokalradion|expressen|aftonbladet|kvällspressen)|debattartikel\w*"
    r"|insändare\w*|förstasidan|löpsedel\w*|(?:on )?the front page|been on (?:svt|tv|the radio|the news)"
    r"|influencer\w*|youtuber\w*|kändis\w*|känd från \w+|famous"
    # Missing and searched for, or in a national team: "pojken som var försvunnen", "han som spelar i
    # U16-landslaget", "var med i P4 Västerbotten", "är med i den nya SVT-serien".
    r"|efterlys\w*|försvunnen|försvann|skallgång\w*|went missing|missing person|[\w-]*landslag\w*"
    r"|national team|(?:var|är|was|is) med i (?:den nya |en )?(?:p\d|radio\w*|tv\w*|svt\w*|[\w-]*serie\w*"
    r"|[\w-]*program\w*|(?:lokal)?nyhet\w*|(?:lokal)?tidning\w*|melodifestival\w*|talang\w*)"
)
_DESCRIBED = re.compile(rf"\b{_SOMEONE}\b(?:{_CLAUSE}{{0,60}}?)\b(?:som|vars|who|whose|that)\b")
# "barnen på gården där det brann (det stod i tidningen)": where the story happened is their home. Tried
# only when the clause holds "där" or "where".
_DESCRIBED_BY_PLACE = re.compile(
    r"\b(?:barnen|syskonen|familjen|the kids|the children|the family)\b"
    rf"(?:{_CLAUSE}{{0,60}}?)\b(?:där|where)\b"
)
_PLACE_WORDS = (" där ", " where ")
_SOMEONE_BEFORE = re.compile(rf"\b{_SOMEONE}\s+\Z")
_CLAUSE_START = re.compile(r"[.!?\n][^.!?\n]*\Z")
_FAME_REACH = 140
# Where each of the cue's alternatives begins: found with str.find, then the cue is matched there
# (one regex over the whole text tried every alternative at every character, ten times slower).
_FAME_STARTS = (
    "gick viral", "viral", "filmades", "var ", "syntes ", "stod ", "was ", "were ", "i alla tidningar",
    "namn i tidningen", "vann", "won", "kom ", "medal", "fick pris", "prisad", "award", "prize", "mästare",
    "champion", "rekord", "record", "lagkapten", "idol", "reklam", "reportage", "dokumentär", "sveriges ",
    "blev dömd", "påkörd", "brann ", "i tidningen", "i lokaltidningen", "i lokalradion", "i expressen",
    "i aftonbladet", "i kvällspressen", "debattartikel", "insändare", "förstasidan", "löpsedel",
    "on the front", "the front page", "been on ", "influencer", "youtuber", "kändis", "känd från", "famous",
    "efterlys", "försvunnen", "försvann", "skallgång", "went missing", "missing person", "landslag",
    "national team", "var med i", "är med i", "was med i", "is med i", "nedbrunn", "nerbrunn", "burned down",
    "burnt down", "expelled", "relegera", "tidningen", "tidningarna", "lokaltidningen", "media ", "the paper",
    "the local paper", "hela ", "alla ", "everyone", "everybody", "the whole",
)  # fmt: skip
# The family's business, named so that it is the one: "familjen som har pizzerian vid torget".
_WHOLE_WORD_STARTS = (
    "var ",
    "was ",
    "were ",
    "won",
    "vann",
    "kom ",
    "stod ",
    "syntes ",
    "i alla",
    "sveriges ",
    "i ",
    "been on ",
    "on the front",
    "the front page",
    "hela ",
    "alla ",
    "media ",
)
_BUSINESS = re.compile(
    r"\b(?:(?:familjen|föräldrarna|pappan|mamman|pappa|mamma|the family|his (?:dad|mum|mom|parents)"
    r"|her (?:dad|mum|mom|parents))\b(?:\s+som)?\s+(?:äger|driver|har|ägde|drev|owns|runs|owned|ran)"
    r"|\b(?:som|who)\s+(?:äger|driver|ägde|drev|har|owns|runs|owned|ran)"
    r"|\b(?:familj|family)\w*\s+(?:äger|driver|ägde|drev|owns|runs|owned|ran)"
    # "farbroderns restaurang", "his uncle's shop": a relative's business is the family's one.
    r"|\b(?P<kin>farbroderns|morbroderns|farbrors|morbrors|farfars|morfars|farmors|mormors|kusinens"
    r"|broderns|systerns|(?:his|her|their) (?:uncle|grandfather|grandmother|grandpa|grandma|brother|cousin)"
    r"(?:'s|s'|')))\s+"
    r"(?:the\s+)?(?:[\w-]+\s+){0,2}?"
    r"(?P<business>[\w-]*(?:pizzeri|butik|kiosk|restaurang|frisör|salong|bageri|konditori|gård|affär|ica"
    r"|coop|konsum|hotell|café|kafé|verkstad|mack|apotek|shop|store|restaurant|bakery|farm|garage|salon"
    r"|pub|gym|taxi|åkeri|bensin|camping|station)[\w-]*)"
    r"(?P<place>\s+(?:i|vid|på|in|at|on|by)\s+(?:the\s+)?(?:city\s+)?(?:torget|[a-zåäö]+))?"
)
# Business words are rare: each is found first, and the words before it are then read.
_BUSINESS_STEMS = (
    "pizzeri", "butik", "kiosk", "restaurang", "frisör", "salong", "bageri", "konditori", "gård", "affär",
    "ica", "coop", "konsum", "hotell", "café", "kafé", "verkstad", "mack", "apotek", "shop", "store",
    "restaurant", "bakery", "farm", "garage", "salon", "pub", "gym", "taxi", "åkeri", "bensin", "camping",
    "station",
)  # fmt: skip
_BUSINESS_REACH = 70
# The verbs of owning a business, with "har" only after the family: "familjen har pizzerian".
_OWNING = (
    "äger", "driver", "ägde", "drev", "owns", "runs", "owned", " ran ", "familjen har", "föräldrarna har",
    "pappan har", "mamman har", "pappa har", "mamma har", "som har", "broderns", "brors ", "farfars ",
    "morfars ", "farmors ", "mormors ", "kusinens ", "systerns ", "'s ", "s' ",
)  # fmt: skip
_DEFINITE_ENDINGS = ("n", "en", "et", "an")
# "sonen till bilverkstaden", "the daughter of the bakery": the child named by the business itself.
_CHILD_OF_BUSINESS = re.compile(
    r"(?:son|sonen|dotter|dottern|barnen|barnet|ungarna|daughter|kids|children)\s+"
    r"(?:till|från|of|from)\s+(?P<the>the\s+)?"
    r"(?P<business>[\w-]*(?:pizzeri|butik|kiosk|restaurang|frisör|salong|bageri|konditori|affär|hotell|café"
    r"|kafé|verkstad|mack|apotek|shop|store|restaurant|bakery|garage|salon|pub|gym|åkeri|camping)[\w-]*)"
)
_CHILD_OF_HINTS = (
    "son till ", "sonen till ", "dotter till ", "dottern till ", "barnen till ", "barnet till ",
    "ungarna till ", "sonen från ", "dottern från ", "barnen från ", "son of ", "daughter of ", "kids of ",
    "children of ", "kids from ", "children from ",
)  # fmt: skip
# A parent in a public office.
_OFFICE = re.compile(
    r"(?:pappa\w*|mamma\w*|förälder\w*|föräldr\w*|dad|mum|mom|father|mother|parents?)\b"
    rf"{_CLAUSE}{{0,20}}?\b(?:sitter|satt|is|är|var|was|sits)\s+"
    r"(?:(?:i|in|on)\s+(?:kommunfullmäktige|kommunstyrelsen|regionfullmäktige|regionstyrelsen|riksdagen"
    r"|the (?:city |town )?council|parliament)|(?:kommunalråd\w*|riksdagsledamot|borgmästare|the mayor"
    # The head of the municipality's or the county's staff: one person in the whole place.
    r"|kommundirektör\w*|kommunchef\w*|stadsdirektör\w*|regiondirektör\w*|landshövding\w*|polismästare"
    r"|(?:the )?(?:town|city|county) (?:manager|clerk)))"
)
# A parent in a post one person holds: "pappan är kommunstyrelsens ordförande", "mamman är kommunens
# ende veterinär", "pappan är huvudtränare för P12-laget i IFK", "her dad is the town's mayor".
_PARENT_POST = re.compile(
    r"(?:pappa\w*|mamma\w*|förälder\w*|father|mother|dad|mum|mom|parent)\b"
    rf"{_CLAUSE}{{0,15}}?\b(?:är|var|is|was|jobbar som|arbetar som|works as)\s+(?:(?:the|vår|our)\s+)?"
    rf"(?:[\w-]+(?:s|'s|’s)\s+(?:(?:enda|ende|only|nya|new|förre|former)\s+)?(?:{ROLE}|{_ENGLISH_POSTS})\b"
    rf"|(?:{ROLE}|{_ENGLISH_POSTS})\s+(?:för|i|på|of|for|in|at)\s+(?:[\w-]*(?:laget|klubben|föreningen"
    r"|team|club|ifk|if|ik|bk|ff|fc|aif|sk)|kommunen|byn|stan|orten|regionen|länet|kyrkan|församlingen"
    r"|moskén|[\w-]*skolan|the town|the village|the church|the mosque)\b"
    # "mamma är vår skolchef": the school's own post.
    rf"|(?:(?<=vår )|(?<=vårt )|(?<=our ))(?:{ROLE}|{_ENGLISH_POSTS})\b"
    # "vars mamma är frisören på Storgatan", "pappa är polisen som …": the one in that post.
    rf"|{ROLE}(?:n|en|et)\b)"
)
_OFFICE_HINTS = (
    "fullmäktige",
    "styrelsen",
    "riksdag",
    "council",
    "parliament",
    "kommunalråd",
    "borgmästare",
    "mayor",
    "kommundirekt",
    "stadsdirekt",
    "regiondirekt",
    "kommunchef",
    "landshövding",
    "polismästare",
    "town manager",
    "city manager",
    "county manager",
    "town clerk",
    "city clerk",
)
# The writer says it outright: "alla vet vem det är", "ni vet vem jag menar", "everyone knows who".
_EVERYONE_KNOWS = re.compile(
    r"(?:alla|hela (?:byn|stan|skolan|orten)|ni|everyone|everybody|the whole (?:town|village|school)|you)"
    r"(?:\s+(?:i|på|in)\s+(?:stan|byn|skolan|kommunen|orten|town|the village))?"
    r"\s+(?:vet|känner till|knows|know)\s+(?:precis\s+)?(?:vem|vilken|vilka|who|which)\b"
)
# "där det bara finns en flicka", "there is only one girl": a group of one.
_ONLY_ONE = re.compile(
    r"(?:finns (?:det )?|there(?:'s| is) )(?:bara|endast|only) (?:en|ett|one)\s+(?:[\w-]+\s+)?"
    r"(?:flicka|pojke|tjej|kille|elev|barn|familj|kvinnlig \w+|manlig \w+|girl|boy|student|pupil|child|kid"
    r"|family|female \w+|male \w+)\b"
)
# "hon har 200 000 följare": a public person.
_FOLLOWERS = re.compile(
    r"(?:har|hade|has|had)\s+(?:över\s+|over\s+|nästan\s+|almost\s+)?"
    r"(?:\d{1,3}(?:[ .,]\d{3})+|\d{4,}|\d+\s?(?:k|tusen|thousand|miljoner|million))\s+"
    r"(?:följare|followers|prenumeranter|subscribers|tittare|viewers)"
)
# A home nobody else has: "bor i fyren", "flyttade in i prästgården", "huset bredvid kyrkan".
_DWELLINGS = (
    "fyren", "prästgården", "herrgården", "slottet", "stationshuset", "skolhuset", "mejeriet", "kvarnen",
    "lotsstugan", "tullhuset", "fyrvaktarbostaden", "lärarbostaden", "tjänstebostaden", "stinsboet",
    "stinsbostaden", "banvaktsstugan", "husvagnen", "husbilen", "husbåten", "tältet", "lighthouse",
    "vicarage", "rectory", "manor", "castle", "station", "caravan", "houseboat", "campervan", "campingen",
    "campingplatsen", "båten", "hotellet", "vandrarhemmet", "campsite", "boat", "hotel",
)  # fmt: skip
_UNIQUE_HOME = re.compile(
    r"(?:bor|bodde|flyttade in|flyttat in|lives|live|lived|moved into)\s+(?:[\w-]+\s+){0,4}?"
    r"(?:i|på|in|into)\s+"
    r"(?:(?:det|den|the)\s+)?(?:[\w-]+\s+)?"
    r"(?:fyren|prästgården|herrgården|slottet|stationshuset|skolhuset|mejeriet|kvarnen|lotsstugan|tullhuset"
    r"|fyrvaktarbostaden|lärarbostaden|tjänstebostaden|stinsboet|stinsbostaden|banvaktsstugan|husvagnen"
    r"|husbilen|husbåten|tältet|lighthouse|vicarage|rectory|manor house|castle|old station|caravan|houseboat"
    r"|campervan|campingen|campingplatsen|båten|hotellet|vandrarhemmet|campsite|boat|hotel)\b"
)
# "bor på den enda gården ute på udden", "lives in the only house on the island".
_ONLY_HOME = re.compile(
    r"(?:bor|bodde|lives|lived)\s+(?:[\w-]+\s+){0,3}?(?:i|på|in|at|on)\s+(?:den|det|the)\s+"
    r"(?:enda|ende|only)\s+[\w-]+"
)
# "många familjer bor på campingen", "alla bor i husbilar": a home many share singles no one out, when
# the many are who lives there; "alla vet att hon bor i husbilen" still points at her.
_MANY_BEFORE = re.compile(
    r"(?<!\w)(?:många|flera|alla|några|familjer|familjerna|barnen|eleverna|de flesta|many|several|all|some"
    r"|families|most)(?:\s+(?:av|of))?(?:\s+(?:de|the))?(?:\s+[\w-]+)?\s+\Z"
)
# Homes many may share; the rest (the lighthouse, the vicarage) only one family has, whoever talks of it.
_SHAREABLE = (
    "husvagnen", "husbilen", "husbåten", "tältet", "caravan", "houseboat", "campervan", "campingen",
    "campingplatsen", "båten", "hotellet", "vandrarhemmet", "campsite", "boat", "hotel",
)  # fmt: skip
_MANY_REACH = 40
_HOUSE_BY_LANDMARK = re.compile(
    r"(?:huset|villan|gården|stugan|house|cottage)\s+(?:precis\s+|alldeles\s+|right\s+)?"
    r"(?:bredvid|vid|intill|mittemot|ovanför|granne med|next to|opposite|across from|above)\s+(?:the\s+)?"
    r"(?:kyrkan|skolan|affären|macken|ica|coop|konsum|torget|stationen|church|school|shop|station)\b"
    r"|(?:huset|villan|gården|stugan|house|cottage)\s+som\s+(?:står|ligger)\s+(?:helt\s+)?ensam\w*"
)


# Each pattern starts a word (the boundary is checked in Python, so that re skips ahead to its first
# letters) and runs only where its gate opens.
_RULES = (
    (_OFFICE, Gate((), _OFFICE_HINTS)),
    (_PARENT_POST, Gate((), ("pappa", "mamma", "förälder", "father", "mother", "dad", "mum", "mom",
                             "parent"))),
    (_EVERYONE_KNOWS, Gate({"vem", "vilken", "vilka", "who", "which"},
                           also={"vet", "känner", "knows", "know"})),
    (_UNIQUE_HOME, Gate(_DWELLINGS, also={"bor", "bodde", "flyttade", "flyttat", "lives", "live", "lived",
                                          "moved"})),
    (_ONLY_HOME, Gate({"enda", "ende", "only"}, also={"bor", "bodde", "lives", "lived"})),
    (_HOUSE_BY_LANDMARK, Gate({"huset", "villan", "gården", "stugan", "house", "cottage"})),
    (_ONLY_ONE, Gate({"bara", "endast", "only"})),
    (_FOLLOWERS, Gate((), ("följare", "followers", "prenumeranter", "subscribers", "tittare", "viewers"))),
)  # fmt: skip
_HOMES = (_UNIQUE_HOME, _ONLY_HOME)
# The words every match of a rule starts with, where known: it is tried there alone (patterns.py).
_FIRST_WORDS = {
    _OFFICE: ("pappa", "mamma", "föräld", "dad", "mum", "mom", "father", "mother", "parent"),
    _PARENT_POST: ("pappa", "mamma", "förälder", "father", "mother", "dad", "mum", "mom", "parent"),
    _ONLY_ONE: ("finns ", "there"),
    _HOUSE_BY_LANDMARK: ("huset", "villan", "gården", "stugan", "house", "cottage"),
}


def find_notable(low: str, words: frozenset[str]) -> Iterator[Finding]:
    """Spans that single out a child by fame, a family business, a public office or a unique home.

    `low` is the normalised text in lower case (lower-casing keeps its offsets), `words` its words.
    """
    yield from _famous(low)
    for pattern, gate in _RULES:
        if gate.opens(words, low):
            for m in matches_from_words(pattern, low, _FIRST_WORDS.get(pattern)):
                shared = (
                    pattern in _HOMES
                    and m.group().endswith(_SHAREABLE)
                    and _MANY_BEFORE.search(low, max(0, m.start() - _MANY_REACH), m.start())
                )
                if not shared:
                    yield Finding(Kind.IDENTIFYING_DESCRIPTION, m.start(), m.end())
    yield from _business(low)


def _famous(low: str) -> Iterator[Finding]:
    places = any_in(low, _PLACE_WORDS)
    for cue in _fame_cues(low):
        begin = max(0, cue.start() - _FAME_REACH)
        if clause := _CLAUSE_START.search(low, begin, cue.start()):
            begin = clause.start() + 1
        if (described := _DESCRIBED.search(low, begin, cue.start())) or (
            places
            and any(low.find(word, begin, cue.start()) != -1 for word in _PLACE_WORDS)
            and (described := _DESCRIBED_BY_PLACE.search(low, begin, cue.start()))
        ):
            yield Finding(Kind.IDENTIFYING_DESCRIPTION, described.start(), cue.end())
        elif cue["talk"] and (someone := _SOMEONE_BEFORE.search(low, begin, cue.start())):
            yield Finding(Kind.IDENTIFYING_DESCRIPTION, someone.start(), cue.end())


def _fame_cues(low: str) -> Iterator[re.Match[str]]:
    for at in sorted(occurrences(low, _FAME_STARTS)):
        # Stems may end a compound ("världsrekordet", "Idol-reklamen"); short words must stand alone.
        glued = at and low[at - 1].isalnum()
        if not (glued and low.startswith(_WHOLE_WORD_STARTS, at)) and (cue := _FAME_CUE.match(low, at)):
            yield cue


def _business(low: str) -> Iterator[Finding]:
    if any_in(low, _CHILD_OF_HINTS):
        # Every match starts where one of the hints does: tried there alone.
        for m in matches_at_word_starts(_CHILD_OF_BUSINESS, low, occurrences(low, _CHILD_OF_HINTS)):
            if m["business"].endswith(_DEFINITE_ENDINGS) or m["the"]:
                yield Finding(Kind.IDENTIFYING_DESCRIPTION, m.start(), m.end())
    if not any_in(low, _OWNING):
        return
    for at in sorted(occurrences(low, _BUSINESS_STEMS)):
        for m in _BUSINESS.finditer(low, max(0, at - _BUSINESS_REACH), at + _BUSINESS_REACH):
            # "pappan har en pizzeria" is one of many; "pizzerian", or one at a named place, is the one.
            only = " enda " in m.group() or " only " in m.group()
            if m["business"].endswith(_DEFINITE_ENDINGS) or _named_place(m["place"]) or m["kin"] or only:
                yield Finding(Kind.IDENTIFYING_DESCRIPTION, m.start(), m.end())


_ANY_TOWNS_AREAS = frozenset(
    {"centrum", "stan", "city", "town", "centre", "center", "stadskärnan", "innerstan", "köpcentrum",
     "köpcentret", "gallerian", "förorten", "downtown"}
)  # fmt: skip


def _named_place(place: str | None) -> bool:
    """Whether a business's place names one ("vid torget", "i Norrby"): a common noun for a part of any
    town ("i centrum", "in town") is where many businesses are."""
    if place is None:
        return False
    # Only the generic areas pass: a dictionary word is a town as often ("i Vara", "i Boden") or a
    # landmark ("vid rondellen", "i hamnen").
    return place.lower().split()[-1] not in _ANY_TOWNS_AREAS
