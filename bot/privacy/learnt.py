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
from bisect import bisect_left
from dataclasses import dataclass
from functools import cache
from importlib.resources import files
from math import exp
from operator import itemgetter, methodcaller

from bot.privacy.descriptions import one_of_many
from bot.privacy.findings import Finding, Kind
from bot.privacy.tokens import Span, Token, WordFlag, WordMemo, is_latin1, lower_words, tokenize

MODEL_FILE = "description_model.txt.gz"
FORMAT = "bryggan-description-model 1"

# Words for a person (or a family, a couple, siblings) in Swedish in the definite form or the genitive
# ("eleven", "pappans": this one person) and in English in any form: a sentence without one singles
# nobody out, or leaves it to the rules ("vår enda elev från …"). Indefinite Swedish
# forms ("en elev", "barn", "föräldrar") were a third of the sentences read and describe a kind of
# person; without them the cross-validation caught 43 rather than 42 of part 11's 45 descriptions, at
# 0.8 rather than 0.6 points more false positives, reading a third fewer sentences. Not "man" nor
# "vet", which are Swedish words too ("man kan", "vi vet"). Not a staff role alone ("rektorns beslut"):
# the rules read a role's relatives ("rektorns son"), and the model learnt the role, not the relation.
_PERSON_WORDS = frozenset(
    {
        "eleven", "eleverna", "elevens", "barnet", "barnen", "barnets", "flickan", "pojken", "tjejen",
        "killen", "ungen", "ungarna", "grabben", "familjen", "familjens", "personen", "sonen", "sönerna",
        "dottern", "döttrarna", "brodern", "brorsan", "systern", "syskonen", "syskonparet", "tvillingarna",
        "trillingarna", "kusinen", "mamman", "mammans", "pappan", "pappans", "föräldrarna", "föräldern",
        "styvpappan", "styvmamman", "paret", "kvinnan", "mannen", "nyanlände",
        "pupil", "pupils", "student", "students", "child", "children", "kid", "kids", "girl", "girls",
        "boy", "boys", "family", "families", "son", "sons", "daughter", "daughters", "brother", "sister",
        "siblings", "twins", "triplets", "mother", "father", "mum", "mom", "dad", "parents", "parent",
        "stepdad", "stepmum", "stepmom", "couple", "woman", "teenager", "toddler", "baby",
    }
)  # fmt: skip
# Endings that make a compound or an inflected form a person: "sexaeleven", "grannbarnen", "bonusdottern".
_PERSON_ENDINGS = (
    "eleven", "eleverna", "barnet", "barnen", "flickan", "pojken", "tjejen", "killen", "familjen", "sonen",
    "dottern", "systern", "brodern", "mamman", "pappan", "kusinen",
)  # fmt: skip


def _is_person_word(word: str) -> bool:
    return word in _PERSON_WORDS or word.endswith(_PERSON_ENDINGS)


