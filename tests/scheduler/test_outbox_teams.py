"""The outbox delivers a Teams workspace's rows to Teams (localteams) with Slack's guarantees: one
dispatcher logic, per-workspace back-off on 429, retries on 5xx, dead recipients told to the
administrators, and each row once when two dispatchers share the database."""

from __future__ import annotations

import logging
import threading
from collections import Counter
from collections.abc import Iterator
from concurrent.futures import ThreadPoolExecutor
from datetime import timedelta
from typing import Any

import pytest

from bot.clock import FakeClock
from handlers.teams.cards import adaptive_card
from localslack import LocalSlack, Workspace
from localteams import LocalTeams
from localteams.jws import SigningKey
from scheduler.outbox import FAILURE_TEMPLATE, Dispatcher, DispatchReport, Rendered
from scheduler.teams_tokens import AppToken, TeamsCredentials
from scheduler.teams_transport import TeamsTransport, plain_text
from scheduler.transport import Posted
from storage.db import make_sessions
from storage.models import DeliveryStatus, OutboxMessage
from storage.outbox import add_outbox_message, get_backoff, list_outbox
from storage.teams_addresses import internal_id, remember
from tests.scheduler import Bed, render

APP_ID = "00000000-0000-0000-0000-0000000b0771"
SECRET = "test-client-secret"
TENANT = "11111111-2222-3333-4444-555555555555"
TEAMS_TEAM = "19:berzelius@thread.tacv2"
CHANNEL = "19:elevhalsa@thread.tacv2"
RITA, SAM, OLLE = "29:rita", "29:sam", "29:olle"
WORKSPACE = internal_id("tenant", TENANT)
RITA_ID, SAM_ID, OLLE_ID = (internal_id("user", u) for u in (RITA, SAM, OLLE))
CHANNEL_ID = internal_id("channel", CHANNEL)


