"""The Slack suite's journeys, written once and run on every platform Bryggan serves.

Contact card, assignment, absence with deputy, a consultation refused then sent, taken, answered and
closed, the term figures, an EHT series with its reminders. Each journey drives a desk (tests/journeys.py:
signed Slack requests, or Teams activities) and asserts what the person sees, in the same Swedish
words on both platforms, and what the database holds, so a difference between the adapters fails.
Where the platforms rightly differ (a slash command against a mention, a channel link Teams cannot
make, charts as files or as pictures) the difference is named here, once. Teams is skipped where the
`teams` extra is not installed (required in CI).
"""

from __future__ import annotations

import logging
import os
import re
from collections.abc import Iterator
from datetime import datetime

import pytest
from sqlalchemy import func, select

from bot.app import Bryggan
from bot.clock import FakeClock
from bot.settings import Settings
from storage.models import (
    Absence,
    Assignment,
    Base,
    Consultation,
    ConsultationReply,
    ConsultationStatus,
    DeliveryStatus,
    MeetingSeries,
    OutboxMessage,
    Role,
    School,
)
from tests.conftest import STOCKHOLM
from tests.journeys import (
    NAMES,
    OTHER_SCHOOL,
    SCHOOL,
    Desk,
    Form,
    Shown,
    administrator,
    deliver_outbox,
    last_message_to,
    link_school,
)
from tests.slackbed import test_settings
from tests.slackdesk import SlackDesk
from tests.teamsbed import teams_settings
from tests.teamsdesk import TEAMS_IDS, teams_desk

EHT_PLATFORMS = ["slack", "teams"]

CLEAN = "Vi är oroliga för en elev i åk 8 som ofta är frånvarande på måndagar och verkar trött och hungrig."
IDENTIFYING = "Eleven Amira Hassan, 20110312-2384, bor på Storgatan 12B och mår dåligt."
SECRETS = ("Amira", "Hassan", "20110312", "2384", "Storgatan")
ADVICE = "Ring mig gärna i morgon, så pratar vi om stödet."
SARA, OMAR, RUT = (f"@{NAMES[r]}" for r in ("contact", "deputy", "rektor"))

# What rightly differs between the platforms, by platform.
ASK_FOR_THE_CARD = {"slack": "Skriv `/kontakt`", "teams": "Nämn Bryggan och skriv `kontakt`"}
CHANNEL_LINK = {"slack": " (#berzeliusskolan)", "teams": ""}  # Bryggan does not know a Teams channel's name
CHARTS_FOLLOW = {"slack": "", "teams": "\n4 diagram följer i egna meddelanden."}  # Slack: files in the DM
OTHER_PLATFORM = {"slack": "Teams", "teams": "Slack"}


@pytest.fixture(params=["slack", "teams"])
def platform(request: pytest.FixtureRequest) -> str:
    return str(request.param)


@pytest.fixture
def settings(platform: str, database_url: str, request: pytest.FixtureRequest) -> Settings:
    """Slack's test settings, or a Teams-only municipality with the journeys' administrator."""
    if platform == "slack":
        request.getfixturevalue("workspace")
        return test_settings(database_url=database_url, api_url=request.getfixturevalue("slack").api_url)
    if not os.environ.get("CI"):
        pytest.importorskip("microsoft_teams.apps")
    teams = request.getfixturevalue("teams")
    return teams_settings(database_url=database_url, teams=teams, admins=frozenset({TEAMS_IDS["admin"]}))


@pytest.fixture
def desk(platform: str, bryggan: Bryggan, clock: FakeClock, request: pytest.FixtureRequest) -> Iterator[Desk]:
    if platform == "slack":
        yield SlackDesk(request.getfixturevalue("driver"), request.getfixturevalue("workspace"), bryggan)
        return
    with teams_desk(request.getfixturevalue("teams"), bryggan, clock) as teams:
        yield teams


def _school_with_contact(desk: Desk, deputy: bool = False) -> None:
    """Berzeliusskolan linked, Sara its contact (and Omar her deputy), set up off-screen; notices sent."""
    link_school(desk)
    changes, admin, school = (
        desk.bryggan.services.contacts.changes,
        administrator(desk),
        desk.channel_id("school"),
    )
    changes.assign(admin, channel_id=school, person_id=desk.id("contact"))
    if deputy:
        changes.set_deputy(admin, channel_id=school, person_id=desk.id("deputy"))
    deliver_outbox(desk)


