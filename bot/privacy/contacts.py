"""Ways to reach a person: phone numbers, e-mail addresses and social-media handles."""

import re
from collections.abc import Iterator

import phonenumbers

from bot.privacy.findings import Finding, Kind
from bot.privacy.patterns import matches_at, occurrences

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
    r"|myndighet|medmänniska|bemannas|öppettid|kontorstid|dygnet runt|\bintake\b|\boffice\b"
    r"|kontaktcenter|kompetensteam|nationella|kopplar (?:er|dig|oss) vidare"
    r"|\b(?:skolans|kommunens|regionens|förvaltningens) (?:telefon|nummer|mobil)"
)
_PERSON_SENTENCE = re.compile(
    r"\b(?:mamma\w*|pappa\w*|förälder|föräldr\w*|vårdnadshavar\w*|hans|hennes|his|her|mum\w*|mom\w*"
    r"|dad\w*|mother\w*|father\w*|privat\w*|hem|hemma|bror\w*|syster\w*|moster|morbror|farbror|faster"
    r"|mormor|morfar|farmor|farfar|styv\w+|bonus\w+|familjen\w*|eleven\w*|barnet\w*|kusin\w*|grann\w*"
    r"|pojken\w*|flickan\w*|tjejen\w*|killen\w*)\b"
)
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