class TeamsBed:
    """The outbox bed with a Teams tenant beside the Slack workspace: Rita and Olle have the app,
    Sam is the tenant's administrator, and the team's Elevhälsa channel has it too."""

    def __init__(self, bed: Bed) -> None:
        self.bed = bed
        self.teams = LocalTeams(clock=bed.clock.timestamp).start()
        teams = self.teams
        teams.register_bot(APP_ID, SECRET, "http://127.0.0.1:9/api/messages")  # nothing is sent to the bot
        teams.add_tenant(TENANT)
        for user, name in ((RITA, "Rita Rektor"), (SAM, "Sam Socialsekreterare"), (OLLE, "Olle Kurator")):
            teams.add_user(TENANT, user, name)
        teams.add_team(TENANT, TEAMS_TEAM, "Berzeliusskolan", [RITA, SAM, OLLE], {CHANNEL: "Elevhälsa"})
        teams.directory.install_in_team(APP_ID, TEAMS_TEAM)
        self.chats = {user: teams.directory.install_personal(APP_ID, user).id for user in (RITA, SAM, OLLE)}
        now = bed.clock.now()
        with bed.sessions.begin() as session:
            for user in (RITA, SAM, OLLE):
                remember(
                    session,
                    kind="user",
                    teams_id=user,
                    tenant_id=TENANT,
                    service_url=teams.service_url,
                    conversation_id=self.chats[user],
                    at=now,
                )
            remember(
                session,
                kind="channel",
                teams_id=CHANNEL,
                tenant_id=TENANT,
                service_url=teams.service_url,
                conversation_id=CHANNEL,
                at=now,
            )
        self.token = AppToken(TeamsCredentials(APP_ID, SECRET, teams.token_url()))

    def transport(self, **options: Any) -> TeamsTransport:
        options.setdefault("card", adaptive_card)  # the Teams adapter's translator, as bot/app.py gives it
        return TeamsTransport(sessions=self.bed.sessions, token=self.token, timeout=5, **options)

    def dispatcher(self, owner: str = "A", **options: Any) -> Dispatcher:
        """A dispatcher for both platforms; the Teams tenant's administrator is Sam."""
        options.setdefault("teams", self.transport())
        return self.bed.dispatcher(
            owner, admins=lambda team: [SAM_ID] if team == WORKSPACE else ["U0ADMIN00"], **options
        )

    def owe(self, key: str, recipient: str = CHANNEL_ID, **options: Any) -> bool:
        now = self.bed.clock.now()
        options.setdefault("template", "reminder")
        with self.bed.sessions.begin() as session:
            return add_outbox_message(
                session,
                team_id=WORKSPACE,
                key=key,
                recipient=recipient,
                args={"n": key},
                due_at=now,
                now=now,
                **options,
            )

    def rows(self) -> list[OutboxMessage]:
        with self.bed.sessions.begin() as session:
            return list_outbox(session, team_id=WORKSPACE)

    def row(self, key: str) -> OutboxMessage:
        (found,) = [row for row in self.rows() if row.key == key]
        return found

    def texts(self, conversation: str) -> list[str]:
        """What the bot shows in a conversation (or one thread): each message's text or card summary."""
        return [a.text or str(a.body.get("summary")) for a in self.teams.posted(conversation)]

    def sends(self) -> int:
        return sum(
            1 for operation, _target, _body in list(self.teams.calls) if operation == "activities.send"
        )

    def until_done(
        self, dispatchers: list[Dispatcher], rounds: int = 200, step: timedelta = timedelta(seconds=2)
    ) -> list[Counter[str]]:
        """Run every dispatcher at once, round after round, until nothing is owed; each one's counts."""
        totals: list[Counter[str]] = [Counter() for _ in dispatchers]
        start = threading.Barrier(len(dispatchers))

        def run(dispatcher: Dispatcher) -> DispatchReport:
            start.wait(timeout=10)  # all claim at the same moment
            return dispatcher.run_once()

        with ThreadPoolExecutor(max_workers=len(dispatchers)) as pool:
            for _ in range(rounds):
                for total, report in zip(totals, pool.map(run, dispatchers), strict=True):
                    total.update(report.as_dict())
                owed = [
                    r for r in self.rows() if r.status in (DeliveryStatus.PENDING, DeliveryStatus.SENDING)
                ]
                if not owed:
                    return totals
                self.bed.advance(step)
        raise AssertionError(f"still owed after {rounds} rounds: {totals}")

    def close(self) -> None:
        self.teams.stop()


@pytest.fixture
def tbed(database_url: str, clock: FakeClock, slack: LocalSlack, workspace: Workspace) -> Iterator[TeamsBed]:
    bed = Bed(database_url, clock, slack, workspace)
    teams_bed = TeamsBed(bed)
    yield teams_bed
    teams_bed.close()
    bed.close()


def test_a_row_owed_in_a_teams_workspace_is_marked_for_teams_and_a_slack_row_for_slack(
    tbed: TeamsBed,
) -> None:
    tbed.owe("t")
    tbed.bed.owe("s")
    assert tbed.row("t").platform == "teams"
    assert tbed.bed.row("s").platform == "slack"


def test_a_dm_a_channel_post_a_thread_reply_and_an_edit_reach_teams(tbed: TeamsBed) -> None:
    tbed.owe("dm", RITA_ID)
    tbed.owe("post", CHANNEL_ID)
    tbed.owe("reply", CHANNEL_ID, thread_key="post")
    tbed.owe("dm-reply", RITA_ID, thread_key="dm")
    tbed.owe("edit", template="rewritten", edit_of="post")
    tbed.bed.owe("slack")  # the same dispatcher serves the Slack workspace beside it

    report = tbed.dispatcher().run_once()

    assert report.sent == 6, report
    assert len(tbed.bed.posted("slack")) == 1
    rows = {row.key: row for row in tbed.rows()}
    assert {row.status for row in rows.values()} == {DeliveryStatus.SENT}
    assert all(row.activity_id and row.slack_ts is None for row in rows.values())
    # The DM and its reply are in Rita's 1:1 chat; the reply names the message it answers.
    dm, dm_reply = tbed.teams.posted(tbed.chats[RITA])
    assert (dm.text, dm.id) == ("reminder dm", rows["dm"].activity_id)
    assert (dm_reply.text, dm_reply.body["replyToId"]) == ("reminder dm-reply", dm.id)
    # The channel post was rewritten in place; the reply sits in its thread.
    post, reply = tbed.teams.posted(CHANNEL)
    assert (post.id, post.text, post.edits) == (rows["post"].activity_id, "rewritten edit", 1)
    assert (reply.text, reply.root_id) == ("reminder reply", post.id)
    assert rows["edit"].activity_id == post.id
    assert tbed.texts(f"{CHANNEL};messageid={post.id}") == ["rewritten edit", "reminder reply"]