_PERSON = WordFlag(_is_person_word)

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
# Each cue word's cues, so that a sentence's are found by one set intersection.
_CUE_OF: dict[str, tuple[str, ...]] = {
    word: tuple(f"#{cue}" for cue, cue_words in _CUES.items() if word in cue_words)
    for word in frozenset().union(*_CUES.values())
}
_PERSON_CUE_OF = {word: tuple(f"#person+{cue[1:]}" for cue in cues) for word, cues in _CUE_OF.items()}
_SUPERLATIVE = re.compile(r"(?:aste|sta|est)\b")
_GENITIVE = methodcaller("endswith", ("ns", "ens", "ets", "'s", "’s"))
_LENGTHS = [f"#length{n}" for n in range(5)]
_ENDING_FROM = 6
_BREAKS = ".!?\n"
# "inte den enda eleven som …", "not the only one": uniqueness denied singles nobody out (as the rules
# read it too); such a sentence is not scored.
_NEGATED_ONLY = re.compile(
    r"\b(?:inte|ej|aldrig|ingen|not|never)\s+(?:(?:den|det|de|the)\s+)?(?:enda|ende|only)\b"
)
_DIGIT = re.compile(r"\d")
# "Barnet som jag ringde om i förra veckan …", "the pupil I wrote about yesterday": the writer points back
# at their own earlier consultation, which singles nobody out; that clause is left out of the scoring.
# The verbs of such a clause; a sentence holding none of them as a word is not searched.
_EARLIER_VERBS = frozenset(
    {"skrev", "skrivit", "ringde", "ringt", "pratade", "pratat", "mejlade", "mejlat", "berättade", "berättat",
     "nämnde", "nämnt", "frågade", "frågat", "konsulterade", "konsulterat", "wrote", "called", "rang",
     "emailed", "mentioned", "asked", "talked", "spoke"}
)  # fmt: skip
_EARLIER_MENTION = re.compile(
    # Read as written: the English "I" only in capitals (a Swedish "i" is "in").
    r"(?:\b(?i:som\s+)?(?i:jag|vi)|\b(?:(?i:that|who|whom)\s+)?(?:I|(?i:we)))\s+(?i:\w+\s+){0,2}?"
    rf"(?i:{'|'.join(sorted(_EARLIER_VERBS))})"
    r"\s+(?i:om|kring|about|of)\b(?i:\s+(?:igår|i går|förut|tidigare|senast|yesterday|earlier|last week"
    r"|i förra veckan|förra veckan|i morse|i måndags|i tisdags|i onsdags|i torsdags|i fredags))?"
)
# "football is the only thing that makes him happy", "det enda sättet": uniqueness of a thing, not of a
# person, is left out (not a bare "det enda som": "barnet är det enda som har hörapparat").
_ONLY_THING = re.compile(
    r"\b(?:the|det|den)\s+(?:only|enda|ende)\s+(?:thing|things|way|reason|time|place|subject|food|sak|saken"
    r"|sättet|gången|anledningen|ämnet|stället|maten)\b",
    re.IGNORECASE,
)
_START = itemgetter(0)


@dataclass(frozen=True, slots=True)
class Sentence:
    """What the model reads of a sentence: its words in lower case (letters only, as the guard's tokens
    are), which of them are person words, whether a word after the first is capitalised (a place, a
    club), whether it holds a digit (a class, an age, a year: numbers count by that shape alone) and
    a word ending like a superlative ("yngsta", "only the oldest")."""

    words: list[str]
    people: list[int]
    capital: bool
    number: bool
    superlative: bool


# Within Latin-1 (nearly every text) lower() changes these letters alone, and matching the superlative
# pattern regardless of case is matching it on the lower case: a sentence is read once by a search, not
# copied by lower(), which costs some fifty instructions a character outside ASCII.
_LATIN1_UPPER = re.compile("[A-Z\xc0-\xd6\xd8-\xde]")
_SUPERLATIVE_ANY_CASE = re.compile(_SUPERLATIVE.pattern, re.IGNORECASE)


def _negated_only(sentence: str, words: str) -> bool:
    # Every match holds "end" or "only" and ends in it: most sentences hold neither, and the pattern,
    # which begins with \b, would be tried at each of their characters. Letters stand in words alone, so
    # the sentence's words (`words`, lower case, apart) hold the two wherever its lower case does.
    return ("end" in words or "only" in words) and _NEGATED_ONLY.search(sentence.lower()) is not None


def _superlative(text: str, start: int, end: int, words: str, latin1: bool) -> bool:
    """Whether `text[start:end]` in lower case has a superlative ending; `words` are its words in lower
    case, apart, and `latin1` whether the text is within Latin-1."""
    # Every ending the pattern finds holds "st"; it is tried at each character, the search for "st" is not.
    if "st" not in words:
        return False
    if latin1:
        return _SUPERLATIVE_ANY_CASE.search(text, start, end) is not None
    return _SUPERLATIVE.search(text[start:end].lower()) is not None


def _capital(text: str, start: int, end: int, latin1: bool) -> bool:
    """Whether `text[start:end]` holds a letter in upper case (one that lower() changes)."""
    if latin1:
        return _LATIN1_UPPER.search(text, start, end) is not None
    part = text[start:end]
    return part != part.lower()


class _Endings(WordMemo[str | None]):
    """Per word, its ending feature ("-ens" for a word of six letters or more), or None."""

    def answer(self, word: str) -> str | None:
        return "-" + word[-3:] if len(word) >= _ENDING_FROM else None


