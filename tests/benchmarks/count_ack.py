"""Instructions per `/kontakt`, counted without a clock: valgrind around the WSGI app called in one thread.

Run as `python tests/benchmarks/count_ack.py [--apps bryggan bare-inline] [--requests 100 600]`.

Wall-clock figures on a shared machine move with other work; instruction counts do not. For each
app (built as `bench_ack.py` builds it: Bryggan with its seeded school, or the bare Bolt app with
`process_before_response`) this runs a child under `valgrind --tool=callgrind --separate-threads=yes`
that calls the app's WSGI callable (waitress' own wrapper included, no sockets) with signed
`/kontakt` requests, 20 to warm up and then N, in its main thread; it does so for two N and prints
the difference of the main thread's instructions divided by the difference of N. Start-up, the
warm-up and the stand-in's own threads (it answers users.info) cancel out. Takes a few minutes.
"""

from __future__ import annotations

import argparse
import io
import os
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable, Iterable, Sequence
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
if str(ROOT) not in sys.path:
    sys.path.insert(0, str(ROOT))

from tests.benchmarks import bench_ack  # noqa: E402

WARMUP = 20


def _environ(body: bytes, headers: dict[str, str]) -> dict[str, object]:
    """What waitress hands the app for this POST."""
    environ: dict[str, object] = {
        "REQUEST_METHOD": "POST",
        "PATH_INFO": "/slack/events",
        "QUERY_STRING": "",
        "SERVER_PROTOCOL": "HTTP/1.1",
        "SERVER_NAME": "127.0.0.1",
        "SERVER_PORT": "80",
        "REMOTE_ADDR": "127.0.0.1",
        "CONTENT_LENGTH": str(len(body)),
        "wsgi.input": io.BytesIO(body),
        "wsgi.url_scheme": "http",
        "HTTP_HOST": "127.0.0.1",
    }
    for name, value in headers.items():
        key = name.upper().replace("-", "_")
        environ[key if key == "CONTENT_TYPE" else f"HTTP_{key}"] = value
    return environ


def _call(app: Callable[..., Iterable[bytes]], body: bytes, headers: dict[str, str]) -> bytes:
    statuses: list[str] = []
    answer = b"".join(
        app(_environ(body, headers), lambda status, _headers, _exc=None: statuses.append(status))
    )
    if not statuses[0].startswith("200"):
        raise RuntimeError(f"{statuses[0]}: {answer[:200]!r}")
    return answer


def _child(name: str, requests: int) -> None:
    """Build `name`, warm it up, then answer `requests` requests in this thread."""
    from localslack import LocalSlack
    from tests.slackbed import add_test_workspace

    slack = LocalSlack(clock=time.time).start()
    load = bench_ack.Load(slack, add_test_workspace(slack))
    workdir = tempfile.mkdtemp(prefix="count-ack-")
    if name == "bryggan":
        server = bench_ack.serve_bryggan(slack.api_url, f"sqlite:///{workdir}/count.db")
    else:
        server = bench_ack.serve_bare(slack.api_url, process_before_response=True)
    bodies = [load.request() for _ in range(WARMUP + requests)]
    expect = bench_ack.expect_card if name == "bryggan" else bench_ack.expect_bare
    for body, headers in bodies[:WARMUP]:
        answer = _call(server.application, body, headers)
    kind = "application/json" if name == "bryggan" else "text/plain"
    if why := expect(answer, kind) if answer else "no answer in the ack body":
        raise RuntimeError(why)
    for body, headers in bodies[WARMUP:]:
        _call(server.application, body, headers)
    os._exit(0)  # the stand-in's threads would only add instructions to the other threads


def _main_thread_instructions(name: str, requests: int, workdir: Path) -> int:
    out = workdir / f"{name}.{requests}.out"
    command = [
        "valgrind",
        "--tool=callgrind",
        "--separate-threads=yes",
        f"--callgrind-out-file={out}",
        sys.executable,
        str(Path(__file__).resolve()),
        "--child",
        name,
        str(requests),
    ]
    subprocess.run(command, check=True, capture_output=True)
    for line in Path(f"{out}-01").read_text().splitlines():
        if line.startswith(("summary:", "totals:")):
            return int(line.split()[1])
    raise RuntimeError(f"no totals in {out}-01")


def main(argv: Sequence[str] | None = None) -> dict[str, float]:
    """Count each app at both sizes; print and return millions of instructions per request."""
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument(
        "--apps", nargs="+", default=["bryggan", "bare-inline"], choices=("bryggan", "bare-inline")
    )
    parser.add_argument("--requests", nargs=2, type=int, default=[100, 600], metavar=("FEW", "MANY"))
    parser.add_argument("--child", nargs=2, help=argparse.SUPPRESS)
    args = parser.parse_args(argv)
    if args.child:
        _child(args.child[0], int(args.child[1]))
    few, many = args.requests
    figures: dict[str, float] = {}
    with tempfile.TemporaryDirectory(prefix="count-ack-") as tmp:
        for name in args.apps:
            counts = [_main_thread_instructions(name, n, Path(tmp)) for n in (few, many)]
            figures[name] = (counts[1] - counts[0]) / (many - few) / 1e6
            print(f"{name:<11} {figures[name]:.2f} M instructions per /kontakt", flush=True)
    if "bryggan" in figures and "bare-inline" in figures:
        print(f"bryggan / bare-inline: {figures['bryggan'] / figures['bare-inline']:.2f}")
    return figures


if __name__ == "__main__":
    main()