def test_one_app_token_serves_every_post_and_is_never_logged(
    tbed: TeamsBed, caplog: pytest.LogCaptureFixture
) -> None:
    caplog.set_level(logging.DEBUG)
    for n in range(5):
        tbed.owe(f"k{n}", [RITA_ID, OLLE_ID, CHANNEL_ID][n % 3])
    tbed.dispatcher().run_once()
    assert [op for op, _tenant, _form in tbed.teams.calls if op == "token"] == ["token"]
    token = tbed.token.get()
    assert all(
        token not in record.getMessage() and token not in str(record.__dict__) for record in caplog.records
    )
    assert token not in repr(tbed.token)
    assert SECRET not in repr(TeamsCredentials(APP_ID, SECRET, "u"))


def test_a_token_teams_no_longer_accepts_is_replaced_once_and_the_row_sent_once(tbed: TeamsBed) -> None:
    tbed.owe("before", RITA_ID)
    dispatcher = tbed.dispatcher()
    dispatcher.run_once()
    tbed.teams.authority.login_key = SigningKey()  # the login service rolled its key: old tokens fail
    tbed.owe("after", RITA_ID)
    assert dispatcher.run_once().sent == 1
    assert tbed.texts(tbed.chats[RITA]) == ["reminder before", "reminder after"]
    assert [op for op, _tenant, _form in tbed.teams.calls if op == "token"] == ["token", "token"]


def test_blocks_become_an_adaptive_card_teams_renders_with_user_text_kept_inert(tbed: TeamsBed) -> None:
    with tbed.bed.sessions.begin() as session:  # Rita's name, as her last activity showed it
        remember(
            session,
            kind="user",
            teams_id=RITA,
            tenant_id=TENANT,
            service_url=tbed.teams.service_url,
            at=tbed.bed.clock.now(),
            name="Rita Rektor",
        )

    def with_blocks(row: OutboxMessage) -> Rendered:
        section = f"Från <@{RITA_ID}> om [skolan](http://x.se) &amp; *mer*, till <@{SAM_ID}>"
        take = {"type": "button", "action_id": "acknowledge", "value": "c1"}
        see = {"type": "button", "action_id": "open", "url": "https://example.se"}
        blocks = [
            {"type": "header", "text": {"type": "plain_text", "text": "Ny konsultation"}},
            {"type": "section", "text": {"type": "mrkdwn", "text": section}},
            {"type": "divider"},
            {"type": "context", "elements": [{"type": "mrkdwn", "text": "Svara inom två dagar"}]},
            {"type": "actions", "elements": [
                {**take, "text": {"type": "plain_text", "text": "Ta emot"}},
                {**see, "text": {"type": "plain_text", "text": "Öppna"}},
            ]},
        ]  # fmt: skip
        return Rendered(text=f"Ny konsultation från <@{RITA_ID}>", blocks=blocks)

    tbed.owe("card", OLLE_ID)
    assert (
        tbed.dispatcher(render=with_blocks).run_once().sent == 1
    )  # the stand-in refuses a card Teams would not render
    (message,) = tbed.teams.posted(tbed.chats[OLLE])
    (card,) = message.cards
    assert card["version"] == "1.5"
    # The Teams adapter's translator (handlers/teams/cards.py): Bryggan's *bold* stays bold, what a
    # user typed is escaped, a person is a Teams mention by the name Bryggan keeps for them, and one
    # Bryggan has no name for (Sam) is shown by id, not mentioned.
    assert card["body"][1]["text"] == (
        rf"Från <at>Rita Rektor</at> om \[skolan\]\(http://x.se\) \& **mer**, till @{SAM_ID}"
    )
    assert card["body"][2]["separator"] is True
    (actions,) = [e for e in card["body"] if e["type"] == "ActionSet"]
    assert [a["type"] for a in actions["actions"]] == ["Action.Execute", "Action.OpenUrl"]
    assert actions["actions"][0]["verb"] == "acknowledge"
    assert card["msteams"]["entities"] == [
        {"type": "mention", "text": "<at>Rita Rektor</at>", "mentioned": {"id": RITA, "name": "Rita Rektor"}}
    ]
    assert message.body["summary"] == "Ny konsultation från @Rita Rektor"


