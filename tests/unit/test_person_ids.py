"""bot.ids.is_person: the one rule for "a person, not a channel", and the templates' `who` filter."""

from __future__ import annotations

import pytest

from bot.ids import is_person
from storage.teams_addresses import internal_id
from templates import Templates

TEAMS_PERSON = internal_id("user", "29:1abc")
TEAMS_CHANNEL = internal_id("channel", "19:abc@thread.tacv2")


@pytest.mark.parametrize("any_id", ["U0ABC", "W0ABC", TEAMS_PERSON])
def test_people_are_people(any_id: str) -> None:
    assert is_person(any_id)


@pytest.mark.parametrize("any_id", ["C0ABC", "G0ABC", "D0ABC", TEAMS_CHANNEL, internal_id("tenant", "t")])
def test_channels_and_tenants_are_not(any_id: str) -> None:
    assert not is_person(any_id)


def test_a_teams_holder_is_mentioned_as_a_person() -> None:
    errors = Templates().module("sv", "errors")
    assert f"<@{TEAMS_PERSON}>" in str(errors.consultation_taken_by("K-1", TEAMS_PERSON))
    assert f"<#{TEAMS_CHANNEL}>" in str(errors.consultation_taken_by("K-1", TEAMS_CHANNEL))
    assert "<@U0ABC>" in str(errors.consultation_taken_by("K-1", "U0ABC"))
