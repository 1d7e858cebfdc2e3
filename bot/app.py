"""The composition root: settings, engine, clock, Slack client, services and handlers wired together."""

from __future__ import annotations

import logging
import os
import socket
import uuid
from collections.abc import Callable
from datetime import timedelta
from functools import partial

from cryptography.fernet import Fernet
from slack_bolt import App
from slack_bolt.logger.messages import warning_client_prioritized_and_token_skipped
from slack_bolt.oauth.oauth_settings import OAuthSettings
from slack_sdk import WebClient
from slack_sdk.errors import SlackClientError
from slack_sdk.http_retry.builtin_handlers import RateLimitErrorRetryHandler
from slack_sdk.oauth.installation_store import InstallationStore
from sqlalchemy import Engine
from sqlalchemy.orm import Session, sessionmaker

import handlers
from bot.audit import Auditor
from bot.clock import Clock
from bot.consultations import Consultations
from bot.contacts import Contacts
from bot.crypto import Stamp, TextBox
from bot.errors import ConfigError
from bot.events import Deliveries
from bot.followup import FollowUp
from bot.meetings import Meetings
from bot.metrics import Metrics
from bot.notices import Notice, Notifier, shows_audited_text
from bot.privacy.guard import on_refusal
from bot.services import Services
from bot.serving import HTTP_THREADS, Bryggan
from bot.settings import Settings
from bot.workspace_settings import WorkspaceSettings
from handlers import installations as installations_handlers
from handlers.channels import can_post
from handlers.notices import NoticeRenderer
from handlers.people import People
from handlers.replies import Later
from handlers.slack_calls import CountedRateLimitHandler, CountedWebClient, count_listener_calls
from handlers.teams.cards import adaptive_card
from scheduler import jobs
from scheduler.outbox import Dispatcher
from scheduler.runner import Ticker
from scheduler.teams_tokens import TeamsCredentials, app_token
from scheduler.teams_transport import TeamsTransport
from scheduler.workspaces import NotInstalled, WorkspaceClients
from storage import migrate
from storage.db import make_engine, make_sessions
from storage.installations import OAuthStateStore, SealedInstallationStore
from storage.models import OutboxMessage
from storage.teams_addresses import get_address, is_teams
from templates import Templates

log = logging.getLogger("bryggan")

LATER_WORKERS = 4  # threads for work a listener hands off after its ack (uploads, charts)


def _listener_token(settings: Settings, token: str | None) -> str | None:
    # In OAuth mode Bolt sets each request's token from the installation store: the client has none.
    return token or (None if settings.oauth else settings.secret("slack_bot_token"))


def slack_client(settings: Settings, token: str | None = None, metrics: Metrics | None = None) -> WebClient:
    """The Web API client for listeners: waits out a 429 once, never re-sends after a lost connection."""
    # slack_sdk's default connection-error retry can post a message twice; replies are not worth that.
    if metrics is None:
        return WebClient(
            token=_listener_token(settings, token),
            base_url=settings.slack_api_url,
            retry_handlers=[RateLimitErrorRetryHandler(max_retry_count=1)],
        )
    pause = metrics.rate_limit_pauses.labels(source="listener").inc
    return CountedWebClient(
        token=_listener_token(settings, token),
        base_url=settings.slack_api_url,
        retry_handlers=[CountedRateLimitHandler(max_retry_count=1, on_pause=pause)],
        metrics=metrics,
    )


def sender_client(settings: Settings, metrics: Metrics, token: str | None = None) -> WebClient:
    """The outbox's client: no automatic re-send at all; the dispatcher decides (and reconciles)."""
    return CountedWebClient(
        token=token or settings.secret("slack_bot_token"),
        base_url=settings.slack_api_url,
        retry_handlers=[],
        metrics=metrics,
    )


