"""Descriptions that single a child out by what a whole town knows about them or their family.

"Tjejen som gick viralt i måndags", "killen som kom tvåa i Skol-SM", "familjen som har pizzerian vid
torget", "eleven vars pappa sitter i kommunfullmäktige", "han bor i det gula huset bredvid kyrkan" and
"alla vet vem det är" point at one child as surely as a name. Each rule is a lower-case pattern run on
the lower-cased text (which keeps the normalised text's offsets), and only when one of its cheap hint
words is in the text.
"""

import re
from collections.abc import Iterator

from bot.privacy.findings import Finding, Kind
from bot.privacy.hints import any_in, occurrences

_CLAUSE = r"[^.!?\n]"
_SOMEONE = (
    r"(?:tjejen|killen|eleven|flickan|pojken|barnet|kusinen|brodern|systern|sonen|dottern|familjen"
    r"|han|hon|the girl|the boy|the kid|the child|the student|the family|it's the \w+)"
)
# Fame: a news story, a prize, a record, a public appearance. The cue is rare, so it is found first and
# the clause before it is then read for someone described by a relative clause.
_FAME_CUE = re.compile(
    r"gick viral\w*|viral\w*|filmades|(?:var|syntes|stod|was|were) (?:i|in|on|på) (?:alla |the )?"
    r"(?:tidning\w*|expressen|aftonbladet|svt|tv4|tv|nyhet\w*|paper\w*|(?:local )?news)"
    r"|i alla tidningar|namn i tidningen|\bvann\b|\bwon\b|kom (?:etta|tvåa|trea)|medalj\w*|\bmedal|fick pris"
    r"|prisad\w*|award\w*|prize|mästare\w*|champion\w*|rekord\w*|record|lagkapten\w*|idol\w*|reklam\w*"
    r"|reportage\w*|dokumentär\w*|sveriges (?:yngsta|äldsta|bästa)|blev dömd|påkörd|brann (?:ner|ut)"
)
_DESCRIBED = re.compile(rf"\b{_SOMEONE}\b(?:{_CLAUSE}{{0,60}}?)\b(?:som|vars|who|whose|that)\b")
_CLAUSE_START = re.compile(r"[.!?\n][^.!?\n]*\Z")
_FAME_REACH = 140
# Where each of the cue's alternatives begins: found with str.find, then the cue is matched there
# (one regex over the whole text tried every alternative at every character, ten times slower).
_FAME_STARTS = (
    "gick viral", "viral", "filmades", "var ", "syntes ", "stod ", "was ", "were ", "i alla tidningar",
    "namn i tidningen", "vann", "won", "kom ", "medal", "fick pris", "prisad", "award", "prize", "mästare",
    "champion", "rekord", "record", "lagkapten", "idol", "reklam", "reportage", "dokumentär", "sveriges ",
    "blev dömd", "påkörd", "brann ",
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
)
_BUSINESS = re.compile(
    r"\b(?:(?:familjen|föräldrarna|pappan|mamman|pappa|mamma|the family|his (?:dad|mum|mom|parents)"
    r"|her (?:dad|mum|mom|parents))\b(?:\s+som)?\s+(?:äger|driver|har|ägde|drev|owns|runs|owned|ran)"
    r"|\b(?:han|hon|he|she)\s+(?:som|who)\s+(?:äger|driver|owns|runs))\s+"
    r"(?:the\s+)?(?:[\w-]+\s+){0,2}?"
    r"(?P<business>[\w-]*(?:pizzeri|butik|kiosk|restaurang|frisör|salong|bageri|konditori|gård|affär|ica"
    r"|coop|konsum|hotell|café|kafé|verkstad|mack|apotek|shop|store|restaurant|bakery|farm|garage|salon"
    r"|pub|gym|taxi|åkeri|bensin)[\w-]*)"
    r"(?P<place>\s+(?:i|vid|på|in|at|on|by)\s+(?:torget|[a-zåäö]+))?"
)
# Business words are rare: each is found first, and the words before it are then read.
_BUSINESS_STEMS = (
    "pizzeri", "butik", "kiosk", "restaurang", "frisör", "salong", "bageri", "konditori", "gård", "affär",
    "ica", "coop", "konsum", "hotell", "café", "kafé", "verkstad", "mack", "apotek", "shop", "store",
    "restaurant", "bakery", "farm", "garage", "salon", "pub", "gym", "taxi", "åkeri", "bensin",
)  # fmt: skip
_BUSINESS_REACH = 70
# The verbs of owning a business, with "har" only after the family: "familjen har pizzerian".
_OWNING = (
    "äger", "driver", "ägde", "drev", "owns", "runs", "owned", " ran ", "familjen har", "föräldrarna har",
    "pappan har", "mamman har", "pappa har", "mamma har", "som har",
)  # fmt: skip
_DEFINITE_ENDINGS = ("n", "en", "et", "an")
# A parent in a public office.
_OFFICE = re.compile(
    r"\b(?:pappa\w*|mamma\w*|förälder\w*|föräldr\w*|dad|mum|mom|father|mother|parents?)\b"
    rf"{_CLAUSE}{{0,20}}?\b(?:sitter|satt|is|är|var|was|sits)\s+"
    r"(?:(?:i|in|on)\s+(?:kommunfullmäktige|kommunstyrelsen|regionfullmäktige|regionstyrelsen|riksdagen"
    r"|the (?:city |town )?council|parliament)|(?:kommunalråd\w*|riksdagsledamot|borgmästare|the mayor))"
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
)
# The writer says it outright: "alla vet vem det är", "ni vet vem jag menar", "everyone knows who".
_EVERYONE_KNOWS = re.compile(
    r"\b(?:alla|hela (?:byn|stan|skolan|orten)|ni|everyone|everybody|the whole (?:town|village|school)|you)"
    r"(?:\s+(?:i|på|in)\s+(?:stan|byn|skolan|kommunen|orten|town|the village))?"
    r"\s+(?:vet|känner till|knows|know)\s+(?:precis\s+)?(?:vem|vilken|vilka|who|which)\b"
)
_EVERYONE_HINTS = ("vet vem", "vet vilk", "till vem", "till vilk", "knows wh", "know wh")
# "där det bara finns en flicka", "there is only one girl": a group of one.
_ONLY_ONE = re.compile(
    r"\b(?:finns (?:det )?|there(?:'s| is) )(?:bara|endast|only) (?:en|ett|one)\s+(?:[\w-]+\s+)?"
    r"(?:flicka|pojke|tjej|kille|elev|barn|familj|kvinnlig \w+|manlig \w+|girl|boy|student|pupil|child|kid"
    r"|family|female \w+|male \w+)\b"
)
_ONLY_ONE_HINTS = ("bara en", "endast en", "bara ett", "only one")
# A home nobody else has: "bor i fyren", "flyttade in i prästgården", "huset bredvid kyrkan".
_UNIQUE_HOME = re.compile(
    r"\b(?:bor|bodde|flyttade in|flyttat in|lives|live|lived|moved into)\s+(?:i|på|in|into)\s+"
    r"(?:(?:det|den|the)\s+)?(?:[\w-]+\s+)?"
    r"(?:fyren|prästgården|herrgården|slottet|stationshuset|skolhuset|mejeriet|kvarnen|lotsstugan|tullhuset"
    r"|fyrvaktarbostaden|lighthouse|vicarage|rectory|manor house|castle|old station)\b"
    r"|\b(?:huset|villan|gården|stugan|house|cottage)\s+(?:precis\s+|alldeles\s+|right\s+)?"
    r"(?:bredvid|vid|intill|mittemot|ovanför|granne med|next to|opposite|across from|above)\s+(?:the\s+)?"
    r"(?:kyrkan|skolan|affären|macken|ica|coop|konsum|torget|stationen|church|school|shop|station)\b"
)
# The rare half of each alternative: the building, or the word placing a house by a landmark.
_HOME_HINTS = (
    "fyren", "prästgård", "herrgård", "slottet", "stationshus", "skolhus", "mejeri", "kvarn", "lotsstug",
    "tullhus", "fyrvaktar", "lighthouse", "vicarage", "rectory", "manor", "castle", "old station", "bredvid",
    "mittemot", "intill", "ovanför", "granne med", "next to", "opposite", "across from", "above", "huset vid",
    "villan vid", "gården vid", "stugan vid", "house by",
)  # fmt: skip


