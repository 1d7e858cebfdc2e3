"""E-mail addresses that reach a person, however written (" @ ", "[at]", "snabel-a", "punkt"); not a
service's or an organisation's mailbox (phone numbers are in phones.py, handles in social.py)."""

import re
from collections.abc import Iterator
from itertools import product

from bot.privacy.descriptions import ROLE
from bot.privacy.findings import Finding, Kind
from bot.privacy.lexicon import is_dictionary_word
from bot.privacy.name_shape import is_name_shaped
from bot.privacy.namelists import name_lists
from bot.privacy.patterns import matches_at, occurrences

# The "@" may be written with spaces around it or spelled out ("[at]", "(at)", "(a)", "(snabel-a)",
# "snabel-a" alone, a word no sentence has otherwise), and the
# dots of the domain as "[dot]" or "(punkt)": people do that to keep addresses from spam robots. Those
# looser forms count only with a common top-level domain, so "is @sofia.dances" stays a handle.
_AT = r"(?: ?@ ?| ?[\[(] ?(?:at|a|snabel-?a) ?[\])] ?| +snabel-?a +)"
_AT_SIGN = re.compile(_AT, re.IGNORECASE)
_DOT = r"(?: ?\. ?| ?[\[(] ?(?:dot|punkt) ?[\])] ?)"
# The "@" and the dots of an address said in words ("anna at telia dot com").
_SPOKEN_AT = re.compile(r" +(?:at|snabel[- ]?a) +| *[\[(] ?at ?[\])] *", re.IGNORECASE)
_SPOKEN_DOT = re.compile(r" +(?:dot|punkt) +", re.IGNORECASE)
# Mailboxes and accounts of services and organisations reach no private person.
_SERVICE_WORDS = frozenset(
    {
        "info", "kontakt", "mottagning", "mottagningen", "registrator", "kansli", "expedition", "reception",
        "support", "kundtjanst", "kundtjänst", "socialtjanst", "socialtjansten", "socialtjänsten", "bou",
        "ifo", "elevhalsa", "elevhälsa", "skola", "skolan", "noreply", "admin", "post", "office",
        "servicecenter", "kontaktcenter", "kommun", "kommunen", "orosanmalan", "orosanmälan", "jour",
        "socialjour", "socialjouren", "barnahus", "fritids", "bibliotek", "biblioteket", "gymnasiet",
        "intake", "elevhalsan", "elevhälsan", "service", "services", "eht",
        # Placeholders that show an address's form: "fornamn.efternamn@kommun.se".
        "fornamn", "förnamn", "efternamn", "firstname", "lastname", "namn", "name",
    }
)  # fmt: skip
# A part that starts with one of these names a service or an organisation ("socialservices",
# "kommunensungdom", "elevhalsoteamet").
_SERVICE_STEMS = (
    "social", "elevhals", "elevhäls", "mottagning", "kansli", "kommun", "region", "skolans", "polis",
    "registrat", "kundtj", "info",
    # English services: "studenthealth", "pupilservices", "safeguarding", "wellbeing", "admissions".
    "studenthealth", "studentservice", "studentsupport", "pupilhealth", "pupilservice", "pupilsupport",
    "schoolhealth", "safeguard", "wellbeing", "admission", "enquir", "helpdesk",
)  # fmt: skip
PARTS = re.compile(r"[._+\-]")
ORGANISATION_ENDINGS = ("skolan", "skola", "kommun", "gymnasiet", "fritids", "biblioteket", "kyrkan")
# A post in the plural is a shared mailbox of everyone who holds it ("skolkuratorer", "rektorer").
_GROUP_ENDINGS = (
    "kuratorer", "rektorer", "skoterskor", "sköterskor", "pedagoger", "psykologer", "handlaggare",
    "handläggare", "counsellors", "counselors", "nurses",
)  # fmt: skip
_EMAIL_DOMAIN = re.compile(r"[\w-]+(?:\.[\w-]+)*\.[A-Za-z]{2,}(?![\w-])")
_LOOSE_EMAIL = re.compile(
    # The local part may be bracketed too: "(s.demir.80)(a)gmail(punkt)com".
    rf"(?<![\w.+-])[\w.+-]*\w\)?{_AT}[\w-]+(?:{_DOT}[\w-]+)*{_DOT}"
    # Any country's two letters ("k_nowak[at]wp.pl"), or a common generic domain.
    r"(?:[a-z]{2}|com|net|org|info|edu|biz)(?![\w-])",
    re.IGNORECASE,
)
# "anna.s at telia dot com": the "@" and the dots spelled as words, without brackets.
_WORDED_EMAIL = re.compile(
    # The "@" may be glued on in brackets ("karl(at)telia punkt com"), "snabel a" written in two words.
    r"(?<![\w.+-])[\w.+-]*\w(?: +(?:at|snabel[- ]?a) +| *[\[(] ?at ?[\])] *)"
    r"[\w-]+(?: +(?:dot|punkt) +[\w-]+)*?"
    r" +(?:dot|punkt) +(?:se|nu|com|net|org|eu|io|info|me|co|uk|de|fi|no|dk|edu)(?![\w-])",
    re.IGNORECASE,
)
_SPELLED_DOT = ("[dot]", "(dot)", "[punkt]", "(punkt)", "[ dot ]", "( dot )")
_SPELLED_AT = re.compile(r"[\[(] ?(?:at|a|snabel-?a) ?[\])]", re.IGNORECASE)


