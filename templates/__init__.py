"""Every user-facing word lives here, as Jinja2 templates in sv/ and en/.

Each template exposes labels with `{% set %}` and bodies with `{% macro %}`; Python reads them via
`Templates.module(lang, name)`. Every `{{ value }}` is escaped for Slack mrkdwn by `finalize`, so
user text can never become `<!channel>`, `<@U…>` or a disguised link; the template's own markup stays.
"""

from __future__ import annotations

import re
from datetime import date, datetime
from functools import cache
from pathlib import Path
from typing import Any, Literal

from jinja2 import Environment, FileSystemLoader, StrictUndefined
from markupsafe import Markup

Lang = Literal["sv", "en"]
LANGS: tuple[Lang, ...] = ("sv", "en")
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
    """The one Jinja2 Environment and access to each template's labels and macros."""

    def __init__(self, root: Path = _ROOT) -> None:
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
        self._env.filters["count"] = counted
        # "Direktmeddelande i Slack" mid-sentence: lower the first letter only, never a name like Slack.
        self._env.filters["lowerfirst"] = lambda text: text[:1].lower() + text[1:]
        # Outbox args carry instants as ISO text (JSON); templates word them in their own language.
        self._env.filters["dt"] = lambda value: (
            value if isinstance(value, datetime | date) else datetime.fromisoformat(value)
        )

    def module(self, lang: Lang, name: str) -> Any:
        """The template `lang/name.j2` as a module: its `{% set %}` values and macros as attributes."""
        return _module(self._env, lang, name)

    def names(self, lang: Lang) -> list[str]:
        """Every template name available in `lang`."""
        return sorted(p.stem for p in (_ROOT / lang).glob("*.j2"))


_SLACK_ID = re.compile(r"^[A-Z][A-Z0-9]{1,31}$")


def _id(value: object) -> str:
    # Only a real Slack id may become a mention; None or text must fail loudly, not render "<@None>".
    if not isinstance(value, str) or not _SLACK_ID.match(value):
        raise ValueError("a Slack id is an upper-case letter followed by letters and digits")
    return value


@cache
def _module(env: Environment, lang: Lang, name: str) -> Any:
    return env.get_template(f"{lang}/{name}.j2").module


def counted(value: object, one: str, many: str) -> str:
    """`1 dag`, `2 dagar`: the one plural rule for every count; a shown value like "<5" takes the plural."""
    return f"{value} {one if value == 1 and not isinstance(value, bool) else many}"
