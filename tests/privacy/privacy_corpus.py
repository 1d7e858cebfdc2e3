"""The labelled corpus and its quality figures, shared by the corpus test and the benchmark."""

import json
from collections import Counter
from dataclasses import dataclass
from pathlib import Path

from bot.privacy import Kind, scan

CORPUS_DIR = Path(__file__).parent
TUNED = CORPUS_DIR / "corpus_tuned.jsonl"
# Held out from tuning. Part 1 was first measured after the guard was written and then helped find two
# generic bugs (see data/README.md); part 2 was written afterwards and never used for tuning.
HELD_OUT = CORPUS_DIR / "corpus_heldout.jsonl"
HELD_OUT_2 = CORPUS_DIR / "corpus_heldout2.jsonl"
# Parts 3 and 4 were written by people who never saw the guard (see corpus_heldout3.md and
# corpus_heldout4.md), each measured once before and once after the changes it was held out for, and
# only then used for tuning. The next change needs a new held-out part.
HELD_OUT_3 = CORPUS_DIR / "corpus_heldout3.jsonl"
HELD_OUT_4 = CORPUS_DIR / "corpus_heldout4.jsonl"
# Parts 5 and 6 were written the same way; each was measured once on the guard as it stood (part 5 on
# the guard tuned on parts 1-4, part 6 on the guard tuned on parts 1-5), and only then used for tuning.
HELD_OUT_5 = CORPUS_DIR / "corpus_heldout5.jsonl"
HELD_OUT_6 = CORPUS_DIR / "corpus_heldout6.jsonl"
# Part 7, written the same way, was measured once on the guard tuned on parts 1-6; part 8 once on that
# guard and once after a first round of rules written for classes of misses in part 7 (not for part 8's
# lines). Both were only then used for tuning.
HELD_OUT_7 = CORPUS_DIR / "corpus_heldout7.jsonl"
HELD_OUT_8 = CORPUS_DIR / "corpus_heldout8.jsonl"
# Part 9, written the same way, was measured twice held out (on the guard before parts 7 and 8 were
# tuned on and once after), then tuned on: rules for the classes of its misses and false positives.
HELD_OUT_9 = CORPUS_DIR / "corpus_heldout9.jsonl"
# Part 10, written the same way (from a seeded template generator, see corpus_heldout10.md), was
# measured twice held out (once before part 9 was tuned on and once after), then tuned on: rules for the
# classes of its misses and false positives.
HELD_OUT_10 = CORPUS_DIR / "corpus_heldout10.jsonl"
# Part 11, written the same way but by hand (see corpus_heldout11.md), was measured three times held out
# (on the guard tuned on parts 1-9, after the names round, after part 10 was tuned on), then tuned on:
# rules for the classes of its misses and false positives (descriptions aside).
HELD_OUT_11 = CORPUS_DIR / "corpus_heldout11.jsonl"
# Part 12 (807 lines, by hand and blind, longer texts; see corpus_heldout12.md) was measured twice held
# out (once before the round that tuned on part 11 and trained the description model, once after), then
# tuned on: rules for the classes of its misses and false positives, and the description model retrained
# with it.
HELD_OUT_12 = CORPUS_DIR / "corpus_heldout12.jsonl"
# Part 13 (881 lines, by hand and blind from the labelling conventions alone, chat threads, e-mail
# chains, minutes, careless form text; see corpus_heldout13.md) was measured twice held out (once on the
# guard that part 12's second measurement saw, once after part 12 was tuned on), then tuned on: rules for
# the classes of its misses and false positives, and the description model retrained with it.
HELD_OUT_13 = CORPUS_DIR / "corpus_heldout13.jsonl"
# Part 14 (875 lines, by hand and blind: nurses' and counsellors' notes, preschool questions, voice-
# dictated text with numbers as words, very short and very long texts; see corpus_heldout14.md) is held
# out: measured on the guard that part 13's second measurement saw, and after the round that tuned on part
# 13. Never read, never trained on.
HELD_OUT_14 = CORPUS_DIR / "corpus_heldout14.jsonl"
# Part 15 (924 lines, by hand and blind: pasted chat threads, handover notes, samverkansgrupp minutes, text
# copied out of other systems' forms and forwarded e-mail chains, independent and international schools;
# see corpus_heldout15.md) was measured three times held out (before and after the round that tuned on
# part 13, and after the dictated numbers), then tuned on: rules for the classes of its misses and false
# positives, and the description model retrained with it.
HELD_OUT_15 = CORPUS_DIR / "corpus_heldout15.jsonl"
# Part 16 (743 lines, by hand and blind: text dictated on a phone with numbers spoken as words, quick
# questions on the go, fritids, clubs and youth centres, weekly EHT summaries, follow-up after an
# orosanmälan, interpreters, mixed languages; see corpus_heldout16.md) is held out: measured once, on the
# guard after the part-13 round and the dictated numbers. Never read, never trained on.
HELD_OUT_16 = CORPUS_DIR / "corpus_heldout16.jsonl"
# Part 17 (410 lines: an outside probe, December 2026, written by a tester who had read neither the guard
# nor the corpus, in three batches, the later ones harder; see corpus_probe17.md) was measured once on the
# guard as session 12 found it, then tuned on: rules for the classes of its misses and false positives.
PROBE_17 = CORPUS_DIR / "corpus_probe17.jsonl"
# Part 19 (270 lines: a second outside probe, written the same way as part 17; see corpus_probe19.md) was
# measured once on the guard after the part-17 round, then tuned on.
PROBE_19 = CORPUS_DIR / "corpus_probe19.jsonl"
# Part 18 (407 lines, by hand and blind: Slack messages typed in a hurry, threads, Slack formatting,
# nicknames and initials, back-references, organisations, laws and the bot's own name; see
# corpus_heldout18.md) is held out: measured on the guard before the part-17 round and after it. Never
# read, never trained on.
HELD_OUT_18 = CORPUS_DIR / "corpus_heldout18.jsonl"
TUNED_PARTS = {
    "tuned": TUNED,
    "held-out part 1": HELD_OUT,
    "held-out part 2": HELD_OUT_2,
    "part 3": HELD_OUT_3,
    "part 4": HELD_OUT_4,
    "part 5": HELD_OUT_5,
    "part 6": HELD_OUT_6,
    "part 7": HELD_OUT_7,
    "part 8": HELD_OUT_8,
    "part 9": HELD_OUT_9,
    "part 10": HELD_OUT_10,
    "part 11": HELD_OUT_11,
    "part 12": HELD_OUT_12,
    "part 13": HELD_OUT_13,
    "part 15": HELD_OUT_15,
}
# The judges of the next round: never tuned on, never read, never trained on.
HELD_OUT_PARTS = {
    "part 14 (held out)": HELD_OUT_14,
    "part 16 (held out)": HELD_OUT_16,
    "part 18 (held out)": HELD_OUT_18,
}
# Tuned on, but apart from the parts above: the description model was never trained on it.
PROBE_PARTS = {"part 17 (probe, tuned on)": PROBE_17, "part 19 (probe, tuned on)": PROBE_19}
# Every part the benchmark prints: the tuned ones, the probe, then the parts held out from tuning.
PARTS = {**TUNED_PARTS, **PROBE_PARTS, **HELD_OUT_PARTS}