def find_emails(text: str, low: str) -> Iterator[Finding]:
    """E-mail addresses, including those written with spaces or "[at]" and "[dot]" to fool robots.

    `low` is `text` in lower case.
    """
    at = text.find("@")
    while at > 0:
        local_start = _address_run_start(text, at)
        domain = _EMAIL_DOMAIN.match(text, at + 1)
        if (
            domain
            and local_start < at
            and not _functional_mailbox(text[local_start:at])
            and not _word_mailbox(text[local_start:at], domain.group())
        ):
            yield Finding(Kind.EMAIL, local_start, domain.end())
        at = text.find("@", at + 1)
    # Every spelled "@" or "." is in brackets.
    spelled = ("[" in text or "(" in text) and (
        any(hint in low for hint in _SPELLED_DOT) or _spelled_at(text)
    )
    snabel = "snabel" in low
    if " @" in text or "@ " in text or spelled or snabel:
        starts = _local_part_starts(text)
        if snabel:
            starts |= _worded_local_part_starts(text, low)
        for m in matches_at(_LOOSE_EMAIL, text, starts):
            # "info[at]skolan.se" is a service's mailbox however it is written.
            if not _functional_mailbox(_AT_SIGN.split(m.group(), 1)[0]):
                yield Finding(Kind.EMAIL, m.start(), m.end())
    worded_at = " at " in low or "(at)" in low or "snabel" in low
    if worded_at and (" dot " in low or " punkt " in low):
        for m in matches_at(_WORDED_EMAIL, text, _worded_local_part_starts(text, low)):
            # "registrator snabel a kommunen punkt se": said aloud, a service's mailbox is still one.
            local, domain = _SPOKEN_AT.split(m.group(), 1)
            if not _functional_mailbox(local) and not _word_mailbox(local, _SPOKEN_DOT.sub(".", domain)):
                yield Finding(Kind.EMAIL, m.start(), m.end())


def _spelled_at(text: str) -> bool:
    """Whether `text` holds an "@" spelled in brackets ("[at]", "(a)"), tried at its brackets only: a search
    of the text tests every character for a bracket, slowly."""
    return any(_SPELLED_AT.match(text, at) for at in occurrences(text, "[("))


def _local_part_starts(text: str) -> set[int]:
    """Where a loosely written address may start: a run of address characters right before an "@" or a
    bracket (the spelled "[at]"), or before the space in front of one."""
    starts = set()
    for at in occurrences(text, "@[("):
        # "(s.demir.80)(a)…": back over the bracket that closes a bracketed local part.
        if at > 1 and text[at - 1] == ")":
            at -= 1
        for end in (at, at - 1) if at and text[at - 1] == " " else (at,):
            if (start := _address_run_start(text, end)) < end:
                starts.add(start)
    return starts


