"""The request-path benchmark still runs: every request answered, Bryggan's in the ack body."""

from __future__ import annotations

from tests.benchmarks import bench_ack


def test_a_short_run_answers_every_request_and_bryggan_answers_in_the_ack_body() -> None:
    figures = bench_ack.main(
        ["--seconds", "0.5", "--rounds", "1", "--warmup", "0.2", "--rate", "20", "--concurrency", "2"],
        quiet=True,
    )
    for app in bench_ack.APPS:
        for phase in ("fixed", "full"):
            assert figures[app][phase]["errors"] == 0, figures[app][phase]["examples"]
            assert figures[app][phase]["requests"] > 0
        assert figures[app]["logged_errors"] == 0
    bryggan = figures["bryggan"]["fixed"]
    assert bryggan["ack_bodies"] == bryggan["requests"]  # every card came in its ack
    assert "response_url" not in figures["replies"]
