"""Quality targets on the labelled corpus: fails when the guard's recall or false-positive rate drops."""

import pytest
from privacy_corpus import (
    HELD_OUT,
    HELD_OUT_2,
    HELD_OUT_3,
    HELD_OUT_4,
    HELD_OUT_5,
    HELD_OUT_6,
    HELD_OUT_7,
    HELD_OUT_8,
    HELD_OUT_9,
    HELD_OUT_10,
    HELD_OUT_11,
    HELD_OUT_12,
    HELD_OUT_13,
    HELD_OUT_15,
    PROBE_17,
    PROBE_19,
    TUNED_PARTS,
    Figures,
    load,
    measure,
)

RECALL_TARGETS = {
    "personnummer": 0.99,
    "samordningsnummer": 0.99,
    "person_name": 0.95,
    "phone": 0.98,
    "email": 0.98,
    "street_address": 0.98,
    "birth_date": 0.98,
    "license_plate": 0.98,
    "social_media": 0.98,
    "reservnummer": 0.99,
    # The rules alone catch 0.909 of these lines (598 of 658); with the learnt model
    # (bot/privacy/learnt.py) 0.982 (646), with 51 false positives on 5,175 clean lines in all. The
    # model was trained on these very lines, so this checks that the rules and the shipped weights
    # still work together; it is no measure of unseen text (that is the cross-validation in
    # bot/privacy/data/README.md: 0.711 -> 0.933 of part 11's descriptions, held out).
    "identifying_description": 0.98,
}
MAX_FP_RATE = 0.05


@pytest.fixture(scope="module")
def whole_corpus() -> Figures:
    return measure([sample for path in TUNED_PARTS.values() for sample in load(path)])


def test_corpus_is_big_enough_and_mostly_hard_negatives() -> None:
    samples = [sample for path in TUNED_PARTS.values() for sample in load(path)]
    assert len(samples) >= 300
    assert sum(1 for s in samples if not s.kinds) >= len(samples) / 2
    assert {k for s in samples for k in s.kinds} == set(RECALL_TARGETS)


@pytest.mark.parametrize("kind", sorted(RECALL_TARGETS))
def test_recall_meets_target_per_kind(whole_corpus: Figures, kind: str) -> None:
    assert whole_corpus.recall(kind) >= RECALL_TARGETS[kind]


def test_false_positive_rate_meets_target(whole_corpus: Figures) -> None:
    assert whole_corpus.fp_rate <= MAX_FP_RATE


def test_held_out_parts_stay_within_targets_for_false_positives() -> None:
    # The held-out parts are small, so only the false-positive rate is checked on them separately,
    # with one sentence of slack per part.
    parts = (
        HELD_OUT,
        HELD_OUT_2,
        HELD_OUT_3,
        HELD_OUT_4,
        HELD_OUT_5,
        HELD_OUT_6,
        HELD_OUT_7,
        HELD_OUT_8,
        HELD_OUT_9,
        HELD_OUT_10,
        HELD_OUT_11,
        HELD_OUT_12,
        HELD_OUT_13,
        HELD_OUT_15,
    )
    for path in parts:
        figures = measure(load(path))
        assert figures.false_positives <= MAX_FP_RATE * figures.clean + 1


def test_the_probe_part_keeps_what_its_round_reached() -> None:
    # Part 17 was measured once on the guard before its round (0.851 of lines caught, names 0.800, 16 of
    # 195 clean lines refused) and tuned on; its rounds reached 0.935, 0.900 and 8. A floor, not a target.
    figures = measure(load(PROBE_17))
    assert figures.line_recall >= 0.93
    assert figures.names_line_recall >= 0.90
    assert figures.false_positives <= 8


def test_the_second_probe_part_keeps_what_its_round_reached() -> None:
    # Part 19 was measured once after the part-17 round (0.985 of lines caught, names 0.974, 9 of 136
    # clean lines refused) and tuned on; its round reached every line, every name and 4.
    figures = measure(load(PROBE_19))
    assert figures.line_recall == 1.0
    assert figures.names_line_recall == 1.0
    assert figures.false_positives <= 4