def _worded_local_part_starts(text: str, low: str) -> set[int]:
    """Where an address with a worded "at" may start: the run of address characters before the spaces
    in front of an "at", "snabel-a" or bracket. Tried there alone, the pattern finds what finditer finds,
    which tried it at every character of the text (and at each, every split of the run: slow)."""
    starts = set()
    for space in occurrences(low, (" at", " snabel", " [", " (", "(at)", "[at]")):
        end = space
        while end and text[end - 1] == " ":
            end -= 1
        if (start := _address_run_start(text, end)) < end:
            starts.add(start)
    return starts


def _address_run_start(text: str, end: int) -> int:
    """Start of the run of address characters (letters, digits, "_.+-") that ends at `end`."""
    start = end
    while start and (text[start - 1].isalnum() or text[start - 1] in "_.+-"):
        start -= 1
    return start


def _functional_mailbox(local: str) -> bool:
    """Whether an address's local part names a service ("mottagning.bou", "info"), not a person."""
    return any(service_part(part) for part in PARTS.split(local.lower()))


# What marks a domain as an organisation's: a label naming one ("kommun", "skolor", "school"), a public or
# academic zone (".org", ".edu", ".gov", ".ac.uk", ".sch.uk") or, under ".se", a place's name as a town
# hall registers it ("ljusvik.se", "norrby.se"). Any other domain may be anyone's: a free-mail provider at
# home or abroad ("wp.pl", "web.de", "yahoo.co.uk") or a family's own ("familjenlind.se").
_ORGANISATION_LABELS = (
    "kommun", "skol", "school", "region", "forening", "förening", "forsamling", "församling", "council",
    "college", "academy", "akademi", "gymnasi", "universit", "hogskola", "högskola", "polis", "kyrka",
    "church", "municipality",
)  # fmt: skip
_PUBLIC_ZONES = frozenset({"org", "edu", "gov", "ac", "sch", "nhs", "k12", "mil", "int"})
# Endings of Swedish place names that are rarely a surname's ("-by", "-vik", "-köping", "-sund").
_PLACE_ENDINGS = (
    "by", "vik", "sund", "koping", "köping", "stad", "borg", "hamn", "fors", "ryd", "torp", "hult", "nas",
    "näs", "lunda", "tuna", "berga", "landet",
)  # fmt: skip
_FAMILY_LABELS = ("familj", "family", "fam")


def _organisation_domain(domain: str) -> bool:
    """Whether `domain` is known to be an organisation's (see _ORGANISATION_LABELS): never by default."""
    labels = domain.lower().split(".")
    if any(label.startswith(_FAMILY_LABELS) for label in labels[:-1]):
        return False
    if any(stem in label for label in labels[:-1] for stem in _ORGANISATION_LABELS):
        return True
    if labels[-1] in _PUBLIC_ZONES or (len(labels) > 2 and labels[-2] in _PUBLIC_ZONES):
        return True
    return labels[-1] == "se" and len(labels[-2]) > 4 and labels[-2].endswith(_PLACE_ENDINGS)


# A post one person holds reaches that person: "kurator@skolan.se" (a post in the plural is a group's).
_ONE_HOLDER = re.compile(ROLE + r"(?:n|en)?")


