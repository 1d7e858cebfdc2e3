"""A case text reaching its reader is audited once: when Slack accepted the message, not per attempt."""

from __future__ import annotations

from datetime import timedelta

import pytest
from sqlalchemy import select

from bot.app import Bryggan
from bot.clock import FakeClock
from localslack import Driver, LocalSlack, Workspace
from storage.models import AuditEvent, DeliveryStatus, OutboxMessage
from tests.e2e import test_consultations as _seeded
from tests.e2e.test_consultations import CLEAN, _open, _submit
from tests.e2e.test_contacts import Kontakt
from tests.slackbed import PEOPLE

kontakt = _seeded.kontakt  # Berzeliusskolan with Sara as contact, Omar as deputy


def _shown(bryggan: Bryggan) -> list[tuple[str, str | None]]:
    with bryggan.sessions.begin() as session:
        query = select(AuditEvent.actor_id, AuditEvent.subject_id).where(
            AuditEvent.action == "consultation_text_shown"
        )
        return [(actor, subject) for actor, subject in session.execute(query)]


def _received(bryggan: Bryggan) -> OutboxMessage:
    with bryggan.sessions.begin() as session:
        row = session.scalars(
            select(OutboxMessage).where(OutboxMessage.template == "consultation_received")
        ).one()
        session.expunge(row)
        return row


@pytest.mark.parametrize(
    ("kind", "wait"),
    [("ratelimited", timedelta(seconds=31)), ("server_error", timedelta(minutes=16))],
    ids=["429", "5xx"],
)
def test_a_retried_delivery_audits_the_text_shown_once(
    kind: str,
    wait: timedelta,
    kontakt: Kontakt,
    driver: Driver,
    workspace: Workspace,
    bryggan: Bryggan,
    slack: LocalSlack,
    clock: FakeClock,
) -> None:
    _open(driver, workspace)
    slack.faults.inject(method="chat.postMessage", kind=kind, retry_after=30)
    _submit(driver, CLEAN)

    kontakt.deliver()  # the case message is rendered (its text opened) and refused
    assert ("chat.postMessage", kind) in slack.faults.fired
    assert _received(bryggan).status is DeliveryStatus.PENDING
    assert _shown(bryggan) == []

    clock.advance(wait)
    kontakt.deliver()  # rendered again, and this time Slack accepts it
    assert _received(bryggan).status is DeliveryStatus.SENT
    assert [m for m in workspace.dm_messages_to(PEOPLE.sara) if "Ny konsultation" in m.text]
    assert _shown(bryggan) == [(PEOPLE.sara, "K-2026-0001")]

    clock.advance(wait)
    kontakt.deliver()  # nothing more is owed: no second row
    assert _shown(bryggan) == [(PEOPLE.sara, "K-2026-0001")]


def test_a_dead_delivery_audits_no_text_shown(
    kontakt: Kontakt, driver: Driver, workspace: Workspace, bryggan: Bryggan, slack: LocalSlack
) -> None:
    _open(driver, workspace)
    slack.faults.inject(method="chat.postMessage", kind="error", error="user_disabled")
    _submit(driver, CLEAN)

    kontakt.deliver()

    assert ("chat.postMessage", "error") in slack.faults.fired
    assert _received(bryggan).status is DeliveryStatus.DEAD
    assert _shown(bryggan) == []