def _rows(bryggan: Bryggan, model: type[Base]) -> list:
    with bryggan.sessions.begin() as session:
        return list(session.scalars(select(model)))


def test_the_contact_card_in_a_schools_channel(desk: Desk) -> None:
    link_school(desk)
    empty = desk.say("rektor", "school", "kontakt")
    assert empty == Shown(
        f"{SCHOOL} har just nu ingen kontaktperson på socialtjänsten.\n"
        "Under tiden gäller mottagningen. Ring socialtjänstens mottagning för barn och unga via kommunens "
        "växel. Vid akut fara: ring 112.",
        (),
    )
    _school_with_contact(desk)
    card = desk.say("rektor", "school", "kontakt")
    assert card.text == (
        f"Er kontakt på socialtjänsten\n{SCHOOL}: er kontaktperson är {SARA} (sedan 2026-11-24).\n"
        "Ingen ersättare är utsedd."
    )


def test_an_administrator_assigns_a_contact_and_the_contact_and_the_channel_are_told(
    desk: Desk, platform: str
) -> None:
    link_school(desk)
    said = desk.say("admin", "school", "kontakt tilldela", mentions=("contact",))
    assert said.text == (
        f"Klart: {SARA} är nu kontaktperson för {SCHOOL}. Hen får ett direktmeddelande och kanalen får veta."
    )
    [row] = _rows(desk.bryggan, Assignment)
    assert (row.person_id, row.role, row.assigned_by) == (desk.id("contact"), Role.CONTACT, desk.id("admin"))
    assert desk.messages_to("contact") == []  # owed, not sent by the request: the outbox delivers it

    deliver_outbox(desk)
    assert last_message_to(desk, "contact").text == (
        f"Du är nu kontaktperson på socialtjänsten för {SCHOOL}{CHANNEL_LINK[platform]} från 2026-11-24."
    )
    assert last_message_to(desk, "school").text == (
        f"Ny kontaktperson på socialtjänsten för {SCHOOL}: {SARA} från 2026-11-24. "
        f"{ASK_FOR_THE_CARD[platform]} för kontaktuppgifter."
    )
    refused = desk.say("rektor", "school", "kontakt tilldela", mentions=("deputy",))
    assert refused.text == "Det här får bara Bryggans administratörer göra, så ingenting ändrades."
    assert len(_rows(desk.bryggan, Assignment)) == 1


def test_an_absence_with_a_deputy_tells_the_deputy_and_the_card_shows_the_deputy(
    desk: Desk, platform: str
) -> None:
    _school_with_contact(desk)
    said = desk.say("admin", "school", "kontakt ersättare", mentions=("deputy",))
    assert said.text == f"Klart: {OMAR} är nu ersättare för {SCHOOL}."
    deliver_outbox(desk)
    assert last_message_to(desk, "deputy").text == (
        f"Du är nu ersättare för kontaktpersonen på {SCHOOL}{CHANNEL_LINK[platform]} från 2026-11-24. "
        "Du blir skolans kontakt när kontaktpersonen är borta."
    )

    registered = desk.say("contact", "own", "kontakt frånvaro idag")
    assert registered.text.startswith(f"Din frånvaro 2026-11-24–2026-11-24 är registrerad.\n• {SCHOOL}: @")
    assert registered.text.endswith(" är kontakt under tiden")  # the name: test_answers_name_…
    [absence] = _rows(desk.bryggan, Absence)
    assert (absence.person_id, str(absence.first_day), str(absence.last_day)) == (
        desk.id("contact"),
        "2026-11-24",
        "2026-11-24",
    )
    deliver_outbox(desk)
    assert last_message_to(desk, "deputy").text == (
        f"{SARA} är borta 2026-11-24–2026-11-24, så du är kontakt för {SCHOOL} under tiden."
    )
    assert last_message_to(desk, "school").text == (
        f"{SARA} är borta 2026-11-24–2026-11-24. Under tiden är {OMAR} er kontakt på socialtjänsten."
    )
    assert desk.say("rektor", "school", "kontakt").text == (
        f"Er kontakt på socialtjänsten\n{SCHOOL}: {SARA} är borta till och med 2026-11-24. "
        f"Under tiden är {OMAR} er kontakt (ersättare)."
    )


