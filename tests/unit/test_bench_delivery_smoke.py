"""The delivery benchmark still runs: a tiny burst on SQLite, every reminder once, nothing lost."""

from __future__ import annotations

from tests.benchmarks import bench_delivery


def test_a_tiny_burst_is_delivered_exactly_once() -> None:
    figures = bench_delivery.main(
        ["--schools", "20", "--workspaces", "2", "--lead", "0.3", "--poll", "0.05", "--deadline", "60"],
        quiet=True,
    )
    assert figures["backend"] == "sqlite"
    assert figures["finished"]
    assert figures["owed"] == 40
    assert figures["duplicates"] == 0
    assert figures["lost"] == 0
    assert figures["unexpected"] == 0
    assert figures["sent"] == 40
    assert figures["statuses"] == {"sent": 40}
    assert figures["slack_calls"] == {
        "chat.postMessage": 40
    }  # DMs post to the user id: no conversations.open
    assert figures["ok"]
