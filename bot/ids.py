"""What kind of thing an id names, for both platforms: the one place that decides "a person"."""

from __future__ import annotations

# A Slack user is U… or W… (Enterprise Grid); a Teams person's internal id is MU… (MT… is a
# tenant, MC… a channel, storage/teams_addresses.py). Anything else a holder or recipient can be
# is a channel: Slack's C…/G…/D…, Teams' MC….
_SLACK_PERSON = ("U", "W")
_TEAMS_PERSON = "MU"


def is_person(any_id: str) -> bool:
    """Whether a holder, recipient or mention id is a person (Slack or Teams), not a channel."""
    return any_id.startswith(_SLACK_PERSON) or any_id.startswith(_TEAMS_PERSON)