_ENDING = _Endings()


def features(sentence: Sentence) -> set[str]:
    """The features of one sentence, each counted once, in four kinds that cannot clash (words hold no
    "_" and start with a letter): a word ("enda"), a word pair ("som_bor", with "<s>" and "</s>" at the
    ends), the last three letters of a word of six or more ("-ens"), and a cue from the guard's lexicon
    ("#person+relative": a relative word right after a person word)."""
    words, people = sentence.words, sentence.people
    found = {*words, *map("_".join, zip(["<s>", *words], [*words, "</s>"], strict=True))}
    found.update(filter(None, map(_ENDING.__getitem__, words)))  # a short word has no ending (None)
    after = {words[i + 1] for i in people if i + 1 < len(words)}
    found.update([cue for word in after.intersection(_CUE_OF) for cue in _PERSON_CUE_OF[word]])
    found.update([cue for word in _CUE_OF.keys() & found for cue in _CUE_OF[word]])
    if any(map(_GENITIVE, [words[i] for i in people])):
        found.add("#person-genitive")
    if sentence.superlative:
        found.add("#superlative")
    if sentence.capital:
        found.add("#capital")
    if sentence.number:
        found.add("#number")
    found.add(_LENGTHS[min(len(words) // 8, 4)])
    return found


def read_sentence(text: str, tokens: list[Token], lows: list[str], span: Span) -> Sentence:
    """The sentence of `text` at `span`, read from the text's tokens and their lower-case words."""
    start, end = span
    first = bisect_left(tokens, start, key=_START)
    last = bisect_left(tokens, end, first, key=_START)
    people = [first + i for i in _PERSON.indices(tokens[first:last], lows[first:last])]
    return _sentence(text, is_latin1(text), tokens, lows, span, first, last, people)


def _sentence(
    text: str,
    latin1: bool,
    tokens: list[Token],
    lows: list[str],
    span: Span,
    first: int,
    last: int,
    people: list[int],
    cut: Span | None = None,
) -> Sentence:
    start, end = span
    if cut is not None:  # the sentence read without the words of `cut`, which stands blank
        text = text[: cut[0]] + " " * (cut[1] - cut[0]) + text[cut[1] :]
        kept = [i for i in range(first, last) if not cut[0] <= tokens[i][0] < cut[1]]
        at = {i: n for n, i in enumerate(kept)}
        words, persons = [lows[i] for i in kept], [at[i] for i in people if i in at]
        after_first = tokens[kept[0]][1] if kept else end
    else:
        words, persons = lows[first:last], [i - first for i in people]
        after_first = tokens[first][1] if first < last else end
    return Sentence(
        words,
        persons,
        _capital(text, after_first, end, latin1),
        _DIGIT.search(text, start, end) is not None,
        _superlative(text, start, end, " ".join(words), latin1),
    )


def sentence_of(text: str) -> Sentence:
    """`text` read as one sentence (for a sentence on its own, as in tests)."""
    tokens = tokenize(text, latin1=is_latin1(text))
    return read_sentence(text, tokens, lower_words(tokens), (0, len(text)))


@dataclass(frozen=True)
class Model:
    """A logistic regression: the bias, the weight of each feature, and the threshold on the probability."""

    bias: float
    threshold: float
    weights: dict[str, float]

    def probability(self, sentence: Sentence) -> float:
        """How likely it is that `sentence` singles out one person, by the learnt weights."""
        # Each feature looked up once (no intersection made first), those without a weight left out.
        return self._of(sum(filter(None, map(self.weights.get, features(sentence)))))

    def probability_of(self, found: set[str]) -> float:
        """The probability for a sentence with these features (a set intersection and a sum, in C)."""
        weights = self.weights
        return self._of(sum(map(weights.__getitem__, weights.keys() & found)))

    def _of(self, weighted: float) -> float:
        z = self.bias + weighted
        return 1.0 / (1.0 + exp(-max(-30.0, min(30.0, z))))


def write_model(path: str, model: Model) -> None:
    """Write `model` as gzip'd text: the format line, bias and threshold, then one feature a line."""
    lines = [FORMAT, f"bias\t{model.bias:.5f}", f"threshold\t{model.threshold:.5f}"]
    lines += [f"{feature}\t{weight:.4f}" for feature, weight in sorted(model.weights.items())]
    # No time stamp in the gzip header: the same weights give the same file.
    data = gzip.compress(("\n".join(lines) + "\n").encode("utf-8"), compresslevel=9, mtime=0)
    with open(path, "wb") as f:
        f.write(data)


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
    people = _PERSON.indices(tokens, lows)
    if not people:
        return []
    learnt = model()
    latin1 = is_latin1(text)
    results = []
    for span, first, last, persons, cut in _candidates(text, tokens, lows, people, found):
        sentence = _sentence(text, latin1, tokens, lows, span, first, last, persons, cut)
        if learnt.probability(sentence) >= learnt.threshold:
            results.append(Finding(Kind.IDENTIFYING_DESCRIPTION, *span))
    return results


def candidates(text: str, tokens: list[Token], lows: list[str], found: list[Finding]) -> list[Span]:
    """The spans of the sentences the model reads: those with a person word and no finding."""
    return [c[0] for c in _candidates(text, tokens, lows, _PERSON.indices(tokens, lows), found)]


def _earlier_mention(sentence: str, lows: list[str]) -> tuple[int, int] | None:
    """The span in `sentence` (its words `lows`, lower case) of a clause pointing back at the writer's own
    earlier message, if any."""
    if _EARLIER_VERBS.isdisjoint(lows):
        return None
    m = _EARLIER_MENTION.search(sentence)
    return m.span() if m else None


def _only_thing(sentence: str, words: str) -> tuple[int, int] | None:
    """The span in `sentence` (`words`: its words in lower case, apart) of "the only thing", if any."""
    if " only " not in words and " end" not in words:
        return None
    m = _ONLY_THING.search(sentence)
    return m.span() if m else None


def _sentence_around(text: str, breaks: list[str], at: int) -> Span:
    """The start and the break (or the end of the text) of the sentence holding offset `at`, found by a
    search on either side for each of the `breaks` the text holds (the text's few person words ask, where
    a regex for the breaks would read every character)."""
    start = max([text.rfind(c, 0, at) for c in breaks], default=-1) + 1
    return start, min([e for c in breaks if (e := text.find(c, at)) != -1], default=len(text))


def _candidates(
    text: str, tokens: list[Token], lows: list[str], people: list[int], found: list[Finding]
) -> list[tuple[Span, int, int, list[int], Span | None]]:
    """Each sentence with a person word and no finding: its span, its first and last-but-one token, the
    indices of its person words and the clause the model leaves out (see one_of_many), if any."""
    # A sentence runs from after a break to the next break (or the end of the text), which is its own.
    sentences: dict[Span, list[int]] = {}
    breaks = [c for c in _BREAKS if c in text]
    end = -1
    for i in people:
        if (at := tokens[i][0]) > end:  # beyond the sentence of the person word before
            start, end = _sentence_around(text, breaks, at)
            persons = sentences[start, end] = []
        persons.append(i)
    if found:  # the sentences a rule's finding touches are the rules' to judge
        sentences = {
            (start, end): persons
            for (start, end), persons in sentences.items()
            if not any(f.start <= end and start < f.end for f in found)
        }
    result = []
    for (start, end), persons in sentences.items():
        sentence = text[start:end]
        span = (start + len(sentence) - len(sentence.lstrip()), start + len(sentence.rstrip()))
        first = bisect_left(tokens, span[0], key=_START)
        last = bisect_left(tokens, span[1], first, key=_START)
        words = f" {' '.join(lows[first:last])} "
        if _negated_only(sentence, words):
            continue
        # A clause that makes someone one of many, points back at the writer's earlier consultation or
        # makes a thing the only one is not scored; the rest of the sentence is.
        many = (
            one_of_many(sentence, words)
            or _earlier_mention(sentence, lows[first:last])
            or _only_thing(sentence, words)
        )
        if many is not None:
            cut = (start + many[0], start + many[1])
            result.append(
                (span, first, last, [i for i in persons if not cut[0] <= tokens[i][0] < cut[1]], cut)
            )
        else:
            result.append((span, first, last, persons, None))
    return result
