"""OAuth mode end to end through the stand-in: two workspaces install Bryggan side by side, each is
answered and delivered to with its own token, tokens rotate, and an uninstall ends what was owed."""

from __future__ import annotations

import re
import time
from collections.abc import Iterator
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from urllib.parse import parse_qs, urlsplit

import pytest
import slack_sdk.oauth.token_rotation.rotator as slack_rotator
from slack_sdk import WebClient
from slack_sdk.errors import SlackApiError
from sqlalchemy import text

from bot.app import Bryggan, build
from bot.clock import FakeClock
from bot.meetings.calendar_feeds import token_hash
from bot.notices import Notice
from localslack import Driver, LocalSlack, Workspace
from localslack.browser import Browser, Page
from localslack.faults import FaultKind
from localslack.transport import AckResult
from storage.calendar_feeds import add_feed, find_feed
from storage.models import CalendarFeed, DeliveryStatus, School, SchoolKind
from storage.outbox import add_outbox_message, list_outbox
from storage.schools import add_school
from tests.slackbed import (
    OAUTH_CLIENT_ID,
    OAUTH_CLIENT_SECRET,
    OAUTH_SIGNING_SECRET,
    add_oauth_workspace,
    oauth_test_settings,
)

CLIENT_ID, CLIENT_SECRET, SECRET = OAUTH_CLIENT_ID, OAUTH_CLIENT_SECRET, OAUTH_SIGNING_SECRET


@dataclass(frozen=True)
class Team:
    """A municipality's workspace on the stand-in, with its administrator and school channel."""

    ws: Workspace
    admin: str
    channel: str

    @property
    def id(self) -> str:
        return self.ws.team_id


@pytest.fixture
def clock() -> FakeClock:
    # Bolt's authorize and slack_sdk's installations count token lifetimes on the wall clock: start
    # there (to the second) so the stand-in, the dispatcher and Bolt agree until the test moves time.
    return FakeClock(datetime.fromtimestamp(int(time.time()), UTC))


def _team(slack: LocalSlack, team_id: str, name: str, admin: str, channel: str) -> Team:
    ws = add_oauth_workspace(slack, team_id, name=f"{name} kommun", domain=name.lower(), bot_key=team_id[-4:])
    ws.add_user(id=admin, name="admin", real_name=f"Admin {name}")
    ws.add_channel(id=channel, name="skolan", members=[admin])
    return Team(ws, admin, channel)


@pytest.fixture
def teams(slack: LocalSlack) -> tuple[Team, Team]:
    return (
        _team(slack, "T0NORR001", "Norrköping", "U0ADMNORR", "C0NORRSKO"),
        _team(slack, "T0FINS001", "Finspång", "U0ADMFINS", "C0FINSSKO"),
    )


@pytest.fixture
def oauth_bryggan(
    database_url: str, slack: LocalSlack, clock: FakeClock, teams: tuple[Team, Team]
) -> Iterator[tuple[Bryggan, str]]:
    settings = oauth_test_settings(
        database_url=database_url,
        api_url=slack.api_url,
    )
    assert settings.oauth
    app = build(settings, clock=clock, run_migrations=False)
    with app.serving() as url:
        slack.register_oauth_app(CLIENT_ID, CLIENT_SECRET, f"{url}/slack/oauth_redirect")
        yield app, url
    app.close()


def _install(slack: LocalSlack, url: str, team: Team) -> Page:
    return Browser().install(
        f"{url}/slack/install",
        consent_url=f"{slack.url}/oauth/v2/authorize",
        team_id=team.id,
        user_id=team.admin,
    )


def _token(bryggan: Bryggan, team: Team) -> tuple[str, str]:
    assert bryggan.installations is not None
    found = bryggan.installations.find_installation(enterprise_id=None, team_id=team.id)
    assert found is not None
    assert found.bot_token is not None
    assert found.bot_refresh_token is not None
    return found.bot_token, found.bot_refresh_token


def _link(bryggan: Bryggan, team: Team, clock: FakeClock) -> None:
    with bryggan.sessions.begin() as session:
        school = School(
            team_id=team.id,
            name="Skolan",
            kind=SchoolKind.KOMMUNAL,
            channel_id=team.channel,
            created_at=clock.now(),
        )
        add_school(session, school)


