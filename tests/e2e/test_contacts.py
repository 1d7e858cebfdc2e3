"""Contacts end to end: link, assign, deputy, absence routing across time, handover, list, refusals."""

from __future__ import annotations

from datetime import timedelta

import pytest
from slack_sdk import WebClient
from sqlalchemy import func, select

from bot.app import Bryggan
from bot.clock import FakeClock
from bot.errors import BrygganError
from bot.settings import Settings
from bot.workspace_settings import defaults_of
from handlers.people import People
from localslack import Driver, Message, Workspace
from storage.models import Assignment, AuditEvent, School
from tests.slackbed import BOT_TOKEN, CHANNELS, PEOPLE, TEAM


class Kontakt:
    """Types /kontakt as a person and returns Bryggan's private reply; delivers owed messages on demand."""

    def __init__(self, driver: Driver, workspace: Workspace, bryggan: Bryggan) -> None:
        self.driver, self.ws, self.bryggan = driver, workspace, bryggan

    def __call__(self, user: str, channel: str, text: str = "") -> Message:
        seen = len(self.ws.ephemerals_to(user))
        ack = self.driver.command(user=user, channel=channel, command="/kontakt", text=text)
        assert ack.status == 200
        return self.ws.wait_for(lambda ws: ws.ephemerals_to(user)[seen:] or None)[-1]

    def click(self, user: str, reply: Message, action_prefix: str, label: str | None = None) -> Message:
        """Click the button whose action_id starts with `action_prefix` (and whose label is `label`)."""
        seen = len(self.ws.history)
        button = next(
            e
            for b in reply.blocks or []
            if b["type"] == "actions"
            for e in b["elements"]
            if e["action_id"].startswith(action_prefix) and (label is None or e["text"]["text"] == label)
        )
        self.driver.block_action(user=user, action_id=button["action_id"], message=reply)
        return self.ws.wait_for(
            lambda ws: [m for m in ws.history[seen:] if m.ephemeral_user == user] or None
        )[-1]

    def deliver(self) -> None:
        """Run the outbox once, as the ticker would."""
        self.bryggan.dispatcher.run_once()


@pytest.fixture
def kontakt(driver: Driver, workspace: Workspace, bryggan: Bryggan) -> Kontakt:
    return Kontakt(driver, workspace, bryggan)


def _text(message: Message) -> str:
    """Every text a person sees in the message: sections, context and buttons."""
    if not message.blocks:
        return message.text
    found: list[str] = []

    def walk(node: object) -> None:
        if isinstance(node, dict):
            if isinstance(node.get("text"), str):
                found.append(node["text"])
            for value in node.values():
                walk(value)
        elif isinstance(node, list):
            for item in node:
                walk(item)

    walk(message.blocks)
    return "\n".join(found)


def _count(bryggan: Bryggan, model: type, **where: object) -> int:
    with bryggan.sessions.begin() as session:
        query = select(func.count()).select_from(model).filter_by(**where)
        return session.scalar(query) or 0


def test_link_assign_and_the_card_then_shows_the_contact(
    kontakt: Kontakt, workspace: Workspace, bryggan: Bryggan
) -> None:
    linked = kontakt(PEOPLE.admin, CHANNELS.berzelius, "koppla Berzeliusskolan")
    assert "Skolan *Berzeliusskolan* är skapad och kopplad till den här kanalen." in _text(linked)
    assigned = kontakt(PEOPLE.admin, CHANNELS.berzelius, "tilldela @sara")
    assert "Klart: <@U0SARA001> är nu kontaktperson för *Berzeliusskolan*." in _text(assigned)
    kontakt.deliver()
    [dm] = workspace.dm_messages_to(PEOPLE.sara)
    assert dm.text.startswith("Du är nu kontaktperson på socialtjänsten för *Berzeliusskolan* (<#C0BERZELI>)")
    [announcement] = workspace.messages_in(CHANNELS.berzelius)
    assert announcement.text.startswith(
        "Ny kontaktperson på socialtjänsten för *Berzeliusskolan*: <@U0SARA001>"
    )
    card = kontakt(PEOPLE.rektor, CHANNELS.berzelius)
    assert "*Berzeliusskolan*: er kontaktperson är <@U0SARA001> (sedan 2026-11-24)." in _text(card)
    assert "Ingen ersättare är utsedd." in _text(card)
    assert _count(bryggan, AuditEvent, action="contact_assigned", actor_id=PEOPLE.admin) == 1


