"""Every user-facing word lives here, as Jinja2 templates in sv/ and en/.

Each template exposes labels with `{% set %}` and bodies with `{% macro %}`; Python reads them via
`Templates.module(lang, name)`. Every `{{ value }}` is escaped for Slack mrkdwn by `finalize`, so
user text can never become `<!channel>`, `<@U…>` or a disguised link; the template's own markup stays.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from datetime import date, datetime
from pathlib import Path
from typing import Any, Literal, TypeVar

from babel import Locale
from babel.dates import format_date, format_datetime, get_day_names, get_month_names
from babel.numbers import format_decimal, format_percent
from jinja2 import Environment, FileSystemLoader, StrictUndefined, pass_context
from jinja2.runtime import Context
from markupsafe import Markup

from bot.ids import is_person

_T = TypeVar("_T")

Lang = Literal["sv", "en"]
# Where the words are read: a few differ (Teams has no slash commands, and is not Slack).
Platform = Literal["slack", "teams"]
LANGS: tuple[Lang, ...] = ("sv", "en")
# The locale whose dates, numbers and plural rules each language's templates use (Babel, CLDR data).
LOCALES: dict[Lang, Locale] = {"sv": Locale.parse("sv_SE"), "en": Locale.parse("en_GB")}
_ROOT = Path(__file__).parent


def escape_mrkdwn(value: object) -> str:
    """Escape exactly what Slack asks: `&`, `<` and `>`."""
    return str(value).replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")


def unescape_mrkdwn(text: str) -> str:
    """Undo `escape_mrkdwn`, for words shown where Slack does not read mrkdwn (a terminal, a modal error)."""
    return text.replace("&lt;", "<").replace("&gt;", ">").replace("&amp;", "&")


class Trusted(str):
    """Text Bryggan built itself (a mention, a link) that must not be escaped again."""

    __slots__ = ()


def _finalize(value: Any) -> Any:
    if isinstance(value, Trusted | Markup) or value is None:
        return value
    if isinstance(value, str):
        return escape_mrkdwn(value)
    return escape_mrkdwn(value) if not isinstance(value, int | float) else value


def lang_of(locale: str | None, default: Lang) -> Lang:
    """Map a Slack locale such as `en-US` or `sv-SE` to a supported language."""
    if locale:
        prefix = locale.split("-")[0].split("_")[0].lower()
        if prefix in LANGS:
            return prefix  # type: ignore[return-value]
    return default


class Templates:
    """The one Jinja2 Environment and access to each template's labels and macros.

    Each platform's people read the words through their own Templates (`for_platform`): the same
    files, with `platform` ("slack" or "teams") on every template's context, so a template words a
    command or names the app where they differ, and a caller passes its Templates on unchanged.
    """

    def __init__(self, root: Path = _ROOT, platform: Platform = "slack") -> None:
        self._root, self.platform = root, platform
        self._siblings: dict[Platform, Templates] = {platform: self}
        # Each template's module is built once per Templates: kept here, not in a process-wide
        # cache, it goes with its Templates (and the Environment it was compiled in).
        self._modules: dict[tuple[Lang, str], Any] = {}
        self._kept: dict[str, Any] = {}
        self._env = Environment(
            loader=FileSystemLoader(str(root)),
            autoescape=False,  # noqa: S701 — Slack mrkdwn, not HTML: finalize escapes &, <, >
            undefined=StrictUndefined,
            finalize=_finalize,
            keep_trailing_newline=False,
            trim_blocks=True,
            lstrip_blocks=True,
        )
        self._env.filters["mention"] = lambda user_id: Trusted(f"<@{_id(user_id)}>")
        self._env.filters["channel"] = lambda channel_id: Trusted(f"<#{_id(channel_id)}>")
        # A holder or recipient may be a person or a channel, on either platform: bot.ids decides.
        self._env.filters["who"] = lambda any_id: Trusted(
            f"<@{_id(any_id)}>" if is_person(any_id) else f"<#{_id(any_id)}>"
        )
        # "Direktmeddelande i Slack" mid-sentence: lower the first letter only, never a name like Slack.
        self._env.filters["lowerfirst"] = lambda text: text[:1].lower() + text[1:]
        # Dates, numbers and plurals in the template's own locale (sv/… is sv_SE, en/… en_GB).
        self._env.filters.update(
            day=day, weekday=weekday, month=month, number=number, percent=percent, plural=plural
        )
        self._env.tests["one"] = is_one  # `{{ "was" if count is one else "were" }}`
        self._env.globals["platform"] = platform
        self._env.globals["platform_name"] = "Teams" if platform == "teams" else "Slack"
        # A command as the reader types it: `/kontakt lista` in Slack, `kontakt lista` in Teams.
        self._env.globals["command"] = lambda words: f"/{words}" if platform == "slack" else words

    def for_platform(self, platform: Platform) -> Templates:
        """The same words as `platform`'s people read them (one Templates a platform, kept)."""
        if platform not in self._siblings:
            sibling = Templates(self._root, platform)
            sibling._siblings = self._siblings
            self._siblings[platform] = sibling
        return self._siblings[platform]

    def module(self, lang: Lang, name: str) -> Any:
        """The template `lang/name.j2` as a module: its `{% set %}` values and macros as attributes."""
        found = self._modules.get((lang, name))
        if found is None:  # two threads may both build it the first time: the same words either way
            found = self._modules[(lang, name)] = self._env.get_template(f"{lang}/{name}.j2").module
        return found

    def kept(self, name: str, make: Callable[[Templates], _T]) -> _T:
        """`make(self)`, made once and kept on this Templates: renderings go with the words they
        were rendered from, never in a process-wide cache holding every Templates ever built."""
        found = self._kept.get(name)
        if found is None:  # two threads may both make it the first time; one is kept
            found = self._kept.setdefault(name, make(self))
        return found  # type: ignore[no-any-return]

    def names(self, lang: Lang) -> list[str]:
        """Every template name available in `lang`."""
        return sorted(p.stem for p in (_ROOT / lang).glob("*.j2"))


