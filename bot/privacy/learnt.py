"""A learnt second opinion on descriptions that single out one person, for sentences the rules passed.

The hand rules (descriptions.py, uniqueness.py, notability.py) catch the shapes someone wrote down; on
unseen text about three descriptions in ten still slip past them ("Barnen som bor på båten i gästhamnen
året runt", "the kid whose family runs the only hotel on the island"). A logistic regression over a
sentence's words, word pairs, word endings and a few cues from the guard's own lexicon scores each
sentence that holds a word for a person and that no rule flagged; above the threshold the sentence is
reported as an identifying description. The weights are learnt from the labelled corpus by
tests/privacy/train_description_model.py (see data/README.md); inference is plain Python.
"""

import gzip
import re
from dataclasses import dataclass
from functools import cache
from importlib.resources import files
from math import exp

from bot.privacy.descriptions import ROLE
from bot.privacy.findings import Finding, Kind
from bot.privacy.tokens import Span, Token, WordTest

MODEL_FILE = "description_model.txt.gz"
FORMAT = "bryggan-description-model 1"

# Words for a person (or a family, a couple, siblings): a sentence without one describes nobody.
_PERSON_WORDS = frozenset(
    {
        "elev", "eleven", "eleverna", "elever", "barn", "barnet", "barnen", "flicka", "flickan", "pojke",
        "pojken", "tjej", "tjejen", "kille", "killen", "unge", "ungen", "ungarna", "grabben", "familj",
        "familjen", "familjens", "personen", "son", "sonen", "söner", "sönerna", "dotter", "dottern",
        "döttrar", "döttrarna", "bror", "brodern", "brorsan", "syster", "systern", "syskon", "syskonen",
        "syskonparet", "tvillingar", "tvillingarna", "trillingarna", "kusin", "kusinen", "mamma", "mamman",
        "mammans", "pappa", "pappan", "pappans", "föräldrar", "föräldrarna", "förälder", "föräldern",
        "styvpappa", "styvpappan", "styvmamma", "styvmamman", "lillasyster", "lillebror", "storebror",
        "storasyster", "paret", "kvinnan", "mannen", "nyanlända", "nyanlände", "ensamkommande",
        "pupil", "pupils", "student", "students", "child", "children", "kid", "kids", "girl", "girls",
        "boy", "boys", "family", "families", "son", "sons", "daughter", "daughters", "brother", "sister",
        "siblings", "twins", "triplets", "mother", "father", "mum", "mom", "dad", "parents", "parent",
        "stepdad", "stepmum", "stepmom", "couple", "woman", "man", "teenager", "toddler", "baby",
    }
)  # fmt: skip
# Endings that make a compound or an inflected form a person: "sexaeleven", "grannbarnen", "bonusdottern".
_PERSON_ENDINGS = (
    "eleven", "eleverna", "barnet", "barnen", "flickan", "pojken", "tjejen", "killen", "familjen", "sonen",
    "dottern", "systern", "brodern", "mamman", "pappan", "kusinen",
)  # fmt: skip
_ROLE_WORD = re.compile(ROLE + r"(?:n|en|et|na|ns|ens|ets|s|e|ar|er|arna|erna)?")
_ENGLISH_ROLES = frozenset(
    {
        "teacher", "principal", "headteacher", "janitor", "caretaker", "nurse", "coach", "priest", "vicar",
        "mayor", "librarian", "doctor", "vet", "dentist", "imam", "pastor", "owner", "chairman", "chair",
        "manager", "officer", "judge", "consul", "ambassador", "bishop", "farmer", "baker", "pharmacist",
    }
)  # fmt: skip


def _is_person_word(word: str) -> bool:
    if word in _PERSON_WORDS or word.endswith(_PERSON_ENDINGS) or word.rstrip("s’'") in _ENGLISH_ROLES:
        return True
    return _ROLE_WORD.fullmatch(word) is not None


_PERSON = WordTest(_is_person_word)

# Cue words, kept general (a kind of word, never a case): one cue feature each when the sentence has one.
_CUES: dict[str, frozenset[str]] = {
    "relative": frozenset({"som", "vars", "där", "who", "whose", "that", "where", "which"}),
    "with": frozenset({"med", "utan", "with", "without"}),
    "of": frozenset({"till", "åt", "of"}),
    "only": frozenset({"enda", "ende", "only", "bara", "endast", "just", "sole"}),
    "place": frozenset({"i", "på", "vid", "från", "in", "at", "on", "from", "near"}),
    "owns": frozenset(
        {"äger", "ägde", "driver", "drev", "har", "hade", "owns", "owned", "runs", "ran", "has", "had"}
    ),
    "lives": frozenset({"bor", "bodde", "lives", "lived", "flyttade", "moved", "kom", "came"}),
    "known": frozenset(
        {"alla", "hela", "vet", "känd", "kända", "kände", "everyone", "everybody", "whole", "famous",
         "known", "tidningen", "tidningarna", "nyheterna", "news", "paper", "papers", "tv", "svt", "radio"}
    ),
    "event": frozenset(
        {"vann", "won", "brann", "burned", "olyckan", "accident", "räddade", "rescued", "skadades", "dog",
         "died", "sköts", "shot", "dömd", "arrested", "gripen", "efterlyst", "missing", "försvann"}
    ),
    "yearround": frozenset({"året", "alltid", "always", "year", "jämt"}),
}  # fmt: skip
_ONE_OF_A_KIND = re.compile(r"\w*(?:aste|sta|est)")
_TERM = re.compile(r"[^\W_]+(?:['’-][^\W_]+)*")
_BREAKS = ".!?\n"


