"""Consultations end to end: the guard refuses first and nothing is stored; clean cases are routed."""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import replace

import pytest
from sqlalchemy import func, select

from bot.app import Bryggan, build
from bot.clock import FakeClock
from bot.settings import Settings
from localslack import Driver, LocalSlack, Workspace
from storage.models import Consultation, ConsultationStatus, OutboxMessage
from tests.e2e.test_contacts import Kontakt, _text
from tests.slackbed import CHANNELS, PEOPLE, TEAM, serve_http

CLEAN = "Vi är oroliga för en elev i åk 8 som ofta är frånvarande på måndagar och verkar trött och hungrig."


@pytest.fixture
def kontakt(driver: Driver, workspace: Workspace, bryggan: Bryggan) -> Kontakt:
    kontakt = Kontakt(driver, workspace, bryggan)
    kontakt(PEOPLE.admin, CHANNELS.berzelius, "koppla Berzeliusskolan")
    kontakt(PEOPLE.admin, CHANNELS.berzelius, "tilldela @sara")
    kontakt(PEOPLE.admin, CHANNELS.berzelius, "ersättare @omar")
    kontakt.deliver()
    return kontakt


def _open(driver: Driver, workspace: Workspace, channel: str = CHANNELS.berzelius) -> dict:
    before = len(workspace.views_of(PEOPLE.rektor))
    driver.command(user=PEOPLE.rektor, channel=channel, command="/konsultation", text="")
    return workspace.wait_for(lambda ws: ws.views_of(PEOPLE.rektor)[before:] or None)[-1]


def _submit(driver: Driver, description: str, areas: tuple[str, ...] = ("franvaro", "omsorgssvikt")) -> None:
    values = {
        "grade": {"grade": {"type": "static_select", "selected_option": {"value": "8"}}},
        "areas": {
            "areas": {"type": "multi_static_select", "selected_options": [{"value": a} for a in areas]}
        },
        "description": {"description": {"type": "plain_text_input", "value": description}},
        "reach": {"reach": {"type": "static_select", "selected_option": {"value": "dm"}}},
    }
    assert driver.view_submission(user=PEOPLE.rektor, values=values).status == 200


def _cases(bryggan: Bryggan) -> list[Consultation]:
    with bryggan.sessions.begin() as session:
        return list(session.scalars(select(Consultation)))


def test_identifying_text_is_refused_in_the_modal_and_nothing_is_stored_or_logged(
    kontakt: Kontakt, driver: Driver, workspace: Workspace, bryggan: Bryggan, caplog: pytest.LogCaptureFixture
) -> None:
    modal = _open(driver, workspace)
    assert modal["blocks"][0]["elements"][0]["text"].startswith(
        "*Inte för akuta lägen.* Är ett barn i akut fara: ring 112."
    )
    _submit(driver, "Eleven Amira Hassan, 20110312-2384, bor på Storgatan 12B och mår dåligt.")
    error = workspace.modal_errors_of(PEOPLE.rektor)["description"]
    assert "namn (ord 2)" in error
    assert "personnummer (ord 4)" in error
    assert "gatuadress (ord 7)" in error
    for secret in ("Amira", "20110312", "Storgatan"):
        assert secret not in error
        assert secret not in caplog.text
    assert _cases(bryggan) == []
    with bryggan.sessions.begin() as session:
        assert (
            session.scalar(
                select(func.count())
                .select_from(OutboxMessage)
                .where(OutboxMessage.key.like("consultation:%"))
            )
            == 0
        )


def test_a_clean_case_is_stored_encrypted_and_reaches_the_contact_and_a_receipt_the_asker(
    kontakt: Kontakt, driver: Driver, workspace: Workspace, bryggan: Bryggan
) -> None:
    _open(driver, workspace)
    _submit(driver, CLEAN)
    thanks = workspace.views_of(PEOPLE.rektor)[-1]
    assert (
        "Tack! Konsultationen *K-2026-0001* är skickad till <@U0SARA001>."
        in thanks["blocks"][0]["text"]["text"]
    )
    [case] = _cases(bryggan)
    assert case.number == "K-2026-0001"
    assert case.description is not None
    assert "frånvarande" not in case.description  # ciphertext at rest
    assert (case.grade, case.areas, case.routed_to) == ("8", ["franvaro", "omsorgssvikt"], PEOPLE.sara)
    kontakt.deliver()
    [received] = [m for m in workspace.dm_messages_to(PEOPLE.sara) if "K-2026-0001" in m.text]
    assert "*Ny konsultation K-2026-0001* från <@U0REKTOR1>, Berzeliusskolan, åk 8." in received.text
    assert "Områden: Frånvaro, Omsorgssvikt/hemförhållanden" in received.text
    assert CLEAN in received.text
    assert received.blocks[-1]["elements"][0]["text"]["text"] == "Ta emot"
    [receipt] = [m for m in workspace.dm_messages_to(PEOPLE.rektor) if "Kvitto" in m.text]
    assert (
        "*K-2026-0001* om Berzeliusskolan är mottagen av Bryggan och skickad till <@U0SARA001>"
        in receipt.text
    )