def test_a_consultation_refused_then_sent_taken_answered_and_closed(
    desk: Desk, caplog: pytest.LogCaptureFixture
) -> None:
    caplog.set_level(logging.DEBUG)  # Bryggan's own logs, all of them; the libraries as in production
    for chatty in ("microsoft_teams", "httpx", "httpcore", "uvicorn"):
        caplog.set_level(logging.INFO, logger=chatty)
    _school_with_contact(desk)
    form = desk.open_form("rektor", "school", "konsultation", button="Skriv konsultationen")
    assert form.fields == ("grade", "areas", "description", "reach")
    assert form.text.startswith("Inte för akuta lägen. Är ett barn i akut fara: ring 112.")
    typed = {"grade": "8", "areas": ["franvaro"], "description": IDENTIFYING, "reach": "dm"}

    refused = desk.submit_form("rektor", form, typed)
    assert refused.errors == {
        "description": "Texten innehåller uppgifter som kan peka ut en person: namn (ord 2), personnummer "
        "(ord 4), gatuadress (ord 7). Ta bort dem och skriv så att ingen person kan identifieras. "
        "Ingenting har sparats eller skickats."
    }
    assert (refused.text, refused.fields) == (form.text, form.fields)  # the same form, the error added
    _nothing_holds(desk.bryggan, caplog, refused)

    done = desk.submit_form(
        "rektor", refused, {**typed, "areas": ["franvaro", "omsorgssvikt"], "description": CLEAN}
    )
    assert done == Form(
        f"Tack! Konsultationen K-2026-0001 är skickad till {SARA}. Du får ett kvitto som direktmeddelande.",
        (),
        {},
    )
    [case] = _rows(desk.bryggan, Consultation)
    assert (case.number, case.status, case.routed_to, case.asker_id) == (
        "K-2026-0001",
        ConsultationStatus.OPEN,
        desk.id("contact"),
        desk.id("rektor"),
    )
    assert (case.grade, case.areas) == ("8", ["franvaro", "omsorgssvikt"])
    assert case.description is not None
    assert "frånvarande" not in case.description  # ciphertext at rest

    deliver_outbox(desk)
    received = last_message_to(desk, "contact")
    first, reach, description = received.text.split("\n")
    assert first == f"Ny konsultation K-2026-0001 från {RUT}, {SCHOOL}, åk 8."
    assert reach.startswith(
        "Områden: Frånvaro, Omsorgssvikt/hemförhållanden · Vill bli kontaktad via: direkt"
    )
    assert description == CLEAN
    assert received.buttons == (
        "Ta emot",
        "Svara",
        "Föreslå samtalstid",
        "Avsluta",
        "Vidarebefordra",
        "Innehåller personuppgifter",
    )
    receipt = last_message_to(desk, "rektor")
    assert receipt.text == (
        f"Kvitto: din konsultation K-2026-0001 om {SCHOOL} är mottagen av Bryggan och skickad till {SARA}. "
        "Du får besked här när den tas emot. Kom ihåg: en konsultation ersätter aldrig en orosanmälan."
    )
    assert receipt.buttons == ("Svara", "Lägg till", "Dra tillbaka", "Innehåller personuppgifter")

    taken = desk.click("contact", received, "Ta emot")
    assert taken == Shown("Du har tagit emot K-2026-0001. Frågeställaren har fått besked.", ())
    assert _rows(desk.bryggan, Consultation)[0].acknowledged_by == desk.id("contact")
    deliver_outbox(desk)
    assert last_message_to(desk, "rektor").text == f"{SARA} har tagit emot din konsultation K-2026-0001."

    reply_form = desk.click("contact", last_message_to(desk, "contact"), "Svara")
    assert isinstance(reply_form, Form)
    assert reply_form.fields == ("reply",)
    replied = desk.submit_form("contact", reply_form, {"reply": ADVICE})
    assert replied == Form("Ditt svar i K-2026-0001 är skickat.", (), {})
    [reply] = _rows(desk.bryggan, ConsultationReply)
    assert reply.author_id == desk.id("contact")
    deliver_outbox(desk)
    answer = last_message_to(desk, "rektor")
    assert answer == Shown(
        f"Svar i K-2026-0001 från {SARA}:\n{ADVICE}", ("Svara", "Innehåller personuppgifter")
    )

    close_form = desk.click("contact", last_message_to(desk, "contact"), "Avsluta")
    assert isinstance(close_form, Form)
    assert close_form.fields == ("outcome",)
    closed = desk.submit_form("contact", close_form, {"outcome": "rad_lamnat"})
    assert closed == Form("K-2026-0001 är avslutad. Frågeställaren har fått besked.", (), {})
    [case] = _rows(desk.bryggan, Consultation)
    assert (case.status, case.outcome) == (ConsultationStatus.CLOSED, "rad_lamnat")
    deliver_outbox(desk)
    assert last_message_to(desk, "rektor").text == (
        f"{SARA} har avslutat K-2026-0001: Råd lämnat.\nKom ihåg anmälningsplikten: misstänker du att ett "
        "barn far illa ska du göra en orosanmälan till socialtjänsten – en konsultation ersätter den aldrig."
    )