def test_plain_text_undoes_slack_markup_for_the_cards_summary() -> None:
    assert (
        plain_text("<https://a.se|A> &lt;b&gt; <#C1|elevhalsa> <!here>")
        == "A (https://a.se) <b> #elevhalsa @here"
    )


def test_a_429_backs_the_workspace_off_for_retry_after_and_each_row_is_posted_once(tbed: TeamsBed) -> None:
    tbed.teams.faults.inject("activities.send", "throttled", retry_after=30)
    tbed.owe("a", CHANNEL_ID)
    tbed.owe("b", RITA_ID)
    tbed.bed.owe("slack")  # another workspace is not held back
    dispatcher = tbed.dispatcher()
    started = tbed.bed.clock.now()

    first = dispatcher.run_once()

    assert (first.retried, first.waiting, first.sent) == (1, 1, 1), first
    with tbed.bed.sessions.begin() as session:
        assert get_backoff(session, team_id=WORKSPACE) == started + timedelta(seconds=30)
    tbed.bed.advance(timedelta(seconds=29))
    assert dispatcher.run_once().sent == 0  # not even claimed while the workspace waits
    assert tbed.sends() == 1
    tbed.bed.advance(timedelta(seconds=1))
    assert dispatcher.run_once().sent == 2
    assert tbed.texts(CHANNEL) == ["reminder a"]
    assert tbed.texts(tbed.chats[RITA]) == ["reminder b"]
    assert tbed.row("a").last_error == "teams_throttled"


@pytest.mark.parametrize("kind", ["server_error", "outage"])
def test_a_5xx_or_a_dropped_connection_is_retried_and_the_message_posted_once(
    tbed: TeamsBed, kind: str
) -> None:
    tbed.teams.faults.inject("activities.send", kind, status=502)
    tbed.owe("a", CHANNEL_ID)
    dispatcher = tbed.dispatcher()

    assert dispatcher.run_once().retried == 1
    row = tbed.row("a")
    assert row.status == DeliveryStatus.PENDING
    assert row.needs_reconcile
    assert row.last_error == ("teams_ServiceError" if kind == "server_error" else "RemoteDisconnected")
    tbed.bed.advance(timedelta(minutes=1))
    assert dispatcher.run_once().sent == 1
    assert tbed.texts(CHANNEL) == ["reminder a"]
    assert tbed.sends() == 2


def test_a_post_teams_stored_before_failing_is_posted_again_the_documented_limit(tbed: TeamsBed) -> None:
    """Teams lets a bot write a conversation but not read it: an accepted-then-5xx post cannot be
    found, so it is sent again (docs/decisions.md, "Teams: no history to reconcile with")."""
    tbed.teams.faults.inject("activities.send", "accept_then_fail", status=500)
    tbed.owe("a", CHANNEL_ID)
    dispatcher = tbed.dispatcher()
    dispatcher.run_once()
    tbed.bed.advance(timedelta(minutes=1))
    assert dispatcher.run_once().sent == 1
    assert tbed.texts(CHANNEL) == ["reminder a", "reminder a"]


