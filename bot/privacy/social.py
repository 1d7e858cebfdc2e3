"""Social-media handles and profile links: "@name", "snap: name", a handle near a platform's name."""

import re
from collections.abc import Iterator

from bot.privacy import hints
from bot.privacy.emails import ORGANISATION_ENDINGS, PARTS, service_part
from bot.privacy.findings import Finding, Kind
from bot.privacy.namelists import name_lists
from bot.privacy.patterns import follows, matches_at, occurrences

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
    # Definite forms as they are said: "snappen heter …", "instan", "discorden".
    r"(?:snappen|instan|discorden|tiktoken|snapchat|snap|instagram|insta|ig|tiktok|tik|discord|kik|twitter"
    r"|telegram|twitch|youtube|facebook"
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
# Every match starts with one of these (the pattern is tried there alone, not at every character).
_ACCOUNT_STARTS = ("gamer", "tag", "user", "användarnamn", "nick", "ign")
_COMPOUND_VALUE = re.compile(
    r"\s*(?::|är|=|is)\s*(?P<handle>@?[A-Za-z0-9_][A-Za-z0-9_.]{1,29})"
    # A name in quotes: 'youtube-kanalen "Mackes Gaming Vlogg"'.
    r"|\s*(?::|är|=|is|heter|called)?\s*[\"'“”](?P<quoted>[^\"'“”\n]{2,40})[\"'“”]"
)
# "streamar på Twitch som xXNilssonGamerXx", "twitch heter nilsplayz", 'Youtube heter "Malte"', "på
# Facebook (Lina Åberg)": the account's name right after the platform and a naming word or in brackets;
# after "är"/"is" ('snapchat är "mini.nora"') only a quoted name or a handle's shape.
_NAMED_ON_PLATFORM = re.compile(
    r"\s+(?P<cue>heter|hette|called|named|som|as|är|var|is|was)\s+"
    r"(?:[\"'“”](?P<quoted>[^\"'“”\n]{2,40})[\"'“”]|(?P<handle>@?[A-Za-z0-9_][A-Za-z0-9_.-]{2,29}))"
    r"|\s*\((?P<bracketed>[^()\n]{2,40})\)"
)
_SHAPE_CUES = frozenset({"som", "as", "är", "var", "is", "was"})
# Discord's old tags, "shadowgirl#4471": a shape nothing else has.
_DISCORD_TAG = re.compile(r"(?<![\w#])[A-Za-z0-9_.]{2,32}#\d{4}(?!\w)")
# Every platform word starts with one of these.
_PLATFORM_STARTS = (
    "snap", "insta", "ig", "tik", "discord", "kik", "twit", "telegram", "youtube", "facebook", "fb", "wickr",
    "threads", "bereal", "roblox", "steam", "psn", "xbox", "kick", "reddit", "vsco", "pinterest", "bluesky",
    "fortnite", "minecraft",
)  # fmt: skip
# A handle has a digit or an underscore, or humps of capitals inside ("LinusGamerSWE").
# Swedish letters count too: people write a handle as they say it ("sötaste_bullen").
_HANDLE_SHAPE = re.compile(
    r"(?<![\w@./])(?:(?=[\w.]*[A-Za-zåäöÅÄÖ]{2})(?=[\w.]*[_\d])[A-Za-z0-9_åäöÅÄÖ][\w.]{2,29}"
    r"|[A-Z][a-z]+(?:[A-Z][a-z]*){1,4}[A-Z0-9]*)(?![\w@/])"
)
_NEAR_PLATFORM = 30
# Pupils of a year said by its number: "4or", "5:orna", "sexorna" is a word; "the 9th".
_YEAR_GROUP = re.compile(r"\d{1,2}:?(?:or|orna|an|ans|th|st|nd|rd)", re.IGNORECASE)
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


