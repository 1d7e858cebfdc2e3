"""`kontakt`'s forms and buttons in Teams end to end, through the local Teams stand-in.

`kontakt profil` (a dialog, the texts through the guard), `kontakt lista` and the follow-up with
their page buttons (the next page in place of the card), `kontakt överlämna` confirmed by a button,
the handover note's button in the notice, `kontakt koppla` with Teams' answer to "can Bryggan post
here", and words that no longer say Slack. Skipped where the `teams` extra is not installed.
"""

from __future__ import annotations

import json
import os
from typing import Any

import pytest
from sqlalchemy import select

from bot.actors import Actor
from bot.app import Bryggan
from localteams import Activity, Answer, Driver, LocalTeams
from storage.models import ContactProfile, School
from storage.teams_addresses import internal_id
from tests.teamsbed import (
    CHANNEL,
    RITA,
    SAM,
    TEAM,
    TENANT,
    WORKSPACE,
    install_personal,
    served_driver,
    slack_and_teams_settings,
)
from tests.teamscards import dialog, posted, submit, texts

if not os.environ.get("CI"):
    pytest.importorskip("microsoft_teams.apps")

OTTO = "29:otto"
IDENTIFYING = "Kurator för Amira Hassan, 20110312-2384"
ADMIN = Actor(team_id=WORKSPACE, user_id=internal_id("user", RITA), is_admin=True)


settings = slack_and_teams_settings(RITA)  # Rita administers, by her Teams id
driver = served_driver()


@pytest.fixture(autouse=True)
def otto(teams: LocalTeams) -> None:
    teams.add_user(TENANT, OTTO, "Otto Olsson")


def _current(teams: LocalTeams, message: Activity) -> dict[str, Any]:
    """The card Teams shows now in place of `message` (refreshed by an adaptiveCard/action answer)."""
    conv, _ = teams.directory.resolve(message.body["conversation"]["id"])
    assert conv is not None
    found = conv.find(message.id)
    assert found is not None
    return found.cards[0]


def _mentioning(driver: Driver, before: Answer, text: str, *people: tuple[str, str]) -> Answer:
    """`before`'s author in its thread, @mentioning each person in turn (Teams' client does so)."""
    activity = json.loads(json.dumps(before.activity))
    activity["id"] = f"{activity['id']}-{len(people)}"
    activity["text"] = f"<at>Bryggan</at> {text} " + " ".join(f"<at>{name}</at>" for _, name in people)
    activity["entities"] += [
        {"type": "mention", "text": f"<at>{name}</at>", "mentioned": {"id": person, "name": name}}
        for person, name in people
    ]
    return driver.send(activity)


def _link(bryggan: Bryggan, channel: str, name: str, contact: str | None = None) -> None:
    changes = bryggan.services.contacts.changes
    changes.link(ADMIN, channel_id=channel, name=name, create=True)
    if contact:
        changes.assign(ADMIN, channel_id=channel, person_id=contact)


def test_kontakt_profil_opens_a_dialog_whose_texts_pass_the_guard(
    teams: LocalTeams, driver: Driver, bryggan: Bryggan
) -> None:
    chat = install_personal(teams, driver, SAM).id
    driver.message(SAM, chat, "kontakt profil")
    [_home, answer] = posted(teams, chat, 2)
    assert "bara du ser" in texts(answer.cards[0])
    form = dialog(driver.click(SAM, answer, "Ändra profilen"))
    assert [e["id"] for e in form["body"] if e["type"].startswith("Input.")] == [
        "title",
        "phone",
        "reachable",
    ]

    refused = dialog(submit(driver, SAM, chat, form, title=IDENTIFYING, phone="08-123 45 67"))
    inputs = {e["id"]: e for e in refused["body"] if e["type"].startswith("Input.")}
    # The guard reads title and hours as one text, so its finding names no field: no free text
    # comes back, as the refused words may be in any of them.
    assert not [field for field, shown in inputs.items() if "value" in shown]
    assert "Amira" not in str(refused)
    with bryggan.sessions.begin() as session:
        assert session.scalars(select(ContactProfile)).all() == []

    done = dialog(submit(driver, SAM, chat, refused, title="Socialsekreterare, barn och unga"))
    assert "Din profil är sparad." in texts(done)
    assert (
        bryggan.services.contacts.queries.profile_of(
            Actor(team_id=WORKSPACE, user_id=internal_id("user", SAM), is_admin=False)
        ).title
        == "Socialsekreterare, barn och unga"
    )


