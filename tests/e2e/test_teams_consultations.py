"""A consultation in Teams end to end, through the real Teams SDK and the local Teams stand-in.

The rector writes `konsultation` in the school's channel and opens the form (a dialog) from the
answer; an identifying text is refused beside its field and nothing is stored or logged; a clean
text is sent; the social secretary gets the case in their chat from the outbox, takes it, replies
and closes it through dialogs; the rector gets each notice. Skipped where the `teams` extra is not
installed (required in CI).
"""

from __future__ import annotations

import json
import logging
import os
from typing import Any

import pytest
from sqlalchemy import select

from bot.actors import Actor
from bot.app import Bryggan
from bot.consultations.receiving import OUTCOMES
from localteams import Activity, Driver, LocalTeams
from localteams.errors import TeamsFault
from storage.models import Consultation, ConsultationStatus
from storage.teams_addresses import internal_id
from tests.teamsbed import (
    CHANNEL,
    KIM,
    RITA,
    SAM,
    TEAM,
    WORKSPACE,
    install_personal,
    say_with_mention,
    served_driver,
    teams_only_settings,
)
from tests.teamscards import dialog, inputs, posted, submit, texts

if not os.environ.get("CI"):
    pytest.importorskip("microsoft_teams.apps")

CLEAN = "Vi är oroliga för en elev i åk 8 som ofta är frånvarande på måndagar och verkar trött och hungrig."
IDENTIFYING = "Eleven Amira Hassan, 20110312-2384, bor på Storgatan 12B och mår dåligt."


settings = teams_only_settings(RITA)
driver = served_driver()


@pytest.fixture
def chats(teams: LocalTeams, driver: Driver, bryggan: Bryggan) -> dict[str, str]:
    """Berzeliusskolan's channel linked, Sam its contact (assigned by @mention); each one's 1:1 chat."""
    driver.install_in_team(TEAM, by=RITA)
    chats = {SAM: install_personal(teams, driver, SAM).id, RITA: install_personal(teams, driver, RITA).id}
    admin = Actor(team_id=WORKSPACE, user_id=internal_id("user", RITA), is_admin=True)
    bryggan.services.contacts.changes.link(
        admin, channel_id=internal_id("channel", CHANNEL), name="Berzeliusskolan", create=True
    )
    first = driver.message(RITA, CHANNEL, "kontakt")
    say_with_mention(driver, first, "kontakt tilldela", SAM, "Sam Socialsekreterare")
    posted(teams, first.activity["conversation"]["id"], 2)
    bryggan.dispatcher.run_once()
    return chats


def _cases(bryggan: Bryggan) -> list[Consultation]:
    with bryggan.sessions.begin() as session:
        return list(session.scalars(select(Consultation)))


def _open_form(teams: LocalTeams, driver: Driver) -> tuple[str, dict[str, Any]]:
    sent = driver.message(RITA, CHANNEL, "konsultation")
    thread = sent.activity["conversation"]["id"]
    [answer] = posted(teams, thread, 1)
    assert "bara du ser" in texts(answer.cards[0])
    return thread, dialog(driver.click(RITA, answer, "Skriv konsultationen"))


def _sent(teams: LocalTeams, driver: Driver, bryggan: Bryggan) -> Consultation:
    """Rita sends a clean consultation from the school's channel and the outbox delivers it: the case."""
    thread, form = _open_form(teams, driver)
    submit(driver, RITA, thread, form, grade="8", areas="franvaro", description=CLEAN)
    bryggan.dispatcher.run_once()
    [case] = _cases(bryggan)
    return case