def _owe(bryggan: Bryggan, team: Team, clock: FakeClock, key: str) -> None:
    args = {"key": key, "template": "meeting_reminder", "recipient": team.channel, "error": "test"}
    with bryggan.sessions.begin() as session:
        add_outbox_message(
            session,
            team_id=team.id,
            key=key,
            recipient=team.channel,
            template=Notice.DELIVERY_FAILED,
            args=args,
            due_at=clock.now(),
            now=clock.now(),
        )


def _posting_teams(slack: LocalSlack) -> list[str | None]:
    """The workspace of the token each chat.postMessage was made with, in order."""
    return [team for method, team, _args in slack.calls if method == "chat.postMessage"]


def test_two_workspaces_install_and_work_side_by_side(
    oauth_bryggan: tuple[Bryggan, str], slack: LocalSlack, teams: tuple[Team, Team], clock: FakeClock
) -> None:
    bryggan, url = oauth_bryggan
    for team in teams:
        page = _install(slack, url, team)
        assert page.status == 200, page.body
        # The install link went to Slack's consent page for Bryggan's scopes, then back with a code.
        consent = parse_qs(urlsplit(page.visited[1]).query)
        assert consent["client_id"] == [CLIENT_ID]
        assert "chat:write" in consent["scope"][0].split(",")
        assert page.visited[2].startswith(f"{url}/slack/oauth_redirect?code=")

    tokens = {team.id: _token(bryggan, team) for team in teams}
    assert tokens[teams[0].id] != tokens[teams[1].id]
    for team in teams:  # each stored token is that workspace's, as Slack sees it
        who = WebClient(token=tokens[team.id][0], base_url=slack.api_url).auth_test()
        assert (who["team_id"], who["user_id"]) == (team.id, team.ws.bot_user_id)

    # At rest the tables hold sealed tokens only.
    with bryggan.engine.connect() as connection:
        raw = repr(connection.execute(text("SELECT * FROM slack_installations")).all())
        raw += repr(connection.execute(text("SELECT * FROM slack_bots")).all())
    assert "T0NORR001" in raw
    for bot_token, refresh_token in tokens.values():
        assert bot_token not in raw
        assert refresh_token not in raw
    # No Slack token of any kind in the clear ("xox" alone turns up in ciphertext now and then).
    assert re.search(r"xox[abpe]-|xoxe\.", raw) is None

    # A slash command in each workspace is answered there: the modal opens with that workspace's
    # token (a trigger_id is only good in its own workspace).
    for team in teams:
        _link(bryggan, team, clock)
        Driver(slack, team_id=team.id, url=f"{url}/slack/events").command(
            user=team.admin, channel=team.channel, command="/konsultation"
        )
        [modal] = team.ws.wait_for(lambda ws, t=team: ws.views_of(t.admin) or None)
        assert modal["type"] == "modal"
    assert {team for method, team, _ in slack.calls if method == "views.open"} == {t.id for t in teams}

    # A message owed to each workspace is posted there with that workspace's token.
    for team in teams:
        _owe(bryggan, team, clock, key=f"owed-{team.id}")
    report = bryggan.dispatcher.run_once()
    assert report.sent == 2
    for team in teams:
        [posted] = team.ws.messages_in(team.channel)
        assert posted.user == team.ws.bot_user_id
    assert sorted(_posting_teams(slack)) == sorted(t.id for t in teams)