def test_kontakt_lista_turns_its_pages_in_place_and_names_contacts_not_in_the_chat(
    teams: LocalTeams, driver: Driver, bryggan: Bryggan
) -> None:
    driver.install_in_team(TEAM, by=SAM)  # Sam is seen (and named) in the team, not in Rita's chat
    sam = internal_id("user", SAM)
    for n in range(25):
        _link(bryggan, f"MCSCHOOL{n:02d}", f"Skola {n:02d}", contact=sam if n == 0 else None)
    chat = install_personal(teams, driver, RITA).id
    driver.message(RITA, chat, "kontakt lista")
    [_home, answer] = posted(teams, chat, 2)
    first = texts(answer.cards[0])
    assert "sida 1 av 2" in first.casefold()
    assert "Skola 00" not in first  # uncovered schools first; Sam's school is on the second page
    turned = driver.click(RITA, answer, "Nästa sida")
    assert turned is not None
    assert turned.body["type"] == "application/vnd.microsoft.card.adaptive"
    second = texts(_current(teams, answer))
    assert "sida 2 av 2" in second.casefold()
    assert "**Skola 00**" in second
    assert "<at>Sam Socialsekreterare</at>" in second  # the kept name, though Sam is not in this chat
    assert f"@{sam}" not in second
    driver.click(RITA, answer, "Föregående sida")
    assert "sida 1 av 2" in texts(_current(teams, answer)).casefold()


def test_a_handover_is_confirmed_by_its_button_and_the_note_is_written_in_a_dialog(
    teams: LocalTeams, driver: Driver, bryggan: Bryggan
) -> None:
    driver.install_in_team(TEAM, by=RITA)
    sam_chat = install_personal(teams, driver, SAM).id
    otto_chat = install_personal(teams, driver, OTTO).id
    _link(bryggan, internal_id("channel", CHANNEL), "Berzeliusskolan", contact=internal_id("user", SAM))
    bryggan.dispatcher.run_once()
    first = driver.message(RITA, CHANNEL, "kontakt hjälp")
    thread = first.activity["conversation"]["id"]
    posted(teams, thread, 1)
    _mentioning(driver, first, "kontakt överlämna", (SAM, "Sam Socialsekreterare"), (OTTO, "Otto Olsson"))
    [_, plan] = posted(teams, thread, 2)
    assert "Överlämning från <at>Sam Socialsekreterare</at> till <at>Otto Olsson</at>" in texts(plan.cards[0])
    driver.click(RITA, plan, "Bekräfta")
    assert "överlämningen från <at>Sam Socialsekreterare</at>" in texts(_current(teams, plan))
    card = bryggan.services.contacts.queries.card(ADMIN, channel_id=internal_id("channel", CHANNEL))
    assert card.school is not None
    assert card.school.coverage.acting_person == internal_id("user", OTTO)

    bryggan.dispatcher.run_once()  # Sam is asked for a handover note, with the button
    asked = [a for a in teams.posted(sam_chat) if "överlämningsanteckning" in texts(a.cards[0])][-1]
    form = dialog(driver.click(SAM, asked, "Skriv överlämningsanteckning"))
    refused = dialog(submit(driver, SAM, sam_chat, form, note=f"Ring {IDENTIFYING} i morgon."))
    assert "Amira" not in str(refused)
    sent = dialog(submit(driver, SAM, sam_chat, refused, note="Rektorn vill ha ett möte om rutinerna."))
    assert "Anteckningen skickas" in texts(sent)
    bryggan.dispatcher.run_once()
    assert any("Rektorn vill ha ett möte" in texts(a.cards[0]) for a in teams.posted(otto_chat))