# The "@" may be written with spaces around it or spelled out ("[at]", "(at)", "(snabel-a)"), and the
# dots of the domain as "[dot]" or "(punkt)": people do that to keep addresses from spam robots. Those
# looser forms count only with a common top-level domain, so "is @sofia.dances" stays a handle.
_AT = r"(?: ?@ ?| ?[\[(] ?(?:at|snabel-?a) ?[\])] ?)"
_DOT = r"(?: ?\. ?| ?[\[(] ?(?:dot|punkt) ?[\])] ?)"
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
)  # fmt: skip
_PARTS = re.compile(r"[._+\-]")
_ORGANISATION_ENDINGS = ("skolan", "skola", "kommun", "gymnasiet", "fritids", "biblioteket", "kyrkan")
_EMAIL_DOMAIN = re.compile(r"[\w-]+(?:\.[\w-]+)*\.[A-Za-z]{2,}(?![\w-])")
_LOOSE_EMAIL = re.compile(
    rf"(?<![\w.+-])[\w.+-]*\w{_AT}[\w-]+(?:{_DOT}[\w-]+)*{_DOT}"
    r"(?:se|nu|com|net|org|eu|io|info|me|co|uk|de|fi|no|dk|edu)(?![\w-])",
    re.IGNORECASE,
)
# "anna.s at telia dot com": the "@" and the dots spelled as words, without brackets.
_WORDED_EMAIL = re.compile(
    r"(?<![\w.+-])[\w.+-]*\w +(?:at|snabel-?a|[\[(] ?at ?[\])]) +[\w-]+(?: +(?:dot|punkt) +[\w-]+)*?"
    r" +(?:dot|punkt) +(?:se|nu|com|net|org|eu|io|info|me|co|uk|de|fi|no|dk|edu)(?![\w-])",
    re.IGNORECASE,
)
_SPELLED_DOT = ("[dot]", "(dot)", "[punkt]", "(punkt)", "[ dot ]", "( dot )")
_SPELLED_AT = re.compile(r"[\[(] ?(?:at|snabel-?a) ?[\])]", re.IGNORECASE)
# Profile links are found from their ".com/" (cheap to search for), then read backwards for the site
# and forwards for the profile path.
_TLD_SLASH = re.compile(r"\.(?:com|am|be|tv|gg|net|co|me)/", re.IGNORECASE)
_SITE_BEFORE_TLD = re.compile(
    r"(?<![\w.])(?:https?://)?(?:www\.|m\.|vm\.)?"
    r"(?:instagram|instagr|tiktok|snapchat|facebook|fb|twitter|x|youtube|youtu|twitch|discord|linkedin|reddit"
    r"|threads|kick|pinterest|vsco|t|wa|roblox|steamcommunity)\Z",
    re.IGNORECASE,
)
_PROFILE_PATH = re.compile(r"[^\s<>\"')\]]+")
_SITE_LOOK_BACK = 30
# "<@U123>" is a Slack mention of a workspace member, not a child's handle.
# Matched at each "@"; the character before it (no word character, "@", "." or "<") is checked in Python.
_AT_HANDLE = re.compile(r"@(?P<handle>[A-Za-z0-9_](?:[A-Za-z0-9_.]{0,29}[A-Za-z0-9_])?)")
# "snap: name", "insta-namn: name", "tiktok: @name" right after a platform word.
_LABEL = re.compile(
    r"(?:[ -]?(?:namn|name|konto|account|användarnamn|username|handle))?\s*:\s*"
    r"(?P<handle>@?[A-Za-z0-9_][A-Za-z0-9_.]{1,29})",
    re.IGNORECASE,
)
# A platform's name as a word of its own ("snap: x", "insta-namn x"), or glued to a label
# ("discordnamnet är x"); lower case, matched on the lower-cased text.
_PLATFORM_WORD = re.compile(
    r"(?:snapchat|snap|instagram|insta|ig|tiktok|tik|discord|kik|twitter|telegram|twitch|youtube|facebook"
    r"|fb|wickr|threads|bereal|roblox|steam|psn|xbox|kick|reddit|vsco|pinterest|bluesky|fortnite|minecraft)"
    r"(?:-?(?P<label>namnet|namn|kontot|konto|användarnamnet|användarnamn|nicket|nick|profilen|profil|kanalen"
    r"|kanal|channel)"
    r"|-[^\W\d_]+)?(?![\w])"
)
# "his tag is liamgames_11", "användarnamnet: ..." without a platform: a handle-shaped value (a digit or
# an underscore) after a word for an account name.
_ACCOUNT_LABEL = re.compile(
    r"(?<![\w])(?:gamer ?tag|tag|username|user name|användarnamn(?:et)?|nick(?:et|name)?|ign)"
    r"\s*(?:is|är|=|:)\s*['\"]?(?P<handle>@?(?=[a-z0-9_.]*[_\d])[a-z0-9_][a-z0-9_.]{2,29})"
)
_ACCOUNT_HINTS = ("tag", "username", "user name", "användarnamn", "nick", "ign")
_COMPOUND_VALUE = re.compile(
    r"\s*(?::|är|=|is)\s*(?P<handle>@?[A-Za-z0-9_][A-Za-z0-9_.]{1,29})"
    # A name in quotes: 'youtube-kanalen "Mackes Gaming Vlogg"'.
    r"|\s*(?::|är|=|is|heter|called)?\s*[\"'“”](?P<quoted>[^\"'“”\n]{2,40})[\"'“”]"
)
# Discord's old tags, "shadowgirl#4471": a shape nothing else has.
_DISCORD_TAG = re.compile(r"(?<![\w#])[A-Za-z0-9_.]{2,32}#\d{4}(?!\w)")
# Every platform word starts with one of these.
_PLATFORM_STARTS = (
    "snap", "insta", "ig", "tik", "discord", "kik", "twit", "telegram", "youtube", "facebook", "fb", "wickr",
    "threads", "bereal", "roblox", "steam", "psn", "xbox", "kick", "reddit", "vsco", "pinterest", "bluesky",
    "fortnite", "minecraft",
)  # fmt: skip
# A handle has a digit or an underscore, or humps of capitals inside ("LinusGamerSWE").
_HANDLE_SHAPE = re.compile(
    r"(?<![\w@./])(?:(?=[A-Za-z0-9_.]*[A-Za-z]{2})(?=[A-Za-z0-9_.]*[_\d])[A-Za-z0-9_][A-Za-z0-9_.]{2,29}"
    r"|[A-Z][a-z]+(?:[A-Z][a-z]*){1,4}[A-Z0-9]*)(?![\w@/])"
)
_NEAR_PLATFORM = 30
# Platforms and products written in camel case, which a handle's shape would otherwise match.
_BRANDS = frozenset(
    {
        "youtube", "tiktok", "snapchat", "instagram", "facebook", "whatsapp", "linkedin", "playstation",
        "facetime", "bereal", "onlyfans", "messenger", "discord", "twitch", "roblox", "minecraft", "fortnite",
        "xbox", "steam", "spotify", "netflix", "imessage", "iphone", "ipad", "macbook", "chromebook",
    }
)  # fmt: skip
_NOT_HANDLES = frozenset({"here", "channel", "everyone"})
# Cheap substring tests on the lower-cased text that let most texts skip the slower patterns.
_PROFILE_DOMAINS = (
    "instagram.", "instagr.am", "tiktok.", "snapchat.", "facebook.", "fb.com", "twitter.", "x.com",
    "youtube.",
    "youtu.be", "twitch.", "discord.", "linkedin.", "reddit.", "threads.", "kick.", "pinterest.", "vsco.",
    "t.me", "wa.me", "roblox.", "steamcommunity.",
)  # fmt: skip


