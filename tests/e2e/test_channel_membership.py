"""Linking checks that Bryggan can post in the channel; the weekly digest names channels it cannot post in."""

from __future__ import annotations

from sqlalchemy import select

from bot.app import Bryggan
from localslack import LocalSlack, Workspace
from storage.models import OutboxMessage, School
from tests.e2e import test_contacts as _contacts
from tests.e2e.test_contacts import Kontakt
from tests.slackbed import CHANNELS, PEOPLE

kontakt = _contacts.kontakt
EVERYONE = [PEOPLE.admin, PEOPLE.rektor, PEOPLE.sara]


def _schools(bryggan: Bryggan) -> list[tuple[str, str | None]]:
    with bryggan.sessions.begin() as session:
        return [(s.name, s.channel_id) for s in session.scalars(select(School))]


def _owed(bryggan: Bryggan) -> list[str]:
    with bryggan.sessions.begin() as session:
        return [row.recipient for row in session.scalars(select(OutboxMessage))]


def test_linking_a_channel_bryggan_is_not_in_says_how_to_invite_it_and_links_nothing(
    kontakt: Kontakt,
    workspace: Workspace,
    bryggan: Bryggan,
    slack: LocalSlack,
) -> None:
    workspace.add_channel(id="C0NYSKOLA", name="nyskolan", members=EVERYONE, bot_member=False)
    reply = kontakt(PEOPLE.admin, "C0NYSKOLA", "koppla Nyskolan")
    assert reply.text.startswith("Bryggan är inte medlem i den här kanalen och kan inte skriva här")
    assert "skriv `/invite @Bryggan` här i kanalen" in reply.text
    assert "kör sedan `/kontakt koppla` igen" in reply.text
    assert _schools(bryggan) == []
    assert ("conversations.info", "C0NYSKOLA") in [(m, a.get("channel")) for m, _t, a in slack.calls]

    workspace.channels["C0NYSKOLA"].bot_member = True  # /invite @Bryggan
    linked = kontakt(PEOPLE.admin, "C0NYSKOLA", "koppla Nyskolan")
    assert linked.text.startswith("Skolan *Nyskolan* är skapad och kopplad till den här kanalen.")
    assert _schools(bryggan) == [("Nyskolan", "C0NYSKOLA")]


def test_a_private_channel_without_bryggan_is_refused_with_how_to_invite_it(
    kontakt: Kontakt,
    workspace: Workspace,
    bryggan: Bryggan,
) -> None:
    workspace.add_channel(id="G0HEMLIG1", name="hemlig", members=EVERYONE, is_private=True, bot_member=False)
    private = kontakt(PEOPLE.admin, "G0HEMLIG1", "koppla Hemliga skolan")
    assert private.text.startswith("Bryggan kan inte se den här kanalen: en privat kanal syns bara")
    assert "`/invite @Bryggan`" in private.text
    assert _schools(bryggan) == []
    assert _owed(bryggan) == []


def test_a_non_administrator_is_refused_as_before_without_a_membership_question(
    kontakt: Kontakt,
    workspace: Workspace,
    slack: LocalSlack,
) -> None:
    workspace.add_channel(id="C0NYSKOLA", name="nyskolan", members=EVERYONE, bot_member=False)
    before = len(slack.calls)
    reply = kontakt(PEOPLE.rektor, "C0NYSKOLA", "koppla Nyskolan")
    assert "Bryggan är inte medlem" not in reply.text
    assert "conversations.info" not in [m for m, _t, _a in slack.calls[before:]]


def test_the_weekly_digest_lists_linked_schools_whose_channel_bryggan_cannot_post_in(
    kontakt: Kontakt,
    workspace: Workspace,
    bryggan: Bryggan,
) -> None:
    kontakt(PEOPLE.admin, CHANNELS.berzelius, "koppla Berzeliusskolan")
    kontakt(PEOPLE.admin, CHANNELS.berzelius, "tilldela @sara")
    kontakt(PEOPLE.admin, CHANNELS.ekholm, "koppla Ekholmsskolan")
    kontakt(PEOPLE.admin, CHANNELS.ekholm, "tilldela @omar")
    kontakt.deliver()
    workspace.channels[CHANNELS.berzelius].bot_member = False  # someone removed Bryggan later
    assert bryggan.services.contacts.overviews.queue_weekly_digest() == 1
    kontakt.deliver()
    [digest] = [m for m in workspace.dm_messages_to(PEOPLE.admin) if "Veckans översikt" in m.text]
    assert "*Bryggan kan inte skriva i kanalen för:*\n• *Berzeliusskolan* (<#C0BERZELI>)\n" in digest.text
    assert "Ekholmsskolan" not in digest.text  # every school covered and postable: not listed
    assert "skriv `/invite @Bryggan` i kanalen" in digest.text


def test_the_weekly_digest_asks_slack_only_while_this_weeks_digest_is_not_queued(
    kontakt: Kontakt,
    workspace: Workspace,
    bryggan: Bryggan,
    slack: LocalSlack,
) -> None:
    kontakt(PEOPLE.admin, CHANNELS.ekholm, "koppla Ekholmsskolan")
    assert bryggan.services.contacts.overviews.queue_weekly_digest() == 1  # Ekholmsskolan is vacant
    before = len(slack.calls)
    assert bryggan.services.contacts.overviews.queue_weekly_digest() == 0
    assert "conversations.info" not in [m for m, _t, _a in slack.calls[before:]]