def _word_mailbox(local: str, domain: str) -> bool:
    """Whether an organisation's address is one plain word that names no one: the mailbox of a task
    ("skolskjuts@kommun.se", "hr@school.org"), as a person's is their name or initials.

    An address is written without å, ä and ö ("falt@" for fält, "overformyndaren@"), and a class's
    mailbox ends in the class ("mentor5a@"): the word is read as written in Swedish, without the class.
    """
    low = local.lower()
    class_code = _CLASS_CODE.search(low)
    if class_code:
        low = low[: class_code.start()]
    # Shorter words are initials as often ("k@", "js@").
    if len(low) < 3 or not low.isalpha() or not _organisation_domain(domain):
        return False
    lists = name_lists()
    # "borje@" is Börje's: a name read with its Swedish letters is still a name.
    spellings = list(_with_swedish_letters(low))
    if any(w in lists.first_names or w in lists.surnames or w in lists.lowercase_names for w in spellings):
        return False
    if class_code:  # a class's mailbox belongs to whoever holds the post that year: a role's or a task's
        return low in _CLASS_MAILBOX_WORDS or bool(_ONE_HOLDER.fullmatch(low))
    if _ONE_HOLDER.fullmatch(low):
        return False
    # "amar@" read as "åmar", "nala@" as "nåla": the Swedish letters are read into a short word only when
    # its letters are not a name's ("falt" → "fält"); a long compound is a unit's ("fardtjanst").
    folded = len(low) > _SHORT_WORD or not is_name_shaped(low)
    return is_dictionary_word(low) or (folded and any(map(is_dictionary_word, spellings)))


_SHORT_WORD = 5
# The words a class's mailbox is made of: "mentor5a", "klass7b", "fritids3" (not "storm7a", "jon5b").
_CLASS_MAILBOX_WORDS = frozenset(
    {"mentor", "mentorer", "mentorerna", "klass", "klassen", "fritids", "fritidshem", "larare", "lärare",
     "lararna", "lärarna", "arbetslag", "arbetslaget", "ak", "åk", "ar", "år", "year", "class", "grade",
     "forskoleklass", "förskoleklass", "fsk", "avdelning", "avd", "grupp", "gruppen", "team", "larlag",
     "elevrad", "elevråd", "klassrad", "klassråd", "foraldrar", "föräldrar", "info", "kontakt"}
)  # fmt: skip
# A school class at the end of a mailbox's word: "mentor5a", "klass7b", "fritids3".
_CLASS_CODE = re.compile(r"\d{1,2}[a-z]?\Z")
# Where an address written without Swedish letters may have had one; a word with more is not tried.
_UNFOLDED = {"a": ("a", "å", "ä"), "o": ("o", "ö")}
_MAX_UNFOLDED = 4


def _with_swedish_letters(low: str) -> Iterator[str]:
    """`low` as written, then with its a's and o's read as å, ä or ö ("falt" → "fält")."""
    yield low
    places = [i for i, c in enumerate(low) if c in _UNFOLDED]
    if len(places) > _MAX_UNFOLDED:
        return
    for letters in product(*(_UNFOLDED[low[i]] for i in places)):
        spelled = list(low)
        for i, c in zip(places, letters, strict=True):
            spelled[i] = c
        if (word := "".join(spelled)) != low:
            yield word


def service_part(part: str) -> bool:
    return (
        part in _SERVICE_WORDS
        or part.startswith(_SERVICE_STEMS)
        or part.endswith(ORGANISATION_ENDINGS + _GROUP_ENDINGS)
        or _joined_words(part)
    )


def _joined_words(part: str) -> bool:
    """Whether a local part is two dictionary words joined by "och" ("barnochunga", "vuxenochfamilj"):
    the name of a unit. A couple's address ("annaochkarl") joins two first names, which stay personal."""
    at = part.find("och", 3)
    if not 0 < at < len(part) - 5:
        return False
    sides = (part[:at], part[at + 3 :])
    names = name_lists().first_names
    return all(is_dictionary_word(side) and side not in names for side in sides)


# An address in lower-case text, its local part and its domain's first label ("elevhalsan", "norrby").
_ADDRESS_PARTS = re.compile(r"([\w.+-]+)@([\w-]+)\.[\w.-]*[a-z]{2}")


def service_domains(low_text: str) -> set[str]:
    """The domains of the text's service mailboxes ("socialtjansten.barn@norrby.se" → "norrby"): an
    organisation's, named after its place, so the word elsewhere in the text is that place."""
    return {m[2] for m in _ADDRESS_PARTS.finditer(low_text) if _functional_mailbox(m[1])}
