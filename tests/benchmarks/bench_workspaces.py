"""Several municipalities from one deployment: Monday's EHT reminders for every workspace, on PostgreSQL.

Run as `python tests/benchmarks/bench_workspaces.py [--database-url URL] [--workspaces 290]
[--schools 10] [--replicas 1]`. Defaults: every Swedish municipality (290 workspaces) with 10 schools
each, on `postgresql+psycopg://postgres@127.0.0.1:5432/test` in a private schema that is dropped after.

Everything goes the production way, against the strict stand-in with Slack's rate limits on:
each replica is a process of its own running Bryggan in OAuth mode (HTTP, its real ticker and outbox
dispatcher); every workspace installs Bryggan through `/slack/install` and the stand-in's consent page
(tokens sealed in the installation store, rotation on); each school channel sets its series with
`/eht schema tisdag 13:00`, which syncs the outbox at once. Then both clocks (the replicas' and the
stand-in's, real time plus one offset) jump to just before Monday 08:00, when every school's
day-before reminder falls due, and the replicas deliver on their own 2-second tick.

The rate-limit bound is the earliest moment the stand-in's limits let the last reminder through,
sends taking no time: per channel a burst of POST_BURST then POST_PER_SECOND, per workspace
POST_PER_WORKSPACE_MINUTE in any minute (localslack/ratelimits.py). Tokens stored at install expire
over the weekend (12 hours), so the first post to each workspace refreshes its token first, as on a
real Monday. Printed: reminders owed and delivered, time until the last was delivered against the
bound and how the bound was computed, lateness, duplicates (must be 0), token refreshes, the
replicas' CPU time per message delivered (user plus system, all replicas, from the jump until the
last was delivered), each replica's peak memory (its own ru_maxrss), the load average, then one
JSON line. Exit status 1 when anything was duplicated or left undelivered.
Nothing here asserts on time.
"""

from __future__ import annotations

import argparse
import json
import math
import os
import resource
import subprocess
import sys
import time
from collections import Counter
from collections.abc import Sequence
from concurrent.futures import ThreadPoolExecutor
from datetime import UTC, date, datetime, timedelta
from pathlib import Path
from typing import IO, Any
from zoneinfo import ZoneInfo

ROOT = Path(__file__).resolve().parents[2]
if str(ROOT) not in sys.path:
    sys.path.insert(0, str(ROOT))

from cryptography.fernet import Fernet  # noqa: E402
from sqlalchemy import func, select  # noqa: E402
from sqlalchemy.engine import make_url  # noqa: E402
from sqlalchemy.orm import Session, sessionmaker  # noqa: E402

from bot.clock import OffsetClock  # noqa: E402
from localslack import Driver, LocalSlack  # noqa: E402
from localslack.browser import Browser  # noqa: E402
from localslack.ratelimits import POST_BURST, POST_PER_SECOND, POST_PER_WORKSPACE_MINUTE  # noqa: E402
from storage.db import make_engine, make_sessions  # noqa: E402
from storage.models import DeliveryStatus, MeetingSeries, OutboxMessage, School, SchoolKind  # noqa: E402
from tests.benchmarks.bench_delivery import (  # noqa: E402
    ENDINGS,
    MUNICIPALITIES,
    TREES,
    _carried,
    _round,
    _rss_mib,
    _seconds,
    database,
    percentile,
)
from tests.slackbed import add_oauth_workspace  # noqa: E402

STOCKHOLM = ZoneInfo("Europe/Stockholm")
POSTGRES = "postgresql+psycopg://postgres@127.0.0.1:5432/test"
CLIENT_ID, CLIENT_SECRET, SIGNING_SECRET = "2222.3333", "bench-client-secret", "bench-signing-secret"
DAY_BEFORE = "eht_day_before"
SCHEDULE = "schema tisdag 13:00"  # the series' default reminder: the working day before, 08:00
REMIND_AT = 8
SETUP_BEFORE = timedelta(minutes=50)  # the clocks show Monday 07:10 while workspaces install


