"""Bryggan in Teams alone (no SLACK_* at all), end to end with the real Teams SDK and the outbox:
an administrator assigns the contact and the deputy by @mention in the school's channel, and each
person gets Bryggan's notice in their own 1:1 chat; the contact's absence reaches the deputy in
the deputy's language. Skipped where the `teams` extra is not installed (required in CI)."""

from __future__ import annotations

import os
import uuid

import pytest
from pydantic import SecretStr
from sqlalchemy import select

from bot.actors import Actor
from bot.app import Bryggan, build
from bot.clock import FakeClock
from bot.settings import Settings
from localteams import Activity, Driver, LocalTeams
from storage.models import DeliveryStatus, OutboxMessage, TeamsAddress
from storage.teams_addresses import internal_id
from tests.teamsbed import (
    APP_ID,
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
from tests.teamscards import posted, text_of

if not os.environ.get("CI"):
    pytest.importorskip("microsoft_teams.apps")


settings = teams_only_settings(RITA)
driver = served_driver()


def _deliver(bryggan: Bryggan) -> dict[str, int]:
    """What the ticker's delivery job does every 2 s: the outbox's due rows, to Teams."""
    return bryggan.dispatcher.run_once().as_dict()


def _posts(teams: LocalTeams, channel: str) -> list[Activity]:
    """The bot's own posts in a channel, not its answers in the threads of commands."""
    return [a for a in teams.posted(channel) if a.root_id in (None, a.id)]


def _school(bryggan: Bryggan) -> None:
    # Linking a channel is not a Teams command yet (README): the administrator's link, as a use case.
    admin = Actor(team_id=WORKSPACE, user_id=internal_id("user", RITA), is_admin=True)
    bryggan.services.contacts.changes.link(
        admin, channel_id=internal_id("channel", CHANNEL), name="Berzeliusskolan", create=True
    )


def _rows(bryggan: Bryggan) -> list[OutboxMessage]:
    with bryggan.sessions.begin() as session:
        return list(session.scalars(select(OutboxMessage).order_by(OutboxMessage.id)))


def test_bryggan_runs_in_teams_without_any_slack_setting(bryggan: Bryggan) -> None:
    assert bryggan.settings.slack_bot_token is None
    assert bryggan.bolt is None


def test_an_assignment_by_mention_reaches_the_new_contact_in_their_personal_chat(
    teams: LocalTeams, driver: Driver, bryggan: Bryggan
) -> None:
    driver.install_in_team(TEAM, by=RITA)
    sam = install_personal(teams, driver, SAM)
    _school(bryggan)
    first = driver.message(RITA, CHANNEL, "kontakt")
    thread = first.activity["conversation"]["id"]
    posted(teams, thread, 1)
    say_with_mention(driver, first, "kontakt tilldela", SAM, "Sam Socialsekreterare")
    assert "Klart:" in text_of(posted(teams, thread, 2)[1])
    assert len(teams.posted(sam.id)) == 1  # the home card only: the outbox delivers the notice

    assert _deliver(bryggan) == {"sent": 2}

    [_home, notice] = teams.posted(sam.id)
    assert (
        text_of(notice) == "Du är nu kontaktperson på socialtjänsten för **Berzeliusskolan** från 2026-11-24."
    )
    [announcement] = _posts(teams, CHANNEL)  # a new post in the channel, not in the command's thread
    assert text_of(announcement).startswith("Ny kontaktperson på socialtjänsten för **Berzeliusskolan**")
    assert text_of(announcement).endswith("Nämn Bryggan och skriv `kontakt` för kontaktuppgifter.")
    rows = _rows(bryggan)
    assert {(r.platform, r.status) for r in rows} == {("teams", DeliveryStatus.SENT)}
    assert all(r.activity_id and r.slack_ts is None for r in rows)


def test_one_app_token_serves_the_processs_answers_and_its_deliveries(
    teams: LocalTeams, settings: Settings, clock: FakeClock
) -> None:
    from handlers.teams import listeners, serving

    # A secret of its own: no earlier test's token for this registration is kept in this process.
    secret = f"secret-{uuid.uuid4().hex}"
    own = settings.model_copy(update={"teams_client_secret": SecretStr(secret)})
    bryggan = build(own, clock=clock, run_migrations=False)
    try:
        app = listeners.build(bryggan.services, bryggan.sessions, clock.now)
        with serving.serving(app) as url:
            teams.register_bot(APP_ID, secret, url)
            driver = Driver(teams, APP_ID)
            driver.install_in_team(TEAM, by=RITA)  # the app lists the team's channels
            sam = install_personal(teams, driver, SAM)
            _school(bryggan)
            first = driver.message(RITA, CHANNEL, "kontakt")
            say_with_mention(driver, first, "kontakt tilldela", SAM, "Sam Socialsekreterare")
            posted(teams, first.activity["conversation"]["id"], 2)  # the SDK's answers
            assert _deliver(bryggan) == {"sent": 2}  # the outbox's posts
            assert len(teams.posted(sam.id)) == 2  # the home card (the SDK's) and the notice
    finally:
        bryggan.close()
    assert [op for op, _tenant, _form in teams.calls if op == "token"] == ["token"]


def test_an_absence_reaches_the_deputy_in_their_own_language(
    teams: LocalTeams, driver: Driver, bryggan: Bryggan
) -> None:
    driver.install_in_team(TEAM, by=RITA)
    sam, kim = (
        install_personal(teams, driver, SAM),
        install_personal(teams, driver, KIM),
    )  # Kim's Teams speaks English
    _school(bryggan)
    first = driver.message(RITA, CHANNEL, "kontakt")
    thread = first.activity["conversation"]["id"]
    say_with_mention(driver, first, "kontakt tilldela", SAM, "Sam Socialsekreterare")
    say_with_mention(driver, first, "kontakt ersättare", KIM, "Kim Kurator")
    posted(teams, thread, 3)
    _deliver(bryggan)
    [_home, deputy] = teams.posted(kim.id)
    # In Kim's language, and without the channel's internal id (Bryggan does not know its name).
    assert text_of(deputy).startswith(
        "You are now the deputy for the contact at **Berzeliusskolan** from 2026-11-24."
    )

    driver.message(SAM, sam.id, "kontakt frånvaro idag")
    assert "är registrerad" in text_of(posted(teams, sam.id, 3)[2])  # after the home card and notice
    assert _deliver(bryggan) == {"sent": 2}

    [_home, _, acting] = teams.posted(kim.id)
    assert "so you are the contact for **Berzeliusskolan**" in text_of(acting)
    announcement = _posts(teams, CHANNEL)[-1]
    # Swedish, the municipality's language, in the channel; each person a Teams mention by the name
    # Teams showed for them (Sam's own messages, Kim's in the administrator's @mention).
    assert text_of(announcement) == (
        "<at>Sam Socialsekreterare</at> är borta 2026-11-24–2026-11-24. "
        "Under tiden är <at>Kim Kurator</at> er kontakt på socialtjänsten."
    )
    [card] = announcement.cards
    assert {(e["text"], e["mentioned"]["id"]) for e in card["msteams"]["entities"]} == {
        ("<at>Sam Socialsekreterare</at>", SAM),
        ("<at>Kim Kurator</at>", KIM),
    }
    assert announcement.body["summary"].startswith("@Sam Socialsekreterare är borta")


def test_removing_the_app_from_a_team_ends_every_channel_of_it_and_people_keep_their_language(
    teams: LocalTeams, driver: Driver, bryggan: Bryggan
) -> None:
    driver.install_in_team(TEAM, by=RITA)
    install_personal(teams, driver, KIM)
    with bryggan.sessions.begin() as session:
        channels = session.scalars(select(TeamsAddress).where(TeamsAddress.kind == "channel")).all()
        assert {(c.teams_id, c.parent_teams_id, c.installed) for c in channels} == {
            (TEAM, TEAM, True),  # the General channel's id is the team's
            (CHANNEL, TEAM, True),
        }
        langs = {a.teams_id: a.lang for a in session.scalars(select(TeamsAddress)) if a.kind == "user"}
        assert langs == {RITA: "sv", KIM: "en"}

    driver.uninstall_from_team(TEAM, by=RITA)  # told in the General channel only

    with bryggan.sessions.begin() as session:
        channels = session.scalars(select(TeamsAddress).where(TeamsAddress.kind == "channel")).all()
        assert {(c.teams_id, c.installed) for c in channels} == {(TEAM, False), (CHANNEL, False)}
