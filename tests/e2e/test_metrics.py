"""GET /metrics scraped after real traffic and parsed with Prometheus' own text parser."""

from __future__ import annotations

import os
import subprocess
import sys
import time
import urllib.request
from datetime import timedelta
from pathlib import Path

import pytest
from cryptography.fernet import Fernet
from prometheus_client.parser import text_string_to_metric_families

from bot.app import Bryggan, build
from bot.clock import FakeClock
from bot.settings import Settings
from localslack import Driver, LocalSlack, Workspace
from storage.outbox import add_outbox_message
from tests.e2e import test_consultations as _seeded
from tests.e2e.test_consultations import _open, _submit
from tests.ports import free_port
from tests.slackbed import APP_TOKEN, BOT_TOKEN, CHANNELS, PEOPLE, TEAM

kontakt = _seeded.kontakt
KIND = "deputy_assigned_channel"
ARGS = {"school": "Berzeliusskolan", "new": PEOPLE.omar}
IDENTIFYING = "Eleven Amira Hassan, 20110312-2384, bor på Storgatan 12B och mår dåligt."

Samples = dict[tuple[str, frozenset[tuple[str, str]]], float]


def _scrape(url: str) -> tuple[str, Samples]:
    with urllib.request.urlopen(f"{url}/metrics", timeout=10) as answer:
        assert answer.headers["Content-Type"].startswith("text/plain; version=0.0.4")
        text = answer.read().decode()
    samples: Samples = {}
    for family in text_string_to_metric_families(text):
        for sample in family.samples:
            samples[(sample.name, frozenset(sample.labels.items()))] = sample.value
    return text, samples


def _value(samples: Samples, name: str, **labels: str) -> float:
    return samples.get((name, frozenset(labels.items())), 0.0)


def _job(bryggan: Bryggan, name: str) -> None:
    """Run one registered job once, as the ticker would (wrapped: counted and logged)."""
    [job] = [j for j in bryggan.ticker._scheduler.get_jobs() if j.id == name]
    job.func()


@pytest.mark.usefixtures("kontakt")
def test_metrics_count_slack_calls_refusals_acks_deliveries_and_jobs(
    driver: Driver,
    workspace: Workspace,
    slack: LocalSlack,
    bryggan: Bryggan,
    bryggan_url: str,
    clock: FakeClock,
) -> None:
    _open(driver, workspace)
    _submit(driver, IDENTIFYING)
    assert workspace.modal_errors_of(PEOPLE.rektor)["description"]
    # One announcement that waits out a 429, and one that has waited 20 minutes past its due time.
    now = clock.now()
    with bryggan.sessions.begin() as session:
        add_outbox_message(
            session,
            team_id=TEAM,
            key="m1",
            recipient=CHANNELS.berzelius,
            template=KIND,
            args=ARGS,
            due_at=now,
            now=now,
        )
        add_outbox_message(
            session,
            team_id=TEAM,
            key="m2",
            recipient=CHANNELS.ekholm,
            template=KIND,
            args=ARGS,
            due_at=now,
            now=now,
        )
        add_outbox_message(
            session,
            team_id=TEAM,
            key="m3",
            recipient="C0GONE000",
            template=KIND,
            args=ARGS,
            due_at=now,
            now=now,
        )
    slack.faults.inject(method="chat.postMessage", kind="ratelimited", retry_after=30, times=1)
    bryggan.dispatcher.run_once()
    clock.advance(timedelta(minutes=20))
    bryggan.ticker.every(timedelta(hours=1), lambda: 1 / 0, name="always_fails")
    _job(bryggan, "always_fails")
    text, before = _scrape(bryggan_url)
    _job(bryggan, "dispatch_outbox")
    _, after = _scrape(bryggan_url)

    for secret in ("Amira", "20110312", "Storgatan"):
        assert secret not in text
    assert _value(before, "bryggan_guard_refusals_total", kind="personnummer") == 1
    assert _value(before, "bryggan_guard_refusals_total", kind="person_name") == 1
    assert _value(before, "bryggan_slack_rate_limit_pauses_total", source="outbox") == 1
    assert (
        _value(before, "bryggan_slack_api_errors_total", method="chat.postMessage", error="ratelimited") == 1
    )
    assert _value(before, "bryggan_slack_api_calls_total", method="views.open") >= 1
    assert _value(before, "bryggan_request_ack_seconds_count", mode="http") >= 4
    assert _value(before, "bryggan_scheduler_job_failures_total", job="always_fails") == 1
    assert _value(before, "bryggan_scheduler_job_runs_total", job="always_fails") == 1
    pending = sum(
        v
        for (name, labels), v in before.items()
        if name == "bryggan_outbox_messages" and ("state", "pending") in labels
    )
    assert pending >= 1
    assert _value(before, "bryggan_outbox_oldest_pending_age_seconds") >= 20 * 60

    assert _value(after, "bryggan_scheduler_job_runs_total", job="dispatch_outbox") == 1
    assert _value(after, "bryggan_outbox_oldest_pending_age_seconds") == 0
    assert _value(after, "bryggan_outbox_delivery_delay_seconds_count", kind=KIND) >= 2
    # Both came about 20 minutes after their due time: above 15 minutes, within the hour.
    delay = "bryggan_outbox_delivery_delay_seconds_bucket"
    late = _value(after, delay, kind=KIND, le="3600.0") - _value(after, delay, kind=KIND, le="900.0")
    assert late == 2
    sent = "bryggan_outbox_messages"
    assert _value(after, sent, state="sent", kind=KIND) - _value(before, sent, state="sent", kind=KIND) == 2
    # The row for a channel that does not exist died; the admins' notice about it was delivered.
    assert _value(after, "bryggan_outbox_dead_letters_total", kind=KIND) == 1
    assert _value(after, sent, state="dead", kind=KIND) == 1
    assert (
        _value(after, "bryggan_slack_api_errors_total", method="chat.postMessage", error="channel_not_found")
        == 1
    )


