"""The safety net after delivery: a withdrawn text is deleted, its messages rewritten, the other side told."""

from __future__ import annotations

from dataclasses import replace
from datetime import datetime, timedelta

from sqlalchemy import select

from bot.app import Bryggan
from bot.clock import FakeClock
from bot.followup import Published
from bot.followup.service import summary_args
from bot.followup.suppress import HIDDEN
from localslack import Driver, Message, Workspace
from storage.models import AuditEvent, Base, Consultation, ConsultationReply, DeliveryStatus, OutboxMessage
from tests.conftest import STOCKHOLM
from tests.disclosure import derivable
from tests.e2e import test_consultations as _seeded
from tests.e2e.test_consultation_holders import case_in_the_fallback_channel
from tests.e2e.test_consultation_replies import _delivered_case, _dm_with, _reply, _write
from tests.e2e.test_consultations import CLEAN
from tests.e2e.test_contacts import Kontakt, _text
from tests.slackbed import CHANNELS, PEOPLE

kontakt = _seeded.kontakt  # Berzeliusskolan with Sara as contact and Omar as deputy
fallback_driver = _seeded.fallback_driver  # the app with #personalrummet as BRYGGAN_FALLBACK_CHANNEL

NOTICE = "Texten togs bort eftersom den innehöll personuppgifter."
EARLY = "Vi har också sett att eleven ofta saknar frukost och lunchlåda."
SLIP = "Mamman ringde i morse och berättade mer om läget hemma, vi kan ta det på mötet."
PURGE = "konsultation_purge"


def _case(bryggan: Bryggan) -> Consultation:
    with bryggan.sessions.begin() as session:
        return session.scalars(select(Consultation)).one()


def _replies(bryggan: Bryggan) -> list[ConsultationReply]:
    with bryggan.sessions.begin() as session:
        return list(session.scalars(select(ConsultationReply).order_by(ConsultationReply.id)))


def _purges(bryggan: Bryggan) -> list[AuditEvent]:
    with bryggan.sessions.begin() as session:
        query = select(AuditEvent).where(AuditEvent.action == "consultation_text_purged")
        return list(session.scalars(query))


def _database(bryggan: Bryggan) -> str:
    """Every row of every table as text: where a deleted text must no longer be."""
    with bryggan.sessions.begin() as session:
        return "\n".join(
            repr(tuple(row))
            for table in Base.metadata.sorted_tables
            for row in session.execute(table.select())
        )


def _latest(workspace: Workspace, message: Message) -> Message:
    """The message as Slack holds it now (after any chat.update)."""
    return next(m for m in workspace.messages_in(message.channel) if m.ts == message.ts)


def _purge_button(message: Message) -> dict:
    return next(
        e
        for b in message.blocks or []
        if b["type"] == "actions"
        for e in b["elements"]
        if e["action_id"].startswith(PURGE)
    )


def _anywhere_in_slack(workspace: Workspace, text: str, but: tuple[Message, ...] = ()) -> list[Message]:
    """Messages Slack holds now (not older versions) that show `text`, apart from the test's own `but`."""
    skip = {(m.channel, m.ts) for m in but}
    return [
        m
        for m in workspace.messages
        if (m.channel, m.ts) not in skip and (text in m.text or text in str(m.blocks))
    ]


