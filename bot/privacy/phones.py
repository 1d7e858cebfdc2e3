"""Phone numbers that reach a person, not a service (e-mail addresses are in emails.py)."""

import re
from collections.abc import Iterator

import phonenumbers

from bot.privacy.findings import Finding, Kind
from bot.privacy.patterns import follows

# Candidate numbers start like a phone number (0, +CC, 00CC) so dates and case numbers never reach
# phonenumbers, which would accept many of them.
# The patterns start with the number itself (so the regex engine can skip to it); what stands before a
# number is checked in Python.
_PHONE_CANDIDATE = re.compile(r"[+(0][\d \-/().]{5,19}\d(?![\w]|\.\d)")
_PHONE_START = re.compile(r"\+ ?\d|00 ?\d|\(?0")
_GROUP_BREAK = re.compile(r"[ \-/.]+")
# A date written with dots or slashes ("01.12.2026") also looks like an area code and a number.
_DATE_SHAPE = re.compile(r"\d{1,2}[./]\d{1,2}[./]\d{2,4}")
# Clock times and their ranges ("08.15-09.45") start with 0 too.
_TIME_SHAPE = re.compile(r"\d{1,2}[.:]\d\d(?: ?- ?\d{1,2}[.:]\d\d)?")
# Numbers of services (toll-free, shared-cost, premium rate) reach no
# private person.
_SERVICE_TYPES = frozenset(
    {
        phonenumbers.PhoneNumberType.TOLL_FREE,
        phonenumbers.PhoneNumberType.SHARED_COST,
        phonenumbers.PhoneNumberType.PREMIUM_RATE,
    }
)
# A fixed-line number right after one of these words belongs to an organisation ("kommunens växel").
_ORGANISATION_CUES = re.compile(
    r"(?:växel|växeln|vx|switchboard|reception|receptionen|kundtjänst|jour|jouren|expedition|expeditionen"
    r"|mottagning|mottagningen|linjen|centralen|kommun|kommunen|kommuns|regionen|helpline|hotline|information"
    r"|upplysningen|vårdguiden|polisen|tipstelefon|office|kontoret)"
    r"(?:[\s:,]+(?:på|nås|nummer|tel\.?|telefon|är|is|still|at|on|number|har|numret)){0,3}[\s:,]*\Z",
    re.IGNORECASE,
)
_CUE_LOOK_BACK = 40
# A number in a sentence about a service ("Socialjouren efter 17: 08-…", "ring mottagningsgruppen på …
# (växel)") belongs to that service, unless the sentence also ties it to a person ("mammans mobil").
_SERVICE_SENTENCE = re.compile(
    r"växel|jour|mottagning|telefontid|expedition|reception|stödtelefon|stödlinje|hjälplinje|linjen\b"
    r"|kundtjänst|helpline|hotline|switchboard|krismobil|kansli|upplysning|vårdguiden|länsstyrelse"
    # Children's and crisis lines abroad: "Childline is 0800 …", "Lifeline".
    r"|childline|lifeline|careline|textline|parentline"
    r"|myndighet|medmänniska|bemannas|öppettid|kontorstid|dygnet runt|\bintake\b|\boffice\b"
    r"|kontaktcenter|kompetensteam|nationella|national|kopplar (?:er|dig|oss) vidare|vaktmästeri|sekretariat"
    # A compound for a central service ("Giftinformationscentralen", "larmcentralen"), not the station.
    r"|\w{3}centralen\b"
    r"|\b(?:skolans|kommunens|regionens|förvaltningens) (?:telefon|nummer|mobil)"
    r"|\b(?:av|från|by|from) (?:kommunen|regionen|växeln|the council|the municipality)\b"
)
_PERSON_SENTENCE = re.compile(
    r"\b(?:mamma\w*|pappa\w*|förälder|föräldr\w*|vårdnadshavar\w*|hans|hennes|his|her|mum\w*|mom\w*"
    r"|dad\w*|mother\w*|father\w*|privat\w*|hem|hemma|bror\w*|syster\w*|moster|morbror|farbror|faster"
    r"|mormor|morfar|farmor|farfar|styv\w+|bonus\w+|familjen\w*|eleven\w*|barnet\w*|kusin\w*|grann\w*"
    r"|pojken\w*|flickan\w*|tjejen\w*|killen\w*)\b"
)
# Every match of _SERVICE_SENTENCE holds one of these: a sentence without any (most) is not searched.
_SERVICE_HINTS = (
    "växel", "jour", "mottagning", "telefontid", "expedition", "reception", "stödtelefon", "stödlinje",
    "hjälplinje", "linjen", "kundtjänst", "helpline", "hotline", "switchboard", "krismobil", "kansli",
    "upplysning", "vårdguiden", "länsstyrelse", "myndighet", "medmänniska", "bemannas", "öppettid",
    "kontorstid", "dygnet runt", "intake", "office", "kontaktcenter", "kompetensteam", "national", "kopplar ",
    "vaktmästeri", "sekretariat", "skolans ", "kommunens ", "regionens ", "förvaltningens ", "kommunen",
    "regionen", "the council", "the municipality", "centralen", "childline", "lifeline", "careline",
    "textline", "parentline",
)  # fmt: skip
_SENTENCE_END = re.compile(r"[.!?]\s|\n")
_SENTENCE_REACH = 120
# After these words a number written without its leading 0 ("mobil 70 123 45 67") is still a phone.
# The numbers are found first (digits are rare in text), then the words before them are read.
_NUMBER_WITHOUT_ZERO = re.compile(r"[1-9]\d(?:[ \-]?\d){6,8}(?![\w]|[.,]\d)")
_PHONE_CUE_BEFORE = re.compile(
    r"(?<![\w])(?:mobil|mobilnummer|mobilnr|mobilen|tel|telefon|telefonnummer|telnr|nummer|nr|sms|ring|phone|mobile|cell)"
    r"\.?[\s:]*(?:på|till|är|nr|nummer)?[\s:]*\Z",
    re.IGNORECASE,
)


