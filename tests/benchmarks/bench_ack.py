"""Request-path figures: Bryggan answering `/kontakt` beside a bare Bolt app answering it with a fixed text.

Run as `python tests/benchmarks/bench_ack.py [--rate 200] [--seconds 5] [--concurrency 16] [--rounds 3]`.

The apps run in one run, each in a process of its own on loopback, served alike (Bolt's WSGI adapter
under waitress with Bryggan's thread count): `bare` is `App` with Bolt's defaults plus one listener
that acks a fixed text; `bare-inline` is the same with `process_before_response=True` (listeners run
in the request's thread, as Bryggan's do), the leanest Bolt allows; Bryggan is built as `bryggan run
--http` builds it (the composition root, SQLite, the production log format and level) against the
local Slack stand-in, with a seeded school, contact, deputy and profile, so `/kontakt` shows the full
card. The scheduler's ticker is not started: only the request path is measured. This process holds
the stand-in and the load: slash commands signed as the stand-in signs them (fresh trigger_id and
response_url each), first at a fixed rate (open loop, latency counted from each request's planned
moment, so a stall is not hidden), then as fast as `--concurrency` connections allow (closed loop).
Each round measures the apps one after another.

Printed per app: throughput at full speed, CPU per request (the server process's user + system
time from /proc over the requests it answered), p50/p99 latency at the fixed rate and at full speed,
errors (an HTTP status other than 200, no answer within Slack's 3 s, an ack body that is not the
card, a line the server logged at ERROR), and where Bryggan's replies went (the ack body, or a
response_url call the stand-in saw). Then the throughput ratios: Bryggan against each bare app in
each round (the apps of one round ran within the same half minute, so other work on a shared machine
weighs on them alike) and their median, which the targets are judged by; the load average before and
after; and one JSON line. The exit status is 1 when the issue's targets are missed (any error, a
median ratio under 0.75 of the bare app's throughput, or over 50 ms p99 at the fixed rate); nothing
here asserts on time.
"""

from __future__ import annotations

import argparse
import http.client
import json
import os
import statistics
import subprocess
import sys
import tempfile
import threading
import time
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any
from urllib.parse import urlencode, urlsplit

ROOT = Path(__file__).resolve().parents[2]
if str(ROOT) not in sys.path:
    sys.path.insert(0, str(ROOT))

from localslack import LocalSlack, Workspace  # noqa: E402
from localslack.grants import ResponseUrl, new_token  # noqa: E402
from localslack.transport import signed_headers  # noqa: E402
from tests.slackbed import BOT_TOKEN, CHANNELS, PEOPLE, SIGNING_SECRET, TEAM, add_test_workspace  # noqa: E402

ACK_LIMIT = 3.0  # Slack shows an error when the ack takes longer
SCHOOL = "Berzeliusskolan"
BARE_TEXT = "Er kontakt på socialtjänsten är <@U0SARA001>."
APPS = ("bare", "bare-inline", "bryggan")
SENDERS = (PEOPLE.rektor, PEOPLE.admin, PEOPLE.kurator_en, PEOPLE.sara, PEOPLE.omar)


# --- the two servers (child processes) ------------------------------------------------------------


def serve_bare(api_url: str, process_before_response: bool = False) -> Any:
    """A bare Bolt app: one listener acking /kontakt with a fixed text, served as Bryggan is served."""
    from slack_bolt import Ack, App
    from slack_bolt.adapter.wsgi import SlackRequestHandler
    from slack_sdk import WebClient
    from waitress.server import create_server

    from bot.app import HTTP_THREADS

    app = App(
        client=WebClient(token=BOT_TOKEN, base_url=api_url),
        signing_secret=SIGNING_SECRET,
        process_before_response=process_before_response,
    )

    @app.command("/kontakt")
    def kontakt(ack: Ack) -> None:
        ack(BARE_TEXT)

    return create_server(SlackRequestHandler(app), host="127.0.0.1", port=0, threads=HTTP_THREADS)


