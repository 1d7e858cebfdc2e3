"""`bryggan privacy-check`: JSON lines in, one verdict a line out, as a real program."""

from __future__ import annotations

import json
import subprocess
import sys


def test_privacy_check_reads_json_lines_and_answers_each() -> None:
    lines = [
        {"id": "a", "text": "En 14-årig pojke i åk 8 är ofta frånvarande på måndagar."},
        {"id": "b", "text": "Mamman ringde från 070-123 45 67 om dottern."},
    ]
    done = subprocess.run(
        [sys.executable, "-m", "bot", "privacy-check"],
        input="\n".join(json.dumps(line, ensure_ascii=False) for line in lines) + "\n{broken\n",
        capture_output=True,
        text=True,
        timeout=60,
    )
    assert done.returncode == 0, done.stderr
    clean, phone, broken = (json.loads(line) for line in done.stdout.splitlines())
    assert clean == {"id": "a", "identifying": False, "kinds": [], "findings": []}
    assert phone["id"] == "b"
    assert phone["identifying"] is True
    assert phone["kinds"] == ["phone"]
    [finding] = phone["findings"]
    assert lines[1]["text"][finding["start"] : finding["end"]] == "070-123 45 67"
    assert broken["id"] is None
    assert "error" in broken