def _nothing_holds(bryggan: Bryggan, caplog: pytest.LogCaptureFixture, refused: Form) -> None:
    """A refused text is nowhere: not in the words shown with the form, any table or the logs."""
    with bryggan.sessions.begin() as session:
        stored = "\n".join(
            str(row) for table in Base.metadata.sorted_tables for row in session.execute(table.select())
        )
        assert session.scalar(select(func.count()).select_from(Consultation)) == 0
    for secret in SECRETS:
        assert secret not in f"{refused.text} {refused.errors}"
        assert secret not in stored
        assert secret not in caplog.text


CHART_NAMES = [
    "ack_time_by_school.png",
    "consultations_by_month.png",
    "coverage_by_school.png",
    "meetings_by_school.png",
]
FIGURES = (
    "Uppföljning HT2026 (2026-08-01–2026-11-24), {schools}\n"
    "Konsultationer: {count} · orosanmälan rekommenderas: 0 · kvittens median 1,0 h, 90:e percentil 1,0 h · "
    "inom målet: {within} · texter borttagna för personuppgifter: 0 · vidarebefordrade: 0 · "
    "tillbakadragna: 0 · första svar median –\n"
    "EHT-möten: 0 hållna av 0 planerade · 0 inställda · 0 föll bort (helgdag/lov) · med anteckningar: – · "
    "0 dagordningspunkter\n"
    "Kontinuitet: täckning 1\u00a0% av skoldagarna · {uncovered} skoldagar utan kontakt · 0 byten av "
    "kontaktperson · 0 av 0 frånvaroperioder täckta av ersättare\n\n"
    "{lines}"
    "Sida 1 av 1 · <5 = färre än fem, visas inte exakt på skolnivå · "
    "x = dolt så att ett <5 inte kan räknas fram"
)
BERZELIUS = (
    "• Berzeliusskolan ({name}): 6 konsultationer · kvittens 1,0 h · EHT 0/0, anteckningar – · "
    "täckning 1\u00a0%\n"
)
EKHOLM = (
    "• Ekholmsskolan ({name}): <5 konsultationer · kvittens – · EHT 0/0, anteckningar – · täckning 1\u00a0%\n"
)


def _term(desk: Desk) -> None:
    """Berzeliusskolan (Sara's, six cases this term) and Ekholmsskolan (Omar's, two)."""
    _school_with_contact(desk)
    link_school(desk, "other", OTHER_SCHOOL)
    desk.bryggan.services.contacts.changes.assign(
        administrator(desk), channel_id=desk.channel_id("other"), person_id=desk.id("deputy")
    )
    with desk.bryggan.sessions.begin() as session:
        ids = {s.name: s.id for s in session.scalars(select(School))}
        days = [(SCHOOL, d) for d in (7, 8, 9, 14, 15, 16)] + [(OTHER_SCHOOL, d) for d in (10, 11)]
        for seq, (name, day) in enumerate(days, start=1):
            at = datetime(2026, 9, day, 9, 0, tzinfo=STOCKHOLM)
            session.add(_taken_case(desk, school_id=ids[name], seq=seq, at=at))


def _taken_case(desk: Desk, *, school_id: int, seq: int, at: datetime) -> Consultation:
    """A case the rektor asked and Sara took an hour later, its text already gone."""
    contact = desk.id("contact")
    return Consultation(
        team_id=desk.workspace,
        year=2026,
        seq=seq,
        school_id=school_id,
        asker_id=desk.id("rektor"),
        grade="8",
        areas=["franvaro"],
        reach="dm",
        description=None,
        routed_to=contact,
        status=ConsultationStatus.OPEN,
        received_at=at,
        acknowledged_at=at.replace(hour=10),
        acknowledged_by=contact,
    )


def _names_hidden(text: str) -> str:
    return re.sub(r"\(@[^)]*\)", "(…)", text)