def test_the_receiver_withdraws_a_case_text_its_message_is_replaced_and_the_asker_told(
    kontakt: Kontakt, driver: Driver, workspace: Workspace, bryggan: Bryggan
) -> None:
    received, receipt = _delivered_case(kontakt, driver, workspace)
    sealed = _case(bryggan).description
    assert sealed is not None
    assert CLEAN in received.text
    button = _purge_button(received)
    assert button["text"]["text"] == "Innehåller personuppgifter"
    assert button["confirm"]["title"]["text"] == "Ta bort texten?"
    assert "Det går inte att ångra." in button["confirm"]["text"]["text"]
    assert _purge_button(receipt)["confirm"]["confirm"]["text"] == "Ta bort texten"  # the asker has one too

    # Someone who neither asked nor received it (an administrator, correctly signed) is refused.
    owed = len(workspace.history)
    forged = workspace.store(
        replace(received, ts=workspace.next_ts(), channel=workspace.open_im(PEOPLE.admin).id)
    )
    refused = kontakt.click(PEOPLE.admin, forged, PURGE)
    assert _text(refused).startswith("Bara den som skickade konsultationen och den som tagit emot den")
    assert "Ingenting ändrades." in _text(refused)
    kontakt.deliver()
    assert _case(bryggan).description == sealed
    assert _purges(bryggan) == []
    assert CLEAN in _latest(workspace, received).text
    assert not [m for m in workspace.history[owed:] if m.via == "chat.update"]

    done = kontakt.click(PEOPLE.sara, received, PURGE)
    assert (
        _text(done)
        == "Texten är borttagen ur *K-2026-0001* och ersätts i Slack. Den andra parten får veta varför."
    )
    case = _case(bryggan)
    assert case.description is None
    kontakt.deliver()

    now = _latest(workspace, received)
    assert now.text.startswith("*Ny konsultation K-2026-0001* från <@U0REKTOR1>, Berzeliusskolan, åk 8.")
    assert f"_{NOTICE}_" in now.text
    assert CLEAN not in _text(now)
    labels = [e["text"]["text"] for b in now.blocks if b["type"] == "actions" for e in b["elements"]]
    assert labels == [
        "Ta emot",
        "Svara",
        "Föreslå samtalstid",
        "Avsluta",
        "Vidarebefordra",
    ]  # the case goes on, without its text
    told = _dm_with(workspace, PEOPLE.rektor, "markerade texten")
    assert told.text.startswith(
        "<@U0SARA001> markerade texten i *K-2026-0001* som personuppgifter; den är borttagen ur Bryggan"
    )
    assert told.thread_ts == receipt.ts
    assert _anywhere_in_slack(workspace, CLEAN, but=(forged,)) == []
    stored = _database(bryggan)
    assert CLEAN not in stored
    assert sealed not in stored
    [audited] = _purges(bryggan)
    assert (audited.actor_id, audited.subject_id, audited.detail) == (
        PEOPLE.sara,
        "K-2026-0001",
        "description",
    )

    again = kontakt.click(PEOPLE.rektor, receipt, PURGE)
    assert _text(again) == "Texten i *K-2026-0001* är redan borttagen; ingenting ändrades."
    assert len(_purges(bryggan)) == 1
    with bryggan.sessions.begin() as session:
        statuses = {row.key: row.status for row in session.scalars(select(OutboxMessage))}
    assert statuses["consultation:1:purged:case:received"] is DeliveryStatus.SENT


def test_the_asker_withdraws_a_case_in_the_fallback_channel_and_the_taker_gets_it_without_the_text(
    fallback_driver: tuple[Driver, Bryggan], workspace: Workspace, clock: FakeClock
) -> None:
    driver, app = fallback_driver
    kontakt, posted, receipt = case_in_the_fallback_channel(fallback_driver, workspace)
    _write(driver, workspace, PEOPLE.rektor, receipt, "Svara", _reply(EARLY))
    kontakt.deliver()

    assert "texten är borttagen" in _text(kontakt.click(PEOPLE.rektor, receipt, PURGE)).lower()
    kontakt.deliver()
    channel_copy = _latest(workspace, posted)
    assert "skolan saknar tillgänglig kontaktperson, så den kom hit" in channel_copy.text
    assert f"_{NOTICE}_" in channel_copy.text
    assert CLEAN not in _text(channel_copy)
    [told] = [m for m in workspace.messages_in(CHANNELS.personalrum) if "markerade texten" in m.text]
    assert told.thread_ts == posted.ts
    [early] = [m for m in workspace.messages_in(CHANNELS.personalrum) if EARLY in m.text]  # a reply stays

    clock.set(datetime(2026, 11, 25, 8, 0, tzinfo=STOCKHOLM))  # Sara is back and takes it
    seen = len(workspace.history)
    kontakt.click(PEOPLE.sara, posted, "konsultation_ack")
    kontakt.deliver()
    held = _dm_with(workspace, PEOPLE.sara, "Konsultation K-2026-0001")
    assert f"_{NOTICE}_" in held.text
    assert f"<@{PEOPLE.rektor}>: {EARLY}" in held.text
    assert [m for m in workspace.history[seen:] if CLEAN in m.text] == []
    assert early.thread_ts == posted.ts
    assert _case(app).description is None