class ProcessDied(BaseException):
    """The process vanished (kill -9) right after Teams accepted a post."""


class Mortal:
    """A process's session factory that stops working once the process has died: nothing after
    the death is written (a `finally` would run in a test, never after kill -9)."""

    def __init__(self, sessions: Any) -> None:
        self.sessions = sessions
        self.dead = False

    def begin(self) -> Any:
        if self.dead:
            raise ProcessDied
        return self.sessions.begin()


class DiesAfter(TeamsTransport):
    """Teams accepts the `posts`-th post, then the process dies before anything else happens."""

    def __init__(self, posts: int, process: Mortal, **options: Any) -> None:
        super().__init__(**options)
        self.posts, self.process = posts, process

    def post(
        self, row: OutboxMessage, conversation: str, rendered: Rendered, parent_id: str | None
    ) -> Posted:
        posted = super().post(row, conversation, rendered, parent_id)
        self.posts -= 1
        if self.posts == 0:
            self.process.dead = True
            raise ProcessDied
        return posted


def test_a_crash_after_teams_accepted_a_post_leaves_only_that_row_to_send_again(tbed: TeamsBed) -> None:
    for key in ("a", "b", "c"):
        tbed.owe(key, CHANNEL_ID)
    process = Mortal(make_sessions(tbed.bed.engine))
    dying = Dispatcher(
        sessions=process,  # type: ignore[arg-type]
        clock=tbed.bed.clock,
        client_for=tbed.bed.client,
        render=render,
        owner="A",
        admins=lambda _team: [SAM_ID],
        teams=DiesAfter(
            2, process, sessions=tbed.bed.sessions, token=tbed.token, timeout=5, card=adaptive_card
        ),
    )
    with pytest.raises(ProcessDied):
        dying.run_once()
    assert tbed.row("a").status == DeliveryStatus.SENT  # marked as soon as Teams took it, not at batch end
    assert tbed.row("b").status == DeliveryStatus.SENDING
    tbed.bed.advance(timedelta(seconds=61))  # A's lease runs out

    report = tbed.dispatcher("B").run_once()

    assert report.sent == 2, report
    # b cannot be found in Teams, so it is posted again: the one duplicate the crash can cause.
    assert Counter(tbed.texts(CHANNEL)) == Counter({"reminder a": 1, "reminder b": 2, "reminder c": 1})


def test_a_person_without_the_app_makes_the_row_dead_and_the_administrator_is_told(tbed: TeamsBed) -> None:
    tbed.teams.directory.uninstall(APP_ID, user_id=RITA)  # Teams knows; Bryggan's address does not yet
    tbed.owe("to-rita", RITA_ID)
    dispatcher = tbed.dispatcher()

    assert dispatcher.run_once().dead == 1
    row = tbed.row("to-rita")
    assert (row.status, row.last_error) == (DeliveryStatus.DEAD, "teams_BotNotInConversationRoster")
    (notice,) = [r for r in tbed.rows() if r.template == FAILURE_TEMPLATE]
    assert (notice.recipient, notice.platform, notice.args["error"]) == (SAM_ID, "teams", row.last_error)
    assert dispatcher.run_once().sent == 1
    assert tbed.texts(tbed.chats[SAM]) == [f"{FAILURE_TEMPLATE}"]