def test_a_consultation_from_the_schools_channel_to_the_contact_and_back(
    teams: LocalTeams,
    driver: Driver,
    bryggan: Bryggan,
    chats: dict[str, str],
    caplog: pytest.LogCaptureFixture,
) -> None:
    caplog.set_level(logging.DEBUG)  # Bryggan's own logs, all of them; the libraries as in production
    for chatty in ("microsoft_teams", "httpx", "httpcore", "uvicorn"):  # bot/logs.configure: never DEBUG
        caplog.set_level(logging.INFO, logger=chatty)
    thread, form = _open_form(teams, driver)
    fields = inputs(form)
    assert list(fields) == ["grade", "areas", "description", "reach"]
    assert fields["areas"]["isMultiSelect"] is True
    assert form["body"][0]["text"].startswith("**Inte för akuta lägen.**")

    refused = dialog(submit(driver, RITA, thread, form, grade="8", areas="franvaro", description=IDENTIFYING))
    again = inputs(refused)
    assert (again["grade"]["value"], again["areas"]["value"]) == ("8", "franvaro")  # what was typed stays
    assert "value" not in again["description"]  # but never the refused words
    at = refused["body"].index(again["description"])
    error = refused["body"][at + 2]  # under the field and its hint
    assert error["color"] == "Attention"
    assert r"personnummer \(ord 4\)" in error["text"]  # markdown-escaped, shown as typed
    for secret in ("Amira", "20110312", "Storgatan"):
        assert secret not in str(refused)
        assert secret not in caplog.text
    assert _cases(bryggan) == []

    done = dialog(submit(driver, RITA, thread, refused, areas="franvaro,omsorgssvikt", description=CLEAN))
    assert "actions" not in done  # nothing more to submit: the dialog only says what happened
    [case] = _cases(bryggan)
    assert case.status == ConsultationStatus.OPEN
    assert f"**{case.number}** är skickad till @Sam Socialsekreterare." in texts(done)  # a name, not an id

    bryggan.dispatcher.run_once()
    sam, rita = chats[SAM], chats[RITA]
    received = posted(teams, sam, 3)[-1]  # after the home card and the assignment's notice
    assert "Vi är oroliga för en elev" in texts(received.cards[0])

    taken = driver.click(SAM, received, f"konsultation_ack:{case.id}")
    assert taken.body["type"] == "application/vnd.microsoft.activity.message"
    assert taken.body["value"].startswith(f"Du har tagit emot {case.number}.")
    kim = install_personal(
        teams, driver, KIM
    ).id  # a crafted click from someone else's chat: refused in words
    action = {
        "type": "Action.Execute",
        "verb": f"konsultation_ack:{case.id}",
        "data": {"value": f'{{"id": {case.id}}}'},
    }
    refused = driver.invoke(KIM, kim, "adaptiveCard/action", {"action": action, "trigger": "manual"})
    assert refused.body["statusCode"] == 200  # words for the person, not Teams' "something went wrong"
    assert (
        refused.body["value"] == "Only the school's contact and deputy can take or answer this consultation."
    )
    bryggan.dispatcher.run_once()
    assert "har tagit emot din konsultation" in texts(teams.posted(rita)[-1].cards[0])

    reply_form = dialog(driver.click(SAM, received, "Svara"))
    replied = dialog(
        submit(driver, SAM, sam, reply_form, reply="Ring mig gärna i morgon, så pratar vi om stödet.")
    )
    assert case.number in texts(replied)
    bryggan.dispatcher.run_once()
    assert "Ring mig gärna i morgon" in texts(teams.posted(rita)[-1].cards[0])

    close_form = dialog(driver.click(SAM, received, "Avsluta"))
    assert [c["value"] for c in inputs(close_form)["outcome"]["choices"]] == list(OUTCOMES)
    dialog(submit(driver, SAM, sam, close_form, outcome="rad_lamnat"))
    assert _cases(bryggan)[0].status == ConsultationStatus.CLOSED
    bryggan.dispatcher.run_once()
    assert case.number in texts(teams.posted(rita)[-1].cards[0])


def test_a_forged_form_is_refused_and_a_purge_asks_first(
    teams: LocalTeams, driver: Driver, bryggan: Bryggan, chats: dict[str, str]
) -> None:
    thread, form = _open_form(teams, driver)
    [button] = form["actions"]
    forged = {**button["data"]["bryggan"], "private_metadata": "C0FORGED"}
    answer = driver.submit_task(
        RITA,
        thread,
        {"bryggan": forged, "grade": "8", "areas": "franvaro", "description": CLEAN, "reach": "dm"},
    )
    assert answer.body["task"]["type"] == "message"
    assert _cases(bryggan) == []

    submit(driver, RITA, thread, form, grade="8", areas="franvaro", description=CLEAN)
    bryggan.dispatcher.run_once()
    received = posted(teams, chats[SAM], 3)[-1]
    with pytest.raises(TeamsFault):  # "Innehåller personuppgifter" asks first: no action runs at once
        driver.click(SAM, received, f"konsultation_purge:{_cases(bryggan)[0].id}")
    question = dialog(driver.click(SAM, received, "Innehåller personuppgifter"))
    assert "Det går inte att ångra" in texts(question)
    [yes] = question["actions"]
    said = driver.submit_task(SAM, chats[SAM], yes["data"])
    assert said.body["task"]["type"] == "message"
    with bryggan.sessions.begin() as session:
        assert session.scalar(select(Consultation.description)) is None


