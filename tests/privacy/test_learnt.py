"""The learnt description model: its file, its scores, and how the scanner asks it (bot/privacy/learnt.py)."""

import gzip
from importlib.resources import files

import pytest

from bot.privacy import IdentifyingText, Kind, require_non_identifying, scan, scanner
from bot.privacy.findings import Finding
from bot.privacy.learnt import (
    FORMAT,
    MODEL_FILE,
    Model,
    candidates,
    features,
    model,
    parse_model,
    sentence_of,
    write_model,
)
from bot.privacy.normalize import normalise
from bot.privacy.tokens import lower_words, tokenize

# Written for these tests (no corpus line): one child pinned by where the family lives or what it runs,
# and its harmless counterpart that names no trait of anyone's. (The model retrained with part 12 scores
# an earlier English example, "The girl from the family that keeps the lighthouse has bruises.", 0.579
# against its threshold of 0.58; the model before it scored 0.795 against 0.71.)
DESCRIBED = "Barnen som bor på husbilen vid badplatsen hela vintern är ofta frusna."
DESCRIBED_EN = "The boy from the family that runs the ferry to the island is scared to go home."
PLAIN = "Eleven säger att hon är trött och hungrig på morgonen."
PLAIN_EN = "The pupil is often tired in the morning and says dad shouts."


@pytest.mark.parametrize("text", [DESCRIBED, DESCRIBED_EN])
def test_a_description_scores_over_the_threshold(text: str) -> None:
    assert model().probability(sentence_of(text)) >= model().threshold


@pytest.mark.parametrize("text", [PLAIN, PLAIN_EN])
def test_a_plain_sentence_about_a_pupil_scores_under_it(text: str) -> None:
    assert model().probability(sentence_of(text)) < model().threshold


def test_a_sentence_has_the_four_kinds_of_feature() -> None:
    found = features(sentence_of("Sonen till ägaren av campingen i 4B."))
    assert {"sonen", "till", "sonen_till", "<s>_sonen", "-gen", "#person+of", "#number"} <= found
    assert "#capital" in found  # "B" after the first word


def test_the_scanner_reports_the_sentence_the_rules_passed(monkeypatch: pytest.MonkeyPatch) -> None:
    text = f"Hej! {DESCRIBED} Tack."
    start = text.index(DESCRIBED)
    sentence = Finding(Kind.IDENTIFYING_DESCRIPTION, start, start + len(DESCRIBED) - 1)  # without the "."
    assert scan(text) == [sentence]
    assert scan(PLAIN) == []
    # The rules alone pass it: the finding is the model's.
    monkeypatch.setattr(scanner, "find_learnt", lambda *args: [])
    assert scan(text) == []


def test_a_refusal_by_the_model_repeats_no_word() -> None:
    with pytest.raises(IdentifyingText) as refused:
        require_non_identifying(DESCRIBED_EN, purpose="test")
    assert refused.value.places == [("identifying_description", 1)]
    assert "ferry" not in str(refused.value)
    assert "ferry" not in repr(refused.value.__dict__)


def _candidates(text: str, found: list[Finding]) -> list[tuple[int, int]]:
    text = normalise(text).text
    tokens = tokenize(text, latin1=True)
    return candidates(text, tokens, lower_words(tokens), found)


def test_only_sentences_with_a_person_word_and_no_finding_are_read() -> None:
    text = "Vi ses på måndag. Barnet är trött. Tjejen i 4B har ont i magen."
    assert _candidates("Vi ses på måndag och tar det då.", []) == []
    second, third = text.index("Barnet"), text.index("Tjejen")
    assert _candidates(text, []) == [(second, third - 2), (third, len(text) - 1)]
    flagged = Finding(Kind.PERSON_NAME, third, third + 6)  # a rule's finding in the third sentence
    assert _candidates(text, [flagged]) == [(second, third - 2)]


def test_the_shipped_file_is_what_the_training_script_writes() -> None:
    data = files("bot.privacy").joinpath("data", MODEL_FILE).read_bytes()
    lines = gzip.decompress(data).decode("utf-8").splitlines()
    assert lines[0] == FORMAT
    shipped = parse_model(data)
    assert 0 < shipped.threshold < 1
    assert shipped.weights
    # A word pair, an ending, a cue or a word: the kinds `features` gives.
    assert all("_" in f or f[0] in "-#" or f[0].isalpha() for f in shipped.weights)
    assert len(data) < 300_000  # small enough to ship in the package


def test_a_written_model_reads_back(tmp_path) -> None:
    written = Model(-1.5, 0.5, {"enda": 1.25, "#person+relative": 0.5, "som_bor": -0.0625, "-ens": 0.25})
    write_model(str(tmp_path / "m.txt.gz"), written)
    assert parse_model((tmp_path / "m.txt.gz").read_bytes()) == written
    with pytest.raises(ValueError, match="format"):
        parse_model(gzip.compress(b"something else\n"))
