"""Ways to reach a person: phone numbers, e-mail addresses and social-media handles."""

import re
from collections.abc import Iterator

import phonenumbers

from bot.privacy.findings import Finding, Kind
from bot.privacy.tokens import Token

# Candidate numbers start like a phone number (0, +CC, 00CC) so dates and case numbers never reach
# phonenumbers, which would accept many of them.
_PHONE_CANDIDATE = re.compile(r"(?<![\w+(])(?:\+ ?\d|00 ?\d|\(?0)[\d \-–/()]{5,18}\d(?![\w])")
_GROUP_BREAK = re.compile(r"[ \-–/]+")
_EMAIL = re.compile(
    r"(?<![\w.+-])[\w.+-]+(?:@| ?\(at\) ?| ?\[at\] ?)[\w-]+(?:\.[\w-]+)*\.[A-Za-z]{2,}(?![\w-])"
)
# Profile links are found from their ".com/" (cheap to search for), then read backwards for the site
# and forwards for the profile path.
_TLD_SLASH = re.compile(r"\.(?:com|am|be|tv|gg|net|co|me)/", re.IGNORECASE)
_SITE_BEFORE_TLD = re.compile(
    r"(?<![\w.])(?:https?://)?(?:www\.|m\.|vm\.)?"
    r"(?:instagram|instagr|tiktok|snapchat|facebook|fb|twitter|x|youtube|youtu|twitch|discord|linkedin|reddit"
    r"|threads|kick|pinterest|vsco|t|wa)\Z",
    re.IGNORECASE,
)
_PROFILE_PATH = re.compile(r"[^\s<>\"')\]]+")
_SITE_LOOK_BACK = 30
# "<@U123>" is a Slack mention of a workspace member, not a child's handle.
_EMAIL_DOMAIN = re.compile(r"[\w-]+(?:\.[\w-]+)*\.[A-Za-z]{2,}(?![\w-])")
_AT_HANDLE = re.compile(r"(?<![\w@.<])@(?P<handle>[A-Za-z0-9_](?:[A-Za-z0-9_.]{0,29}[A-Za-z0-9_])?)")
# Platform words, found among the text's word tokens.
_PLATFORMS = frozenset(
    {
        "snap", "snapchat", "insta", "instagram", "ig", "tiktok", "tik", "discord", "kik", "twitter",
        "telegram", "twitch", "youtube", "facebook", "fb", "wickr", "threads", "bereal", "roblox", "steam",
        "psn", "xbox",
    }
)  # fmt: skip
# "snap: name", "insta-namn: name", "tiktok: @name" right after a platform word.
_LABEL = re.compile(
    r"(?:[ -]?(?:namn|name|konto|account|användarnamn|username|handle))?\s*:\s*"
    r"(?P<handle>@?[A-Za-z0-9_][A-Za-z0-9_.]{1,29})",
    re.IGNORECASE,
)
_HANDLE_SHAPE = re.compile(
    r"(?<![\w@./])(?=[A-Za-z0-9_.]*[A-Za-z]{2})(?=[A-Za-z0-9_.]*[_\d])[A-Za-z0-9_][A-Za-z0-9_.]{2,29}(?![\w@/])"
)
_NEAR_PLATFORM = 30
_NOT_HANDLES = frozenset({"here", "channel", "everyone"})
# Cheap substring tests on the lower-cased text that let most texts skip the slower patterns.
_PROFILE_DOMAINS = (
    "instagram.", "instagr.am", "tiktok.", "snapchat.", "facebook.", "fb.com", "twitter.", "x.com",
    "youtube.",
    "youtu.be", "twitch.", "discord.", "linkedin.", "reddit.", "threads.", "kick.", "pinterest.", "vsco.",
    "t.me", "wa.me",
)  # fmt: skip


def _valid_phone(candidate: str) -> bool:
    try:
        number = phonenumbers.parse(candidate, "SE")
    except phonenumbers.NumberParseException:
        return False
    return phonenumbers.is_valid_number(number)


def find_phones(text: str) -> Iterator[Finding]:
    """Phone numbers that `phonenumbers` accepts as valid (Swedish by default, or with +CC)."""
    for m in _PHONE_CANDIDATE.finditer(text):
        start, candidate = m.start(), m.group()
        # The candidate may run on into an unrelated number; drop trailing groups until it parses.
        for _ in range(3):
            if _valid_phone(candidate):
                yield Finding(Kind.PHONE, start, start + len(candidate.rstrip(" -–/(")))
                break
            parts = list(_GROUP_BREAK.finditer(candidate))
            if not parts:
                break
            candidate = candidate[: parts[-1].start()]


def find_emails(text: str) -> Iterator[Finding]:
    """E-mail addresses, including the "(at)" spelling."""
    if "(at)" in text or "[at]" in text:
        for m in _EMAIL.finditer(text):
            yield Finding(Kind.EMAIL, m.start(), m.end())
        return
    at = text.find("@")
    while at > 0:
        local_start = at
        while local_start > 0 and (text[local_start - 1].isalnum() or text[local_start - 1] in "._+-"):
            local_start -= 1
        domain = _EMAIL_DOMAIN.match(text, at + 1)
        if domain and local_start < at:
            yield Finding(Kind.EMAIL, local_start, domain.end())
        at = text.find("@", at + 1)


def find_social_media(text: str, tokens: list[Token], common_words: frozenset[str]) -> Iterator[Finding]:
    """Profile links, @handles, "snap: name" labels and handle-shaped words near a platform name."""
    low = text.lower()
    if any(domain in low for domain in _PROFILE_DOMAINS):
        yield from _profile_links(text)
    if "@" in text:
        for m in _AT_HANDLE.finditer(text):
            handle = m["handle"].lower()
            # "@kuratorn" addresses a role, not an account; real handles are not plain words.
            if handle not in _NOT_HANDLES and handle not in common_words:
                yield Finding(Kind.SOCIAL_MEDIA, m.start(), m.end())
    for start, end, word in tokens:
        if word.lower().split("-", 1)[0] in _PLATFORMS:
            yield from _handles_near_platform(text, start, end)


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
        yield Finding(Kind.SOCIAL_MEDIA, m.start(), m.end() - _trailing_punctuation(m.group()))


def _trailing_punctuation(matched: str) -> int:
    return len(matched) - len(matched.rstrip(".,!?:;"))