def test_reassignment_keeps_history_and_tells_the_previous_contact(
    kontakt: Kontakt, workspace: Workspace, bryggan: Bryggan, clock: FakeClock
) -> None:
    kontakt(PEOPLE.admin, CHANNELS.berzelius, "link Berzeliusskolan")
    kontakt(PEOPLE.admin, CHANNELS.berzelius, "assign @sara")
    kontakt.deliver()
    clock.advance(timedelta(days=10))
    changed = kontakt(PEOPLE.admin, CHANNELS.berzelius, "tilldela @omar")
    assert "efter <@U0SARA001>. Båda får ett direktmeddelande" in _text(changed)
    kontakt.deliver()
    [farewell] = workspace.dm_messages_to(PEOPLE.sara)[1:]
    assert farewell.text.startswith(
        "Från 2026-12-04 är <@U0OMAR001> kontaktperson för *Berzeliusskolan* i stället för dig."
    )
    history = kontakt(PEOPLE.kurator_en, CHANNELS.berzelius, "history")
    assert "<@U0SARA001>, contact: 2026-11-24–2026-12-04 (10 days)" in _text(history)
    assert "<@U0OMAR001>, contact: 2026-12-04–now (1 day)" in _text(history)
    assert _count(bryggan, Assignment) == 2


def test_absence_routes_to_the_deputy_and_ends_by_itself(
    kontakt: Kontakt, workspace: Workspace, clock: FakeClock
) -> None:
    kontakt(PEOPLE.admin, CHANNELS.berzelius, "koppla Berzeliusskolan")
    kontakt(PEOPLE.admin, CHANNELS.berzelius, "tilldela @sara")
    kontakt(PEOPLE.admin, CHANNELS.berzelius, "ersättare @omar")
    away = kontakt(PEOPLE.sara, CHANNELS.berzelius, "frånvaro imorgon 1/12")
    assert "Din frånvaro 2026-11-25–2026-12-01 är registrerad." in _text(away)
    assert "Berzeliusskolan: <@U0OMAR001> är kontakt under tiden" in _text(away)
    kontakt.deliver()
    assert any(
        "<@U0SARA001> är borta 2026-11-25–2026-12-01. Under tiden är <@U0OMAR001>" in m.text
        for m in workspace.messages_in(CHANNELS.berzelius)
    )
    assert any(
        "så du är kontakt för *Berzeliusskolan*" in m.text for m in workspace.dm_messages_to(PEOPLE.omar)
    )

    assert "er kontaktperson är <@U0SARA001>" in _text(kontakt(PEOPLE.rektor, CHANNELS.berzelius))  # today
    clock.advance(timedelta(days=1))
    during = _text(kontakt(PEOPLE.rektor, CHANNELS.berzelius))
    assert "<@U0SARA001> är borta till och med 2026-12-01. Under tiden är <@U0OMAR001> er kontakt" in during
    clock.advance(timedelta(days=7))  # 2 December: the absence ended by itself
    assert "er kontaktperson är <@U0SARA001>" in _text(kontakt(PEOPLE.rektor, CHANNELS.berzelius))


def test_both_away_leaves_the_school_uncovered_with_the_intake(kontakt: Kontakt, clock: FakeClock) -> None:
    kontakt(PEOPLE.admin, CHANNELS.berzelius, "koppla Berzeliusskolan")
    kontakt(PEOPLE.admin, CHANNELS.berzelius, "tilldela @sara")
    kontakt(PEOPLE.admin, CHANNELS.berzelius, "ersättare @omar")
    kontakt(PEOPLE.sara, CHANNELS.berzelius, "frånvaro idag 30/11")
    kontakt(PEOPLE.admin, CHANNELS.berzelius, "frånvaro @omar idag idag")
    card = _text(kontakt(PEOPLE.rektor, CHANNELS.berzelius))
    assert "*Berzeliusskolan* har just nu ingen kontaktperson på socialtjänsten" in card
    # A sentence of its own: no capital after a colon.
    assert "Under tiden gäller mottagningen. Ring socialtjänstens mottagning för barn och unga via" in card