def delivery_clients(
    settings: Settings, metrics: Metrics, clock: Clock, installations: SealedInstallationStore | None
) -> Callable[[str], WebClient]:
    """The outbox's client for a workspace: the one bot token's, or in OAuth mode that workspace's own."""
    if installations is None:
        sender = sender_client(settings, metrics)
        return lambda _team: sender
    return WorkspaceClients(
        installations=installations,
        oauth=WebClient(base_url=settings.slack_api_url),
        client_id=str(settings.slack_client_id),
        client_secret=settings.secret("slack_client_secret"),
        clock=clock,
        make_client=lambda token: sender_client(settings, metrics, token),
    )


def teams_transport(settings: Settings, sessions: sessionmaker[Session]) -> TeamsTransport | None:
    """The outbox's Teams sender when the Teams bot is configured (TEAMS_APP_ID, TEAMS_CLIENT_SECRET)."""
    if not settings.teams:
        return None
    # The process's one app token: the Teams SDK's App answering activities uses it too.
    token = app_token(TeamsCredentials.from_settings(settings))
    return TeamsTransport(sessions=sessions, token=token, card=adaptive_card)


def _no_slack(_team_id: str) -> WebClient:
    # Only a Slack row or a Slack recipient's language asks for a client: none exists in a Teams-only
    # set-up, and the dispatcher there claims no Slack rows: they wait for a process that has Slack.
    raise ConfigError("SLACK_BOT_TOKEN is not set: see README, 'Real Slack set-up'")


def _oauth(settings: Settings, engine: Engine, box: TextBox) -> tuple[OAuthSettings, SealedInstallationStore]:
    installations = SealedInstallationStore(client_id=str(settings.slack_client_id), engine=engine, box=box)
    flow = installations_handlers.oauth_settings(
        client_id=str(settings.slack_client_id),
        client_secret=settings.secret("slack_client_secret"),
        authorization_url=settings.slack_authorize_url,
        installations=installations,
        states=OAuthStateStore(engine=engine, expiration_seconds=installations_handlers.STATE_SECONDS),
    )
    return flow, installations


def _workspace_gone(
    installations: InstallationStore | None,
    dispatcher: Dispatcher,
    meetings: Meetings,
    team_id: str,
    reason: str,
) -> None:
    # Bolt's default for a removed app: its tokens are deleted, not kept marked revoked. A reinstall
    # stores new ones. Messages still owed there can never be delivered: they end now, with the reason.
    # Its calendar links end too: nobody there could revoke them any more.
    if installations is not None:
        installations.delete_all(enterprise_id=None, team_id=team_id)
    dispatcher.abandon(team_id=team_id, reason=reason)
    meetings.feeds.close_workspace(team_id)


def _record_sent(services: Services, session: Session, row: OutboxMessage) -> None:
    # A case text that reached its reader is audited once, when Slack accepted the message showing it
    # (the registry says which notices those are); a handover note is the writer's own, not audited.
    if shows_audited_text(row.template, row.args or {}):
        services.consultations.reads.record_shown(
            session, team_id=row.team_id, consultation_id=row.args["id"], reader=row.recipient
        )


def _dead_letter(services: Services, metrics: Metrics, row: OutboxMessage) -> None:
    metrics.dead_letters.labels(kind=row.template).inc()
    _tell_asker(services, row)


def _tell_asker(services: Services, row: OutboxMessage) -> None:
    # The asker's receipt said the case was sent: if it never reaches its receiver, they must know.
    if row.template == Notice.CONSULTATION_RECEIVED:
        services.consultations.intake.undelivered(team_id=row.team_id, consultation_id=row.args["id"])


def _bolt_logger() -> logging.Logger:
    """Bolt's logger for Bryggan's app, at INFO: the level Slack's libraries are logged at (bot/logs.py).

    Bolt tests its logger's own level, not the level it inherits, before building each debug line
    (a middleware's name, a listener's, every reply's whole body); left unset, every request built
    them only for the logger to drop them.
    """
    logger = logging.getLogger("slack_bolt.bryggan")
    logger.setLevel(logging.INFO)
    logger.addFilter(_not_the_token_warning)  # the same filter once, however often this is called
    return logger