def _follows(text: str, start: int, marks: str) -> bool:
    """Whether the character before `start` is a letter, a digit, an underscore or one of `marks`."""
    if start == 0:
        return False
    before = text[start - 1]
    return before.isalnum() or before == "_" or before in marks


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


def _in_service_sentence(text: str, start: int) -> bool:
    """Whether the sentence around `start` is about a service and names no person a number could be."""
    begin = max(0, start - _SENTENCE_REACH)
    for m in _SENTENCE_END.finditer(text, begin, start):
        begin = m.end()
    end_match = _SENTENCE_END.search(text, start, start + _SENTENCE_REACH)
    sentence = text[begin : end_match.start() if end_match else start + _SENTENCE_REACH].lower()
    return bool(_SERVICE_SENTENCE.search(sentence)) and not _PERSON_SENTENCE.search(sentence)


def find_phones(text: str) -> Iterator[Finding]:
    """Phone numbers that `phonenumbers` accepts as valid (Swedish by default, or with +CC)."""
    for m in _PHONE_CANDIDATE.finditer(text):
        start, candidate = m.start(), m.group()
        if (
            _follows(text, start, "+(.")
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
    for m in _NUMBER_WITHOUT_ZERO.finditer(text):
        if _follows(text, m.start(), "+-."):
            continue
        cued = _PHONE_CUE_BEFORE.search(text, max(0, m.start() - _CUE_LOOK_BACK), m.start())
        if cued and _personal_phone("0" + m.group(), text, cued.start()):
            yield Finding(Kind.PHONE, m.start(), m.end())


def find_emails(text: str, low: str) -> Iterator[Finding]:
    """E-mail addresses, including those written with spaces or "[at]" and "[dot]" to fool robots.

    `low` is `text` in lower case.
    """
    at = text.find("@")
    while at > 0:
        local_start = at
        while local_start > 0 and (text[local_start - 1].isalnum() or text[local_start - 1] in "._+-"):
            local_start -= 1
        domain = _EMAIL_DOMAIN.match(text, at + 1)
        if domain and local_start < at and not _functional_mailbox(text[local_start:at]):
            yield Finding(Kind.EMAIL, local_start, domain.end())
        at = text.find("@", at + 1)
    # Every spelled "@" or "." is in brackets.
    spelled = ("[" in text or "(" in text) and (
        any(hint in low for hint in _SPELLED_DOT) or _SPELLED_AT.search(text)
    )
    if " @" in text or "@ " in text or spelled:
        for m in matches_at(_LOOSE_EMAIL, text, _local_part_starts(text)):
            yield Finding(Kind.EMAIL, m.start(), m.end())
    worded_at = " at " in low or "(at)" in low or "snabel" in low
    if worded_at and (" dot " in low or " punkt " in low):
        for m in _WORDED_EMAIL.finditer(text):
            yield Finding(Kind.EMAIL, m.start(), m.end())


def _local_part_starts(text: str) -> set[int]:
    """Where a loosely written address may start: a run of address characters right before an "@" or a
    bracket (the spelled "[at]"), or before the space in front of one."""
    starts = set()
    for at in occurrences(text, "@[("):
        for end in (at, at - 1) if at and text[at - 1] == " " else (at,):
            start = end
            while start and (text[start - 1].isalnum() or text[start - 1] in "_.+-"):
                start -= 1
            if start < end:
                starts.add(start)
    return starts


def _functional_mailbox(local: str) -> bool:
    """Whether an address's local part names a service ("mottagning.bou", "info"), not a person."""
    return any(_service_part(part) for part in _PARTS.split(local.lower()))


def _service_part(part: str) -> bool:
    return part in _SERVICE_WORDS or part.startswith(_SERVICE_STEMS) or part.endswith(_ORGANISATION_ENDINGS)


def find_social_media(text: str, low: str, common_words: frozenset[str]) -> Iterator[Finding]:
    """Profile links, @handles, "snap: name" labels and handle-shaped words near a platform name.

    `low` is `text` in lower case.
    """
    if "/" in text and any(domain in low for domain in _PROFILE_DOMAINS):  # every link has a "/"
        yield from _profile_links(text)
    at_signs = {at for at in occurrences(text, "@") if not _follows(text, at, "@.<")}
    for m in matches_at(_AT_HANDLE, text, at_signs):
        handle = m["handle"].lower()
        # "@kuratorn" addresses a role, not an account; real handles are not plain words.
        if handle not in _NOT_HANDLES and handle not in common_words and not _organisation_account(handle):
            yield Finding(Kind.SOCIAL_MEDIA, m.start(), m.end())
    if any(hint in low for hint in _ACCOUNT_HINTS):
        for m in _ACCOUNT_LABEL.finditer(low):
            yield Finding(
                Kind.SOCIAL_MEDIA, m.start("handle"), m.end("handle") - _trailing_punctuation(m["handle"])
            )
    # The platform words are found in the lower-cased text, which keeps the normalised text's offsets.
    for platform in matches_at(_PLATFORM_WORD, low, occurrences(low, _PLATFORM_STARTS)):
        start, end = platform.span()
        if start and low[start - 1].isalnum():
            continue
        if platform["label"] and (m := _COMPOUND_VALUE.match(text, end)):
            # "discordnamnet är x", "snapkontot: x": the word after a named account is the account.
            group = "handle" if m["handle"] else "quoted"
            yield Finding(Kind.SOCIAL_MEDIA, m.start(group), m.end(group) - _trailing_punctuation(m[group]))
        else:
            yield from _handles_near_platform(text, start, end)
    if "#" in text:
        for m in _DISCORD_TAG.finditer(text):
            yield Finding(Kind.SOCIAL_MEDIA, m.start(), m.end())


def _organisation_account(handle: str) -> bool:
    """Whether a handle is a school's or an organisation's account ("@berzeliusskolan")."""
    return handle.endswith(_ORGANISATION_ENDINGS) or any(_service_part(p) for p in _PARTS.split(handle))


def _profile_links(text: str) -> Iterator[Finding]:
    for tld in _TLD_SLASH.finditer(text):
        site = _SITE_BEFORE_TLD.search(text, max(0, tld.start() - _SITE_LOOK_BACK), tld.start())
        path = _PROFILE_PATH.match(text, tld.end())
        if site and path:
            yield Finding(Kind.SOCIAL_MEDIA, site.start(), path.end() - _trailing_punctuation(path.group()))


def _handles_near_platform(text: str, start: int, end: int) -> Iterator[Finding]:
    if label := _LABEL.match(text, end):
        handle_end = label.end("handle") - _trailing_punctuation(label["handle"])
        yield Finding(Kind.SOCIAL_MEDIA, label.start("handle"), handle_end)
    # The window reaches a whole handle past the limit so a handle is never cut short.
    window_start = max(0, start - _NEAR_PLATFORM)
    for m in _HANDLE_SHAPE.finditer(text, window_start, end + 2 * _NEAR_PLATFORM):
        if m.start() > end + _NEAR_PLATFORM:
            break
        if m.group().lower() in _BRANDS:  # "Snapchat och TikTok": the platforms themselves
            continue
        yield Finding(Kind.SOCIAL_MEDIA, m.start(), m.end() - _trailing_punctuation(m.group()))


def _trailing_punctuation(matched: str) -> int:
    return len(matched) - len(matched.rstrip(".,!?:;"))
