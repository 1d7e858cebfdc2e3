"""`bryggan playground` as a program: it prints its address and serves the page and its files offline."""

from __future__ import annotations

import json
import os
import signal
import subprocess
import sys
import urllib.error
import urllib.request
from pathlib import Path

import pytest

from bot.playground import serving_playground
from bot.settings import load_settings


def _get(url: str) -> tuple[int, str]:
    try:
        with urllib.request.urlopen(url, timeout=20) as response:
            return response.status, response.read().decode()
    except urllib.error.HTTPError as error:
        return error.code, error.read().decode()


def test_the_playground_command_prints_its_address_and_serves_the_page(tmp_path: Path) -> None:
    env = {k: v for k, v in os.environ.items() if not k.startswith(("SLACK_", "BRYGGAN_"))}
    process = subprocess.Popen(
        [sys.executable, "-m", "bot", "playground", "--port", "0"],
        cwd=tmp_path,
        env=env,
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
        # Ctrl-C as a person gives it, even where the suite itself was started in the background
        # (a shell's background jobs ignore SIGINT, and a child would inherit that).
        preexec_fn=_ctrl_c_as_in_a_terminal,
    )
    try:
        line = process.stdout.readline()
        assert "Bryggan – lekplats i webbläsaren: öppna http://127.0.0.1:" in line, process.stderr.read()
        url = line.split("öppna ", 1)[1].split(" ", 1)[0]
        status, page = _get(url)
        assert status == 200
        assert '<script src="/static/app.js" defer></script>' in page
        assert "http" not in page.replace("http-equiv", "")  # nothing fetched from elsewhere (no CDN)
        for name in ("app.js", "blocks.js", "style.css"):
            status, body = _get(f"{url}static/{name}")
            assert status == 200
            assert "https://" not in body
            assert "http://" not in body
    finally:
        process.send_signal(signal.SIGINT)
        assert process.wait(timeout=30) == 0


def test_what_slack_would_not_allow_is_refused_and_paths_stay_inside(tmp_path: Path) -> None:
    with serving_playground(load_settings(env_file=None), port=0) as served:
        assert _get(f"{served.url}static/../server.py")[0] == 404
        assert _get(f"{served.url}files/F_NOPE")[0] == 404
        request = urllib.request.Request(
            f"{served.url}api/action",
            data=json.dumps(
                {"user": "U0REKTOR1", "action_id": "nope", "channel": "C0BERZELI", "ts": "1.0"}
            ).encode(),
            headers={"Content-Type": "application/json"},
        )
        with pytest.raises(urllib.error.HTTPError) as refused:
            urllib.request.urlopen(request, timeout=20)
        assert refused.value.code == 409
        assert json.loads(refused.value.read())["error"] == "the message is gone"
        state = json.loads(_get(f"{served.url}api/state?user=U0REKTOR1")[1])
        assert {c["name"] for c in state["channels"]} >= {"berzeliusskolan", "kunskapsbron"}
        assert served.demo.workspace.messages == []  # a refused gesture sends nothing


def _ctrl_c_as_in_a_terminal() -> None:
    signal.signal(signal.SIGINT, signal.SIG_DFL)
