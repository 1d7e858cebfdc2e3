"""Instructions per character the privacy guard spends, counted without a clock, in all and per detector.

Run as `python tests/benchmarks/count_privacy.py [--texts mixed clean] [--parts scan prep names …]`.

Wall-clock figures on a shared machine move with other work; instruction counts do not. For each text
kind (the benchmark's mixed or clean 1,000-character texts, the first 150) and each part, this runs a
child under `valgrind --tool=callgrind` that scans the texts once to warm up (word lists, memos) and
then one or three times more, and prints the difference of the two children's instructions divided by
the characters of two passes: start-up and the warm-up cancel out. Parts: `scan` (the whole guard),
`prep` (normalisation, words, digits, hints and the scan's bookkeeping, no detector) and each
detector's name (prep and that detector alone; its own cost is the difference to prep). The forgetting
of found words is that of the part's own findings, so the parts do not add up exactly. Each child takes
a minute or more.
"""

from __future__ import annotations

import argparse
import subprocess
import sys
import tempfile
from collections.abc import Callable, Iterable, Sequence
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
sys.path[:0] = [str(ROOT), str(ROOT / "tests" / "privacy"), str(ROOT / "tests" / "benchmarks")]

TEXTS = 150
DETECTORS = (
    "numbers", "phones", "emails", "social", "addresses", "dates", "plates", "names", "descriptions",
    "notable", "unique",
)  # fmt: skip


def _texts(kind: str) -> list[str]:
    from bench_privacy import thousand_char_texts
    from privacy_corpus import PARTS, load

    samples = [s for path in PARTS.values() for s in load(path)]
    return thousand_char_texts([s.text for s in samples if kind == "mixed" or not s.kinds])[:TEXTS]


def _only(detector: str) -> Callable[..., None]:
    """The scanner's detector step with that one detector in it (called as the scanner calls it)."""
    from bot.privacy import scanner as s

    def run(found: list, text: str, low: str, tokens: list, lows: list, digits: list) -> None:
        calls: dict[str, Callable[[], Iterable[object]]] = {
            "numbers": lambda: s.find_numbers(text, low, digits) if digits else (),
            "phones": lambda: s.find_phones(text) if digits else (),
            "emails": lambda: s.find_emails(text, low),
            "social": lambda: s.find_social_media(text, low, s.name_lists().common_words),
            "addresses": lambda: s.find_addresses(text, low, digits),
            "dates": lambda: s.find_birth_dates(low),
            "plates": lambda: s.find_plates(text, low, digits),
            "names": lambda: s.find_names(text, low, tokens, lows),
            "descriptions": lambda: s.find_descriptions(text, low, tokens, lows),
            "notable": lambda: s.find_notable(low, frozenset(lows)),
            "unique": lambda: s.find_unique(low, frozenset(lows), bool(digits)),
        }
        found += calls[detector]()

    return run


def _child(kind: str, part: str, passes: int) -> None:
    from bot.privacy import scanner

    if part == "prep":
        scanner._run_detectors = lambda *args: None
    elif part != "scan":
        scanner._run_detectors = _only(part)
    texts = _texts(kind)
    for _ in range(1 + passes):
        for text in texts:
            scanner.scan(text)


def _instructions(kind: str, part: str, passes: int, workdir: Path) -> int:
    out = workdir / f"{kind}-{part}-{passes}.out"
    command = [
        "valgrind", "--tool=callgrind", f"--callgrind-out-file={out}",
        sys.executable, __file__, "--child", kind, part, str(passes),
    ]  # fmt: skip
    subprocess.run(command, check=True, capture_output=True)
    for line in out.read_text().splitlines():
        if line.startswith(("summary:", "totals:")):
            return int(line.split()[1])
    raise RuntimeError(f"no totals in {out}")


def main(argv: Sequence[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--texts", nargs="+", default=["mixed", "clean"], choices=["mixed", "clean"])
    parser.add_argument("--parts", nargs="+", default=["scan"], choices=["scan", "prep", *DETECTORS])
    parser.add_argument("--child", nargs=3, help=argparse.SUPPRESS)
    args = parser.parse_args(argv)
    if args.child:
        _child(args.child[0], args.child[1], int(args.child[2]))
        return
    with tempfile.TemporaryDirectory(prefix="count-privacy-") as tmp:
        for kind in args.texts:
            characters = sum(map(len, _texts(kind)))
            for part in args.parts:
                one, three = (_instructions(kind, part, n, Path(tmp)) for n in (1, 3))
                print(
                    f"{kind:<6} {part:<13} {(three - one) / (2 * characters):8.0f} instructions a character"
                )


if __name__ == "__main__":
    main()