def _personal_phone(candidate: str, text: str, start: int) -> bool | None:
    """True for a valid personal number, False for a service's, None when it does not parse as valid."""
    try:
        number = phonenumbers.parse(candidate, "SE")
    except phonenumbers.NumberParseException:
        return None
    # number_type is UNKNOWN exactly when is_valid_number is false: both ask the same metadata, and
    # asking once saves a third of the time phonenumbers takes.
    kind = phonenumbers.number_type(number)
    if kind == phonenumbers.PhoneNumberType.UNKNOWN:
        return None
    if kind in _SERVICE_TYPES or _in_service_sentence(text, start):
        return False
    if kind == phonenumbers.PhoneNumberType.MOBILE:
        return True
    return not _ORGANISATION_CUES.search(text, max(0, start - _CUE_LOOK_BACK), start)


def _foreign_after_cue(candidate: str, text: str, start: int) -> bool:
    """ "cell: +44 7700 912 334": a number with a country code after a phone word, even one that
    phonenumbers does not know (its tables lag behind new and foreign number ranges)."""
    digits = sum(c.isdigit() for c in candidate)
    return (
        candidate.startswith(("+", "00"))
        and 9 <= digits <= 15
        and bool(_PHONE_CUE_BEFORE.search(text, max(0, start - _CUE_LOOK_BACK), start))
    )


def _in_service_sentence(text: str, start: int) -> bool:
    """Whether the sentence around `start` is about a service and names no person a number could be."""
    begin = max(0, start - _SENTENCE_REACH)
    for m in _SENTENCE_END.finditer(text, begin, start):
        begin = m.end()
    end_match = _SENTENCE_END.search(text, start, start + _SENTENCE_REACH)
    sentence = text[begin : end_match.start() if end_match else start + _SENTENCE_REACH].lower()
    service = any(hint in sentence for hint in _SERVICE_HINTS) and _SERVICE_SENTENCE.search(sentence)
    return bool(service) and not _PERSON_SENTENCE.search(sentence)


def find_phones(text: str) -> Iterator[Finding]:
    """Phone numbers that `phonenumbers` accepts as valid (Swedish by default, or with +CC)."""
    for m in _PHONE_CANDIDATE.finditer(text):
        start, candidate = m.start(), m.group()
        if (
            follows(text, start, "+(.")
            or (start > 1 and text[start - 1] in "-/" and text[start - 2].isdigit())
            or not _PHONE_START.match(candidate)
            or _DATE_SHAPE.fullmatch(candidate)
            or _TIME_SHAPE.fullmatch(candidate)
        ):
            continue
        # The candidate may run on into an unrelated number; drop trailing groups until it parses.
        for _ in range(3):
            verdict = _personal_phone(candidate, text, start)
            if verdict is not None:
                if verdict:
                    yield Finding(Kind.PHONE, start, start + len(candidate.rstrip(" -/(.")))
                break
            parts = list(_GROUP_BREAK.finditer(candidate))
            if not parts:
                break
            candidate = candidate[: parts[-1].start()]
        else:
            if _foreign_after_cue(m.group(), text, start):
                yield Finding(Kind.PHONE, start, m.end())
    for m in _NUMBER_WITHOUT_ZERO.finditer(text):
        if follows(text, m.start(), "+-."):
            continue
        cued = _PHONE_CUE_BEFORE.search(text, max(0, m.start() - _CUE_LOOK_BACK), m.start())
        if cued and _personal_phone("0" + m.group(), text, cued.start()):
            yield Finding(Kind.PHONE, m.start(), m.end())
