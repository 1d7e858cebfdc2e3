"""Templates.for_platform: the same words, with commands and the app's name as each platform has them."""

from __future__ import annotations

import pytest

from templates import LANGS, Lang, Templates

SLACK = Templates()
TEAMS = SLACK.for_platform("teams")


def test_each_platform_has_one_templates_kept() -> None:
    assert TEAMS.for_platform("teams") is TEAMS
    assert TEAMS.for_platform("slack") is SLACK
    assert (SLACK.platform, TEAMS.platform) == ("slack", "teams")


@pytest.mark.parametrize("lang", LANGS)
def test_teams_words_name_no_slash_command_and_not_slack(lang: Lang) -> None:
    for templates, slash, named in ((SLACK, True, "Slack"), (TEAMS, False, "Teams")):
        errors = templates.module(lang, "errors")
        said = [
            str(errors.channel_not_linked()),
            str(errors.person_missing(2)),
            str(templates.module(lang, "contacts").unlinked([], True)),
            str(templates.module(lang, "consultations").purged("K-1")),
            templates.module(lang, "notices").purge_confirm_text,
            templates.module(lang, "consultations").reaches["dm"],
        ]
        assert ("`/kontakt" in said[0]) is slash
        assert ("`/kontakt" in said[1]) is slash
        assert ("`/kontakt" in said[2]) is slash
        assert all(named in text for text in said[3:])


@pytest.mark.parametrize("lang", LANGS)
def test_ehts_refusals_name_the_command_as_each_platform_types_it(lang: Lang) -> None:
    item = {"sv": "punkt", "en": "item"}[lang]
    for templates, command in ((SLACK, f"`/eht {item}"), (TEAMS, f"`eht {item}")):
        errors = templates.module(lang, "errors")
        # Shown under a dialog's field too, where no caller passes the command: the platform decides.
        assert command in str(errors.eht_item_meeting_gone())
        assert command in str(errors.eht_item_empty())
    assert "/eht" not in str(TEAMS.module(lang, "errors").eht_item_meeting_gone())