def test_taking_the_case_tells_the_asker_and_others_cannot(
    kontakt: Kontakt, driver: Driver, workspace: Workspace, bryggan: Bryggan
) -> None:
    _open(driver, workspace)
    _submit(driver, CLEAN)
    kontakt.deliver()
    [received] = [m for m in workspace.dm_messages_to(PEOPLE.sara) if "K-2026-0001" in m.text]
    forged = workspace.store(
        replace(received, ts=workspace.next_ts(), channel=workspace.open_im(PEOPLE.kurator_en).id)
    )
    refusal = kontakt.click(PEOPLE.kurator_en, forged, "konsultation_ack")
    assert "Only the school's contact and deputy can take" in _text(refusal)
    assert _cases(bryggan)[0].status is ConsultationStatus.OPEN
    taken = kontakt.click(PEOPLE.sara, received, "konsultation_ack")
    assert "Du har tagit emot *K-2026-0001*." in _text(taken)
    kontakt.deliver()
    assert any(
        "<@U0SARA001> har tagit emot din konsultation *K-2026-0001*." in m.text
        for m in workspace.dm_messages_to(PEOPLE.rektor)
    )
    assert _cases(bryggan)[0].acknowledged_by == PEOPLE.sara


def test_during_the_contacts_absence_the_deputy_receives_it(
    kontakt: Kontakt, driver: Driver, workspace: Workspace, bryggan: Bryggan
) -> None:
    kontakt(PEOPLE.sara, CHANNELS.berzelius, "frånvaro idag 4/12")
    _open(driver, workspace)
    _submit(driver, CLEAN)
    assert _cases(bryggan)[0].routed_to == PEOPLE.omar


def test_markup_typed_in_the_description_is_shown_not_obeyed(
    kontakt: Kontakt, driver: Driver, workspace: Workspace
) -> None:
    _open(driver, workspace)
    _submit(driver, CLEAN + " <!channel> <https://evil.example|Skolverket>")
    kontakt.deliver()
    [received] = [m for m in workspace.dm_messages_to(PEOPLE.sara) if "K-2026-0001" in m.text]
    assert "&lt;!channel&gt; &lt;https://evil.example|Skolverket&gt;" in received.text
    assert "<!channel>" not in received.text


def test_a_submission_slack_would_not_send_is_still_refused(kontakt: Kontakt, bryggan: Bryggan) -> None:
    # Slack's client enforces required fields and option values; the use case checks them again.
    from bot.actors import Actor
    from bot.errors import BrygganError

    rektor = Actor(TEAM, PEOPLE.rektor, False)
    for field, override in (("areas", []), ("areas", ["okänt"]), ("grade", "13"), ("reach", "brev")):
        values = {"grade": "8", "areas": ["franvaro"], "description": CLEAN, "reach": "dm", field: override}
        with pytest.raises(BrygganError) as refused:
            bryggan.services.consultations.intake.submit(rektor, channel_id=CHANNELS.berzelius, **values)
        assert refused.value.key == f"consultation_{field}"
    assert _cases(bryggan) == []


def test_an_unlinked_channel_gets_a_clear_answer(
    kontakt: Kontakt, driver: Driver, workspace: Workspace
) -> None:
    driver.command(user=PEOPLE.rektor, channel=CHANNELS.personalrum, command="/konsultation", text="")
    [reply] = workspace.wait_for(lambda ws: ws.ephemerals_to(PEOPLE.rektor) or None)
    assert reply.text.startswith("Den här kanalen är inte kopplad till någon skola.")


@pytest.fixture
def fallback_driver(
    settings: Settings, clock: FakeClock, slack: LocalSlack
) -> Iterator[tuple[Driver, Bryggan]]:
    app = build(
        settings.model_copy(update={"fallback_channel": CHANNELS.personalrum}),
        clock=clock,
        run_migrations=False,
    )
    with serve_http(app) as url:
        yield Driver(slack, team_id=TEAM, target="http", url=f"{url}/slack/events"), app
    app.close()


def test_an_uncovered_school_sends_to_the_fallback_channel_and_says_so(
    fallback_driver: tuple[Driver, Bryggan], workspace: Workspace
) -> None:
    driver, app = fallback_driver
    kontakt = Kontakt(driver, workspace, app)
    kontakt(PEOPLE.admin, CHANNELS.ekholm, "koppla Ekholmsskolan")  # vacant
    before = len(workspace.views_of(PEOPLE.rektor))
    driver.command(user=PEOPLE.rektor, channel=CHANNELS.ekholm, command="/konsultation", text=CLEAN)
    modal = workspace.wait_for(lambda ws: ws.views_of(PEOPLE.rektor)[before:] or None)[-1]
    assert modal["blocks"][3]["element"]["initial_value"] == CLEAN  # pre-filled from the command
    _submit(driver, CLEAN)
    kontakt.deliver()
    [posted] = [m for m in workspace.messages_in(CHANNELS.personalrum) if "K-2026-0001" in m.text]
    assert "skolan saknar tillgänglig kontaktperson, så den kom hit" in posted.text
    assert any(
        "till <#C0PERSONA>, eftersom skolan just nu saknar tillgänglig kontaktperson" in m.text
        for m in workspace.dm_messages_to(PEOPLE.rektor)
    )


def test_with_nowhere_to_send_nothing_is_stored(
    driver: Driver, workspace: Workspace, bryggan: Bryggan
) -> None:
    kontakt = Kontakt(driver, workspace, bryggan)
    kontakt(PEOPLE.admin, CHANNELS.ekholm, "koppla Ekholmsskolan")
    before = len(workspace.views_of(PEOPLE.rektor))
    driver.command(user=PEOPLE.rektor, channel=CHANNELS.ekholm, command="/konsultation", text="")
    workspace.wait_for(lambda ws: ws.views_of(PEOPLE.rektor)[before:] or None)
    _submit(driver, CLEAN)
    assert "ingen reservkanal är inställd" in workspace.modal_errors_of(PEOPLE.rektor)["description"]
    assert _cases(bryggan) == []
