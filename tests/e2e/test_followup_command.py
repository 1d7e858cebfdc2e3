"""/uppföljning in Slack and the follow-up on the administrator's Home tab, over a term of known
activity (tests/followupbed.py)."""

from __future__ import annotations

import pytest

from bot.app import Bryggan
from localslack import Driver, Workspace
from localslack.models import Message
from tests.followupbed import ADMIN, SARA, seeded_term, term_settings
from tests.slackbed import CHANNELS, PEOPLE

settings = term_settings()
seeded = seeded_term()


@pytest.fixture
def served(bryggan: Bryggan, seeded: tuple[int, int], driver: Driver) -> Driver:
    return driver


def _reply(driver: Driver, workspace: Workspace, user: str, text: str) -> Message:
    seen = len(workspace.ephemerals_to(user))
    assert (
        driver.command(user=user, channel=CHANNELS.personalrum, command="/uppföljning", text=text).status
        == 200
    )
    return workspace.wait_for(lambda ws: ws.ephemerals_to(user)[seen:] or None)[-1]


def test_uppfoljning_shows_key_figures_a_school_table_and_sends_charts_to_the_admins_dm(
    served: Driver, workspace: Workspace
) -> None:
    reply = _reply(served, workspace, ADMIN, "HT2026")
    assert "*Uppföljning HT2026* (2026-08-01–2026-11-24), 2 skolor" in reply.text
    # Swedish writes a fixed (non-breaking) space before the percent sign, as Babel (CLDR) does.
    assert "*Konsultationer:* 9 · orosanmälan rekommenderas: 2 (33\u00a0% av de avslutade)" in reply.text
    assert "• *Ekholmsskolan*" in reply.text
    assert "&lt;5 konsultationer" in reply.text  # Ekholmsskolan's two cases
    assert "K-2026" not in reply.text
    files = workspace.wait_for(lambda ws: [f for f in ws.files if f.completed] or None)
    assert {f.name for f in files} >= {"consultations_by_month.png"}
    dm = workspace.wait_for(lambda ws: [m for m in ws.dm_messages_to(ADMIN) if m.files] or None)
    assert dm


def test_a_contact_sees_only_their_schools_and_others_are_refused(
    served: Driver, workspace: Workspace
) -> None:
    mine = _reply(served, workspace, SARA, "HT2026")  # Sara serves Berzeliusskolan now, no longer Ekholm
    assert "• *Berzeliusskolan*" in mine.text
    assert "Ekholmsskolan" not in mine.text
    workspace.wait_for(lambda ws: [m for m in ws.dm_messages_to(SARA) if m.files] or None)  # her charts
    refused = _reply(served, workspace, PEOPLE.rektor, "")
    assert "administratörer och för kontaktpersoner" in refused.text
    assert "ingen termin" in _reply(served, workspace, ADMIN, "hösten").text


def test_the_admins_home_shows_the_current_terms_key_figures_and_others_do_not(
    served: Driver, workspace: Workspace
) -> None:
    served.app_home_opened(user=ADMIN)
    home = workspace.wait_for(lambda ws: ws.home_of(ADMIN))
    texts = [b["text"]["text"] for b in home["blocks"] if b.get("type") == "section"]
    assert any("*Uppföljning HT2026*" in t and "*Konsultationer:* 9" in t for t in texts)
    served.app_home_opened(user=SARA)
    sara = workspace.wait_for(lambda ws: ws.home_of(SARA))
    assert not any("Uppföljning" in b.get("text", {}).get("text", "") for b in sara["blocks"])


def test_uppfoljning_for_a_term_not_begun_says_so_and_sends_no_charts(
    served: Driver, workspace: Workspace
) -> None:
    reply = _reply(served, workspace, ADMIN, "VT2027")
    assert "VT2027 har inte börjat än (den börjar 2027-01-01)" in reply.text
    assert "2027-01-01–2026" not in reply.text  # no inverted period
    _reply(served, workspace, ADMIN, "HT2026")  # after it, the charts of a term that has begun arrive
    uploads = workspace.wait_for(lambda ws: [m for m in ws.dm_messages_to(ADMIN) if m.files] or None)
    assert [m.text for m in uploads] == ["Diagram för HT2026."]