def find_social_media(text: str, low: str, common_words: frozenset[str]) -> Iterator[Finding]:
    """Profile links, @handles, "snap: name" labels and handle-shaped words near a platform name.

    `low` is `text` in lower case.
    """
    if "/" in text and hints.any_in(low, _PROFILE_DOMAINS):  # every link has a "/"
        yield from _profile_links(text)
    at_signs = {at for at in occurrences(text, "@") if not follows(text, at, "@.<")}
    for m in matches_at(_AT_HANDLE, text, at_signs):
        handle = m["handle"].lower()
        # "@kuratorn" addresses a role, not an account; real handles are not plain words.
        if handle not in _NOT_HANDLES and handle not in common_words and not _organisation_account(handle):
            yield Finding(_mention_kind(m["handle"]), m.start(), m.end())
    if hints.any_in(low, _ACCOUNT_HINTS):
        # A label inside a word fails the pattern's look-behind at once: those starts are not tried.
        starts = [at for at in hints.occurrences(low, _ACCOUNT_STARTS) if not follows(low, at, "")]
        for m in matches_at(_ACCOUNT_LABEL, low, starts):
            yield Finding(
                Kind.SOCIAL_MEDIA, m.start("handle"), m.end("handle") - _trailing_punctuation(m["handle"])
            )
    # The platform words are found in the lower-cased text, which keeps the normalised text's offsets.
    for platform in _platform_words(low):
        start, end = platform.span()
        if platform["label"] and (value := _COMPOUND_VALUE.match(text, end)):
            # "discordnamnet är x", "snapkontot: x": the word after a named account is the account.
            group = "handle" if value["handle"] else "quoted"
            yield Finding(
                Kind.SOCIAL_MEDIA, value.start(group), value.end(group) - _trailing_punctuation(value[group])
            )
        else:
            yield from _named_on_platform(text, end, common_words)
            yield from _handles_near_platform(text, start, end)
    if "#" in text:
        for m in _DISCORD_TAG.finditer(text):
            yield Finding(Kind.SOCIAL_MEDIA, m.start(), m.end())


def _platform_words(low: str) -> Iterator[re.Match[str]]:
    """The platform words that start a word, as `matches_at` would find them at every occurrence and the
    caller then skip those inside a word ("mig", "politik"), which hide the starts they cover all the same.

    Such a match holds letters only, perhaps with one hyphen after the platform's name: unless a hyphen
    follows with no space before it, it stays within its run of letters and hides no start of a word.
    """
    end = 0
    for start in sorted(hints.occurrences(low, _PLATFORM_STARTS)):
        if start < end:
            continue
        inside = start and low[start - 1].isalnum()
        if inside and ((hyphen := low.find("-", start)) == -1 or low.find(" ", start, hyphen) != -1):
            continue
        if m := _PLATFORM_WORD.match(low, start):
            end = m.end()
            if not inside:
                yield m


def _mention_kind(handle: str) -> Kind:
    """ "@Sofia can you check …": a capitalised first name after "@" mentions a person in the chat by name;
    an account's handle is written otherwise ("@mini.nora", "@LinusGamerSWE")."""
    if handle[0].isupper() and handle[1:].islower() and handle.lower() in name_lists().first_names:
        return Kind.PERSON_NAME
    return Kind.SOCIAL_MEDIA


def _named_on_platform(text: str, end: int, common: frozenset[str]) -> Iterator[Finding]:
    if not (m := _NAMED_ON_PLATFORM.match(text, end)):
        return
    group = next(g for g in ("quoted", "handle", "bracketed") if m[g])
    value = m[group]
    # After "som"/"as" only a handle's shape counts ("på Twitch som streamer" is a job, not a name).
    shaped = any(c.isdigit() or c == "_" for c in value) or any(c.isupper() for c in value[1:])
    if group == "handle" and (value.lower() in common or (m["cue"] in _SHAPE_CUES and not shaped)):
        return
    yield Finding(Kind.SOCIAL_MEDIA, m.start(group), m.end(group) - _trailing_punctuation(value))


def _organisation_account(handle: str) -> bool:
    """Whether a handle is a school's or an organisation's account ("@berzeliusskolan")."""
    return handle.endswith(ORGANISATION_ENDINGS) or any(service_part(p) for p in PARTS.split(handle))


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
        if _YEAR_GROUP.fullmatch(m.group()):  # "skrivit till flera 4or": pupils of a year, no handle
            continue
        yield Finding(Kind.SOCIAL_MEDIA, m.start(), m.end() - _trailing_punctuation(m.group()))


def _trailing_punctuation(matched: str) -> int:
    return len(matched) - len(matched.rstrip(".,!?:;"))