def test_socket_mode_serves_metrics_on_a_port_of_its_own_with_socket_acks(
    slack: LocalSlack, workspace: Workspace, settings: Settings, clock: FakeClock
) -> None:
    app = build(settings, clock=clock, run_migrations=False)
    handler = app.socket_mode_handler()
    handler.connect()
    try:
        port = app.serve_metrics(host="127.0.0.1")
        driver = Driver(slack, team_id=TEAM, target="socket")
        driver.command(user=PEOPLE.rektor, channel=CHANNELS.personalrum, command="/kontakt", text="")
        workspace.wait_for(lambda ws: ws.ephemerals_to(PEOPLE.rektor) or None)
        # The ack is counted once Bolt's answer went back on the socket, just after the reply.
        for _ in range(100):
            _, samples = _scrape(f"http://127.0.0.1:{port}")
            if _value(samples, "bryggan_request_ack_seconds_count", mode="socket_mode"):
                break
            time.sleep(0.05)
        assert _value(samples, "bryggan_request_ack_seconds_count", mode="socket_mode") == 1
        assert _value(samples, "bryggan_request_ack_seconds_count", mode="http") == 0
        assert ("bryggan_outbox_oldest_pending_age_seconds", frozenset()) in samples
    finally:
        handler.close()
        app.close()


def test_bryggan_run_in_socket_mode_serves_metrics_on_bryggan_metrics_port(
    slack: LocalSlack, workspace: Workspace, database_url: str, tmp_path: Path
) -> None:
    port = free_port()
    env = {
        **os.environ,
        "SLACK_BOT_TOKEN": BOT_TOKEN,
        "SLACK_APP_TOKEN": APP_TOKEN,
        "SLACK_API_URL": slack.api_url,
        "DATABASE_URL": database_url,
        "BRYGGAN_SECRET_KEY": Fernet.generate_key().decode(),
        "BRYGGAN_METRICS_PORT": str(port),
    }
    process = subprocess.Popen(
        [sys.executable, "-m", "bot", "run"],
        cwd=tmp_path,
        env=env,
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
    )
    try:
        deadline = time.monotonic() + 30
        while True:
            assert process.poll() is None, process.stderr.read()  # type: ignore[union-attr]
            try:
                _, samples = _scrape(f"http://127.0.0.1:{port}")
                break
            except OSError:
                assert time.monotonic() < deadline, "no metrics within 30 s"
                time.sleep(0.1)  # waiting for a process to start listening, not for the clock
        assert ("bryggan_outbox_oldest_pending_age_seconds", frozenset()) in samples
    finally:
        process.terminate()
        process.wait(timeout=10)
