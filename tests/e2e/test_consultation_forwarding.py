"""A case forwarded to a colleague or the fallback channel: the new holder gets it with its replies."""

from __future__ import annotations

from dataclasses import replace

from sqlalchemy import select

from bot.app import Bryggan
from localslack import Driver, Message, Workspace
from storage.models import AuditEvent, Consultation, ConsultationStatus
from tests.e2e import test_consultations as _seeded
from tests.e2e.test_consultation_holders import ADVICE, EARLY, THANKS, _latest
from tests.e2e.test_consultation_replies import _dm_with, _reply, _write
from tests.e2e.test_consultations import CLEAN, _open, _submit
from tests.e2e.test_contacts import Kontakt, _text
from tests.slackbed import CHANNELS, PEOPLE

kontakt = _seeded.kontakt  # Berzeliusskolan with Sara as contact and Omar as deputy
fallback_driver = _seeded.fallback_driver  # the app with #personalrummet as BRYGGAN_FALLBACK_CHANNEL

FIA = "U0FIAFAM1"  # a social secretary in the family-home team; she serves no school
NOTE = "Familjehemsteamet har mer erfarenhet av den här sortens frågor, jag lämnar över."


def _forward(to: str | None = None, note: str = NOTE, fallback: bool = False) -> dict:
    values: dict = {"note": {"note": {"type": "plain_text_input", "value": note}}}
    # A person clears the user picker to choose the channel instead.
    values["forward_to"] = {"forward_to": {"type": "users_select", "selected_user": to}}
    if fallback:
        chosen = [{"value": "fallback"}]
        values["forward_fallback"] = {"forward_fallback": {"type": "checkboxes", "selected_options": chosen}}
    return values


def _case(bryggan: Bryggan) -> Consultation:
    with bryggan.sessions.begin() as session:
        return session.scalars(select(Consultation)).one()


def _audited(bryggan: Bryggan, action: str) -> list[tuple[str, str | None]]:
    with bryggan.sessions.begin() as session:
        events = session.scalars(
            select(AuditEvent).where(AuditEvent.action == action).order_by(AuditEvent.id)
        )
        return [(e.actor_id, e.detail) for e in events]


def _labels(message: Message) -> list[str]:
    return [e["text"]["text"] for b in message.blocks or [] if b["type"] == "actions" for e in b["elements"]]


def test_a_case_forwarded_to_a_colleague_goes_with_its_replies_and_follows_the_new_holder(
    kontakt: Kontakt, driver: Driver, workspace: Workspace, bryggan: Bryggan
) -> None:
    workspace.add_user(id=FIA, name="fia", real_name="Fia Familjehem")
    _open(driver, workspace)
    _submit(driver, CLEAN)
    kontakt.deliver()
    received = _dm_with(workspace, PEOPLE.sara, "Ny konsultation")
    receipt = _dm_with(workspace, PEOPLE.rektor, "Kvitto")
    _write(driver, workspace, PEOPLE.rektor, receipt, "Svara", _reply(EARLY))
    kontakt.click(PEOPLE.sara, received, "konsultation_ack")
    kontakt.deliver()

    # The note passes the guard first: a name is refused beside it and nothing moves.
    _write(
        driver, workspace, PEOPLE.sara, received, "Vidarebefordra", _forward(FIA, "Ring Amira Hassans mamma.")
    )
    assert "namn (ord 2)" in workspace.modal_errors_of(PEOPLE.sara)["note"]
    assert "forward_fallback" not in str(workspace.views_of(PEOPLE.sara)[-1])  # no fallback channel set
    assert _case(bryggan).holder_id == PEOPLE.sara
    assert driver.view_submission(user=PEOPLE.sara, values=_forward(FIA)).status == 200
    kontakt.deliver()

    held = _dm_with(workspace, FIA, "K-2026-0001")
    assert held.text.startswith(
        "*Konsultation K-2026-0001* från <@U0REKTOR1>, Berzeliusskolan, åk 8 – "
        "vidarebefordrad hit av <@U0SARA001>."
    )
    assert f"*Anteckning:* {NOTE}" in held.text
    assert CLEAN in held.text
    assert f"<@{PEOPLE.rektor}>: {EARLY}" in held.text
    assert _labels(held) == [
        "Svara",
        "Föreslå samtalstid",
        "Avsluta",
        "Vidarebefordra",
        "Innehåller personuppgifter",
    ]
    moved = _latest(workspace, workspace.im_id(PEOPLE.sara), received.ts)
    assert moved.text.startswith(
        "*K-2026-0001* vidarebefordrades av <@U0SARA001> till <@U0FIAFAM1>, som har ärendet nu."
    )
    assert CLEAN not in moved.text
    assert _labels(moved) == []
    told = _dm_with(workspace, PEOPLE.rektor, "har vidarebefordrat")
    assert told.text == (
        "<@U0SARA001> har vidarebefordrat din konsultation *K-2026-0001* till <@U0FIAFAM1>, "
        "som har ärendet nu. Dina svar här går dit."
    )
    assert told.thread_ts == receipt.ts

    # The asker's next reply reaches Fia's thread; Sara sees nothing new.
    sara_saw = len(workspace.dm_messages_to(PEOPLE.sara))
    _write(driver, workspace, PEOPLE.rektor, receipt, "Svara", _reply(THANKS))
    kontakt.deliver()
    assert _dm_with(workspace, FIA, THANKS).thread_ts == held.ts
    assert len(workspace.dm_messages_to(PEOPLE.sara)) == sara_saw

    # Sara and Omar (who both serve the school) may no longer answer, close or forward.
    old_copy = workspace.store(replace(received, ts=workspace.next_ts()))  # as it was before the rewrite
    _write(driver, workspace, PEOPLE.sara, old_copy, "Svara", _reply("Jag tar det här ändå, ring mig."))
    refused = "*K-2026-0001* är vidarebefordrad till <@U0FIAFAM1>, som har ärendet nu; ingenting ändrades."
    assert workspace.modal_errors_of(PEOPLE.sara)["reply"] == refused
    forged = workspace.store(replace(held, ts=workspace.next_ts(), channel=workspace.open_im(PEOPLE.omar).id))
    _write(driver, workspace, PEOPLE.omar, forged, "Vidarebefordra", _forward(PEOPLE.omar))
    assert workspace.modal_errors_of(PEOPLE.omar)["note"] == refused
    # Someone who serves nowhere is refused outright.
    stray = workspace.store(
        replace(held, ts=workspace.next_ts(), channel=workspace.open_im(PEOPLE.kurator_en).id)
    )
    _write(driver, workspace, PEOPLE.kurator_en, stray, "Vidarebefordra", _forward(PEOPLE.kurator_en))
    assert "Only the school's contact and deputy" in workspace.modal_errors_of(PEOPLE.kurator_en)["note"]
    assert _case(bryggan).holder_id == FIA
    assert _case(bryggan).forwarded == 1

    # Fia answers and closes, as the holder.
    _write(driver, workspace, FIA, held, "Svara", _reply(ADVICE))
    outcome = {"outcome": {"outcome": {"type": "static_select", "selected_option": {"value": "rad_lamnat"}}}}
    _write(driver, workspace, FIA, held, "Avsluta", outcome)
    kontakt.deliver()
    assert _dm_with(workspace, PEOPLE.rektor, ADVICE).thread_ts == receipt.ts
    assert _case(bryggan).status is ConsultationStatus.CLOSED
    assert _audited(bryggan, "consultation_forwarded") == [(PEOPLE.sara, FIA)]
    followup = bryggan.services.followup
    counted = followup.report("T0TEST001", followup.term("T0TEST001", "HT2026")).municipality.consultations
    assert (counted.forwarded, counted.withdrawn, counted.replied) == (1, 0, 1)
    assert counted.reply_median_hours == 0  # Fia answered within the same (frozen) minute
    assert _audited(bryggan, "consultation_holder_changed") == [(PEOPLE.sara, f"{PEOPLE.sara}>{FIA}")]