def serve_bryggan(api_url: str, database_url: str) -> Any:
    """Bryggan in HTTP mode as `bryggan run --http` builds it, with one school seeded."""
    from bot.actors import Actor
    from bot.app import build
    from bot.clock import SystemClock
    from bot.logs import configure
    from tests.slackbed import test_settings

    settings = test_settings(database_url=database_url, api_url=api_url)
    configure(settings.log_format, settings.log_level)
    bryggan = build(settings, clock=SystemClock())
    contacts = bryggan.services.contacts.changes
    admin = Actor(team_id=TEAM, user_id=PEOPLE.admin, is_admin=True)
    contacts.link(admin, channel_id=CHANNELS.berzelius, name=SCHOOL, create=True)
    contacts.assign(admin, channel_id=CHANNELS.berzelius, person_id=PEOPLE.sara)
    contacts.set_deputy(admin, channel_id=CHANNELS.berzelius, person_id=PEOPLE.omar)
    sara = Actor(team_id=TEAM, user_id=PEOPLE.sara, is_admin=False)
    contacts.save_profile(sara, title="Socialsekreterare", phone="013-12 34 56", reachable="mån–fre 8–16")
    return bryggan.http_server(port=0)


def _serve(args: argparse.Namespace) -> int:
    if args.serve == "bryggan":
        server = serve_bryggan(args.api_url, args.database_url)
    else:
        server = serve_bare(args.api_url, process_before_response=args.serve == "bare-inline")

    def stop_when_parent_goes() -> None:
        sys.stdin.read()  # EOF: the parent closed our stdin or died
        os._exit(0)

    threading.Thread(target=stop_when_parent_goes, daemon=True).start()
    print(f"READY {server.effective_port}", flush=True)
    server.run()
    return 0


@dataclass
class Server:
    """A child process serving one of the apps."""

    name: str
    process: subprocess.Popen[str]
    url: str
    log: Path

    def cpu_seconds(self) -> float:
        """User + system CPU time of the server process so far (Linux /proc)."""
        fields = Path(f"/proc/{self.process.pid}/stat").read_text().rsplit(")", 1)[1].split()
        return (int(fields[11]) + int(fields[12])) / os.sysconf("SC_CLK_TCK")

    def logged_errors(self) -> int:
        """Lines the server logged at ERROR or above (JSON log lines)."""
        count = 0
        for line in self.log.read_text(errors="replace").splitlines():
            try:
                entry = json.loads(line)
            except ValueError:
                count += "Traceback" in line
                continue
            count += isinstance(entry, dict) and entry.get("level") in ("error", "critical")
        return count

    def stop(self) -> None:
        if self.process.stdin is not None:
            self.process.stdin.close()
        try:
            self.process.wait(timeout=10)
        except subprocess.TimeoutExpired:
            self.process.kill()
            self.process.wait()


def start_server(name: str, api_url: str, workdir: Path) -> Server:
    """Start `name` ("bare" or "bryggan") in a child process and wait until it listens."""
    command = [sys.executable, str(Path(__file__).resolve()), "--serve", name, "--api-url", api_url]
    if name == "bryggan":
        command += ["--database-url", f"sqlite:///{workdir / 'bench.db'}"]
    log = workdir / f"{name}.log"
    env = {k: v for k, v in os.environ.items() if not k.startswith(("SLACK_", "BRYGGAN_", "DATABASE_URL"))}
    process = subprocess.Popen(
        command, stdin=subprocess.PIPE, stdout=subprocess.PIPE, stderr=log.open("w"), text=True, env=env
    )
    assert process.stdout is not None
    line = process.stdout.readline().split()
    if line[:1] != ["READY"]:
        process.kill()
        raise RuntimeError(f"{name} did not start; see {log}:\n{log.read_text()[-2000:]}")
    return Server(name, process, f"http://127.0.0.1:{line[1]}/slack/events", log)


# --- the load ---------------------------------------------------------------------------------------


@dataclass
class Phase:
    """What one phase against one app saw."""

    requests: int = 0
    errors: int = 0
    seconds: float = 0.0
    cpu: float = 0.0
    latencies: list[float] = field(default_factory=list)
    ack_bodies: int = 0
    wrong: list[str] = field(default_factory=list)

    def add(self, latency: float, ok: bool, body: bool, why: str = "") -> None:
        self.requests += 1
        self.latencies.append(latency)
        self.ack_bodies += body
        if not ok:
            self.errors += 1
            if len(self.wrong) < 3:
                self.wrong.append(why)

    def throughput(self) -> float:
        return self.requests / self.seconds if self.seconds else 0.0

    def percentile(self, share: float) -> float:
        ordered = sorted(self.latencies)
        if not ordered:
            return float("nan")
        return ordered[min(len(ordered) - 1, int(share * len(ordered)))] * 1000