def find_notable(low: str) -> Iterator[Finding]:
    """Spans that single out a child by fame, a family business, a public office or a unique home.

    `low` is the normalised text in lower case (lower-casing keeps its offsets).
    """
    yield from _famous(low)
    for pattern, hints in (
        (_OFFICE, _OFFICE_HINTS),
        (_EVERYONE_KNOWS, _EVERYONE_HINTS),
        (_UNIQUE_HOME, _HOME_HINTS),
        (_ONLY_ONE, _ONLY_ONE_HINTS),
    ):
        if any_in(low, hints):
            for m in pattern.finditer(low):
                yield Finding(Kind.IDENTIFYING_DESCRIPTION, m.start(), m.end())
    yield from _business(low)


def _famous(low: str) -> Iterator[Finding]:
    for cue in _fame_cues(low):
        begin = max(0, cue.start() - _FAME_REACH)
        if clause := _CLAUSE_START.search(low, begin, cue.start()):
            begin = clause.start() + 1
        if described := _DESCRIBED.search(low, begin, cue.start()):
            yield Finding(Kind.IDENTIFYING_DESCRIPTION, described.start(), cue.end())


def _fame_cues(low: str) -> Iterator[re.Match[str]]:
    for at in sorted(occurrences(low, _FAME_STARTS)):
        # Stems may end a compound ("världsrekordet", "Idol-reklamen"); short words must stand alone.
        glued = at and low[at - 1].isalnum()
        if not (glued and low.startswith(_WHOLE_WORD_STARTS, at)) and (cue := _FAME_CUE.match(low, at)):
            yield cue


def _business(low: str) -> Iterator[Finding]:
    if not any_in(low, _OWNING):
        return
    for at in sorted(occurrences(low, _BUSINESS_STEMS)):
        for m in _BUSINESS.finditer(low, max(0, at - _BUSINESS_REACH), at + _BUSINESS_REACH):
            # "pappan har en pizzeria" is one of many; "pizzerian", or one at a named place, is the one.
            only = " enda " in m.group() or " only " in m.group()
            if m["business"].endswith(_DEFINITE_ENDINGS) or m["place"] or only:
                yield Finding(Kind.IDENTIFYING_DESCRIPTION, m.start(), m.end())
