"""Sub-command tables: every word parses, the help lists every sub-command; typed days read alike."""

from __future__ import annotations

from datetime import date
from typing import Any

import pytest

from bot import requests
from bot.actors import Actor
from bot.errors import BrygganError
from handlers import consultations, contacts, meetings
from handlers.messages import Reply
from handlers.subcommands import Table
from templates import Templates

TABLES = (contacts.TABLE, meetings.TABLE)


@pytest.mark.parametrize("table", TABLES, ids=lambda t: t.command)
def test_every_word_calls_its_sub_command_and_an_unknown_word_calls_none(table: Table) -> None:
    for sub in table.subs:
        for word in (*sub.sv, *sub.en):
            found, words = table.parse(f"{word.upper()} 1/12 rest")
            assert found is sub
            assert (words.sub, words.args, words.rest) == (sub.name, ["1/12", "rest"], "1/12 rest")
    assert table.parse("sammanträde i morgon")[0] is None


@pytest.mark.parametrize("table", TABLES, ids=lambda t: t.command)
@pytest.mark.parametrize("lang", ["sv", "en"])
def test_the_help_shows_every_sub_command_and_the_other_languages_words(table: Table, lang: Any) -> None:
    reply = table.help(lang=lang, templates=Templates())
    other = "en" if lang == "sv" else "sv"
    [words_line] = [
        line for line in reply.text.splitlines() if line.startswith(("Engelska ord", "The Swedish"))
    ]
    for sub in table.subs:
        if sub.lines or sub.admin_lines:
            assert f"`{' '.join(p for p in (table.command, sub.word(lang)) if p)}" in reply.text
        if sub.word(other):
            assert sub.word(other) in words_line
    assert reply.blocks[0].type == "header"


def test_an_unknown_word_is_named_before_the_help() -> None:
    reply = contacts.TABLE.help(lang="sv", templates=Templates(), unknown="<!channel>")
    assert reply.text.startswith('Jag känner inte igen "&lt;!channel&gt;". Så här används /kontakt:')
    assert "`/kontakt tilldela @person`" in reply.text


def test_consultation_text_is_the_modals_unless_it_is_mina() -> None:
    sub, words = consultations.TABLE.parse("Elev i åk 8 är borta")
    assert sub is not None
    assert (sub.name, words.rest) == ("modal", "Elev i åk 8 är borta")
    assert consultations.TABLE.parse("MINA")[0].name == "mine"  # type: ignore[union-attr]


def test_every_command_reads_typed_days_the_same_way() -> None:
    today = date(2026, 11, 24)  # a Tuesday
    assert requests.absence_days(["1/12", "5/12"], today=today) == (date(2026, 12, 1), date(2026, 12, 5))
    assert requests.absence_days(["i", "morgon"], today=today) == (date(2026, 11, 25), date(2026, 11, 25))
    assert requests.absence_days(["nästa", "fredag"], today=today) == (date(2026, 12, 4), date(2026, 12, 4))
    with pytest.raises(BrygganError, match="absence_dates_missing"):
        requests.absence_days(["1/12", "2/12", "3/12"], today=today)
    assert requests.meeting_day(["in", "nästa", "fredag"]) == "nästa fredag"
    with pytest.raises(BrygganError, match="eht_cancel_usage"):
        requests.meeting_day(["in"])


class _FollowUp:
    def term(self, team_id: str, _name: object) -> str:
        return f"HT2026 of {team_id}"

    def report(self, team_id: str, term: str) -> tuple[str, str]:
        return (team_id, term)


def test_only_administrators_see_the_term_figures_on_the_home_tab() -> None:
    admin = Actor(team_id="T1", user_id="U1", is_admin=True)
    staff = Actor(team_id="T1", user_id="U2", is_admin=False)
    assert requests.home_figures(_FollowUp(), admin) == ("T1", "HT2026 of T1")  # type: ignore[arg-type]
    assert requests.home_figures(_FollowUp(), staff) is None  # type: ignore[arg-type]


def test_in_a_free_text_command_a_sub_command_word_counts_only_on_its_own() -> None:
    table = consultations.TABLE
    assert table.parse("mina")[0].name == "mine"
    sub, words = table.parse("Mina elever i åk 8 är ofta borta")
    assert sub.name == "modal"
    assert words.rest == "Mina elever i åk 8 är ofta borta"


def test_the_english_help_shows_the_swedish_cancel_words_whole() -> None:
    text = meetings.TABLE.help(lang="en", templates=Templates()).text
    assert "ställ in" in text


@pytest.mark.parametrize("table", TABLES, ids=lambda t: t.command)
def test_the_help_is_asked_by_its_word_or_an_unknown_word_and_otherwise_not(table: Table) -> None:
    templates = Templates()
    unknown = table.parse_or_help("sammanträde i morgon", lang="sv", templates=templates)
    assert isinstance(unknown, Reply)
    assert '"sammanträde"' in unknown.text
    asked = table.parse_or_help("hjälp", lang="sv", templates=templates, command="eht")
    assert isinstance(asked, Reply)
    assert '"' not in asked.text.splitlines()[0]  # no word named as not understood
    [sub] = [s for s in table.subs if s.name != "help" and s.sv][:1]
    parsed = table.parse_or_help(f"{sub.sv[0]} a b", lang="sv", templates=templates)
    assert not isinstance(parsed, Reply)
    assert parsed[0] is sub
    assert parsed[1].args == ["a", "b"]
