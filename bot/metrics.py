"""Prometheus metrics: counts, ages and latencies only, never a text (see README, 'Operating Bryggan')."""

from __future__ import annotations

import logging
from collections.abc import Iterator
from typing import Any

from prometheus_client import CollectorRegistry, Counter, Histogram, generate_latest
from prometheus_client.core import GaugeMetricFamily
from prometheus_client.registry import Collector
from sqlalchemy.exc import SQLAlchemyError
from sqlalchemy.orm import Session, sessionmaker

from bot.clock import Clock
from storage import health

log = logging.getLogger("bryggan.metrics")


# Slack wants an ack within 3 s: the buckets are finest where that budget is spent.
ACK_BUCKETS = (0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1.0, 2.0, 3.0, 5.0)
# From "on time" to "an outage": a reminder a minute late is fine, an hour late is not.
DELAY_BUCKETS = (1.0, 5.0, 15.0, 60.0, 300.0, 900.0, 3600.0, 6 * 3600.0, 24 * 3600.0)


class Metrics:
    """Every metric Bryggan exposes, in a registry of its own (nothing is registered at import)."""

    def __init__(self, *, sessions: sessionmaker[Session], clock: Clock) -> None:
        self.registry = CollectorRegistry()
        r = self.registry
        self.slack_calls = Counter(
            "bryggan_slack_api_calls", "Slack Web API calls made, by method.", ["method"], registry=r
        )
        self.slack_errors = Counter(
            "bryggan_slack_api_errors",
            "Slack Web API calls that failed, by method and Slack's error code (connection: no answer).",
            ["method", "error"],
            registry=r,
        )
        self.rate_limit_pauses = Counter(
            "bryggan_slack_rate_limit_pauses",
            "Times Slack answered 429 and Bryggan paused (outbox: the workspace backs off; listener: waits).",
            ["source"],
            registry=r,
        )
        self.guard_refusals = Counter(
            "bryggan_guard_refusals",
            "Texts the privacy guard refused, once for each kind of identifying detail found in them.",
            ["kind"],
            registry=r,
        )
        self.ack_seconds = Histogram(
            "bryggan_request_ack_seconds",
            "Time from a Slack request's arrival to its ack, by transport (http, socket_mode).",
            ["mode"],
            buckets=ACK_BUCKETS,
            registry=r,
        )
        self.delivery_delay = Histogram(
            "bryggan_outbox_delivery_delay_seconds",
            "How long after its due time an outbox row reached Slack, by kind (template).",
            ["kind"],
            buckets=DELAY_BUCKETS,
            registry=r,
        )
        self.dead_letters = Counter(
            "bryggan_outbox_dead_letters",
            "Outbox rows given up for good (Slack refused them), by kind (template).",
            ["kind"],
            registry=r,
        )
        self.job_runs = Counter(
            "bryggan_scheduler_job_runs", "Scheduler job runs, by job.", ["job"], registry=r
        )
        self.job_failures = Counter(
            "bryggan_scheduler_job_failures", "Scheduler job runs that raised, by job.", ["job"], registry=r
        )
        r.register(OutboxCollector(sessions=sessions, clock=clock))

    def slack_call(self, method: str, error: str | None) -> None:
        """Count one Web API call, and its error code if it failed."""
        self.slack_calls.labels(method=method).inc()
        if error is not None:
            self.slack_errors.labels(method=method, error=error).inc()

    def job_ran(self, job: str, ok: bool) -> None:
        """Count one run of a scheduler job, and whether it failed."""
        self.job_runs.labels(job=job).inc()
        if not ok:
            self.job_failures.labels(job=job).inc()

    def refused(self, kinds: Any) -> None:
        """Count one guard refusal under each kind found (the kinds only: the text never comes here)."""
        for kind in set(kinds):
            self.guard_refusals.labels(kind=str(kind)).inc()

    def exposition(self) -> bytes:
        """The metrics in Prometheus' text format."""
        return generate_latest(self.registry)


class OutboxCollector(Collector):
    """Outbox rows by state and kind, and the age of the oldest due row, read at each scrape."""

    def __init__(self, *, sessions: sessionmaker[Session], clock: Clock) -> None:
        self._sessions = sessions
        self._clock = clock

    def describe(self) -> list[Any]:
        # Described without a query: registering must not need the database.
        return [
            GaugeMetricFamily("bryggan_outbox_messages", "", labels=["state", "kind"]),
            GaugeMetricFamily("bryggan_outbox_oldest_pending_age_seconds", ""),
        ]

    def collect(self) -> Iterator[GaugeMetricFamily]:
        now = self._clock.now()
        try:
            with self._sessions.begin() as session:
                counts = health.count_outbox(session)
                oldest = health.oldest_pending_due(session, now=now)
        except SQLAlchemyError:
            log.warning("metrics: the database did not answer")
            return
        rows = GaugeMetricFamily(
            "bryggan_outbox_messages",
            "Outbox rows by state (pending, sending, sent, dead, expired, missed) and kind (template).",
            labels=["state", "kind"],
        )
        for (state, kind), count in sorted(counts.items()):
            rows.add_metric([state, kind], count)
        yield rows
        yield GaugeMetricFamily(
            "bryggan_outbox_oldest_pending_age_seconds",
            "Seconds since the oldest row that is due and not yet delivered was due (0: none waiting).",
            value=(now - oldest).total_seconds() if oldest is not None else 0.0,
        )