def test_the_new_holder_withdraws_the_held_copy_and_every_message_with_those_texts_is_replaced(
    kontakt: Kontakt, driver: Driver, workspace: Workspace, bryggan: Bryggan, clock: FakeClock
) -> None:
    received, receipt = _delivered_case(kontakt, driver, workspace)
    kontakt(PEOPLE.sara, CHANNELS.berzelius, "frånvaro idag 4/12")
    _write(driver, workspace, PEOPLE.rektor, receipt, "Svara", _reply(EARLY))
    kontakt.deliver()
    early = _dm_with(workspace, PEOPLE.sara, EARLY)
    clock.set(datetime(2026, 11, 25, 15, 0, tzinfo=STOCKHOLM))
    bryggan.services.consultations.upkeep.queue_ack_reminders()
    kontakt.deliver()
    kontakt.click(PEOPLE.omar, _dm_with(workspace, PEOPLE.omar, "Eskalering"), "konsultation_ack")
    kontakt.deliver()
    held = _dm_with(workspace, PEOPLE.omar, "Konsultation K-2026-0001")
    assert CLEAN in held.text
    assert EARLY in held.text
    moved = _latest(workspace, received).text

    kontakt.click(PEOPLE.omar, held, PURGE)
    kontakt.deliver()
    assert CLEAN not in _text(_latest(workspace, held))
    assert EARLY not in _text(_latest(workspace, held))
    assert _latest(workspace, held).text.count(NOTICE) == 2  # the description and the reply it showed
    assert EARLY not in _text(_latest(workspace, early))
    assert NOTICE in _latest(workspace, early).text
    assert _latest(workspace, received).text == moved  # already without the text: left as it was
    assert _anywhere_in_slack(workspace, CLEAN) == []
    assert _anywhere_in_slack(workspace, EARLY) == []
    assert all(reply.body is None for reply in _replies(bryggan))
    assert EARLY not in _database(bryggan)
    told = _dm_with(workspace, PEOPLE.rektor, "markerade texten")
    assert told.text.startswith("<@U0OMAR001> markerade texten i *K-2026-0001* som personuppgifter")
    [audited] = _purges(bryggan)
    assert (audited.actor_id, audited.detail) == (PEOPLE.omar, "description,reply:1")


def test_a_reply_is_withdrawn_alone_and_the_case_text_stays(
    kontakt: Kontakt, driver: Driver, workspace: Workspace, bryggan: Bryggan
) -> None:
    received, receipt = _delivered_case(kontakt, driver, workspace)
    _write(driver, workspace, PEOPLE.rektor, receipt, "Svara", _reply(SLIP))
    kontakt.deliver()
    slip = _dm_with(workspace, PEOPLE.sara, "Svar i *K-2026-0001*")
    assert SLIP in slip.text
    assert slip.thread_ts == received.ts
    [stored] = _replies(bryggan)
    sealed = stored.body
    assert sealed is not None

    done = kontakt.click(PEOPLE.sara, slip, PURGE)
    assert "Texten är borttagen ur *K-2026-0001*" in _text(done)
    kontakt.deliver()

    now = _latest(workspace, slip)
    assert now.text == f"Svar i *K-2026-0001* från <@U0REKTOR1>:\n_{NOTICE}_"
    assert [e["text"]["text"] for b in now.blocks if b["type"] == "actions" for e in b["elements"]] == [
        "Svara"
    ]
    assert _anywhere_in_slack(workspace, SLIP) == []
    [stored] = _replies(bryggan)
    assert stored.body is None
    database = _database(bryggan)
    assert SLIP not in database
    assert sealed not in database
    assert CLEAN in _latest(workspace, received).text
    assert _case(bryggan).description is not None
    told = _dm_with(workspace, PEOPLE.rektor, "markerade ett svar")
    assert told.text.startswith("<@U0SARA001> markerade ett svar i *K-2026-0001* som personuppgifter; det är")
    assert told.thread_ts == receipt.ts
    [audited] = _purges(bryggan)
    assert (audited.actor_id, audited.detail) == (PEOPLE.sara, "reply:1")
    report = bryggan.services.followup.report(
        "T0TEST001", bryggan.services.followup.term("T0TEST001", "HT2026")
    )
    assert report.municipality.consultations.texts_purged == 1
    # Shown per school and in total only as the protection allows: the school's 1 is "<5", and no
    # figure of the report (the total included) gives it away.
    published = Published(report)
    [school] = [s for s in report.schools if s.consultations.texts_purged]
    assert published.school(school).texts_purged == HIDDEN
    assert derivable(published.protection) == []
    assert summary_args(report)["texts_purged"] == published.municipality.texts_purged