def test_the_term_figures_for_an_administrator_and_a_contacts_own_schools(desk: Desk, platform: str) -> None:
    _term(desk)
    figures = desk.say("admin", "own", "uppföljning HT2026")
    lines = BERZELIUS.format(name="…") + EKHOLM.format(name="…")  # names: test_answers_name_…
    expected = FIGURES.format(schools="2 skolor", count="6–10", within="–", uncovered=162, lines=lines)
    assert _names_hidden(figures.text) == expected + CHARTS_FOLLOW[platform]  # 8 as a range: Ekholm's <5
    assert sorted(desk.charts_to("admin", 4)) == CHART_NAMES

    own = desk.say("contact", "own", "uppföljning HT2026")
    lines = BERZELIUS.format(name=SARA)
    expected = FIGURES.format(schools="1 skola", count="6", within="100\u00a0%", uncovered=81, lines=lines)
    assert own.text == expected + CHARTS_FOLLOW[platform]
    assert OTHER_SCHOOL not in own.text
    refused = desk.say("rektor", "own", "uppföljning HT2026")
    assert refused.text == (
        "Uppföljningen visas för Bryggans administratörer och för kontaktpersoner (deras egna skolor)."
    )


@pytest.mark.parametrize("platform", EHT_PLATFORMS, indirect=True)
def test_an_eht_series_is_scheduled_and_its_reminders_come_at_their_time(
    desk: Desk, clock: FakeClock
) -> None:
    _school_with_contact(desk)
    said = desk.say("rektor", "school", "eht schema torsdag 10:00 Rum B12")
    assert said.text.startswith(
        f"Schemat är sparat. EHT för {SCHOOL}: varje torsdag kl. 10:00 (60 min), Rum B12."
    )
    assert "• torsdag 26 november kl. 10:00" in said.text
    [series] = _rows(desk.bryggan, MeetingSeries)
    assert (series.weekday, str(series.start_time), series.place) == (3, "10:00:00", "Rum B12")
    before = len(desk.messages_to("school"))
    deliver_outbox(desk)  # Tuesday 08:00: the reminder is owed Wednesday at 08:00, not yet
    assert len(desk.messages_to("school")) == before

    clock.set(datetime(2026, 11, 25, 8, 0, tzinfo=STOCKHOLM))  # the working day before, at 08:00
    deliver_outbox(desk)
    reminder = last_message_to(desk, "school")
    assert reminder.text.startswith(f"EHT-möte torsdag 26 november kl. 10:00 · {SCHOOL} · Rum B12\n")
    assert reminder.buttons == ("Lägg till punkt",)
    assert not [m for m in desk.messages_to("contact") if "EHT-möte" in m.text]

    clock.set(datetime(2026, 11, 26, 9, 0, tzinfo=STOCKHOLM))  # an hour before: the contact's own reminder
    deliver_outbox(desk)
    assert "Om en stund" in last_message_to(desk, "contact").text
    with desk.bryggan.sessions.begin() as session:
        rows = session.scalars(select(OutboxMessage).where(OutboxMessage.key.startswith("eht:"))).all()
        assert rows
        assert {r.status for r in rows if r.due_at <= clock.now()} == {DeliveryStatus.SENT}
    deliver_outbox(desk)
    assert len([m for m in desk.messages_to("school") if m.text.startswith("EHT-möte torsdag 26")]) == 1


def test_answers_name_every_person_they_mention(desk: Desk) -> None:
    _term(desk)
    desk.say("admin", "school", "kontakt ersättare", mentions=("deputy",))
    registered = desk.say("contact", "own", "kontakt frånvaro idag")
    assert registered.text.endswith(f"• {SCHOOL}: {OMAR} är kontakt under tiden")
    figures = desk.say("admin", "own", "uppföljning HT2026").text
    assert BERZELIUS.format(name=SARA) in figures
    assert EKHOLM.format(name=OMAR) in figures


def test_the_contact_is_told_the_askers_way_of_contact_in_their_platforms_words(
    desk: Desk, platform: str
) -> None:
    _school_with_contact(desk)
    form = desk.open_form("rektor", "school", "konsultation", button="Skriv konsultationen")
    desk.submit_form(
        "rektor", form, {"grade": "8", "areas": ["franvaro"], "description": CLEAN, "reach": "dm"}
    )
    deliver_outbox(desk)
    received = last_message_to(desk, "contact")
    assert "Vill bli kontaktad via: direktmeddelande" in received.text
    assert OTHER_PLATFORM[platform] not in received.text
