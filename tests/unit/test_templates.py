"""Templates: every word in both languages, and user text can never become Slack markup."""

from __future__ import annotations

import gc
import re
import weakref

import pytest
from jinja2 import UndefinedError
from jinja2.nodes import Assign, Macro, Name

from bot.contacts.views import ContactCard
from handlers import contact_messages
from templates import LANGS, Templates, escape_mrkdwn, lang_of


def _exports(templates: Templates, lang: str, name: str) -> set[str]:
    env = templates._env
    source = env.loader.get_source(env, f"{lang}/{name}.j2")[0]  # type: ignore[union-attr]
    tree = env.parse(source)
    macros = {node.name for node in tree.find_all(Macro)}
    labels = {node.target.name for node in tree.find_all(Assign) if isinstance(node.target, Name)}
    return macros | labels


def test_swedish_and_english_offer_the_same_templates_and_names() -> None:
    templates = Templates()
    assert templates.names("sv") == templates.names("en")
    assert templates.names("sv")
    for name in templates.names("sv"):
        assert _exports(templates, "sv", name) == _exports(templates, "en", name), name


@pytest.mark.parametrize(
    "hostile",
    ["<!channel>", "<!here|here>", "<@U0123ABC>", "<https://evil.example|Skolverket>", "a & b > c"],
)
def test_user_text_is_escaped_so_it_cannot_ping_or_disguise_a_link(hostile: str) -> None:
    body = str(Templates().module("sv", "contacts").already(hostile))
    assert "<" not in body.replace("&lt;", "")
    assert ">" not in body.replace("&gt;", "")
    assert escape_mrkdwn(hostile) in body


def test_the_templates_own_mentions_stay_mentions() -> None:
    body = str(Templates().module("sv", "contacts").unlinked(["U0ADMIN1"], False))
    assert "<@U0ADMIN1>" in body


def test_a_mention_filter_refuses_anything_but_an_id() -> None:
    with pytest.raises(ValueError, match="upper-case letter"):
        str(Templates().module("sv", "contacts").unlinked(["U01> <!channel"], False))


def test_a_missing_value_is_an_error_not_an_empty_string() -> None:
    env = Templates()._env
    with pytest.raises(UndefinedError):
        env.from_string("{{ missing }}").render()


def test_no_raw_angle_brackets_in_template_prose() -> None:
    # A literal `<` in a template would be read by Slack as the start of a control sequence.
    templates = Templates()
    env = templates._env
    for lang in LANGS:
        for name in templates.names(lang):
            source = env.loader.get_source(env, f"{lang}/{name}.j2")[0]  # type: ignore[union-attr]
            prose = re.sub(r"\{[{%#].*?[}%#]\}", "", source, flags=re.S)
            prose = re.sub(r"<[@#!][A-Za-z0-9^|]*>", "", prose)
            assert "<" not in prose, f"{lang}/{name}.j2"


@pytest.mark.parametrize(
    ("locale", "expected"), [("en-US", "en"), ("en-GB", "en"), ("sv-SE", "sv"), ("fi-FI", "sv"), (None, "sv")]
)
def test_slack_locales_map_to_a_supported_language(locale: str | None, expected: str) -> None:
    assert lang_of(locale, "sv") == expected


@pytest.mark.parametrize("lang", ["sv", "en"])
@pytest.mark.parametrize("away_until", [None, "2026-12-10"])
def test_a_handover_plan_lists_each_seat_on_its_own_line(lang: str, away_until: str | None) -> None:
    seats = [
        {"school": "A", "role": "contact", "stuck": False},
        {"school": "B", "role": "deputy", "stuck": False},
    ]
    plan = str(Templates().module(lang, "contacts").handover_plan("U1", "U2", seats, away_until))
    lines = plan.splitlines()
    assert lines[1].startswith("• A")
    assert lines[2].startswith("• B")


def test_a_templates_no_longer_used_is_freed_with_what_was_rendered_from_it() -> None:
    # A process-wide cache keyed by Templates kept every one ever built, with its compiled modules.
    templates = Templates()
    shown = contact_messages.card(
        ContactCard(admins=("U0ADMIN1",), intake="U0INTAKE1"), lang="sv", is_admin=True, templates=templates
    )
    assert shown.text == "Kanalen är inte kopplad till någon skola."
    assert templates.module("en", "errors") is templates.module("en", "errors")  # built once
    gone = weakref.ref(templates)
    del templates
    gc.collect()
    assert gone() is None