class Load:
    """Signed /kontakt requests as the stand-in sends them, over one keep-alive connection a worker."""

    def __init__(self, slack: LocalSlack, ws: Workspace) -> None:
        self.slack, self.ws = slack, ws
        self._turn = 0
        self._lock = threading.Lock()

    def request(self) -> tuple[bytes, dict[str, str]]:
        with self._lock:
            self._turn += 1
            user = SENDERS[self._turn % len(SENDERS)]
        grant = ResponseUrl(new_token(), TEAM, CHANNELS.berzelius, user, 0.0)
        self.slack.grants.issue_response_url(grant)
        form = {
            "token": self.ws.verification_token,
            "team_id": TEAM,
            "team_domain": self.ws.domain,
            "channel_id": CHANNELS.berzelius,
            "channel_name": "berzeliusskolan",
            "user_id": user,
            "user_name": self.ws.users[user].name,
            "command": "/kontakt",
            "text": "",
            "api_app_id": self.ws.api_app_id,
            "is_enterprise_install": "false",
            "response_url": f"{self.slack.url}/respond/{grant.token}",
            "trigger_id": self.slack.grants.issue_trigger(TEAM, user),
        }
        body = urlencode(form).encode()
        headers = {
            "Content-Type": "application/x-www-form-urlencoded",
            **signed_headers(SIGNING_SECRET, body),
        }
        return body, headers

    def send(self, connection: http.client.HTTPConnection, path: str) -> tuple[int, bytes, str]:
        body, headers = self.request()
        connection.request("POST", path, body=body, headers=headers)
        response = connection.getresponse()
        return response.status, response.read(), response.getheader("Content-Type") or ""


def _judge(expect: Callable[[bytes, str], str], status: int, raw: bytes, kind: str, took: float) -> str:
    if status != 200:
        return f"HTTP {status}"
    if took > ACK_LIMIT:
        return f"ack after {took:.1f} s"
    return expect(raw, kind)


