"""Two municipalities share one Bryggan (tests/isolationbed.py): each one's Home tab, and each one's
audit export and term report from the command line, hold nothing of the other."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

from tests.isolationbed import World, _leaks, _seen_by, two_municipalities, wall_clock

clock = wall_clock()
world = two_municipalities()


def test_the_home_tab_shows_each_workspace_its_own(world: World) -> None:
    a, b = world.a, world.b
    for side in (a, b):
        for user in (side.admin, side.rektor, side.contact):
            assert side.driver is not None
            side.driver.app_home_opened(user)
            side.ws.wait_for(lambda ws, u=user: ws.home_of(u) or None)
    assert a.school in json.dumps(a.ws.home_of(a.contact), ensure_ascii=False)  # its open case
    assert _leaks(_seen_by(world, b), a.secrets()) == []
    assert _leaks(_seen_by(world, a), b.secrets()) == []


def _cli(tmp_path: Path, database_url: str, *args: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-m", "bot", *args],
        cwd=tmp_path,
        env={**os.environ, "DATABASE_URL": database_url},
        capture_output=True,
        text=True,
        encoding="utf-8",
        timeout=120,
    )


@pytest.mark.parametrize(
    "args",
    [
        ["audit", "export", "--team", "T0FINS001"],
        ["report", "--team", "T0FINS001", "--format", "csv"],
        ["report", "--team", "T0FINS001", "--format", "md"],
    ],
    ids=["audit export", "report csv", "report md"],
)
def test_the_exports_of_one_workspace_hold_nothing_of_the_other(
    world: World, tmp_path: Path, database_url: str, args: list[str]
) -> None:
    a, b = world.a, world.b
    done = _cli(tmp_path, database_url, *args)
    assert done.returncode == 0, done.stderr
    assert _leaks(done.stdout, a.secrets()) == []
    # The same export of the first workspace does hold its own (else the check above proves nothing).
    mine = _cli(tmp_path, database_url, *(a.team if word == b.team else word for word in args))
    assert mine.returncode == 0, mine.stderr
    own = a.rektor if args[0] == "audit" else a.school
    assert own in mine.stdout
    assert (b.rektor if args[0] == "audit" else b.school) in done.stdout


def test_an_export_without_a_team_is_refused_when_several_workspaces_share_the_database(
    world: World, tmp_path: Path, database_url: str
) -> None:
    for args in (["audit", "export"], ["report"]):
        done = _cli(tmp_path, database_url, *args)
        assert done.returncode != 0, args
        assert "--team" in done.stdout + done.stderr
        assert world.a.school not in done.stdout