def _not_the_token_warning(record: logging.LogRecord) -> bool:
    # Bolt reads SLACK_BOT_TOKEN from the environment itself, and warns at every start that the
    # client it is given (built from that same token) wins over it: a false alarm for operators.
    return record.getMessage() != warning_client_prioritized_and_token_skipped()


def _slack_app(
    settings: Settings,
    client: WebClient,
    flow: OAuthSettings | None,
    installations: SealedInstallationStore | None,
    clients: Callable[[str], WebClient],
    templates: Templates,
) -> App:
    authorize = None
    if flow is not None and installations is not None and isinstance(clients, WorkspaceClients):
        # A token due for rotation is rotated by the outbox's clients, under the workspace's lock.
        authorize = installations_handlers.RotatingFirst(
            rotate=partial(_rotate_first, clients),
            installation_store=installations,
            client_id=flow.client_id,
            client_secret=flow.client_secret,
            # Bolt's authorize reads through this app's client (SLACK_API_URL), not one for slack.com.
            client=client,
            logger=_bolt_logger(),
        )
    return App(
        client=client,
        signing_secret=settings.secret("slack_signing_secret") if settings.slack_signing_secret else "",
        oauth_settings=flow,  # None: the one bot token of SLACK_BOT_TOKEN
        authorize=authorize,
        installation_store=installations,
        raise_error_for_unhandled_request=False,
        # What a person sees when their workspace has no usable installation (Bolt's own is in English).
        user_facing_authorize_error_message=str(templates.module(settings.locale, "errors").not_installed()),
        logger=_bolt_logger(),
        # Listeners run in the request's own thread and the ack leaves when they return: no hand-off
        # to Bolt's executor and no 10 ms polling for the ack. Slow work goes to `later` after its ack.
        process_before_response=True,
    )


def _rotate_first(clients: WorkspaceClients, team_id: str) -> None:
    try:
        clients(team_id)
    except NotInstalled:
        pass  # Bolt answers a request from a workspace without Bryggan itself (its authorize finds nothing)
    except (SlackClientError, OSError) as exc:
        # The token is still good for the rest of its window: the request goes on with it.
        log.warning("token rotation failed", extra={"team_id": team_id, "error": type(exc).__name__})


def _teams_lang(sessions: sessionmaker[Session], row: OutboxMessage) -> str | None:
    # A Teams person's language is the locale their client last sent (storage/teams_addresses.py).
    with sessions.begin() as session:
        address = get_address(session, id=row.recipient)
        return address.lang if address is not None and address.team_id == row.team_id else None


def make_followup(settings: Settings, sessions: sessionmaker[Session], clock: Clock) -> FollowUp:
    """The term follow-up alone (`bryggan report` needs no Slack), with a clock and notifier of its own."""
    workspace = WorkspaceSettings(
        settings=settings, sessions=sessions, audit=Auditor(clock=clock), clock=clock
    )
    return FollowUp(
        sessions=sessions,
        clock=workspace.clocks(),
        notices=Notifier(clock=clock),
        workspace=workspace.values,
    )


