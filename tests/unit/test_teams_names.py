"""Each Teams person's display name is kept from the activities that show it (`from.name`, an
@mention's name), and an activity without one keeps the known name."""

from __future__ import annotations

from collections.abc import Iterator
from datetime import UTC, datetime
from typing import Any

import pytest
from sqlalchemy.orm import Session, sessionmaker

from handlers.teams.activities import mentioned, where
from handlers.teams.addresses import Addresses
from storage.db import make_engine, make_sessions
from storage.teams_addresses import get_address, internal_id

AT = datetime(2026, 12, 4, 9, 0, tzinfo=UTC)


@pytest.fixture
def sessions(database_url: str) -> Iterator[sessionmaker[Session]]:
    engine = make_engine(database_url)
    yield make_sessions(engine)
    engine.dispose()


def _message(sender: dict[str, str], *mentions: tuple[str, str]) -> dict[str, Any]:
    return {
        "type": "message",
        "from": sender,
        "recipient": {"id": "28:app", "name": "Bryggan"},
        "conversation": {"id": "19:c@thread.tacv2;messageid=1", "conversationType": "channel"},
        "channelData": {
            "tenant": {"id": "t"},
            "team": {"id": "19:t"},
            "channel": {"id": "19:c@thread.tacv2"},
        },
        "entities": [
            {"type": "mention", "text": f"<at>{n}</at>", "mentioned": {"id": i, "name": n}}
            for i, n in mentions
        ],
        "serviceUrl": "https://smba.example/teams",
        "channelId": "msteams",
    }


def _names(sessions: sessionmaker[Session], *people: str) -> list[str | None]:
    with sessions.begin() as session:
        rows = [get_address(session, id=internal_id("user", p)) for p in people]
        return [row.name if row else None for row in rows]


def test_names_come_from_the_sender_and_the_mentions_and_a_nameless_activity_keeps_them(
    sessions: sessionmaker[Session],
) -> None:
    addresses = Addresses(sessions, lambda: AT)

    def see(activity: dict[str, Any]) -> None:
        addresses.seen(where(activity), mentioned=mentioned(activity))

    see(_message({"id": "29:rita", "name": "Rita Rektor"}, ("29:sam", "Sam S")))
    assert _names(sessions, "29:rita", "29:sam") == ["Rita Rektor", "Sam S"]

    see(_message({"id": "29:sam", "name": "Sam Socialsekreterare"}, ("29:rita", "")))
    assert _names(sessions, "29:rita", "29:sam") == ["Rita Rektor", "Sam Socialsekreterare"]

    see(_message({"id": "29:rita"}))  # an activity without `from.name`
    assert _names(sessions, "29:rita") == ["Rita Rektor"]
    see(_message({"id": "29:sam", "name": "Sam"}, ("29:rita", "Rita R")))  # a known person, renamed
    assert _names(sessions, "29:rita", "29:sam") == ["Rita R", "Sam"]