def test_an_expiring_token_is_rotated_and_the_old_refresh_token_is_refused(
    oauth_bryggan: tuple[Bryggan, str],
    slack: LocalSlack,
    teams: tuple[Team, Team],
    clock: FakeClock,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    bryggan, url = oauth_bryggan
    norr = teams[0]
    assert _install(slack, url, norr).status == 200
    first_token, first_refresh = _token(bryggan, norr)

    # Past the 12 hours: Slack refuses the token itself.
    clock.advance(timedelta(hours=12, minutes=1))
    with pytest.raises(SlackApiError) as expired:
        WebClient(token=first_token, base_url=slack.api_url).auth_test()
    assert expired.value.response["error"] == "token_expired"

    # The dispatcher refreshes before posting, and posts with the new token.
    _owe(bryggan, norr, clock, key="after-expiry")
    assert bryggan.dispatcher.run_once().sent == 1
    second_token, second_refresh = _token(bryggan, norr)
    assert (second_token, second_refresh) != (first_token, first_refresh)
    assert norr.ws.messages_in(norr.channel)
    refreshes = [
        a for m, _t, a in slack.calls if m == "oauth.v2.access" and a.get("grant_type") == "refresh_token"
    ]
    assert len(refreshes) == 1

    # The used refresh token is dead: exchanging it again is refused as Slack refuses it.
    with pytest.raises(SlackApiError) as reused:
        WebClient(base_url=slack.api_url).oauth_v2_access(
            client_id=CLIENT_ID,
            client_secret=CLIENT_SECRET,
            grant_type="refresh_token",
            refresh_token=first_refresh,
        )
    assert reused.value.response["error"] == "invalid_refresh_token"

    # Twelve hours on, a slash command: Bolt's authorize (on the same clock) rotates before answering.
    monkeypatch.setattr(slack_rotator, "time", clock.timestamp)
    clock.advance(timedelta(hours=12, minutes=1))
    _link(bryggan, norr, clock)
    Driver(slack, team_id=norr.id, url=f"{url}/slack/events").command(
        user=norr.admin, channel=norr.channel, command="/konsultation"
    )
    norr.ws.wait_for(lambda ws: ws.views_of(norr.admin) or None)
    third_token, _third_refresh = _token(bryggan, norr)
    assert third_token not in (first_token, second_token)


def test_an_uninstall_ends_that_workspace_s_owed_messages_only(
    oauth_bryggan: tuple[Bryggan, str], slack: LocalSlack, teams: tuple[Team, Team], clock: FakeClock
) -> None:
    bryggan, url = oauth_bryggan
    norr, fins = teams
    for team in teams:
        assert _install(slack, url, team).status == 200
        _owe(bryggan, team, clock, key=f"owed-{team.id}")
        _calendar_link(bryggan, team, clock)

    ack = Driver(slack, team_id=norr.id, url=f"{url}/slack/events").uninstall()
    assert ack.status == 200

    with bryggan.sessions.begin() as session:
        [gone] = list_outbox(session, team_id=norr.id)
        [kept] = list_outbox(session, team_id=fins.id)
    assert (gone.status, gone.last_error) == (DeliveryStatus.DEAD, "app_uninstalled")
    assert kept.status == DeliveryStatus.PENDING
    assert bryggan.installations is not None
    assert bryggan.installations.find_bot(enterprise_id=None, team_id=norr.id) is None
    # Its calendar links end too (nobody there could revoke them any more); the other's stay.
    with bryggan.sessions.begin() as session:
        assert find_feed(session, token_hash=token_hash(f"link-{norr.id}".ljust(43, "x"))) is None
        assert find_feed(session, token_hash=token_hash(f"link-{fins.id}".ljust(43, "x"))) is not None

    # The other workspace carries on; anything owed later to the removed one ends at once.
    _owe(bryggan, norr, clock, key="owed-after-uninstall")
    report = bryggan.dispatcher.run_once()
    assert (report.sent, report.dead) == (1, 1)
    assert fins.ws.messages_in(fins.channel)
    assert not norr.ws.messages_in(norr.channel)
    with bryggan.sessions.begin() as session:
        late = [r for r in list_outbox(session, team_id=norr.id) if r.key == "owed-after-uninstall"]
    assert late[0].last_error == "not_installed"


def test_a_revoked_bot_token_ends_the_owed_messages_too(
    oauth_bryggan: tuple[Bryggan, str], slack: LocalSlack, teams: tuple[Team, Team], clock: FakeClock
) -> None:
    bryggan, url = oauth_bryggan
    norr = teams[0]
    assert _install(slack, url, norr).status == 200
    _owe(bryggan, norr, clock, key="owed")
    assert Driver(slack, team_id=norr.id, url=f"{url}/slack/events").revoke_tokens().status == 200
    with bryggan.sessions.begin() as session:
        [row] = list_outbox(session, team_id=norr.id)
    assert (row.status, row.last_error) == (DeliveryStatus.DEAD, "tokens_revoked")


def _calendar_link(bryggan: Bryggan, team: Team, clock: FakeClock) -> None:
    with bryggan.sessions.begin() as session:
        school = add_school(
            session,
            School(
                team_id=team.id,
                name="Ekholmsskolan",
                kind=SchoolKind.KOMMUNAL,
                channel_id=None,
                created_at=clock.now(),
            ),
        )
        add_feed(
            session,
            CalendarFeed(
                team_id=team.id,
                school_id=school.id,
                token_hash=token_hash(f"link-{team.id}".ljust(43, "x")),
                lang="sv",
                created_by=team.admin,
                created_at=clock.now(),
            ),
        )


@dataclass(frozen=True)
class Turn:
    """An installed workspace with a school, its token due for rotation: within the two hours before
    it expires, still good for one."""

    bryggan: Bryggan
    team: Team
    token: str
    driver: Driver

    def eht(self) -> AckResult:
        return self.driver.command(user=self.team.admin, channel=self.team.channel, command="/eht")

    def token_now(self) -> str:
        return _token(self.bryggan, self.team)[0]


@pytest.fixture
def turn(
    oauth_bryggan: tuple[Bryggan, str],
    slack: LocalSlack,
    teams: tuple[Team, Team],
    clock: FakeClock,
    monkeypatch: pytest.MonkeyPatch,
) -> Turn:
    bryggan, url = oauth_bryggan
    norr = teams[0]
    assert _install(slack, url, norr).status == 200
    _link(bryggan, norr, clock)
    token, _ = _token(bryggan, norr)
    monkeypatch.setattr(slack_rotator, "time", clock.timestamp)  # Bolt's authorize on the same clock
    clock.advance(timedelta(hours=11))
    return Turn(bryggan, norr, token, Driver(slack, team_id=norr.id, url=f"{url}/slack/events"))


def test_two_requests_at_the_turn_rotate_the_token_once_and_both_are_answered(
    turn: Turn, slack: LocalSlack
) -> None:
    # A slow Slack keeps the first exchange open while the second request arrives: without one lock
    # both would spend the single-use refresh token, and the second exchange would be refused.
    slack.faults.inject("oauth.v2.access", FaultKind.TIMEOUT, delay=1.0)
    with ThreadPoolExecutor(max_workers=2) as pool:
        acks = list(pool.map(lambda _: turn.eht(), "ab"))
    assert [ack.status for ack in acks] == [200, 200]
    # Both answered as Bryggan answers /eht, neither with Bolt's "no longer available, reinstall".
    assert acks[0].body == acks[1].body
    assert "reinstall" not in str(acks[0].body)
    refreshes = [
        a for m, _t, a in slack.calls if m == "oauth.v2.access" and a.get("grant_type") == "refresh_token"
    ]
    assert len(refreshes) == 1
    assert turn.token_now() != turn.token


def test_a_workspace_without_bryggan_is_told_so_in_swedish(
    oauth_bryggan: tuple[Bryggan, str], slack: LocalSlack, teams: tuple[Team, Team]
) -> None:
    _bryggan, url = oauth_bryggan
    fins = teams[1]  # never installed
    ack = Driver(slack, team_id=fins.id, url=f"{url}/slack/events").command(
        user=fins.admin, channel=fins.channel, command="/eht"
    )
    assert ack.status == 200
    # Bolt answers through the command's response_url, not in the ack, in the deployment's language.
    (told,) = fins.ws.wait_for(lambda ws: ws.ephemerals_to(fins.admin) or None)
    assert "Bryggan är inte installerad i den här arbetsytan" in told.text


def test_a_rotation_that_fails_at_the_turn_leaves_the_request_on_the_token_still_good(
    turn: Turn, slack: LocalSlack
) -> None:
    # Slack fails the exchange: the command is answered all the same, with the token still good.
    slack.faults.inject("oauth.v2.access", FaultKind.SERVER_ERROR)
    ack = turn.eht()
    assert ack.status == 200
    assert "EHT" in str(ack.body)
    assert turn.token_now() == turn.token
    # The next request rotates it.
    assert turn.eht().body == ack.body
    assert turn.token_now() != turn.token