def build(
    settings: Settings, *, clock: Clock, client: WebClient | None = None, run_migrations: bool = True
) -> Bryggan:
    """Build Bryggan from its parts; nothing is built at import time."""
    # Without a key (the offline demo) a throw-away one lives as long as this process.
    keys = settings.text_keys() if settings.secret_key else [Fernet.generate_key().decode()]
    box = TextBox(*keys)
    # Who may read at once: the HTTP threads, the deferred work, the ticker and the dispatcher.
    engine = make_engine(settings.database_url, threads=HTTP_THREADS + LATER_WORKERS + 2)
    if run_migrations:
        migrate.upgrade(engine)
    sessions = make_sessions(engine)
    metrics = Metrics(sessions=sessions, clock=clock)
    flow, installations = _oauth(settings, engine, box) if settings.oauth else (None, None)
    # A Teams-only municipality sets no SLACK_* at all: no Bolt app, and its outbox has no Slack sender.
    slack = client is not None or settings.slack
    clients = delivery_clients(settings, metrics, clock, installations) if slack else _no_slack
    # Shared by every service: one notifier, one auditor, and the clock telling each workspace its time.
    notices, audit = Notifier(clock=clock), Auditor(clock=clock)
    workspace = WorkspaceSettings(settings=settings, sessions=sessions, audit=audit, clock=clock)
    local = workspace.clocks()
    services = Services(
        settings=settings,
        clock=local,
        templates=Templates(),
        contacts=Contacts.compose(
            sessions=sessions,
            clock=local,
            notices=notices,
            audit=audit,
            workspace=workspace.values,
            box=box,
            # A Teams channel is not Slack's to check: unknown (None) rather than a Slack call.
            can_post=lambda team, channel: None if is_teams(team) else can_post(clients(team), channel),
        ),
        deliveries=Deliveries(sessions=sessions, clock=clock),
        consultations=Consultations.compose(
            sessions=sessions,
            clock=local,
            notices=notices,
            audit=audit,
            box=box,
            workspace=workspace.values,
            retentions=workspace.retentions,
            report_url=settings.report_url,
        ),
        meetings=Meetings.compose(
            sessions=sessions,
            clock=local,
            notices=notices,
            audit=audit,
            calendar=lambda team_id: workspace.values(team_id).calendar,
            grace=timedelta(minutes=settings.reminder_grace_minutes),
            public_url=settings.public_url,
        ),
        followup=FollowUp(sessions=sessions, clock=local, notices=notices, workspace=workspace.values),
        stamp=Stamp(*keys),
        workspace=workspace,
    )
    people = People(settings, workspace.values)
    later = Later(workers=LATER_WORKERS)
    dispatcher = Dispatcher(
        sessions=sessions,
        clock=clock,
        client_for=clients if slack else None,
        render=NoticeRenderer(
            templates=services.templates,
            people=people,
            client_for=clients,
            default=settings.locale,
            box=box,
            live=lambda row: services.meetings.reminders.live_args(row.team_id, row.template, row.args),
            teams_lang=lambda row: _teams_lang(sessions, row),
        ),
        owner=f"{socket.gethostname()}:{os.getpid()}:{uuid.uuid4().hex[:8]}",
        admins=lambda team: sorted(workspace.values(team).admin_users),
        on_dead=lambda row: _dead_letter(services, metrics, row),
        on_sent=lambda row, delay: metrics.delivery_delay.labels(kind=row.template).observe(max(delay, 0.0)),
        on_pause=metrics.rate_limit_pauses.labels(source="outbox").inc,
        record_sent=lambda session, row: _record_sent(services, session, row),
        teams=teams_transport(settings, sessions),
    )
    bolt = None
    if slack:
        sender = client or slack_client(settings, metrics=metrics)
        bolt = _slack_app(settings, sender, flow, installations, clients, services.templates)
        count_listener_calls(bolt, metrics)
        handlers.register_all(bolt, services, people, later)
        # After the dispatcher: a workspace that removes Bryggan has its owed rows ended there.
        installations_handlers.register(
            bolt,
            gone=lambda team, reason: _workspace_gone(
                installations, dispatcher, services.meetings, team, reason
            ),
        )
    bryggan = Bryggan(
        settings=settings,
        engine=engine,
        sessions=sessions,
        services=services,
        bolt=bolt,
        dispatcher=dispatcher,
        metrics=metrics,
        ticker=Ticker(on_run=metrics.job_ran),
        installations=installations,
    )
    bryggan.unhooks.append(on_refusal(metrics.refused))
    bryggan.unhooks.append(later.shutdown)
    jobs.register(bryggan.ticker, services, dispatcher)
    return bryggan