def test_handover_moves_every_school_after_confirmation(
    kontakt: Kontakt, workspace: Workspace, bryggan: Bryggan
) -> None:
    kontakt(PEOPLE.admin, CHANNELS.berzelius, "koppla Berzeliusskolan")
    kontakt(PEOPLE.admin, CHANNELS.berzelius, "tilldela @sara")
    kontakt(PEOPLE.admin, CHANNELS.ekholm, "koppla Ekholmsskolan")
    kontakt(PEOPLE.admin, CHANNELS.ekholm, "tilldela @sara")
    preview = kontakt(PEOPLE.admin, CHANNELS.personalrum, "överlämna @sara @omar")
    assert "• Berzeliusskolan – kontaktperson: flyttas till <@U0OMAR001>" in _text(preview)
    assert "• Ekholmsskolan – kontaktperson: flyttas till <@U0OMAR001>" in _text(preview)
    assert _count(bryggan, Assignment, person_id=PEOPLE.omar) == 0  # nothing before confirmation
    done = kontakt.click(PEOPLE.admin, preview, "kontakt_handover_confirm")
    assert "• Berzeliusskolan – kontaktperson: flyttad till <@U0OMAR001>" in _text(done)
    assert "• Ekholmsskolan – kontaktperson: flyttad till <@U0OMAR001>" in _text(done)
    kontakt.deliver()
    assert len(workspace.dm_messages_to(PEOPLE.omar)) == 2
    assert "er kontaktperson är <@U0OMAR001>" in _text(kontakt(PEOPLE.rektor, CHANNELS.ekholm))


def _bulk_handover_setup(kontakt: Kontakt) -> Message:
    """Sara contact and Omar deputy at Berzeliusskolan, Omar contact at Ekholmsskolan, Sara away."""
    kontakt(PEOPLE.admin, CHANNELS.berzelius, "koppla Berzeliusskolan")
    kontakt(PEOPLE.admin, CHANNELS.berzelius, "tilldela @sara")
    kontakt(PEOPLE.admin, CHANNELS.berzelius, "ersättare @omar")
    kontakt(PEOPLE.admin, CHANNELS.ekholm, "koppla Ekholmsskolan")
    kontakt(PEOPLE.admin, CHANNELS.ekholm, "tilldela @omar")
    kontakt(PEOPLE.sara, CHANNELS.berzelius, "frånvaro idag 30/11")
    kontakt.deliver()
    return kontakt(PEOPLE.admin, CHANNELS.personalrum, "överlämna @omar @sara")


def test_a_seat_that_cannot_move_is_shown_and_kept_by_choice(
    kontakt: Kontakt, workspace: Workspace, bryggan: Bryggan
) -> None:
    preview = _bulk_handover_setup(kontakt)
    assert (
        "• Berzeliusskolan – ersättare: kan inte flyttas, för <@U0SARA001> är redan kontaktperson där."
        in (_text(preview))
    )
    assert "• Ekholmsskolan – kontaktperson: flyttas till <@U0SARA001>" in _text(preview)
    assert "(obs: <@U0SARA001> är borta till och med 2026-11-30;" in _text(preview)  # warned before choosing
    done = _text(
        kontakt.click(PEOPLE.admin, preview, "kontakt_handover_confirm", "Flytta, behåll ersättaren")
    )
    assert "• Berzeliusskolan – ersättare: <@U0OMAR001> är kvar som ersättare" in done
    assert (
        "• Ekholmsskolan – kontaktperson: flyttad till <@U0SARA001> (obs: borta till och med 2026-11-30;"
        in done
    )
    # Berzeliusskolan keeps Omar acting while Sara is away.
    assert "Under tiden är <@U0OMAR001> er kontakt" in _text(kontakt(PEOPLE.rektor, CHANNELS.berzelius))
    assert _count(bryggan, Assignment, person_id=PEOPLE.omar, role="deputy", ends_at=None) == 1


