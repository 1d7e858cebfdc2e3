"""Delivery figures: a municipality-wide burst of reminders through the outbox, against the strict stand-in.

Run as `python tests/benchmarks/bench_delivery.py [--database-url URL] [--schools 2000] [--workspaces 20]
[--dispatchers N]`. Without --database-url the outbox lives in a temporary SQLite file (one dispatcher:
SQLite is single-process by design); with `postgresql+psycopg://postgres@127.0.0.1:5432/test` the script
creates a private schema, migrates it, runs N dispatcher threads (default 4) and drops the schema.

Every school owes, due at one and the same instant, a day-before reminder in its channel and a
"60 minutes before" DM to its contact at social services. The dispatchers deliver them against the
local Slack stand-in with Slack's per-method and per-channel rate limits on and real wall time. Printed:
time until all are delivered, p50/p99 lateness, duplicates (must be 0), lost (must be 0), peak memory,
429s and Slack calls per method; a table first, then one JSON line. Exit status 1 when anything was
duplicated, lost or left undelivered. Nothing here asserts on time.

Peak memory is the process's ru_maxrss (the stand-in runs in this process too, so it is included);
`--tracemalloc` adds the peak of Python allocations during delivery, at about twice the CPU cost.
By default a dispatcher runs again at once while it finds work (the machinery's capacity); `--tick 2`
runs each one batch every 2 s, as scheduler/jobs.py does in production; `--slack-latency 100` adds
100 ms to every Slack call, as over the internet instead of loopback.

Only `seed()` knows how the outbox rows came to be: swap it for the reminder materialiser and the
delivery and the figures stay as they are (they read what was owed from the outbox table).
"""

from __future__ import annotations

import argparse
import json
import math
import resource
import sys
import tempfile
import threading
import time
import tracemalloc
from collections import Counter
from collections.abc import Iterator, Sequence
from contextlib import contextmanager
from dataclasses import dataclass, field, fields
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any
from zoneinfo import ZoneInfo

ROOT = Path(__file__).resolve().parents[2]
if str(ROOT) not in sys.path:
    sys.path.insert(0, str(ROOT))

from slack_sdk import WebClient  # noqa: E402
from slack_sdk.errors import SlackApiError  # noqa: E402
from slack_sdk.web import SlackResponse  # noqa: E402
from sqlalchemy import Engine, func, select  # noqa: E402
from sqlalchemy.engine import make_url  # noqa: E402
from sqlalchemy.orm import Session, sessionmaker  # noqa: E402

from bot.clock import SystemClock  # noqa: E402
from localslack import LocalSlack  # noqa: E402
from scheduler.outbox import EVENT_TYPE, Dispatcher, DispatchReport, Rendered  # noqa: E402
from storage import migrate  # noqa: E402
from storage.db import make_engine, make_sessions  # noqa: E402
from storage.models import Assignment, DeliveryStatus, OutboxMessage, Role, School, SchoolKind  # noqa: E402
from storage.outbox import add_outbox_message  # noqa: E402
from tests.databases import postgres_database, sqlite_database  # noqa: E402

STOCKHOLM = ZoneInfo("Europe/Stockholm")
DAY_BEFORE = "eht_day_before"
CONTACT_SOON = "eht_contact_soon"
GRACE = timedelta(hours=2)
CONTACT_LEAD = timedelta(minutes=60)
OPEN = (DeliveryStatus.PENDING, DeliveryStatus.SENDING)

