"""Privacy-guard figures: per-kind recall and precision, false-positive rate, and throughput.

Run as `python tests/benchmarks/bench_privacy.py`. Prints figures only; nothing here asserts on time.
"""

import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
sys.path[:0] = [str(ROOT), str(ROOT / "tests" / "privacy")]

from privacy_corpus import ALL_KINDS, PARTS, Figures, load, measure  # noqa: E402

from bot.privacy import scan  # noqa: E402

TEXT_LENGTH = 1_000
SECONDS = 1.0
RUNS = 5


def print_figures(title: str, figures: Figures) -> None:
    """Print one corpus part's figures as a small table."""
    print(f"\n{title}: {figures.sentences} sentences, {figures.clean} non-identifying")
    print(f"  {'kind':<24}{'labelled':>9}{'recall':>9}{'precision':>11}")
    for kind in ALL_KINDS:
        if figures.labelled[kind] or figures.reported[kind]:
            print(
                f"  {kind:<24}{figures.labelled[kind]:>9}{figures.recall(kind):>9.1%}"
                f"{figures.precision(kind):>11.1%}"
            )
    print(f"  false positives: {figures.false_positives}/{figures.clean} = {figures.fp_rate:.1%}")
    lines = f"{figures.line_recall:.3f} overall, {figures.names_line_recall:.3f} of those with names"
    print(f"  lines caught: {lines}")


def thousand_char_texts(sentences: list[str]) -> list[str]:
    """Texts of about 1,000 characters made by joining corpus sentences in turn."""
    texts, current = [], ""
    for i in range(len(sentences) * 4):
        current += sentences[(i * 7) % len(sentences)] + " "
        if len(current) >= TEXT_LENGTH:
            texts.append(current[:TEXT_LENGTH])
            current = ""
    return texts


def throughput(texts: list[str]) -> float:
    """Characters scanned per second on this (single) thread, over one run of SECONDS."""
    scan(texts[0])  # load the name lists outside the timing
    chars, started = 0, time.perf_counter()
    while time.perf_counter() - started < SECONDS:
        for text in texts:
            scan(text)
        chars += sum(map(len, texts))
    return chars / (time.perf_counter() - started)


def main() -> None:
    """Print the figures for each corpus part, all of them, and the throughput."""
    everything = []
    for title, path in PARTS.items():
        part = load(path)
        everything += part
        print_figures(title, measure(part))
    print_figures("all", measure(everything))
    kinds = {
        "mixed": thousand_char_texts([s.text for s in everything]),
        "clean": thousand_char_texts([s.text for s in everything if not s.kinds]),
    }
    # Best of several runs, the two kinds alternating: other work on the machine only slows a run down.
    best = dict.fromkeys(kinds, 0.0)
    for _ in range(RUNS):
        for kind, texts in kinds.items():
            best[kind] = max(best[kind], throughput(texts))
    print(f"\nthroughput on one core, best of {RUNS} runs of {SECONDS:.0f} s, {TEXT_LENGTH}-character texts:")
    for kind, texts in kinds.items():
        print(f"  {kind:<6} ({len(texts)} texts): {best[kind] / 1e6:.2f} M characters/s")


if __name__ == "__main__":
    main()
