"""Exact dates of birth: a date right after a birth cue ("född", "f.", "born", "födelsedag")."""

import re
from collections.abc import Iterator

from bot.privacy.findings import Finding, Kind
from bot.privacy.hints import occurrences
from bot.privacy.patterns import matches_at

_MONTHS = (
    r"(?:januari|februari|mars|april|maj|juni|juli|augusti|september|oktober|november|december"
    r"|january|february|march|may|june|july|august|october"
    r"|(?:jan|feb|mar|apr|jun|jul|aug|sept|sep|okt|oct|nov|dec)\.?)"
)
_DAY = r"\d{1,2}(?::?e|:a|st|nd|rd|th)?"
# Days that fall on one date every year: a birthday on one of them is a birth date ("fyller 13 på
# nyårsafton", "född på midsommarafton 2012"). Midsommarafton moves within a week, which still narrows
# a birth date to a few days.
_FIXED_DAYS = (
    r"(?:julafton|juldagen|annandag jul|nyårsafton|nyårsdagen|trettondagen|trettondedag jul|trettondagsafton"
    r"|midsommarafton|midsommardagen|midsommar|nationaldagen|sveriges nationaldag|alla hjärtans dag"
    r"|valborg|valborgsmässoafton|lucia|luciadagen|första maj|halloween|christmas eve|christmas day|christmas"
    r"|skottdagen|skottdag|leap day"
    r"|new year's eve|new years eve|new year's day|valentine's day|midsummer eve|midsummer)"
)
# Relative days that give the date once the message's date is known ("fyller år idag").
_RELATIVE_DAYS = (
    r"(?:idag|i dag|imorgon|i morgon|i övermorgon|igår|i går|today|tomorrow|yesterday"
    r"|på (?:måndag|tisdag|onsdag|torsdag|fredag|lördag|söndag)|(?:on )?(?:monday|tuesday|wednesday|thursday"
    r"|friday|saturday|sunday))"
)
# Days written out in words ("den tjugoförsta april"), the year perhaps in words too.
_DAY_WORD = (
    r"(?:(?:tjugo|trettio)?(?:första|andra|tredje|fjärde|femte|sjätte|sjunde|åttonde|nionde)"
    r"|tionde|elfte|tolfte|trettonde|fjortonde|femtonde|sextonde|sjuttonde|artonde|nittonde|tjugonde"
    r"|trettionde|first|second|third|fourth|fifth|sixth|seventh|eighth|ninth|tenth)"
)
_DATE = (
    r"(?:\d{4}-\d\d-\d\d|\d{4}/\d\d/\d\d|\d{4}\.\d\d\.\d\d|\d{8}|\d{6}(?!\d)"
    rf"|{_DAY}[-/]{_MONTHS}[-/]\d{{4}}"
    # "23/11-09", "23/11-2009": day and month, then the year after a dash.
    r"|\d{1,2}/\d{1,2}-(?:\d{4}|\d\d)"
    r"|\d{1,2}[./]\d{1,2}(?:[./ ](?:\d{4}|\d\d))?(?![\d.]\d)"
    rf"|{_DAY}\.? (?:of )?{_MONTHS}(?:,? \d{{4}})?"
    rf"|{_MONTHS} {_DAY}(?:,? \d{{4}})?"
    rf"|{_DAY_WORD} (?:of )?{_MONTHS}(?: (?:\d{{4}}|tvåtusen\w*))?"
    rf"|{_FIXED_DAYS}(?:,? \d{{4}})?|{_RELATIVE_DAYS})(?![\w])"
)
_CUE = (
    # "född" and its kin also typed without ö ("fodd 2011-12-01").
    r"f[öo]dd|f[öo]dda|f[öo]ddes|fött|f[öo]delsedatum|f[öo]delsedagen|f[öo]delsedag|fyller år"
    r"|fyller \d{1,2}(?: år)?"
    r"|turns \d{1,2}|turned \d{1,2}|fyllde \d{1,2}(?: år)?|fyllde år|har fyllt år"
    r"|born|birthday|bday|b-day|birth date|birthdate|date of birth|dob|d\.o\.b\.?|f\.|fdd|föd\.|fd\.?"
    # A bare "f" abbreviates "född" before a whole date: "f 23/11-09", "f 2011-05-09".
    r"|f(?= \d{1,2}[./]\d{1,2}[-./]\d| \d{4}[-./]\d\d[-./]\d\d)"
)
_CUE_HINTS = (
    "föd", "fod", "fött", "fdd", "fd", "fyller", "fyllde", "turns", "turned", "born", "birth", "bday",
    "b-day", "dob", "d.o.b", "f.",
)  # fmt: skip
# A bare "f" before a digit ("f 23/11-09"): found by its letter (re skips ahead to it), checked in Python.
_BARE_F = re.compile(r"f (?=\d)")
# Every cue starts with one of these: the pattern is tried only there.
_CUE_STARTS = (*_CUE_HINTS, "date of birth")
# Words allowed between the cue and the date ("född den", "born on the", "birthday is on").
# At most three filler words, each after its own separators: an unbounded, nested repetition here
# backtracks exponentially on "född : : : …".
_FILLER = r"(?:[\s:,]+(?:den|on|the|är|var|is|was|på)(?![\w])){0,3}"
# Matched on the lower-cased text (the normalised text keeps its offsets when lower-cased).
# "Födelsedatum enligt passet: …", "date of birth (as registered): …": the name of the field, then a few
# words that end in a colon (not "birthday party invitations: 14 June", an event's date).
# "Uppgiven födelsedag enligt Migrationsverket är 2013-01-01": the same with "är"/"is" for the colon.
_FIELD_THEN_COLON = (
    r"(?:f[öo]delsedatum|födelsedatumet|f[öo]delsedag|date of birth|birth date|birthdate|dob)"
    r"[ \t][^\d\n:.!?]{1,30}?(?::|[ \t](?:är|var|is|was)(?=[ \t]))"
)
_BIRTH_DATE = re.compile(rf"(?:{_FIELD_THEN_COLON}|{_CUE}){_FILLER}[\s:,]*(?P<date>{_DATE})")


def find_birth_dates(low: str) -> Iterator[Finding]:
    """Exact birth dates in `low` (the text in lower case); a bare date or a birth year alone is not."""
    # The cues' starts are looked for once: none found (most texts) is the answer `any_in` would give.
    starts = occurrences(low, _CUE_STARTS)
    starts.update(m.start() for m in _BARE_F.finditer(low))
    if not starts:
        return
    for m in matches_at(_BIRTH_DATE, low, starts):
        if m.start() and (low[m.start() - 1].isalnum() or low[m.start() - 1] in "_."):
            continue
        yield Finding(Kind.BIRTH_DATE, m.start("date"), m.end("date"))