@dataclass(frozen=True)
class Sample:
    """One labelled sentence: the kinds a correct guard reports for it (empty = not identifying)."""

    text: str
    kinds: frozenset[str]


@dataclass(frozen=True)
class Figures:
    """Sentence-level quality figures: per-kind recall and precision, and the false-positive rate."""

    sentences: int
    clean: int
    false_positives: int
    labelled: Counter[str]
    hits: Counter[str]
    reported: Counter[str]
    correct_reports: Counter[str]
    # Line level, as outside measurements count: an identifying line is caught by any finding.
    caught: int = 0
    names_caught: int = 0

    @property
    def line_recall(self) -> float:
        """Share of identifying sentences with any finding."""
        identifying = self.sentences - self.clean
        return self.caught / identifying if identifying else 1.0

    @property
    def names_line_recall(self) -> float:
        """Share of sentences labelled with a name that have any finding."""
        named = self.labelled["person_name"]
        return self.names_caught / named if named else 1.0

    @property
    def fp_rate(self) -> float:
        """Share of non-identifying sentences with any finding."""
        return self.false_positives / self.clean if self.clean else 0.0

    def recall(self, kind: str) -> float:
        """Share of sentences labelled `kind` where the guard reported `kind`."""
        return self.hits[kind] / self.labelled[kind] if self.labelled[kind] else 1.0

    def precision(self, kind: str) -> float:
        """Share of sentences where the guard reported `kind` that were labelled `kind`."""
        return self.correct_reports[kind] / self.reported[kind] if self.reported[kind] else 1.0


def load(path: Path) -> list[Sample]:
    """Samples from a JSON-lines corpus file."""
    with path.open(encoding="utf-8") as f:
        return [Sample(r["text"], frozenset(r["kinds"])) for r in map(json.loads, f) if r]


def measure(samples: list[Sample]) -> Figures:
    """Run the guard over `samples` and count agreement with the labels."""
    labelled: Counter[str] = Counter()
    hits: Counter[str] = Counter()
    reported: Counter[str] = Counter()
    correct: Counter[str] = Counter()
    false_positives = caught = names_caught = 0
    for sample in samples:
        found = {str(f.kind) for f in scan(sample.text)}
        caught += bool(found and sample.kinds)
        names_caught += bool(found) and "person_name" in sample.kinds
        labelled.update(sample.kinds)
        hits.update(sample.kinds & found)
        reported.update(found)
        correct.update(found & sample.kinds)
        false_positives += bool(found) and not sample.kinds
    clean = sum(1 for s in samples if not s.kinds)
    return Figures(
        len(samples), clean, false_positives, labelled, hits, reported, correct, caught, names_caught
    )


ALL_KINDS = [str(k) for k in Kind]
