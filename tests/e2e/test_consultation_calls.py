"""A call time agreed between the two sides: accept, decline or another time; .ics and reminders."""

from __future__ import annotations

from dataclasses import replace
from datetime import datetime

from sqlalchemy import select

from bot.app import Bryggan
from bot.clock import FakeClock
from localslack import Driver, Message, Workspace
from storage.models import Consultation
from tests.conftest import STOCKHOLM
from tests.e2e import test_consultations as _seeded
from tests.e2e.test_consultation_purge import _latest
from tests.e2e.test_consultation_replies import _delivered_case, _dm_with, _write
from tests.e2e.test_consultations import CLEAN
from tests.e2e.test_contacts import Kontakt, _text
from tests.slackbed import PEOPLE

kontakt = _seeded.kontakt  # Berzeliusskolan with Sara as contact and Omar as deputy
ACCEPT, DECLINE = "konsultation_call_accept", "konsultation_call_decline"


def _when(day: str, at: str) -> dict:
    return {
        "day": {"day": {"type": "datepicker", "selected_date": day}},
        "time": {"time": {"type": "timepicker", "selected_time": at}},
    }


def _labels(message: Message) -> list[str]:
    return [e["text"]["text"] for b in message.blocks or [] if b["type"] == "actions" for e in b["elements"]]


def _case(bryggan: Bryggan) -> Consultation:
    with bryggan.sessions.begin() as session:
        return session.scalars(select(Consultation)).one()


def test_a_call_time_is_countered_declined_and_agreed_then_reaches_both_as_ics_and_is_reminded(
    kontakt: Kontakt, driver: Driver, workspace: Workspace, bryggan: Bryggan, clock: FakeClock
) -> None:
    received, receipt = _delivered_case(kontakt, driver, workspace)
    _write(driver, workspace, PEOPLE.sara, received, "Föreslå samtalstid", _when("2026-11-26", "14:30"))
    kontakt.deliver()
    first = _dm_with(workspace, PEOPLE.rektor, "föreslår ett samtal")
    assert first.text.startswith("<@U0SARA001> föreslår ett samtal om *K-2026-0001* 2026-11-26 kl. 14:30.")
    assert first.thread_ts == receipt.ts
    assert _labels(first) == ["Acceptera", "Avböj", "Föreslå annan tid"]

    # Only the side the proposal went to may answer it: Omar and Sara are refused, nothing changes.
    for user in (PEOPLE.omar, PEOPLE.sara):
        forged = workspace.store(replace(first, ts=workspace.next_ts(), channel=workspace.open_im(user).id))
        assert _text(kontakt.click(user, forged, ACCEPT)).startswith("Bara den som fick förslaget")
    assert _case(bryggan).call_at is None

    # The asker proposes another time: it reaches Sara's thread and the first proposal leaves her view.
    _write(driver, workspace, PEOPLE.rektor, first, "Föreslå annan tid", _when("2026-11-27", "09:00"))
    kontakt.deliver()
    assert _latest(workspace, first).text == (
        "Förslaget om samtal i *K-2026-0001* 2026-11-26 kl. 14:30 är ersatt av ett nytt förslag."
    )
    assert _labels(_latest(workspace, first)) == []
    counter = _dm_with(workspace, PEOPLE.sara, "föreslår ett samtal")
    assert counter.text.startswith("<@U0REKTOR1> föreslår ett samtal om *K-2026-0001* 2026-11-27 kl. 09:00.")
    assert counter.thread_ts == received.ts
    stale = workspace.store(replace(first, ts=workspace.next_ts()))
    assert "gäller inte längre" in _text(kontakt.click(PEOPLE.rektor, stale, ACCEPT))

    # Sara declines; the asker is told, and Sara's proposal message says it was declined.
    assert "Du har avböjt" in _text(kontakt.click(PEOPLE.sara, counter, DECLINE))
    kontakt.deliver()
    assert _latest(workspace, counter).text.endswith("2026-11-27 kl. 09:00 är avböjt.")
    assert "har avböjt samtalstiden 2026-11-27 kl. 09:00" in _dm_with(workspace, PEOPLE.rektor, "avböjt").text

    # Sara proposes 10:00 instead; the asker accepts.
    _write(driver, workspace, PEOPLE.sara, received, "Föreslå samtalstid", _when("2026-11-27", "10:00"))
    kontakt.deliver()
    third = _dm_with(workspace, PEOPLE.rektor, "2026-11-27 kl. 10:00")
    assert _text(kontakt.click(PEOPLE.rektor, third, ACCEPT)).startswith("Samtalet i *K-2026-0001* är bokat.")
    kontakt.deliver()
    assert _latest(workspace, third).text.startswith("Samtal i *K-2026-0001* är bokat 2026-11-27 kl. 10:00.")
    assert "har accepterat samtalet" in _dm_with(workspace, PEOPLE.sara, "accepterat").text
    files = [f for f in workspace.files if f.name == "samtal-K-2026-0001.ics"]
    assert sorted(c for f in files for c in f.channels) == sorted(
        [workspace.im_id(PEOPLE.rektor), workspace.im_id(PEOPLE.sara)]
    )
    for f in files:
        ics = (f.content or b"").decode()
        assert "DTSTART;TZID=Europe/Stockholm:20261127T100000" in ics
        assert "SUMMARY:Samtal om konsultation K-2026-0001" in ics
        assert CLEAN not in ics
    assert _case(bryggan).call_at == datetime(2026, 11, 27, 10, 0, tzinfo=STOCKHOLM)

    # Both sides' lists show state, age, holder and the next call, never the text.
    head, tail = (
        "• *K-2026-0001*, Berzeliusskolan – mottagen, inkom idag",
        " · hos <@U0SARA001> · samtal 2026-11-27 10:00",
    )
    for user, asked in ((PEOPLE.rektor, " (du frågade)"), (PEOPLE.sara, "")):
        line = head + asked + tail
        seen = len(workspace.ephemerals_to(user))
        driver.command(user=user, channel="C0PERSONA", command="/konsultation", text="mina")
        listed = workspace.wait_for(lambda ws, user=user, seen=seen: ws.ephemerals_to(user)[seen:] or None)[
            -1
        ]
        assert line in listed.text
        assert CLEAN not in listed.text
    driver.app_home_opened(user=PEOPLE.rektor)
    home = workspace.wait_for(lambda ws: ws.home_of(PEOPLE.rektor))
    shown = [b.get("text", {}).get("text", "") for b in home["blocks"]]
    assert any(text.startswith(head + " (du frågade)" + tail) for text in shown)
    assert not any(CLEAN in text for text in shown)

    # An hour before, both are reminded through the outbox; not before.
    clock.set(datetime(2026, 11, 27, 8, 59, tzinfo=STOCKHOLM))
    kontakt.deliver()
    assert not [m for m in workspace.dm_messages_to(PEOPLE.rektor) if "Påminnelse: samtal" in m.text]
    clock.set(datetime(2026, 11, 27, 9, 0, tzinfo=STOCKHOLM))
    kontakt.deliver()
    for user in (PEOPLE.rektor, PEOPLE.sara):
        assert _dm_with(workspace, user, "Påminnelse: samtal").text == (
            "Påminnelse: samtal om *K-2026-0001* idag kl. 10:00."
        )