def run_phase(
    load: Load,
    server: Server,
    expect: Callable[[bytes, str], str],
    *,
    seconds: float,
    rate: float | None,
    concurrency: int,
) -> Phase:
    """`rate` requests a second for `seconds` (open loop), or as fast as `concurrency` allows (None)."""
    phase = Phase()
    parts = urlsplit(server.url)
    lock = threading.Lock()
    total = int(rate * seconds) if rate else None
    issued = 0
    cpu_before = server.cpu_seconds()
    started = time.monotonic()
    deadline = started + seconds

    def next_moment() -> float | None:
        nonlocal issued
        with lock:
            if total is not None:
                if issued >= total:
                    return None
                moment = started + issued / rate  # type: ignore[operator]
            else:
                moment = time.monotonic()
                if moment >= deadline:
                    return None
            issued += 1
            return moment

    def worker() -> None:
        connection = http.client.HTTPConnection(parts.hostname, parts.port, timeout=10)
        while (moment := next_moment()) is not None:
            pause = moment - time.monotonic()
            if pause > 0:
                time.sleep(pause)
            try:
                status, raw, kind = load.send(connection, parts.path)
                took = time.monotonic() - moment
                why = _judge(expect, status, raw, kind, took)
            except (OSError, http.client.HTTPException) as exc:
                connection.close()
                connection = http.client.HTTPConnection(parts.hostname, parts.port, timeout=10)
                status, raw, took, why = 0, b"", time.monotonic() - moment, type(exc).__name__
            with lock:
                phase.add(took, not why, bool(raw), why)
        connection.close()

    threads = [threading.Thread(target=worker) for _ in range(concurrency)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    phase.seconds = time.monotonic() - started
    phase.cpu = server.cpu_seconds() - cpu_before
    return phase


def expect_bare(raw: bytes, kind: str) -> str:
    return "" if raw.decode() == BARE_TEXT else f"unexpected ack body {raw[:80]!r}"


def expect_card(raw: bytes, kind: str) -> str:
    """Bryggan's ack: empty (the reply then goes through response_url) or the card itself."""
    if not raw:
        return ""
    if "application/json" not in kind:
        return f"ack body as {kind or 'no content type'}"
    words = json.dumps(json.loads(raw), ensure_ascii=False)
    return "" if SCHOOL in words and "U0SARA001" in words else f"not the card: {words[:80]}"


# --- the run ------------------------------------------------------------------------------------------


def main(argv: Sequence[str] | None = None, *, quiet: bool = False) -> dict[str, Any]:
    """Run the rounds and print the figures; returns them."""
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--rate", type=float, default=200.0, help="requests a second in the fixed-rate phase")
    parser.add_argument("--seconds", type=float, default=5.0, help="length of each phase")
    parser.add_argument("--concurrency", type=int, default=16, help="connections at full speed")
    parser.add_argument("--rounds", type=int, default=3, help="rounds of all apps, alternately")
    parser.add_argument("--warmup", type=float, default=1.0, help="seconds of load before measuring")
    parser.add_argument("--serve", choices=("bare", "bare-inline", "bryggan"), help=argparse.SUPPRESS)
    parser.add_argument("--api-url", help=argparse.SUPPRESS)
    parser.add_argument("--database-url", help=argparse.SUPPRESS)
    args = parser.parse_args(argv)
    if args.serve:
        sys.exit(_serve(args))

    slack = LocalSlack(clock=time.time).start()
    ws = add_test_workspace(slack)
    load = Load(slack, ws)
    expects = {"bare": expect_bare, "bare-inline": expect_bare, "bryggan": expect_card}
    results: dict[str, dict[str, list[Phase]]] = {name: {"fixed": [], "full": []} for name in expects}
    load_before = os.getloadavg()
    with tempfile.TemporaryDirectory(prefix="bench-ack-") as tmp:
        servers = {name: start_server(name, slack.api_url, Path(tmp)) for name in expects}
        try:
            replies_before = _replies(ws)
            for _ in range(args.rounds):
                for name, server in servers.items():
                    expect = expects[name]
                    run_phase(
                        load, server, expect, seconds=args.warmup, rate=None, concurrency=args.concurrency
                    )
                    fixed = run_phase(
                        load,
                        server,
                        expect,
                        seconds=args.seconds,
                        rate=args.rate,
                        concurrency=args.concurrency * 2,
                    )
                    full = run_phase(
                        load, server, expect, seconds=args.seconds, rate=None, concurrency=args.concurrency
                    )
                    results[name]["fixed"].append(fixed)
                    results[name]["full"].append(full)
            time.sleep(0.5)  # replies still on their way through response_url
            replies = {k: v - replies_before.get(k, 0) for k, v in _replies(ws).items()}
            logged = {name: server.logged_errors() for name, server in servers.items()}
        finally:
            for server in servers.values():
                server.stop()
            slack.stop()
    figures = _figures(results, replies, logged, args)
    figures["load_average"] = [round(x, 2) for x in (*load_before, *os.getloadavg())]
    if not quiet:
        _print(figures)
    return figures


def _replies(ws: Workspace) -> dict[str, int]:
    with ws.cond:
        counts: dict[str, int] = {}
        for message in ws.history:
            counts[message.via] = counts.get(message.via, 0) + 1
        return counts


def _summary(phases: list[Phase], logged: int) -> dict[str, Any]:
    best = max(phases, key=Phase.throughput)
    latencies = Phase(latencies=[x for p in phases for x in p.latencies])
    requests = sum(p.requests for p in phases)
    return {
        "requests": requests,
        "throughput": round(best.throughput(), 1),
        "throughputs": [round(p.throughput(), 1) for p in phases],
        "cpu_ms": round(1000 * sum(p.cpu for p in phases) / max(1, requests), 3),
        "p50_ms": round(latencies.percentile(0.50), 2),
        "p99_ms": round(latencies.percentile(0.99), 2),
        "errors": sum(p.errors for p in phases),
        "examples": [w for p in phases for w in p.wrong][:3],
        "ack_bodies": sum(p.ack_bodies for p in phases),
    }


def _figures(
    results: dict[str, dict[str, list[Phase]]], replies: dict[str, int], logged: dict[str, int], args: Any
) -> dict[str, Any]:
    figures: dict[str, Any] = {"rate": args.rate, "seconds": args.seconds, "concurrency": args.concurrency}
    for name, phases in results.items():
        figures[name] = {
            "fixed": _summary(phases["fixed"], logged[name]),
            "full": _summary(phases["full"], logged[name]),
            "logged_errors": logged[name],
        }
    bare, bryggan = figures["bare"]["full"]["throughput"], figures["bryggan"]["full"]["throughput"]
    inline = figures["bare-inline"]["full"]["throughput"]
    figures["ratio_best"] = round(bryggan / bare, 3) if bare else 0.0
    figures["ratio_inline_best"] = round(bryggan / inline, 3) if inline else 0.0
    figures["ratios"] = _ratios(results, "bare")
    figures["ratios_inline"] = _ratios(results, "bare-inline")
    figures["ratio"] = statistics.median(figures["ratios"])
    figures["ratio_inline"] = statistics.median(figures["ratios_inline"])
    figures["replies"] = replies
    fixed = figures["bryggan"]["fixed"]
    figures["ok"] = (
        all(figures[n][p]["errors"] == 0 for n in results for p in ("fixed", "full"))
        and all(v == 0 for v in logged.values())
        and fixed["p99_ms"] <= 50
        and figures["ratio"] >= 0.75
    )
    return figures


def _ratios(results: dict[str, dict[str, list[Phase]]], bare: str) -> list[float]:
    """Bryggan's throughput at full speed against `bare`'s, round by round."""
    pairs = zip(results["bryggan"]["full"], results[bare]["full"], strict=True)
    return [
        round(ours.throughput() / theirs.throughput(), 3) if theirs.seconds else 0.0 for ours, theirs in pairs
    ]


def _print(figures: dict[str, Any]) -> None:
    rate = figures["rate"]
    print(f"/kontakt, {figures['seconds']:g} s a phase; full speed with {figures['concurrency']} connections")
    print(
        f"{'app':<11} {'full speed':>11} {'CPU/request':>12} {'p50/p99 at ' + format(rate, 'g') + '/s':>17}"
        f" {'p50/p99 full':>14} {'errors':>7}"
    )
    for name in APPS:
        f = figures[name]
        fixed, full = f["fixed"], f["full"]
        errors = fixed["errors"] + full["errors"] + f["logged_errors"]
        print(
            f"{name:<11} {full['throughput']:>7.0f} r/s {full['cpu_ms']:>9.2f} ms"
            f" {fixed['p50_ms']:>7.1f}/{fixed['p99_ms']:<6.1f} ms"
            f" {full['p50_ms']:>6.1f}/{full['p99_ms']:<6.1f}ms"
            f" {errors:>6}"
        )
        for example in fixed["examples"] + full["examples"]:
            print(f"            e.g. {example}")
    print(
        f"throughput ratio bryggan/bare, median of rounds: {figures['ratio']:.2f}"
        f" (rounds: {figures['ratios']}); bryggan/bare-inline: {figures['ratio_inline']:.2f}"
        f" (rounds: {figures['ratios_inline']})"
    )
    ours = figures["bryggan"]
    fixed, errors = ours["fixed"], ours["fixed"]["errors"] + ours["full"]["errors"] + ours["logged_errors"]
    print(
        f"bryggan at {rate:g}/s: p99 {fixed['p99_ms']:.1f} ms, CPU {fixed['cpu_ms']:.2f} ms a request,"
        f" errors {errors}; load average before / after (1, 5, 15 min): {figures['load_average']}"
    )
    print(f"  full speed per round (r/s): { {n: figures[n]['full']['throughputs'] for n in APPS} }")
    print(f"  CPU per request at {rate:g}/s (ms): { {n: figures[n]['fixed']['cpu_ms'] for n in APPS} }")
    print(f"Bryggan's replies seen by the stand-in: {figures['replies']}")
    print(json.dumps(figures, ensure_ascii=False))


if __name__ == "__main__":
    result = main()
    sys.exit(0 if result["ok"] else 1)