@pytest.mark.parametrize(
    ("change", "error"),
    [
        ("forget", "teams_no_address"),
        ("other_tenant", "teams_no_address"),
        ("uninstalled", "teams_not_installed"),
        ("no_chat", "teams_no_conversation"),
    ],
)
def test_a_recipient_bryggan_cannot_reach_is_dead_without_a_call(
    tbed: TeamsBed, change: str, error: str
) -> None:
    recipient = RITA_ID
    with tbed.bed.sessions.begin() as session:
        if change == "forget":
            recipient = internal_id("user", "29:nobody")
        elif change == "other_tenant":  # a person Bryggan knows, but in another organisation
            stranger = remember(
                session,
                kind="user",
                teams_id="29:stranger",
                tenant_id="99999999-0000-0000-0000-000000000000",
                service_url=tbed.teams.service_url,
                conversation_id=tbed.chats[OLLE],
                at=tbed.bed.clock.now(),
            )
            recipient = stranger.id
        else:
            address = remember(
                session,
                kind="user",
                teams_id=RITA,
                tenant_id=TENANT,
                service_url=tbed.teams.service_url,
                at=tbed.bed.clock.now(),
            )
            address.installed = change != "uninstalled"
            address.conversation_id = None if change == "no_chat" else address.conversation_id
    tbed.owe("lost", recipient)
    assert tbed.dispatcher().run_once().dead == 1
    assert tbed.row("lost").last_error == error
    assert tbed.sends() == 0


def test_a_process_without_teams_leaves_teams_rows_to_one_that_has_it(tbed: TeamsBed) -> None:
    tbed.owe("a", CHANNEL_ID)
    slack_only = tbed.dispatcher(teams=None)
    for _ in range(3):
        assert slack_only.run_once().as_dict() == {}
        tbed.bed.advance(timedelta(minutes=20))
    row = tbed.row("a")
    assert (row.status, row.attempts) == (DeliveryStatus.PENDING, 0)
    assert not tbed.bed.workspace.messages

    assert tbed.dispatcher().run_once().sent == 1
    assert tbed.texts(CHANNEL) == ["reminder a"]


def test_two_dispatchers_share_a_teams_outbox_through_failures_and_post_each_row_once(tbed: TeamsBed) -> None:
    if tbed.bed.backend != "postgresql":
        pytest.skip(
            "several dispatchers need PostgreSQL (SKIP LOCKED); SQLite runs one process, see locks.py"
        )
    recipients = [CHANNEL_ID, RITA_ID, OLLE_ID, SAM_ID]
    rows = 60
    for n in range(rows):
        tbed.owe(f"k{n:03}", recipients[n % len(recipients)])
    faults = tbed.teams.faults
    faults.inject("activities.send", "throttled", retry_after=3, times=3)
    faults.inject("activities.send", "server_error", times=4)
    faults.inject("activities.send", "outage", times=2)
    dispatchers = [tbed.dispatcher("A", batch=7), tbed.dispatcher("B", batch=7)]

    totals = tbed.until_done(dispatchers)

    assert {row.status for row in tbed.rows()} == {DeliveryStatus.SENT}
    posted = Counter(
        text for conversation in (CHANNEL, *tbed.chats.values()) for text in tbed.texts(conversation)
    )
    assert posted == Counter({f"reminder k{n:03}": 1 for n in range(rows)})
    assert sum(total["sent"] for total in totals) == rows
    for total in totals:
        assert total["sent"] > 0, totals  # both did real work
        assert total["lost"] == 0, totals  # no row was ever claimed twice
    assert not faults.take("activities.send"), "every injected fault should have fired"


def test_an_accepted_post_teams_answers_without_an_id_is_sent_once_not_posted_again(
    tbed: TeamsBed, monkeypatch: pytest.MonkeyPatch
) -> None:
    real = TeamsTransport._call

    def without_id(*args: object, **kwargs: object) -> dict[str, object]:
        return {k: v for k, v in real(*args, **kwargs).items() if k != "id"}

    monkeypatch.setattr(TeamsTransport, "_call", without_id)
    tbed.owe("a", CHANNEL_ID)
    dispatcher = tbed.dispatcher()

    assert dispatcher.run_once().sent == 1
    tbed.bed.advance(timedelta(minutes=5))
    dispatcher.run_once()
    assert tbed.row("a").status == DeliveryStatus.SENT
    assert tbed.sends() == 1