# --- the replica: one Bryggan process ------------------------------------------------------------------
def replica() -> None:
    """Bryggan in OAuth mode from the environment, on a clock the benchmark moves over stdin.

    Prints its base URL; then `at ISO` moves the clock to that instant (answered `ok`), `cpu` answers
    the CPU seconds this process has used so far, and `stop` shuts down and prints this process's
    peak RSS as JSON.
    """
    from bot.app import build
    from bot.settings import load_settings

    clock = OffsetClock()
    app = build(load_settings(env_file=None), clock=clock, run_migrations=False)
    with app.serving() as url:
        app.start_background()
        print(url, flush=True)
        for line in sys.stdin:
            word, _, rest = line.strip().partition(" ")
            if word == "at":
                clock.advance(datetime.fromisoformat(rest) - clock.now())
                print("ok", flush=True)
            elif word == "cpu":
                print(_cpu_seconds(), flush=True)
            elif word == "stop":
                break
        app.close()
    print(json.dumps({"peak_rss_mib": round(_rss_mib(), 1)}), flush=True)


def _cpu_seconds() -> float:
    """User plus system CPU time of this process (all its threads) so far."""
    usage = resource.getrusage(resource.RUSAGE_SELF)
    return usage.ru_utime + usage.ru_stime


class Replica:
    """A replica process seen from the benchmark."""

    def __init__(self, env: dict[str, str]) -> None:
        self._process = subprocess.Popen(
            [sys.executable, __file__, "replica"],
            env=env,
            stdin=subprocess.PIPE,
            stdout=subprocess.PIPE,
            text=True,
        )
        self.url = self._read()

    def at(self, instant: datetime) -> None:
        """Move the replica's clock to `instant`."""
        self._write(f"at {instant.isoformat()}")
        if self._read() != "ok":
            raise RuntimeError("the replica did not move its clock")

    def cpu(self) -> float:
        """The CPU seconds the replica has used so far."""
        self._write("cpu")
        return float(self._read())

    def stop(self) -> float:
        """Stop the replica; its peak RSS in MiB."""
        self._write("stop")
        answer = json.loads(self._read())
        self._process.wait(timeout=60)
        return float(answer["peak_rss_mib"])

    def kill(self) -> None:
        """End the process if it is still running (after an error)."""
        if self._process.poll() is None:
            self._process.kill()
            self._process.wait(timeout=30)

    def _write(self, line: str) -> None:
        stdin: IO[str] = self._process.stdin  # type: ignore[assignment]
        stdin.write(line + "\n")
        stdin.flush()

    def _read(self) -> str:
        stdout: IO[str] = self._process.stdout  # type: ignore[assignment]
        line = stdout.readline().strip()
        if not line:
            raise RuntimeError(f"the replica ended (exit {self._process.wait(timeout=30)})")
        return line


# --- the world ----------------------------------------------------------------------------------------
def next_monday(today: date) -> date:
    """The first Monday after `today`."""
    return today + timedelta(days=7 - today.weekday())


def team_of(w: int) -> tuple[str, str]:
    """The team id and municipality name of workspace number `w` (0-based)."""
    town = MUNICIPALITIES[w % len(MUNICIPALITIES)]
    round_ = f" {w // len(MUNICIPALITIES) + 1}" if w >= len(MUNICIPALITIES) else ""
    return f"T0MUNI{w + 1:03d}", f"{town} kommun{round_}"