MUNICIPALITIES = [
    "Linköping", "Norrköping", "Motala", "Mjölby", "Finspång", "Åtvidaberg", "Söderköping", "Valdemarsvik",
    "Vadstena", "Ödeshög", "Boxholm", "Kinda", "Ydre", "Jönköping", "Västervik", "Nyköping", "Örebro",
    "Växjö", "Kalmar", "Eskilstuna",
]  # fmt: skip
TREES = [
    "Björk", "Ek", "Lind", "Rönn", "Al", "Asp", "Gran", "Tall", "Hassel", "Lönn",
    "Berg", "Sjö", "Äng", "Strand", "Skog", "Dal", "Ås", "Holm", "Vik", "Näs",
]  # fmt: skip
ENDINGS = ["skolan", "backeskolan", "dalsskolan", "hagaskolan", "ängsskolan"]
GIVEN = ["Sara", "Omar", "Lena", "Ahmed", "Karin", "Johan", "Maria", "Ali", "Eva", "Nils"]
FAMILY = ["Lindqvist", "Hassan", "Berg", "Nyström", "Karlsson", "Yilmaz", "Holm", "Ek", "Sandberg", "Öberg"]
PLACES = ["konferensrummet", "rektors rum", "elevhälsans rum", "biblioteket", "Teams"]
WEEKDAYS = ["måndag", "tisdag", "onsdag", "torsdag", "fredag", "lördag", "söndag"]


# --- the world: workspaces on the stand-in, and the schools in the database ---------------------------
@dataclass(frozen=True)
class BenchSchool:
    """One school of the benchmark: its workspace, row id, channel and contact person."""

    team_id: str
    school_id: int
    name: str
    channel_id: str
    contact_id: str


@dataclass(frozen=True)
class World:
    """The workspaces (team id -> bot token) and schools the benchmark created."""

    tokens: dict[str, str]
    schools: list[BenchSchool]


