"""The end-of-term report: delivered once, and shaped by a workspace's own terms, report channel
and acknowledgement target."""

from __future__ import annotations

from datetime import date

import pytest
from sqlalchemy import select

from bot.app import Bryggan
from bot.clock import FakeClock
from handlers.ids import Action
from localslack import Driver, Workspace
from storage.models import (
    DeliveryStatus,
    OutboxMessage,
    School,
    SchoolKind,
)
from tests.e2e.test_workspace_settings import _values as modal_values
from tests.followupbed import ADMIN, _at, seeded_term, term_settings
from tests.slackbed import CHANNELS, TEAM

settings = term_settings()
seeded = seeded_term()

OTHER = "T0OTHER01"  # a second workspace in the same database


def test_the_end_of_term_report_is_delivered_once_to_the_admins(
    bryggan: Bryggan,
    seeded: tuple[int, int],
    clock: FakeClock,
    workspace: Workspace,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    followup = bryggan.services.followup
    clock.set(_at(2026, 12, 31, 23, 0))
    assert followup.queue_term_report() == 0  # the term has not ended
    clock.set(_at(2027, 1, 1, 8, 0))
    assert followup.queue_term_report() == 1

    def counted_again(*_args: object, **_kwargs: object) -> None:
        raise AssertionError("the term was counted again though its report is already owed")

    monkeypatch.setattr(followup, "report", counted_again)
    assert followup.queue_term_report() == 0  # once: the key is per term and recipient
    bryggan.dispatcher.run_once()
    (dm,) = [m for m in workspace.dm_messages_to(ADMIN) if "Terminsrapport HT2026" in m.text]
    assert "Konsultationer: 9" in dm.text
    assert "K-2026" not in dm.text  # never a case number
    clock.set(_at(2027, 1, 3, 9, 0))
    assert followup.queue_term_report() == 0
    bryggan.dispatcher.run_once()
    assert len([m for m in workspace.dm_messages_to(ADMIN) if "Terminsrapport" in m.text]) == 1
    with bryggan.sessions.begin() as session:
        rows = list(session.scalars(select(OutboxMessage).where(OutboxMessage.key.startswith("report:"))))
    assert [(r.key, r.status) for r in rows] == [("report:HT2026:" + ADMIN, DeliveryStatus.SENT)]


def _set_in_the_modal(driver: Driver, workspace: Workspace, **typed: str) -> None:
    """The administrator opens the settings modal from her Home tab and saves `typed` over it."""
    driver.app_home_opened(user=ADMIN)
    home = workspace.wait_for(lambda ws: ws.home_of(ADMIN))
    assert driver.block_action(user=ADMIN, action_id=Action.SETTINGS_OPEN, view=home).status == 200
    modal = workspace.wait_for(lambda ws: ws.views_of(ADMIN) or None)[-1]
    ack = driver.view_submission(user=ADMIN, values=modal_values(modal, **typed))
    assert ack.body["response_action"] == "update", ack.body


def test_a_workspaces_own_terms_report_channel_and_ack_hours_shape_its_term_report_only(
    bryggan: Bryggan, seeded: tuple[int, int], clock: FakeClock, workspace: Workspace, driver: Driver
) -> None:
    with bryggan.sessions.begin() as session:  # a second municipality that sets nothing of its own
        session.add(
            School(
                team_id=OTHER,
                name="Annan skola",
                kind=SchoolKind.KOMMUNAL,
                channel_id="C0ANNAN01",
                created_at=_at(2026, 1, 1),
            )
        )
    followup = bryggan.services.followup
    clock.set(_at(2026, 11, 25, 9, 0))
    _set_in_the_modal(
        driver,
        workspace,
        report_channel=CHANNELS.personalrum,
        terms="HT=09-10..11-30,VT=01-01..06-30",
        ack_hours="3",
    )
    assert followup.term(TEAM, "HT2026").first == date(2026, 9, 10)
    assert followup.term(OTHER, "HT2026").first == date(2026, 8, 1)
    # From 10 September: five cases at school A (one never acknowledged) and two at B; within three
    # working hours, the workspace's own target: 3 hours at A, half an hour and 3 hours at B.
    clock.set(_at(2026, 12, 1, 7, 59))
    assert followup.queue_term_report() == 0
    clock.set(_at(2026, 12, 1, 8, 0))
    m = followup.report(TEAM, followup.term(TEAM, "HT2026")).municipality.consultations
    assert (m.total, m.acknowledged, m.within_target) == (7, 6, 3)
    assert followup.queue_term_report() == 1  # A's term is over; the other's runs to 31 December
    bryggan.dispatcher.run_once()
    (posted,) = [m for m in workspace.messages_in(CHANNELS.personalrum) if "Terminsrapport HT2026" in m.text]
    assert "Konsultationer: 7" in posted.text
    assert not [m for m in workspace.dm_messages_to(ADMIN) if "Terminsrapport" in m.text]
    clock.set(_at(2027, 1, 1, 8, 0))
    assert followup.queue_term_report() == 1  # the other's, to the deployment's administrators
    with bryggan.sessions.begin() as session:
        rows = session.scalars(select(OutboxMessage).where(OutboxMessage.key.startswith("report:")))
        assert sorted((r.team_id, r.key) for r in rows) == [
            (OTHER, f"report:HT2026:{ADMIN}"),
            (TEAM, f"report:HT2026:{CHANNELS.personalrum}"),
        ]