def test_the_asker_adds_lists_and_withdraws(
    teams: LocalTeams, driver: Driver, bryggan: Bryggan, chats: dict[str, str]
) -> None:
    case = _sent(teams, driver, bryggan)
    rita = chats[RITA]
    receipt = posted(teams, rita, 2)[-1]  # the asker's receipt, in her own chat after the home card
    add_form = dialog(driver.click(RITA, receipt, "Lägg till"))
    added = dialog(submit(driver, RITA, rita, add_form, addition="Eleven har också svårt att komma i tid."))
    assert f"Tillägget i **{case.number}** är skickat" in texts(added)

    driver.message(RITA, rita, "konsultation mina")
    assert case.number in texts(posted(teams, rita, 3)[-1].cards[0])
    in_channel = driver.message(RITA, CHANNEL, "konsultation mina")  # one's own cases: not for all
    [answer] = posted(teams, in_channel.activity["conversation"]["id"], 1)
    assert "bara i din egen chatt" in texts(answer.cards[0])
    assert case.number not in texts(answer.cards[0])

    question = dialog(driver.click(RITA, receipt, "Dra tillbaka"))
    [yes] = question["actions"]
    said = driver.submit_task(RITA, rita, yes["data"])
    assert said.body["task"]["value"].startswith(f"{case.number} är tillbakadragen")
    with bryggan.sessions.begin() as session:
        assert session.scalar(select(Consultation.description)) is None

    bryggan.dispatcher.run_once()  # the receiver's card is rewritten: nothing left to take
    with pytest.raises(TeamsFault):
        driver.click(SAM, posted(teams, chats[SAM], 3)[2], f"konsultation_ack:{case.id}")


def test_konsultation_outside_a_school_channel_is_refused_in_words(
    teams: LocalTeams, driver: Driver, chats: dict[str, str]
) -> None:
    driver.message(RITA, chats[RITA], "konsultation Oro för en elev")
    [_home, answer] = posted(teams, chats[RITA], 2)
    assert "inte kopplad till någon skola" in texts(answer.cards[0])


def test_words_typed_after_konsultation_in_a_channel_reach_no_form_and_no_button(
    teams: LocalTeams, driver: Driver, chats: dict[str, str]
) -> None:
    typed = "Eleven Amira Hassan, 20110312-2384, mår dåligt"
    sent = driver.message(RITA, CHANNEL, f"konsultation {typed}")
    [answer] = posted(teams, sent.activity["conversation"]["id"], 1)
    assert "Amira" not in json.dumps(answer.cards[0])  # not in the button's data either
    assert "följer inte med in i formuläret" in texts(answer.cards[0])
    for user in (RITA, KIM):  # whoever in the channel clicks it gets an empty form
        form = dialog(driver.click(user, answer, "Skriv konsultationen"))
        assert "Amira" not in json.dumps(form)
        assert "value" not in inputs(form)["description"]


def test_identifying_words_typed_in_a_channel_are_refused_and_the_writer_asked_to_delete_them(
    teams: LocalTeams, driver: Driver, bryggan: Bryggan, chats: dict[str, str]
) -> None:
    driver.message(SAM, chats[SAM], "hej")  # Sam is known, then the contact
    driver.message(RITA, CHANNEL, "eht schema onsdag 10:00")
    sent = driver.message(RITA, CHANNEL, "eht punkt Wilma Andersson i 8B är ofta frånvarande")
    [*_, answer] = posted(teams, sent.activity["conversation"]["id"], 1)
    shown = texts(answer.cards[0])
    assert "kan peka ut en person" in shown
    assert "Ditt meddelande syns för alla i kanalen: ta bort det" in shown
    assert "Wilma" not in shown