def test_the_asker_cannot_propose_a_call_before_the_holder_has(
    kontakt: Kontakt, driver: Driver, workspace: Workspace, bryggan: Bryggan
) -> None:
    received, _receipt = _delivered_case(kontakt, driver, workspace)
    kontakt.click(PEOPLE.sara, received, "konsultation_ack")
    forged = workspace.store(
        replace(received, ts=workspace.next_ts(), channel=workspace.open_im(PEOPLE.rektor).id)
    )
    _write(driver, workspace, PEOPLE.rektor, forged, "Föreslå samtalstid", _when("2026-11-26", "14:30"))
    assert workspace.modal_errors_of(PEOPLE.rektor)["day"].startswith(
        "Det finns inget förslag om samtalstid att svara på i *K-2026-0001*."
    )
    assert _case(bryggan).call_proposals == 0


def test_closing_the_case_withdraws_the_reminders_of_its_agreed_call(
    kontakt: Kontakt, driver: Driver, workspace: Workspace, bryggan: Bryggan, clock: FakeClock
) -> None:
    received, _receipt = _delivered_case(kontakt, driver, workspace)
    _write(driver, workspace, PEOPLE.sara, received, "Föreslå samtalstid", _when("2026-11-27", "10:00"))
    kontakt.deliver()
    proposal = _dm_with(workspace, PEOPLE.rektor, "föreslår ett samtal")
    kontakt.click(PEOPLE.rektor, proposal, ACCEPT)
    kontakt.deliver()
    outcome = {"outcome": {"outcome": {"type": "static_select", "selected_option": {"value": "rad_lamnat"}}}}
    _write(driver, workspace, PEOPLE.sara, received, "Avsluta", outcome)
    kontakt.deliver()
    clock.set(datetime(2026, 11, 27, 9, 30, tzinfo=STOCKHOLM))  # past the reminders' due time
    kontakt.deliver()
    for user in (PEOPLE.rektor, PEOPLE.sara):
        assert not [m for m in workspace.dm_messages_to(user) if "Påminnelse: samtal" in m.text]