def test_a_seat_left_empty_by_choice_is_reported_and_its_channel_told(
    kontakt: Kontakt, workspace: Workspace, bryggan: Bryggan
) -> None:
    preview = _bulk_handover_setup(kontakt)
    done = _text(
        kontakt.click(PEOPLE.admin, preview, "kontakt_handover_confirm", "Flytta, lämna platsen tom")
    )
    assert "• Berzeliusskolan – ersättare: platsen står tom; kanalen har fått veta" in done
    assert "• Ekholmsskolan – kontaktperson: flyttad till <@U0SARA001>" in done
    kontakt.deliver()
    told = [m.text for m in workspace.messages_in(CHANNELS.berzelius)]
    assert any("*Berzeliusskolan* har ingen ersättare från 2026-11-24" in t for t in told), told
    assert _count(bryggan, Assignment, person_id=PEOPLE.omar, role="deputy", ends_at=None) == 0


def test_assigning_someone_away_warns_and_names_who_acts(kontakt: Kontakt) -> None:
    kontakt(PEOPLE.admin, CHANNELS.berzelius, "koppla Berzeliusskolan")
    kontakt(PEOPLE.admin, CHANNELS.berzelius, "ersättare @omar")
    kontakt(PEOPLE.sara, CHANNELS.personalrum, "frånvaro idag 30/11")
    reply = _text(kontakt(PEOPLE.admin, CHANNELS.berzelius, "tilldela @sara"))
    assert (
        "Obs: <@U0SARA001> är borta till och med 2026-11-30. Under tiden är <@U0OMAR001> skolans kontakt."
        in reply
    )


def test_a_non_administrator_is_refused_and_nothing_changes(kontakt: Kontakt, bryggan: Bryggan) -> None:
    for text in (
        "koppla Berzeliusskolan",
        "tilldela @sara",
        "lista",
        "frånvaro @sara idag idag",
    ):
        reply = kontakt(PEOPLE.rektor, CHANNELS.personalrum, text)
        assert "Det här får bara Bryggans administratörer göra, så ingenting ändrades." in _text(reply), text
    assert _count(bryggan, School) == 0
    assert _count(bryggan, AuditEvent) == 0


def test_a_person_slack_does_not_know_is_refused(kontakt: Kontakt, bryggan: Bryggan) -> None:
    kontakt(PEOPLE.admin, CHANNELS.berzelius, "koppla Berzeliusskolan")
    reply = kontakt(PEOPLE.admin, CHANNELS.berzelius, "tilldela @slutat")
    assert '"@slutat" är ingen person jag känner igen.' in _text(reply)
    plain = kontakt(PEOPLE.admin, CHANNELS.berzelius, "tilldela sara")
    assert "Ange personen med @" in _text(plain)
    assert _count(bryggan, Assignment) == 0


def test_bad_dates_get_a_clear_answer(kontakt: Kontakt) -> None:
    assert "31 februari finns inte." in _text(kontakt(PEOPLE.sara, CHANNELS.personalrum, "frånvaro 31/2"))
    assert '"igår" är inget datum jag förstår.' in _text(
        kontakt(PEOPLE.sara, CHANNELS.personalrum, "frånvaro igår")
    )
    reply = _text(kontakt(PEOPLE.sara, CHANNELS.personalrum, "frånvaro 5/12 1/12"))
    assert "Frånvaron slutar (2026-12-01) före den börjar (2026-12-05)." in reply


def test_weekday_names_are_dates_too(kontakt: Kontakt) -> None:
    # The clock stands on Tuesday 2026-11-24: "fredag" is this Friday, "nästa fredag" next week's.
    reply = _text(kontakt(PEOPLE.sara, CHANNELS.personalrum, "frånvaro fredag nästa fredag"))
    assert "Din frånvaro 2026-11-27–2026-12-04 är registrerad." in reply


def test_an_unsure_name_asks_and_a_pick_links_the_imported_school(
    kontakt: Kontakt, bryggan: Bryggan, clock: FakeClock
) -> None:
    with bryggan.sessions.begin() as session:
        session.add(
            School(team_id="T0TEST001", name="Berzeliusskolan", kind="kommunal", created_at=clock.now())
        )
    ask = kontakt(PEOPLE.admin, CHANNELS.berzelius, "koppla berzelius")
    assert 'Jag hittar ingen skola som heter exakt "berzelius".' in _text(ask)
    done = kontakt.click(PEOPLE.admin, ask, "kontakt_link_pick", "Berzeliusskolan")
    assert "*Berzeliusskolan* kopplad till den här kanalen." in _text(done)
    assert _count(bryggan, School, channel_id=CHANNELS.berzelius) == 1
    assert _count(bryggan, School) == 1


