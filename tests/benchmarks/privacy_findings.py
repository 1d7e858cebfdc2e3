"""The guard's findings on a fixed set of texts, one JSON line each, to compare before and after a change.

Run as `python tests/benchmarks/privacy_findings.py OUT.jsonl` on the guard before a change that must not
change what it finds (speed work), and again after; the two files must be the same (`cmp`). The texts:
every corpus line as written, in capitals, in lower case and with line breaks for spaces and dashes;
the benchmark's mixed and clean 1,000-character texts; the corpus cut into 1,000-character pieces two
ways; and the peer test vectors. Each is checked as `bryggan privacy-check` checks it (kind, start, end).
The file holds no text, only numbers and kinds: keep it outside the repository all the same.
"""

import json
import re
import sys
from collections.abc import Iterator
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
sys.path[:0] = [str(ROOT), str(ROOT / "tests" / "privacy"), str(ROOT / "tests" / "benchmarks")]

from bench_privacy import thousand_char_texts  # noqa: E402
from privacy_corpus import PARTS, load  # noqa: E402

from bot.privacy import check_jsonl  # noqa: E402

PIECE = 1_000


def _strings(value: object) -> Iterator[str]:
    if isinstance(value, str):
        yield value
    elif isinstance(value, dict):
        for item in value.values():
            yield from _strings(item)
    elif isinstance(value, list):
        for item in value:
            yield from _strings(item)


def texts() -> list[str]:
    """The texts checked, in a fixed order."""
    samples = [s for path in PARTS.values() for s in load(path)]
    lines = [s.text for s in samples]
    found = lines + [t.upper() for t in lines] + [t.lower() for t in lines]
    found += [re.sub(r"[ \-–]", "\n", t) for t in lines]
    found += thousand_char_texts(lines) + thousand_char_texts([s.text for s in samples if not s.kinds])
    joined, by_line = " ".join(lines), "\n".join(lines)
    found += [joined[i : i + PIECE] for i in range(0, len(joined), PIECE)]
    found += [by_line[i + PIECE // 2 : i + PIECE + PIECE // 2] for i in range(0, len(by_line), PIECE)]
    for path in sorted((ROOT / "tests" / "privacy" / "peer").glob("*.json")):
        found += _strings(json.loads(path.read_text(encoding="utf-8")))
    return found


def main(out: Path) -> None:
    checked = texts()
    lines = (json.dumps({"id": i, "text": text}) for i, text in enumerate(checked))
    with out.open("w", encoding="utf-8") as f:
        for result in check_jsonl(lines):
            record = json.loads(result)
            f.write(json.dumps([record["id"], record["findings"]]) + "\n")
    print(f"{len(checked)} texts, {sum(map(len, checked))} characters -> {out}")


if __name__ == "__main__":
    main(Path(sys.argv[1]))