def school_name(s: int) -> str:
    """A school name, unique within a workspace."""
    name = TREES[s % len(TREES)] + ENDINGS[(s // len(TREES)) % len(ENDINGS)]
    return name if s < len(TREES) * len(ENDINGS) else f"{name} {s // (len(TREES) * len(ENDINGS)) + 1}"


def build_workspaces(slack: LocalSlack, *, workspaces: int, schools: int) -> dict[str, list[str]]:
    """Each workspace on the stand-in, with its administrator and school channels: team -> channels."""
    made: dict[str, list[str]] = {}
    for w in range(workspaces):
        team_id, name = team_of(w)
        ws = add_oauth_workspace(
            slack,
            team_id,
            name=name,
            domain=f"kommun{w + 1}",
            bot_key=f"{w + 1:04d}",
            signing_secret=SIGNING_SECRET,
        )
        admin = admin_of(team_id)
        ws.add_user(id=admin, name="admin", real_name=f"Admin {name}")
        made[team_id] = []
        for s in range(schools):
            channel = f"C0M{w + 1:03d}S{s + 1:04d}"
            ws.add_channel(id=channel, name=school_name(s).lower().replace(" ", "-"), members=[admin])
            made[team_id].append(channel)
    return made


def admin_of(team_id: str) -> str:
    """The workspace's administrator, who installs Bryggan and sets the series."""
    return f"U0ADM{team_id[-3:]}"


def install_all(slack: LocalSlack, url: str, teams: Sequence[str]) -> int:
    """Install Bryggan in every workspace through the OAuth flow; how many installs failed."""
    failed = 0
    for team_id in teams:
        page = Browser().install(
            f"{url}/slack/install",
            consent_url=f"{slack.url}/oauth/v2/authorize",
            team_id=team_id,
            user_id=admin_of(team_id),
        )
        failed += page.status != 200
    return failed


def link_schools(sessions: sessionmaker[Session], channels: dict[str, list[str]], now: datetime) -> None:
    """Bind each school to its channel in storage (what `/kontakt koppla` stores)."""
    with sessions.begin() as session:
        for w, (team_id, team_channels) in enumerate(channels.items()):
            for s, channel in enumerate(team_channels):
                session.add(
                    School(
                        team_id=team_id,
                        name=school_name(s),
                        kind=SchoolKind.KOMMUNAL,
                        school_unit_code=f"{w + 1:03d}{s + 1:05d}",
                        channel_id=channel,
                        created_at=now,
                    )
                )


def set_series(
    slack: LocalSlack, urls: Sequence[str], channels: dict[str, list[str]], *, threads: int
) -> int:
    """`/eht schema tisdag 13:00` in every school channel, spread over the replicas; failed acks."""
    jobs = [
        (urls[i % len(urls)], team_id, channel)
        for i, (team_id, channel) in enumerate((t, c) for t, cs in channels.items() for c in cs)
    ]

    def one(job: tuple[str, str, str]) -> bool:
        url, team_id, channel = job
        driver = Driver(slack, team_id=team_id, url=f"{url}/slack/events")
        ack = driver.command(
            user=admin_of(team_id), channel=channel, command="/eht", text="schema tisdag 13:00"
        )
        return ack.status == 200

    with ThreadPoolExecutor(threads) as pool:
        return sum(1 for ok in pool.map(one, jobs) if not ok)


# --- figures ----------------------------------------------------------------------------------------
def rate_limit_bound(rows: Sequence[OutboxMessage]) -> tuple[float, str]:
    """Seconds after the due moment before the stand-in's limits let the last of `rows` through
    (sends taking no time), and how that figure came about."""
    per_channel = Counter((row.team_id, row.recipient) for row in rows)
    per_workspace = Counter(row.team_id for row in rows)
    most_channel = max(per_channel.values(), default=0)
    most_workspace = max(per_workspace.values(), default=0)
    channel = max(0, most_channel - POST_BURST) / POST_PER_SECOND
    workspace = 60.0 * max(math.ceil(most_workspace / POST_PER_WORKSPACE_MINUTE) - 1, 0)
    how = (
        f"busiest channel {most_channel} post(s): burst {POST_BURST} then {POST_PER_SECOND:g}/s -> "
        f"{channel:g} s; busiest workspace {most_workspace} post(s): {POST_PER_WORKSPACE_MINUTE} "
        f"a minute -> {workspace:g} s"
    )
    return max(channel, workspace), how


def monday_rows(sessions: sessionmaker[Session], due_at: datetime) -> list[OutboxMessage]:
    """The day-before reminders due at Monday 08:00."""
    with sessions.begin() as session:
        query = select(OutboxMessage).where(
            OutboxMessage.template == DAY_BEFORE, OutboxMessage.due_at == due_at
        )
        rows = list(session.execute(query).scalars())
        session.expunge_all()
    return rows


def wait_delivered(sessions: sessionmaker[Session], due_at: datetime, deadline: float) -> bool:
    """Wait until no Monday reminder is pending or sending, or `deadline` seconds of wall time pass."""
    open_ = (DeliveryStatus.PENDING, DeliveryStatus.SENDING)
    query = select(func.count()).where(
        OutboxMessage.template == DAY_BEFORE, OutboxMessage.due_at == due_at, OutboxMessage.status.in_(open_)
    )
    ends = time.monotonic() + deadline
    while time.monotonic() < ends:
        with sessions.begin() as session:
            if not session.scalar(query):
                return True
        time.sleep(0.2)
    return False


def measure(slack: LocalSlack, rows: Sequence[OutboxMessage], due_at: datetime) -> dict[str, Any]:
    """What was owed and what the stand-in holds, with lateness, duplicates and the bound."""
    owed = {(row.team_id, row.key) for row in rows}
    posted: Counter[tuple[str, str]] = Counter()
    for team_id in {row.team_id for row in rows}:
        for message in slack.workspace(team_id).messages:
            key = _carried(message.metadata)
            if key is not None and (team_id, key) in owed:
                posted[(team_id, key)] += 1
    sent = [row for row in rows if row.status == DeliveryStatus.SENT and row.sent_at is not None]
    lateness = [(row.sent_at - due_at).total_seconds() for row in sent if row.sent_at is not None]
    refreshes = sum(
        1 for method, _t, args in list(slack.calls) if method == "oauth.v2.access" and args.get("grant_type")
    )
    bound, bound_how = rate_limit_bound(rows)
    last = max(lateness, default=None)
    return {
        "owed": len(owed),
        "sent": len(sent),
        "delivered": sum(1 for key in owed if posted[key] >= 1),
        "statuses": dict(Counter(str(row.status) for row in rows)),
        "duplicates": sum(count - 1 for count in posted.values() if count > 1),
        "all_delivered_s": None if last is None or len(sent) < len(owed) else round(last, 3),
        "bound_s": round(bound, 3),
        "bound_how": bound_how,
        "target_s": round(bound * 1.1, 3),
        "lateness_p50_s": _round(percentile(lateness, 50)),
        "lateness_p99_s": _round(percentile(lateness, 99)),
        "attempts_max": max((row.attempts for row in rows), default=0),
        "token_refreshes": refreshes,
        "post_calls": sum(1 for method, _t, _a in list(slack.calls) if method == "chat.postMessage"),
    }


def print_figures(f: dict[str, Any]) -> None:
    """The figures as a small human table."""
    print(
        f"\nMonday 08:00 reminders of {f['schools']:,} schools in {f['workspaces']} workspaces "
        f"on {f['backend']}, {f['replicas']} replica process(es)"
    )
    delivered = _seconds(f["all_delivered_s"])
    if not f["finished"]:
        delivered += "  (UNFINISHED at the deadline)"
    within = f["all_delivered_s"] is not None and f["all_delivered_s"] <= f["target_s"]
    rss = ", ".join(f"{mib:,.1f} MiB" for mib in f["replica_peak_rss_mib"])
    rows = [
        ("set-up", f"installs {f['install_s']:,.1f} s ({f['install_failed']} failed), "
         f"/eht schema {f['series_s']:,.1f} s ({f['series_failed']} failed, {f['series']:,} series)"),
        ("reminders owed / delivered", f"{f['owed']:,} / {f['delivered']:,}  (rows sent: {f['sent']:,})"),
        ("all delivered after due", delivered),
        ("rate-limit bound (+10 %)", f"{f['bound_s']:,.1f} s ({f['target_s']:,.1f} s): "
         + ("within" if within else "NOT within")),
        ("  bound computed from", f["bound_how"]),
        ("replica CPU per message", f"{f['cpu_ms_per_message']:,.1f} ms  ({f['cpu_s']:,.1f} s CPU "
         f"over all replicas from the jump until all were delivered)"),
        ("lateness p50 / p99", f"{_seconds(f['lateness_p50_s'])} / {_seconds(f['lateness_p99_s'])}"),
        ("duplicates (must be 0)", str(f["duplicates"])),
        ("outbox statuses", ", ".join(f"{k} {v:,}" for k, v in f["statuses"].items())),
        ("most attempts of one row", str(f["attempts_max"])),
        ("token refreshes", f"{f['token_refreshes']:,}"),
        ("chat.postMessage calls", f"{f['post_calls']:,}"),
        ("peak RSS per replica", f"{rss}  (target ≤ 200 MiB)"),
        ("load average (1, 5, 15 min)", ", ".join(f"{x:.2f}" for x in f["load_average"])),
        ("peak RSS, benchmark process", f"{f['bench_peak_rss_mib']:,.1f} MiB  (stand-in, not a replica)"),
    ]  # fmt: skip
    for label, value in rows:
        print(f"  {label:<30}{value}")


# --- the run ----------------------------------------------------------------------------------------
def parse_args(argv: Sequence[str] | None) -> argparse.Namespace:
    """The command line."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--database-url", default=POSTGRES, help=f"default: {POSTGRES}")
    parser.add_argument("--workspaces", type=int, default=290, help="default: every Swedish municipality")
    parser.add_argument("--schools", type=int, default=10, help="schools per workspace")
    parser.add_argument("--replicas", type=int, default=1, help="replica processes (SQLite: 1)")
    parser.add_argument("--threads", type=int, default=4, help="concurrent /eht commands during set-up")
    parser.add_argument("--lead", type=float, default=5.0, help="the clocks jump this long before 08:00 (s)")
    parser.add_argument("--deadline", type=float, default=900.0, help="give up this long after due (s)")
    return parser.parse_args(argv)


def replica_env(url: str, api_url: str) -> dict[str, str]:
    """A replica's environment: OAuth mode against the stand-in and the benchmark's database."""
    keep = {k: v for k, v in os.environ.items() if not k.startswith(("SLACK_", "BRYGGAN_"))}
    return keep | {
        "DATABASE_URL": url,
        "SLACK_API_URL": api_url,
        "SLACK_CLIENT_ID": CLIENT_ID,
        "SLACK_CLIENT_SECRET": CLIENT_SECRET,
        "SLACK_SIGNING_SECRET": SIGNING_SECRET,
        "BRYGGAN_SECRET_KEY": Fernet.generate_key().decode(),
        "BRYGGAN_LOG_LEVEL": "WARNING",
    }


def main(argv: Sequence[str] | None = None) -> dict[str, Any]:
    """Install, set the series, jump to Monday, deliver, measure; print the table and the JSON line."""
    options = parse_args(argv)
    monday = next_monday(datetime.now(STOCKHOLM).date())
    due_at = datetime.combine(monday, datetime.min.time(), STOCKHOLM).replace(hour=REMIND_AT).astimezone(UTC)
    clock = OffsetClock()
    clock.advance(due_at - SETUP_BEFORE - clock.now())
    slack = LocalSlack(clock=clock.timestamp).start()
    slack.rate_limits_enabled = True
    replicas: list[Replica] = []
    figures: dict[str, Any] = {}
    try:
        with database(options.database_url) as url:
            engine = make_engine(url)
            sessions = make_sessions(engine)
            env = replica_env(url, slack.api_url)
            try:
                replicas = [Replica(env) for _ in range(max(1, options.replicas))]
                for one in replicas:
                    one.at(clock.now())
                slack.register_oauth_app(CLIENT_ID, CLIENT_SECRET, f"{replicas[0].url}/slack/oauth_redirect")
                channels = build_workspaces(slack, workspaces=options.workspaces, schools=options.schools)
                started = time.perf_counter()
                install_failed = install_all(slack, replicas[0].url, list(channels))
                install_s = time.perf_counter() - started
                link_schools(sessions, channels, clock.now())
                started = time.perf_counter()
                series_failed = set_series(
                    slack, [r.url for r in replicas], channels, threads=options.threads
                )
                series_s = time.perf_counter() - started
                with sessions.begin() as session:
                    series = session.scalar(select(func.count()).select_from(MeetingSeries)) or 0
                if clock.now() > due_at - timedelta(seconds=options.lead):
                    raise SystemExit("set-up took past Monday 08:00: raise SETUP_BEFORE")
                jump = due_at - timedelta(seconds=options.lead)
                clock.advance(jump - clock.now())
                for one in replicas:
                    one.at(jump)
                print(f"set-up done; delivering ({len(replicas)} replica(s))", file=sys.stderr, flush=True)
                cpu_before = sum(one.cpu() for one in replicas)
                finished = wait_delivered(sessions, due_at, options.lead + options.deadline)
                cpu_s = sum(one.cpu() for one in replicas) - cpu_before
                time.sleep(3)  # a last tick: anything posted twice would show now
                figures = measure(slack, monday_rows(sessions, due_at), due_at)
                figures["replica_peak_rss_mib"] = [one.stop() for one in replicas]
                figures["cpu_s"] = round(cpu_s, 2)
                figures["cpu_ms_per_message"] = round(1000 * cpu_s / max(figures["sent"], 1), 2)
            finally:
                for one in replicas:
                    one.kill()
                engine.dispose()
    finally:
        slack.stop()
    figures.update(
        backend=make_url(options.database_url).get_backend_name(),
        workspaces=options.workspaces,
        schools=options.workspaces * options.schools,
        replicas=len(replicas),
        finished=finished,
        install_s=round(install_s, 1),
        install_failed=install_failed,
        series_s=round(series_s, 1),
        series_failed=series_failed,
        series=series,
        bench_peak_rss_mib=round(_rss_mib(), 1),
        load_average=[round(x, 2) for x in os.getloadavg()],
    )
    figures["ok"] = finished and figures["duplicates"] == 0 and figures["delivered"] == figures["owed"]
    print_figures(figures)
    print(json.dumps(figures, ensure_ascii=False, sort_keys=True))
    return figures


if __name__ == "__main__":
    if sys.argv[1:2] == ["replica"]:
        replica()
    else:
        sys.exit(0 if main()["ok"] else 1)