def test_moving_a_school_to_another_channel_needs_a_click(kontakt: Kontakt, bryggan: Bryggan) -> None:
    kontakt(PEOPLE.admin, CHANNELS.berzelius, "koppla Berzeliusskolan")
    ask = kontakt(PEOPLE.admin, CHANNELS.ekholm, "koppla Berzeliusskolan")
    assert "*Berzeliusskolan* är kopplad till <#C0BERZELI>. Ska skolan flyttas" in _text(ask)
    assert _count(bryggan, School, channel_id=CHANNELS.ekholm) == 0
    kontakt.click(PEOPLE.admin, ask, "kontakt_link_move")
    assert _count(bryggan, School, channel_id=CHANNELS.ekholm) == 1
    assert _count(bryggan, AuditEvent, action="school_moved") == 1


def test_the_list_shows_vacant_schools_first(kontakt: Kontakt) -> None:
    kontakt(PEOPLE.admin, CHANNELS.berzelius, "koppla Berzeliusskolan")
    kontakt(PEOPLE.admin, CHANNELS.berzelius, "tilldela @sara")
    kontakt(PEOPLE.admin, CHANNELS.ekholm, "koppla Ekholmsskolan")
    listing = kontakt(PEOPLE.admin, CHANNELS.personalrum, "lista")
    rows = [b["text"]["text"] for b in listing.blocks if b["type"] == "section"]
    assert rows[0].startswith(":red_circle: *Ekholmsskolan* – vakant")
    assert rows[1].startswith(":large_green_circle: *Berzeliusskolan* – <@U0SARA001>")


def test_an_unknown_word_gets_the_help(kontakt: Kontakt) -> None:
    reply = _text(kontakt(PEOPLE.rektor, CHANNELS.personalrum, "visa allt"))
    assert 'Jag känner inte igen "visa". Så här används /kontakt:' in reply
    assert "/kontakt tilldela @person" in reply


def test_the_profile_modal_saves_what_the_card_shows(
    kontakt: Kontakt, driver: Driver, workspace: Workspace
) -> None:
    kontakt(PEOPLE.admin, CHANNELS.berzelius, "koppla Berzeliusskolan")
    kontakt(PEOPLE.admin, CHANNELS.berzelius, "tilldela @sara")
    driver.command(user=PEOPLE.sara, channel=CHANNELS.berzelius, command="/kontakt", text="profil")
    modal = workspace.wait_for(lambda ws: ws.views_of(PEOPLE.sara) or None)[-1]
    assert modal["title"]["text"] == "Min profil"
    result = driver.view_submission(
        user=PEOPLE.sara,
        values={
            "title": {"title": {"type": "plain_text_input", "value": "Socialsekreterare"}},
            "phone": {"phone": {"type": "plain_text_input", "value": "013-12 34 56"}},
            "reachable": {"reachable": {"type": "plain_text_input", "value": "mån–fre 8–16"}},
        },
    )
    assert result.status == 200
    assert "Socialsekreterare · 013-12 34 56 · nås mån–fre 8–16" in _text(
        kontakt(PEOPLE.rektor, CHANNELS.berzelius)
    )


@pytest.mark.parametrize("user", [PEOPLE.gone, "U0NOBODY1"])
def test_users_info_decides_who_exists(settings: Settings, user: str) -> None:
    people = People(settings, lambda _team: defaults_of(settings))
    client = WebClient(token=BOT_TOKEN, base_url=settings.slack_api_url, retry_handlers=[])
    assert people.verify(client, team_id=TEAM, user_id=PEOPLE.sara).actor.user_id == PEOPLE.sara
    with pytest.raises(BrygganError) as refused:
        people.verify(client, team_id=TEAM, user_id=user)
    assert refused.value.key == "no_such_person"