_SLACK_ID = re.compile(r"^[A-Z][A-Z0-9]{1,31}$")


def _id(value: object) -> str:
    # Only a real Slack id may become a mention; None or text must fail loudly, not render "<@None>".
    if not isinstance(value, str) or not _SLACK_ID.match(value):
        raise ValueError("a Slack id is an upper-case letter followed by letters and digits")
    return value


def locale_of(context: Context) -> Locale:
    """The locale of the template being rendered, from its folder (`sv/notices.j2` → sv_SE)."""
    lang = (context.name or "").split("/", 1)[0]
    if lang not in LOCALES:
        raise ValueError(f"template {context.name!r} is not in a language folder ({', '.join(LANGS)})")
    return LOCALES[lang]  # type: ignore[index]


def _instant(value: date | str) -> date:
    # Outbox args carry instants as ISO text (JSON); templates word them in their own language.
    return value if isinstance(value, date) else datetime.fromisoformat(value)


@pass_context
def day(context: Context, value: date | str, pattern: str = "EEEE d MMMM") -> str:
    """A date or a local time in a CLDR pattern: `fredag 4 december`, `Friday 4 December 'at' HH:mm`."""
    when = _instant(value)
    if isinstance(when, datetime):  # already local: shown in its own zone, never moved
        return format_datetime(when, pattern, tzinfo=when.tzinfo, locale=locale_of(context))
    return format_date(when, pattern, locale=locale_of(context))


@pass_context
def weekday(context: Context, index: int) -> str:
    """The name of weekday `index` (Monday is 0): `tisdag`, `Tuesday`."""
    return str(get_day_names("wide", locale=locale_of(context))[index])


@pass_context
def month(context: Context, index: int) -> str:
    """The name of month `index` (January is 1): `februari`, `February`."""
    return str(get_month_names("wide", locale=locale_of(context))[index])


@pass_context
def number(context: Context, value: float, decimals: int = 0) -> str:
    """A number with the locale's decimal sign and grouping: `3,5` in Swedish, `3.5` in English."""
    return format_decimal(
        value, format="#,##0." + "0" * decimals if decimals else "#,##0", locale=locale_of(context)
    )


@pass_context
def percent(context: Context, value: float) -> str:
    """A share (0.714) as the locale writes a percentage: `71 %` (a non-breaking space) or `71%`."""
    return format_percent(value, locale=locale_of(context))


@pass_context
def plural(context: Context, value: object, one: str, many: str) -> str:
    """`1 dag`, `2 dagar`: the count and the form the locale's plural rule picks; a shown value that is
    not a count (`<5`) takes the plural."""
    return f"{value} {one if is_one(context, value) else many}"


@pass_context
def is_one(context: Context, value: object) -> bool:
    """Whether the locale's plural rule puts `value` in its singular ("one") category."""
    counts = isinstance(value, int) and not isinstance(value, bool)
    return counts and locale_of(context).plural_form(value) == "one"