def _shape(word: str) -> str:
    """Numbers as their shape: a class ("4b", "7c"), an age or year count, or another number."""
    if word.isdigit():
        return "<n>" if len(word) <= 2 else "<nnnn>"
    if word[0].isdigit():
        return "<class>" if len(word) <= 3 else "<n-word>"
    return "<n-word>"


def features(sentence: str) -> list[str]:
    """The features of one sentence (any case): words, word pairs, word endings and lexicon cues."""
    words: list[str] = []
    capitals = 0
    for k, m in enumerate(_TERM.finditer(sentence)):
        term = m.group()
        if k and term[0].isupper():
            capitals += 1
        low = term.casefold()
        words.append(_shape(low) if any(c.isdigit() for c in low) else low)
    found = [f"w:{w}" for w in words]
    found += [f"b:{a}_{b}" for a, b in zip(["<s>", *words], [*words, "</s>"], strict=True)]
    found += [f"e:{w[-3:]}" for w in words if len(w) >= 6 and w[0] != "<"]
    person = [i for i, w in enumerate(words) if _PERSON[w]]
    if person:
        found.append("c:person")
        after = {words[i + 1] for i in person if i + 1 < len(words)}
        found += [f"c:person+{cue}" for cue, cue_words in _CUES.items() if not after.isdisjoint(cue_words)]
        if any(w.endswith(("ns", "ens", "ets", "'s", "’s")) for w in (words[i] for i in person)):
            found.append("c:person-genitive")
    present = set(words)
    found += [f"c:{cue}" for cue, cue_words in _CUES.items() if not present.isdisjoint(cue_words)]
    if any(_ONE_OF_A_KIND.fullmatch(w) for w in words):
        found.append("c:superlative")
    if capitals:
        found.append("c:capital")
    found.append(f"c:length{min(len(words) // 8, 4)}")
    return found


@dataclass(frozen=True)
class Model:
    """A logistic regression: the bias, the weight of each feature, and the threshold on the probability."""

    bias: float
    threshold: float
    weights: dict[str, float]

    def probability(self, sentence: str) -> float:
        """How likely it is that `sentence` singles out one person, by the learnt weights."""
        return self.probability_of(features(sentence))

    def probability_of(self, found: list[str]) -> float:
        """The probability for a sentence with these features."""
        weights = self.weights
        z = self.bias + sum(weights.get(f, 0.0) for f in found)
        return 1.0 / (1.0 + exp(-max(-30.0, min(30.0, z))))


def write_model(path: str, model: Model) -> None:
    """Write `model` as gzip'd text: the format line, bias and threshold, then one feature a line."""
    lines = [FORMAT, f"bias\t{model.bias:.5f}", f"threshold\t{model.threshold:.5f}"]
    lines += [f"{feature}\t{weight:.4f}" for feature, weight in sorted(model.weights.items())]
    with gzip.open(path, "wt", encoding="utf-8", compresslevel=9) as f:
        f.write("\n".join(lines) + "\n")


def parse_model(data: bytes) -> Model:
    """The model in `data` (what write_model wrote); ValueError if it is not that format."""
    lines = gzip.decompress(data).decode("utf-8").splitlines()
    if not lines or lines[0] != FORMAT:
        raise ValueError("not a description model of this format")
    fields = [line.split("\t") for line in lines[1:]]
    if len(fields) < 2 or fields[0][0] != "bias" or fields[1][0] != "threshold":
        raise ValueError("the model lacks its bias or threshold")
    weights = {feature: float(weight) for feature, weight in fields[2:]}
    return Model(float(fields[0][1]), float(fields[1][1]), weights)


@cache
def model() -> Model:
    """The shipped model, read once."""
    return parse_model(files(__package__).joinpath("data", MODEL_FILE).read_bytes())


def find_learnt(text: str, tokens: list[Token], lows: list[str], found: list[Finding]) -> list[Finding]:
    """Sentences of `text` with a person word, none of the rules' findings and a score over the threshold.

    `tokens` and `lows` are the text's words and their lower case; `found` what the rules found.
    """
    spans = candidates(text, tokens, lows, found)
    if not spans:
        return []
    learnt = model()
    return [
        Finding(Kind.IDENTIFYING_DESCRIPTION, start, end)
        for start, end in spans
        if learnt.probability(text[start:end]) >= learnt.threshold
    ]


def candidates(text: str, tokens: list[Token], lows: list[str], found: list[Finding]) -> list[Span]:
    """The spans of the sentences the model reads: those with a person word and no finding."""
    spans: list[Span] = []
    done = -1
    for i in _PERSON.indices(lows):
        at = tokens[i][0]
        if at < done:
            continue  # in the sentence just read
        start = max(text.rfind(c, 0, at) for c in _BREAKS) + 1
        ends = [e for c in _BREAKS if (e := text.find(c, at)) >= 0]
        done = end = min(ends) if ends else len(text)
        if not any(f.start < end and start < f.end for f in found):
            sentence = text[start:end]
            lead = len(sentence) - len(sentence.lstrip())
            spans.append((start + lead, start + len(sentence.rstrip())))
    return spans