def test_the_holder_forwards_a_case_to_a_colleague_bryggan_knows(
    teams: LocalTeams, driver: Driver, bryggan: Bryggan, chats: dict[str, str]
) -> None:
    case = _sent(teams, driver, bryggan)
    sam, kim = chats[SAM], driver.install_personal(KIM).id  # Kim can be written to
    first = driver.message(RITA, CHANNEL, "kontakt")
    say_with_mention(driver, first, "kontakt ersättare", KIM, "Kim Kurator")  # and serves as deputy
    received = posted(teams, sam, 2)[-1]
    driver.click(SAM, received, f"konsultation_ack:{case.id}")

    forward = dialog(driver.click(SAM, received, "Vidarebefordra"))
    picker = inputs(forward)["forward_to"]
    assert picker["type"] == "Input.ChoiceSet"
    # Contacts and deputies only (never oneself; Rita, a rector with the app, is no colleague to pick).
    assert [c["title"] for c in picker["choices"]] == ["Kim Kurator"]
    note = "Hon har arbetat med liknande frågor och tar över."
    for crafted_id in (internal_id("user", RITA), internal_id("user", "29:elev")):  # not offered: refused
        refused = dialog(submit(driver, SAM, sam, forward, forward_to=crafted_id, note=note))
        assert "vidarebefordrad" not in texts(refused)
        assert _cases(bryggan)[0].holder_id == internal_id("user", SAM)
    done = dialog(submit(driver, SAM, sam, forward, forward_to=internal_id("user", KIM), note=note))
    assert f"**{case.number}** är vidarebefordrad" in texts(done)
    assert _cases(bryggan)[0].holder_id == internal_id("user", KIM)

    bryggan.dispatcher.run_once()
    assert "Vi är oroliga för en elev" in texts(posted(teams, kim, 1)[-1].cards[0])  # the new holder
    told = texts(teams.posted(chats[RITA])[-1].cards[0])
    assert case.number in told
    assert "Kim Kurator" in told
    with pytest.raises(TeamsFault):  # Sam no longer holds it: his card is rewritten, nothing to answer
        driver.click(SAM, received, "Svara")
    crafted = {
        "type": "Action.Execute",
        "verb": f"konsultation_ack:{case.id}",
        "data": {"value": f'{{"id": {case.id}}}'},
    }
    again = driver.invoke(SAM, sam, "adaptiveCard/action", {"action": crafted, "trigger": "manual"})
    assert (
        again.body["value"]
        == f"{case.number} är vidarebefordrad till @Kim Kurator, som har ärendet nu; ingenting ändrades."
    )
    assert _cases(bryggan)[0].holder_id == internal_id("user", KIM)


def test_a_proposed_call_is_declined_then_accepted_with_its_time_in_words(
    teams: LocalTeams, driver: Driver, bryggan: Bryggan, chats: dict[str, str]
) -> None:
    case = _sent(teams, driver, bryggan)
    sam, rita = chats[SAM], chats[RITA]
    received = posted(teams, sam, 2)[-1]
    driver.click(SAM, received, f"konsultation_ack:{case.id}")

    def propose(time: str) -> tuple[Activity, str]:
        call_form = dialog(driver.click(SAM, received, "Föreslå samtalstid"))
        day = inputs(call_form)["day"]["value"]
        dialog(submit(driver, SAM, sam, call_form, time=time))
        bryggan.dispatcher.run_once()
        proposal = next(a for a in reversed(teams.posted(rita)) if "föreslår ett samtal" in texts(a.cards[0]))
        return proposal, day

    first, day = propose("14:30")
    declined = driver.click(RITA, first, "Avböj")
    assert (
        declined.body["value"]
        == f"Du har avböjt samtalstiden i {case.number}. Den andra parten har fått veta."
    )
    bryggan.dispatcher.run_once()
    assert f"har avböjt samtalstiden {day} kl. 14:30" in texts(teams.posted(sam)[-1].cards[0])

    second, _ = propose("10:00")
    accepted = driver.click(RITA, second, "Acceptera")
    assert accepted.body["value"].startswith(
        f"Samtalet i {case.number} är bokat {day} kl. 10:00. Lägg in det"
    )
    bryggan.dispatcher.run_once()
    told = texts(teams.posted(sam)[-1].cards[0])
    assert f"har accepterat samtalet om **{case.number}** {day} kl. 10:00" in told
    assert "Teams: Kalender → Nytt möte" in told
    shown = [texts(a.cards[0]) for a in [*teams.posted(sam), *teams.posted(rita)] if a.cards]
    assert not [text for text in shown if "Kalenderfilen" in text]  # no file is coming in Teams