def test_a_case_forwarded_to_the_fallback_channel_waits_there_to_be_taken(
    fallback_driver: tuple[Driver, Bryggan], workspace: Workspace
) -> None:
    driver, app = fallback_driver
    kontakt = Kontakt(driver, workspace, app)
    kontakt(PEOPLE.admin, CHANNELS.berzelius, "koppla Berzeliusskolan")
    kontakt(PEOPLE.admin, CHANNELS.berzelius, "tilldela @sara")
    kontakt(PEOPLE.admin, CHANNELS.berzelius, "ersättare @omar")
    _open(driver, workspace)
    _submit(driver, CLEAN)
    kontakt.deliver()
    received = _dm_with(workspace, PEOPLE.sara, "Ny konsultation")

    _write(driver, workspace, PEOPLE.sara, received, "Vidarebefordra", _forward(PEOPLE.omar, fallback=True))
    assert workspace.modal_errors_of(PEOPLE.sara)["forward_to"].startswith(
        "Välj antingen en socialsekreterare"
    )
    _write(driver, workspace, PEOPLE.sara, received, "Vidarebefordra", _forward(PEOPLE.rektor))
    assert workspace.modal_errors_of(PEOPLE.sara)["forward_to"].startswith(
        "Ärendet kan inte vidarebefordras till den som frågade"
    )
    assert driver.view_submission(user=PEOPLE.sara, values=_forward(fallback=True)).status == 200
    kontakt.deliver()

    [posted] = [m for m in workspace.messages_in(CHANNELS.personalrum) if "K-2026-0001" in m.text]
    assert "vidarebefordrad hit av <@U0SARA001>; ingen har tagit emot den än" in posted.text
    assert _labels(posted)[0] == "Ta emot"
    told = _dm_with(workspace, PEOPLE.rektor, "har vidarebefordrat")
    assert "till <#C0PERSONA>, som har ärendet nu" in told.text

    # Omar, the deputy, takes it from the channel: it moves on to his DM, and the channel's copy says so.
    assert "Du har tagit emot" in _text(kontakt.click(PEOPLE.omar, posted, "konsultation_ack"))
    kontakt.deliver()
    assert CLEAN in _dm_with(workspace, PEOPLE.omar, "Konsultation K-2026-0001").text
    now = _latest(workspace, CHANNELS.personalrum, posted.ts)
    assert now.text.startswith("*K-2026-0001* har tagits emot av <@U0OMAR001>")
    case = _case(app)
    assert (case.holder_id, case.acknowledged_by, case.forwarded) == (PEOPLE.omar, PEOPLE.omar, 1)
    assert [d for _, d in _audited(app, "consultation_holder_changed")] == [
        f"{PEOPLE.sara}>{CHANNELS.personalrum}",
        f"{CHANNELS.personalrum}>{PEOPLE.omar}",
    ]