def test_a_copy_still_owed_when_the_text_is_withdrawn_is_posted_without_it(
    kontakt: Kontakt, driver: Driver, workspace: Workspace, bryggan: Bryggan, clock: FakeClock
) -> None:
    received, receipt = _delivered_case(kontakt, driver, workspace)
    kontakt(PEOPLE.sara, CHANNELS.berzelius, "frånvaro idag 4/12")
    clock.set(datetime(2026, 11, 25, 15, 0, tzinfo=STOCKHOLM))
    bryggan.services.consultations.upkeep.queue_ack_reminders()
    kontakt.deliver()
    kontakt.click(PEOPLE.omar, _dm_with(workspace, PEOPLE.omar, "Eskalering"), "konsultation_ack")
    seen = len(workspace.history)  # Omar's copy (with the text) and Sara's rewrite are owed, not sent

    kontakt.click(PEOPLE.rektor, receipt, PURGE)
    kontakt.deliver()
    clock.advance(timedelta(seconds=10))  # a rewrite waits for the message it rewrites to be sent
    kontakt.deliver()

    held = _dm_with(workspace, PEOPLE.omar, "Konsultation K-2026-0001")
    assert f"_{NOTICE}_" in held.text
    assert [m for m in workspace.history[seen:] if CLEAN in m.text or CLEAN in str(m.blocks)] == []
    assert _latest(workspace, received).text.startswith("*K-2026-0001* har tagits emot av <@U0OMAR001>")
    told = [m for m in workspace.dm_messages_to(PEOPLE.omar) if "markerade texten" in m.text]
    assert [m.thread_ts for m in told] == [held.ts]  # the holder is told, in the case's thread
    with bryggan.sessions.begin() as session:
        owed = {row.key: row.status for row in session.scalars(select(OutboxMessage))}
    assert {key: status for key, status in owed.items() if status is not DeliveryStatus.SENT} == {}


def test_a_message_whose_words_were_forgotten_becomes_the_short_notice(
    kontakt: Kontakt, driver: Driver, workspace: Workspace, bryggan: Bryggan, clock: FakeClock
) -> None:
    received, _receipt = _delivered_case(kontakt, driver, workspace)
    clock.advance(timedelta(days=2))
    assert bryggan.dispatcher.forget_delivered_args() >= 2  # the outbox keeps no words a day after

    kontakt.click(PEOPLE.sara, received, PURGE)
    kontakt.deliver()
    now = _latest(workspace, received)
    assert now.text == f"*K-2026-0001*: {NOTICE}"
    labels = [e["text"]["text"] for b in now.blocks if b["type"] == "actions" for e in b["elements"]]
    assert labels == ["Ta emot", "Svara", "Föreslå samtalstid", "Avsluta", "Vidarebefordra"]
    assert _anywhere_in_slack(workspace, CLEAN) == []
    assert _case(bryggan).description is None


def test_replies_left_after_a_withdrawn_description_are_still_deleted_at_retention(
    kontakt: Kontakt, driver: Driver, workspace: Workspace, bryggan: Bryggan, clock: FakeClock
) -> None:
    received, _receipt = _delivered_case(kontakt, driver, workspace)
    kontakt.click(PEOPLE.sara, received, PURGE)
    _write(driver, workspace, PEOPLE.sara, received, "Svara", _reply(EARLY))
    outcome = {"outcome": {"outcome": {"type": "static_select", "selected_option": {"value": "rad_lamnat"}}}}
    _write(driver, workspace, PEOPLE.sara, received, "Avsluta", outcome)
    kontakt.deliver()
    assert _replies(bryggan)[0].body is not None

    clock.advance(timedelta(days=91))
    assert bryggan.services.consultations.upkeep.delete_expired_texts() == 1
    assert [reply.body for reply in _replies(bryggan)] == [None]
    assert _case(bryggan).text_deleted_at is not None