def build_world(
    slack: LocalSlack, sessions: sessionmaker[Session], *, schools: int, workspaces: int, now: datetime
) -> World:
    """`workspaces` workspaces sharing `schools` schools, each with a channel (bot invited) and a contact."""
    tokens: dict[str, str] = {}
    made: list[BenchSchool] = []
    with sessions.begin() as session:
        for w in range(workspaces):
            team_id = f"T0BENCH{w + 1:03d}"
            tokens[team_id] = f"xoxb-bench-{team_id}"
            town = MUNICIPALITIES[w % len(MUNICIPALITIES)]
            round_ = f" {w // len(MUNICIPALITIES) + 1}" if w >= len(MUNICIPALITIES) else ""
            ws = slack.add_workspace(
                team_id=team_id,
                domain=f"bench{w + 1}",
                name=f"{town} kommun{round_}",
                bot_token=tokens[team_id],
                app_token=f"xapp-bench-{team_id}",
                signing_secret=f"bench-secret-{team_id}",
                bot_user_id="U0BRYGGAN",
                bot_id="B0BRYGGAN",
            )
            for s in range(schools // workspaces + (1 if w < schools % workspaces else 0)):
                name = TREES[s % len(TREES)] + ENDINGS[(s // len(TREES)) % len(ENDINGS)]
                if s >= len(TREES) * len(ENDINGS):
                    name += f" {s // (len(TREES) * len(ENDINGS)) + 1}"
                channel_id, contact_id = f"C0B{w + 1:03d}S{s + 1:04d}", f"U0B{w + 1:03d}K{s + 1:04d}"
                given, family = GIVEN[s % len(GIVEN)], FAMILY[(s // len(GIVEN)) % len(FAMILY)]
                ws.add_user(id=contact_id, name=f"{given.lower()}.{s + 1}", real_name=f"{given} {family}")
                ws.add_channel(id=channel_id, name=name.lower().replace(" ", "-"), members=[contact_id])
                school = School(
                    team_id=team_id,
                    name=name,
                    kind=SchoolKind.KOMMUNAL,
                    school_unit_code=f"{w + 1:03d}{s + 1:05d}",
                    channel_id=channel_id,
                    created_at=now,
                )
                session.add(school)
                session.flush()
                session.add(
                    Assignment(
                        team_id=team_id,
                        school_id=school.id,
                        person_id=contact_id,
                        role=Role.CONTACT,
                        starts_at=now - timedelta(days=30),
                        ends_at=None,
                        assigned_by="U0ADMIN01",
                    )
                )
                made.append(BenchSchool(team_id, school.id, name, channel_id, contact_id))
    return World(tokens=tokens, schools=made)


# --- seeding: the one part the reminder materialiser will replace --------------------------------------
def seed(
    sessions: sessionmaker[Session], world: World, *, due_at: datetime, now: datetime
) -> set[tuple[str, str]]:
    """Owe, all due at `due_at`, each school's day-before channel reminder and its contact's DM.

    The day-before reminder is for a meeting tomorrow at this time, the DM for a meeting in 60 minutes;
    each expires when its meeting starts and may be at most two hours late. Returns (team_id, key) owed.
    """
    owed: set[tuple[str, str]] = set()
    with sessions.begin() as session:
        for i, school in enumerate(world.schools):
            place = PLACES[i % len(PLACES)]
            for template, meeting, recipient in (
                (DAY_BEFORE, due_at + timedelta(days=1), school.channel_id),
                (CONTACT_SOON, due_at + CONTACT_LEAD, school.contact_id),
            ):
                day = meeting.astimezone(STOCKHOLM).date().isoformat()
                kind = "day_before" if template == DAY_BEFORE else "contact_soon"
                key = f"eht:{school.school_id}:{day}:{kind}:{recipient}"
                args = {
                    "school": school.name,
                    "channel": school.channel_id,
                    "contact": school.contact_id,
                    "start": meeting.isoformat(),
                    "place": place,
                }
                add_outbox_message(
                    session,
                    team_id=school.team_id,
                    key=key,
                    recipient=recipient,
                    template=template,
                    args=args,
                    due_at=due_at,
                    now=now,
                    grace=GRACE,
                    expires_at=meeting,
                )
                owed.add((school.team_id, key))
    return owed


# --- rendering: realistic words without the project's templates ----------------------------------------
def _escape(text: str) -> str:
    return text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")


def render(row: OutboxMessage) -> Rendered:
    """About 300 characters of Swedish reminder, as fallback text and as one section block."""
    args = row.args
    start = datetime.fromisoformat(args["start"]).astimezone(STOCKHOLM)
    school, place = _escape(args["school"]), _escape(args["place"])
    if row.template == DAY_BEFORE:
        text = (
            f"*Påminnelse: EHT-möte imorgon* – {WEEKDAYS[start.weekday()]} {start:%Y-%m-%d} "
            f"kl. {start:%H:%M} på {school} ({place}). "
            f"Er kontaktperson på socialtjänsten, <@{args['contact']}>, är med. "
            "Lägg till punkter på dagordningen senast kl. 16 idag med `/eht punkt`. "
            "Skriv aldrig elevers namn eller andra personuppgifter i kanalen."
        )
    elif row.template == CONTACT_SOON:
        text = (
            f"Om 60 minuter, kl. {start:%H:%M}, börjar EHT-mötet på *{school}* (<#{args['channel']}>) i "
            f"{place}. Du deltar som skolans kontaktperson på socialtjänsten. Läs dagordningen i kanalen "
            "före mötet. Kan du inte komma? Meddela skolan och din ersättare så snart du kan."
        )
    else:
        raise KeyError(row.template)
    return Rendered(text=text, blocks=[{"type": "section", "text": {"type": "mrkdwn", "text": text}}])


# --- delivery -------------------------------------------------------------------------------------------
class Tally:
    """Thread-safe counts: 429s by method, dispatcher outcomes, and jobs that raised."""

    def __init__(self) -> None:
        self._lock = threading.Lock()
        self.ratelimited: Counter[str] = Counter()
        self.outcomes: Counter[str] = Counter()
        self.runs = 0
        self.cpu_seconds = 0.0
        self.errors: list[str] = []

    def add_429(self, method: str) -> None:
        """Count one HTTP 429 answer."""
        with self._lock:
            self.ratelimited[method] += 1

    def add_report(self, report: DispatchReport) -> None:
        """Add one run_once report."""
        with self._lock:
            self.runs += 1
            self.outcomes.update(report.as_dict())

    def add_cpu(self, seconds: float) -> None:
        """Add one dispatcher thread's CPU time."""
        with self._lock:
            self.cpu_seconds += seconds

    def add_error(self, exc: BaseException) -> None:
        """Remember a run that raised (the production ticker logs it and runs again)."""
        with self._lock:
            self.errors.append(f"{type(exc).__name__}: {exc}"[:300])


class CountingClient(WebClient):
    """A WebClient that counts the 429s Slack answers (no automatic re-send: the dispatcher decides)."""

    def __init__(self, tally: Tally, latency: float = 0.0, **kwargs: Any) -> None:
        super().__init__(**kwargs)
        self._tally = tally
        self._latency = latency

    def api_call(self, api_method: str, **kwargs: Any) -> SlackResponse:  # type: ignore[override]
        """Call Slack, counting a 429 before it is raised; `latency` s more per call, as over the internet."""
        if self._latency:
            time.sleep(self._latency)
        try:
            return super().api_call(api_method, **kwargs)
        except SlackApiError as exc:
            if exc.response.status_code == 429:
                self._tally.add_429(api_method)
            raise


def _claimed(report: DispatchReport) -> int:
    return sum(getattr(report, f.name) for f in fields(report) if f.name != "late")


def _dispatch_loop(
    dispatcher: Dispatcher, stop: threading.Event, tally: Tally, *, tick: float, poll: float
) -> None:
    """run_once again at once while there is work (or every `tick` s, like the ticker); poll when idle."""
    next_run, cpu = time.monotonic(), time.thread_time()
    while not stop.is_set():
        claimed = 0
        try:
            # With a tick, each run drains full batches as scheduler/jobs.py does; without, one batch.
            report = dispatcher.drain() if tick else dispatcher.run_once()
            tally.add_report(report)
            claimed = _claimed(report)
        except Exception as exc:  # the production ticker logs and runs the job again
            tally.add_error(exc)
        if tick:
            next_run = max(next_run + tick, time.monotonic())  # coalesced, like APScheduler's interval job
            stop.wait(next_run - time.monotonic())
        elif not claimed:
            stop.wait(poll)
    tally.add_cpu(time.thread_time() - cpu)


def _open_rows(sessions: sessionmaker[Session]) -> int:
    with sessions.begin() as session:
        return session.scalar(select(func.count()).where(OutboxMessage.status.in_(OPEN))) or 0


@dataclass
class Delivery:
    """How the delivery phase went."""

    finished: bool
    wall_seconds: float  # from the due moment until the last row left pending/sending (or the deadline)
    dispatchers: int
    tally: Tally = field(repr=False)


def deliver(
    slack: LocalSlack,
    url: str,
    tokens: dict[str, str],
    *,
    due_at: datetime,
    dispatchers: int,
    batch: int,
    tick: float,
    poll: float,
    deadline: float,
    latency: float = 0.0,
) -> Delivery:
    """Run `dispatchers` dispatcher threads (own engine, sessions and owner each) until the outbox is done."""
    tally = Tally()
    engines: list[Engine] = []
    threads: list[threading.Thread] = []
    stop = threading.Event()
    watcher = make_engine(url)
    watch_sessions = make_sessions(watcher)
    try:
        for n in range(dispatchers):
            engine = make_engine(url)
            engines.append(engine)
            clients: dict[str, WebClient] = {}  # this dispatcher's own clients, one per workspace

            def client_for(team_id: str, clients: dict[str, WebClient] = clients) -> WebClient:
                if team_id not in clients:
                    clients[team_id] = CountingClient(
                        tally,
                        latency,
                        token=tokens[team_id],
                        base_url=slack.api_url,
                        retry_handlers=[],
                        timeout=30,
                    )
                return clients[team_id]

            dispatcher = Dispatcher(
                sessions=make_sessions(engine),
                clock=SystemClock(),
                client_for=client_for,
                render=render,
                owner=f"bench-{n + 1}",
                admins=lambda _team: [],
                batch=batch,
            )
            threads.append(
                threading.Thread(
                    target=_dispatch_loop,
                    args=(dispatcher, stop, tally),
                    kwargs={"tick": tick, "poll": poll},
                    name=f"dispatcher-{n + 1}",
                    daemon=True,
                )
            )
        time.sleep(max(0.0, (due_at - datetime.now(UTC)).total_seconds()))
        for thread in threads:
            thread.start()
        finished = False
        while (datetime.now(UTC) - due_at).total_seconds() < deadline:
            if _open_rows(watch_sessions) == 0:
                finished = True
                break
            time.sleep(0.1)
        wall = (datetime.now(UTC) - due_at).total_seconds()
    finally:
        stop.set()
        for thread in threads:
            thread.join(timeout=60)
        for engine in [*engines, watcher]:
            engine.dispose()
    return Delivery(finished=finished, wall_seconds=wall, dispatchers=dispatchers, tally=tally)


# --- figures --------------------------------------------------------------------------------------------
def percentile(values: Sequence[float], p: float) -> float | None:
    """Nearest-rank percentile; None for no values."""
    if not values:
        return None
    ordered = sorted(values)
    return ordered[max(0, math.ceil(p / 100 * len(ordered)) - 1)]


def _carried(metadata: dict[str, Any] | None) -> str | None:
    if not metadata or metadata.get("event_type") != EVENT_TYPE:
        return None
    return (metadata.get("event_payload") or {}).get("key")


def measure(
    slack: LocalSlack,
    sessions: sessionmaker[Session],
    world: World,
    owed: set[tuple[str, str]],
    delivery: Delivery,
    *,
    due_at: datetime,
) -> dict[str, Any]:
    """Compare what was owed (the outbox, and what seed() said) with what the stand-in holds."""
    with sessions.begin() as session:
        rows = list(session.execute(select(OutboxMessage)).scalars())
    by_key = {(row.team_id, row.key): row for row in rows}
    expected = set(by_key) | owed
    posted: Counter[tuple[str, str]] = Counter()
    for team_id in world.tokens:
        for message in slack.workspace(team_id).messages:
            key = _carried(message.metadata)
            if key is not None:
                posted[(team_id, key)] += 1
    sent = [row for row in rows if row.status == DeliveryStatus.SENT]
    lost = sorted(
        key
        for key in expected
        if posted[key] == 0 or key not in by_key or by_key[key].status != DeliveryStatus.SENT
    )
    late = {
        template: [(row.sent_at - row.due_at).total_seconds() for row in sent if row.template == template]
        for template in (DAY_BEFORE, CONTACT_SOON)
    }
    lateness = [(row.sent_at - row.due_at).total_seconds() for row in sent]
    last = max((row.sent_at for row in sent), default=None)
    calls = Counter(name for name, _team, _args in list(slack.calls))
    return {
        "workspaces": len(world.tokens),
        "schools": len(world.schools),
        "owed": len(expected),
        "sent": len(sent),
        "statuses": dict(Counter(str(row.status) for row in rows)),
        "finished": delivery.finished,
        "all_delivered_s": None if last is None or lost else round((last - due_at).total_seconds(), 3),
        "wall_s": round(delivery.wall_seconds, 3),
        "lateness_p50_s": _round(percentile(lateness, 50)),
        "lateness_p99_s": _round(percentile(lateness, 99)),
        "lateness_max_s": _round(max(lateness, default=None)),
        "lateness_by_template": {
            template: {"p50_s": _round(percentile(values, 50)), "p99_s": _round(percentile(values, 99))}
            for template, values in late.items()
        },
        "late_rows": sum(1 for row in sent if row.late),
        "duplicates": sum(count - 1 for count in posted.values() if count > 1),
        "lost": len(lost),
        "lost_examples": [key for _team, key in lost[:5]],
        "unexpected": sum(1 for key in posted if key not in expected),
        "attempts_max": max((row.attempts for row in rows), default=0),
        "slack_calls": dict(sorted(calls.items())),
        "http_429": dict(sorted(delivery.tally.ratelimited.items())),
        "dispatchers": delivery.dispatchers,
        "dispatcher_runs": delivery.tally.runs,
        "dispatcher_outcomes": dict(sorted(delivery.tally.outcomes.items())),
        "dispatcher_cpu_s": round(delivery.tally.cpu_seconds, 1),
        "dispatcher_errors": len(delivery.tally.errors),
        "dispatcher_error_examples": delivery.tally.errors[:3],
    }


def _round(value: float | None) -> float | None:
    return None if value is None else round(value, 3)


def _seconds(value: float | None) -> str:
    return "—" if value is None else f"{value:,.1f} s"


def _counts(counts: dict[str, int]) -> str:
    return ", ".join(f"{name} {count:,}" for name, count in counts.items()) or "—"


def print_figures(f: dict[str, Any]) -> None:
    """The figures as a small human table."""
    cadence = f"tick {f['tick_s']} s" if f["tick_s"] else "drained"
    if f["slack_latency_ms"]:
        cadence += f", +{f['slack_latency_ms']:g} ms per Slack call"
    print(
        f"\ndelivery of {f['owed']:,} reminders ({f['schools']:,} schools, {f['workspaces']} workspaces) "
        f"on {f['backend']}, {f['dispatchers']} dispatcher(s), batch {f['batch']}, {cadence}"
    )
    delivered = _seconds(f["all_delivered_s"])
    if not f["finished"]:
        delivered += f"  (UNFINISHED at the {f['wall_s']:.0f} s deadline)"
    rate = f"{f['sent'] / f['all_delivered_s']:,.1f} messages/s" if f["all_delivered_s"] else "—"
    lateness = " / ".join(_seconds(f[f"lateness_{p}_s"]) for p in ("p50", "p99", "max"))
    lost = f"{f['lost']}" + (f"  e.g. {f['lost_examples']}" if f["lost"] else "")
    rss = f"{f['peak_rss_mib']:,.1f} MiB  (ru_maxrss of the whole process, stand-in included; "
    rss += f"{f['rss_before_mib']:,.1f} MiB before seeding)"
    heap = "— (run with --tracemalloc)"
    if f["tracemalloc_peak_mib"] is not None:
        heap = f"{f['tracemalloc_peak_mib']:,.1f} MiB  (tracemalloc: Python objects of every thread)"
    rows = [
        ("seeding (world + outbox)", f"{f['setup_s']:,.1f} s + {f['seed_s']:,.1f} s"),
        ("all delivered after", delivered),
        ("throughput", rate),
        ("lateness p50 / p99 / max", lateness),
        *(
            (f"  {template} p50 / p99", f"{_seconds(v['p50_s'])} / {_seconds(v['p99_s'])}")
            for template, v in f["lateness_by_template"].items()
        ),
        ("sent / owed", f"{f['sent']:,} / {f['owed']:,}  (marked late, over 60 s: {f['late_rows']:,})"),
        ("duplicates (must be 0)", f"{f['duplicates']}"),
        ("lost (must be 0)", lost),
        ("outbox statuses", _counts(f["statuses"])),
        ("most attempts of one row", f"{f['attempts_max']}"),
        ("peak memory", rss),
        ("Python heap peak, delivery", heap),
        ("CPU during delivery", f"{f['cpu_s']:,.1f} s process, {f['dispatcher_cpu_s']:,.1f} s dispatchers"),
        ("dispatcher runs", f"{f['dispatcher_runs']:,}; rows: {_counts(f['dispatcher_outcomes'])}"),
    ]
    if f["dispatcher_errors"]:
        rows.append(("runs that raised", f"{f['dispatcher_errors']}: {f['dispatcher_error_examples'][:1]}"))
    for label, value in rows:
        print(f"  {label:<30}{value}")
    print(f"  {'Slack calls':<30}{'calls':>8}{'429s':>8}")
    for method, count in f["slack_calls"].items():
        print(f"  {'  ' + method:<30}{count:>8,}{f['http_429'].get(method, 0):>8,}")


# --- the run --------------------------------------------------------------------------------------------
@contextmanager
def database(url: str | None) -> Iterator[str]:
    """A migrated database URL: a temporary SQLite file, a private PostgreSQL schema, or the given file."""
    if url is None:
        with tempfile.TemporaryDirectory(prefix="bench-delivery-") as root, sqlite_database(Path(root)) as db:
            yield db.url
    elif make_url(url).get_backend_name() == "postgresql":
        with postgres_database(url) as db:
            yield db.url
    else:  # a SQLite file of the caller's: should be new, or the keys collide with an earlier run's
        engine = make_engine(url)
        migrate.upgrade(engine)
        engine.dispose()
        yield url


def _rss_mib() -> float:
    kib = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss  # KiB on Linux
    return kib / (1024 * 1024) if sys.platform == "darwin" else kib / 1024


def parse_args(argv: Sequence[str] | None) -> argparse.Namespace:
    """The command line."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--database-url", help="default: a temporary SQLite file")
    parser.add_argument("--schools", type=int, default=2000)
    parser.add_argument("--workspaces", type=int, default=20)
    parser.add_argument("--dispatchers", type=int, default=4, help="forced to 1 on SQLite")
    parser.add_argument("--batch", type=int, default=10, help="rows per run_once (production: 10)")
    parser.add_argument(
        "--tick", type=float, default=0.0, help="run_once every TICK s like the ticker (production: 2); "
        "default 0: again at once while rows were claimed"
    )  # fmt: skip
    parser.add_argument("--poll", type=float, default=0.25, help="wait when a run found nothing due (s)")
    parser.add_argument("--lead", type=float, default=10.0, help="due this long after seeding starts (s)")
    parser.add_argument(
        "--slack-latency", type=float, default=0.0, help="ms added to every Slack call (loopback is ~1 ms)"
    )
    parser.add_argument("--deadline", type=float, default=900.0, help="give up this long after due (s)")
    parser.add_argument(
        "--tracemalloc", action="store_true", help="also the Python heap peak (slows Python code ~2x)"
    )
    return parser.parse_args(argv)


def main(argv: Sequence[str] | None = None, *, quiet: bool = False) -> dict[str, Any]:
    """Build, seed, deliver, measure; print the table and the JSON line; return the figures."""
    options = parse_args(argv)
    rss_before = _rss_mib()
    slack = LocalSlack().start()  # real wall time: we measure real throughput
    slack.rate_limits_enabled = True
    try:
        with database(options.database_url) as url:
            backend = make_url(url).get_backend_name()
            dispatchers = 1 if backend == "sqlite" else max(1, options.dispatchers)
            if backend == "sqlite" and options.dispatchers != 1 and not quiet:
                print("SQLite is single-process by design: running one dispatcher")
            engine = make_engine(url)
            sessions = make_sessions(engine)
            started = time.perf_counter()
            try:
                world = build_world(
                    slack,
                    sessions,
                    schools=options.schools,
                    workspaces=options.workspaces,
                    now=datetime.now(UTC),
                )
                setup_s = time.perf_counter() - started
                now = datetime.now(UTC)
                due_at = now + timedelta(seconds=options.lead)
                started = time.perf_counter()
                owed = seed(sessions, world, due_at=due_at, now=now)
                seed_s = time.perf_counter() - started
                if datetime.now(UTC) > due_at and not quiet:
                    print(f"warning: seeding ended after the due moment; raise --lead above {seed_s:.1f} s")
                if options.tracemalloc:
                    tracemalloc.start()
                cpu = time.process_time()
                delivery = deliver(
                    slack,
                    url,
                    world.tokens,
                    due_at=due_at,
                    dispatchers=dispatchers,
                    batch=options.batch,
                    tick=options.tick,
                    poll=options.poll,
                    deadline=options.deadline,
                    latency=options.slack_latency / 1000,
                )
                cpu = time.process_time() - cpu
                heap_peak = None
                if tracemalloc.is_tracing():
                    heap_peak = tracemalloc.get_traced_memory()[1] / 2**20
                    tracemalloc.stop()
                figures = measure(slack, sessions, world, owed, delivery, due_at=due_at)
            finally:
                engine.dispose()
    finally:
        slack.stop()
    figures.update(
        backend=backend,
        batch=options.batch,
        tick_s=options.tick,
        slack_latency_ms=options.slack_latency,
        setup_s=round(setup_s, 3),
        seed_s=round(seed_s, 3),
        cpu_s=round(cpu, 1),
        peak_rss_mib=round(_rss_mib(), 1),
        rss_before_mib=round(rss_before, 1),
        tracemalloc_peak_mib=None if heap_peak is None else round(heap_peak, 1),
    )
    figures["ok"] = figures["finished"] and figures["duplicates"] == 0 and figures["lost"] == 0
    if not quiet:
        print_figures(figures)
        print(json.dumps(figures, ensure_ascii=False, sort_keys=True))
    return figures


if __name__ == "__main__":
    sys.exit(0 if main()["ok"] else 1)