def test_kontakt_cancel_leaves_everything_as_it_was(
    teams: LocalTeams, driver: Driver, bryggan: Bryggan
) -> None:
    driver.install_in_team(TEAM, by=RITA)
    _link(bryggan, internal_id("channel", CHANNEL), "Berzeliusskolan", contact=internal_id("user", SAM))
    first = driver.message(RITA, CHANNEL, "kontakt hjälp")
    thread = first.activity["conversation"]["id"]
    posted(teams, thread, 1)
    _mentioning(driver, first, "kontakt överlämna", (SAM, "Sam Socialsekreterare"), (OTTO, "Otto Olsson"))
    [_, plan] = posted(teams, thread, 2)
    driver.click(RITA, plan, "Avbryt")
    assert texts(_current(teams, plan)) == "Avbrutet – ingenting ändrades."


def test_kontakt_koppla_links_a_teams_channel_and_refuses_a_chat_in_teams_words(
    teams: LocalTeams, driver: Driver, bryggan: Bryggan
) -> None:
    driver.install_in_team(TEAM, by=RITA)
    unlinked = driver.message(RITA, CHANNEL, "kontakt")
    thread = unlinked.activity["conversation"]["id"]
    [card] = posted(teams, thread, 1)
    shown = texts(card.cards[0])
    assert "med kontakt koppla \\<skolans namn\\>." in shown
    assert "/kontakt" not in shown
    linking = driver.message(RITA, CHANNEL, "kontakt koppla Berzeliusskolan")
    [linked] = posted(teams, linking.activity["conversation"]["id"], 1)
    assert "kopplad till den här kanalen" in texts(linked.cards[0])
    assert "med `kontakt tilldela @person`." in texts(linked.cards[0])
    with bryggan.sessions.begin() as session:
        [school] = session.scalars(select(School)).all()
        assert (school.name, school.channel_id) == ("Berzeliusskolan", internal_id("channel", CHANNEL))

    chat = install_personal(teams, driver, RITA).id
    driver.message(RITA, chat, "kontakt koppla Kunskapsbron")
    [_home, refused] = posted(teams, chat, 2)
    words = texts(refused.cards[0])
    assert words.startswith("En skola kopplas till en kanal i ett team")
    assert "/invite" not in words
    assert "Slack" not in words
    driver.message(RITA, chat, "kontakt historik")
    [_home, _, unlinked_error] = posted(teams, chat, 3)
    assert "med kontakt koppla \\<skolans namn\\>." in texts(unlinked_error.cards[0])
    assert "/kontakt" not in texts(unlinked_error.cards[0])


def test_link_buttons_answer_in_place_of_their_question(
    teams: LocalTeams, driver: Driver, bryggan: Bryggan
) -> None:
    driver.install_in_team(TEAM, by=RITA)
    _link(bryggan, "MCELSEWHERE", "Berzeliusskolan")
    first = driver.message(RITA, CHANNEL, "kontakt koppla Berzelius")
    [question] = posted(teams, first.activity["conversation"]["id"], 1)
    assert texts(question.cards[0]).startswith('Jag hittar ingen skola som heter exakt "Berzelius"')
    driver.click(RITA, question, "Berzeliusskolan")
    assert "Ska skolan flyttas till den här kanalen?" in texts(_current(teams, question))
    driver.click(RITA, question, "Flytta hit")
    assert "kopplad till den här kanalen" in texts(_current(teams, question))
    with bryggan.sessions.begin() as session:
        [school] = session.scalars(select(School)).all()
        assert school.channel_id == internal_id("channel", CHANNEL)
