"""The hint searches answered from a text's words give exactly the answers of the plain searches."""

import pytest

from bot.privacy import hints, patterns, scan, tokens
from bot.privacy.tokens import WordFlag, WordTest, lower_words, read_words, tokenize

TEXTS = [
    "Hon bor ovanför Konsum och familjen äger pizzerian vid torget.",
    "Eleven var i tidningen, hennes pappa sitter i kommunfullmäktige.",
    "Mötet hålls på kontoret; ingen bor där.",
    "tiktok.com/@lilla_stjarnan09 och snap: sara_22",
    "Sov över hos kompisen, adress: Storgatan 12",
    "",
    "1234 5678",
    "Café-ägaren (bor’s) här – x-bor",
]
HINT_LISTS = [
    ("bor ", "bodde ", "lives ", "lived "),
    ("fullmäktige", "styrelsen", "riksdag"),
    ("tiktok.", "x.com", "t.me", "/"),
    (" nya ", " har ", " här"),
    ("sov", "adress", "lägenhet"),
    ("café", "ägaren", "’s"),
]


def _read(text: str) -> str:
    low = text.lower()
    hints.read(low, lower_words(tokenize(low, latin1=True)))
    return low


@pytest.mark.parametrize("text", TEXTS)
def test_any_in_and_occurrences_answer_as_the_plain_searches_do(text: str) -> None:
    for _ in range(2):  # in a fresh process the first round registers the lists mid-text
        low = _read(text)
        for needles in HINT_LISTS:
            assert hints.any_in(low, needles) == any(n in low for n in needles)
            assert hints.occurrences(low, needles) == patterns.occurrences(low, needles)
            padded = f" {low} "
            assert hints.any_in(low, needles, padded) == any(n in padded for n in needles)


def test_a_text_that_was_not_read_is_searched_in_full() -> None:
    _read("nothing here")
    other = "hon bor ovanför konsum"
    assert hints.any_in(other, ("bor ",))
    assert hints.occurrences(other, ("bor ", "konsum")) == {4, 16}


def test_a_word_test_remembers_each_word_and_picks_the_indices_that_pass() -> None:
    calls: list[str] = []

    def long_word(word: str) -> bool:
        calls.append(word)
        return len(word) > 3

    test = WordTest(long_word, limit=2)
    assert test.indices(["en", "elev", "en", "skola"]) == [1, 3]
    assert calls == ["en", "elev", "skola"]  # "en" was tested once; the memo was emptied at its limit


def test_a_word_flag_answers_from_the_words_read_as_word_by_word() -> None:
    capital = WordFlag(lambda word: word[0].isupper(), as_written=True)
    person = WordFlag(lambda word: word in {"elev", "eleven"})
    words = tokenize("Anna och eleven Per gick hem", latin1=True)
    lows = read_words(words)
    assert capital.indices(words, lows) == [0, 3]
    assert person.indices(words, lows) == [2]
    # A list other than the one read last (another thread's text, or one not read so) is tested word by word.
    assert capital.indices(words, list(lows)) == [0, 3]
    assert person.indices(words, list(lows)) == [2]
    assert person.indices(words, lower_words(words)) == [2]


def test_the_words_of_what_the_guard_finds_are_not_remembered_and_other_words_are() -> None:
    memos = [tokens._RECORDS, hints._BITS.words]
    assert scan("Eleven Qwzxyklo i 7B har slutat komma.")
    assert all(word not in memo for memo in memos for word in ("Qwzxyklo", "qwzxyklo"))
    for _ in range(2):  # the first scan in a process may register hints part way, which resets the memos
        assert not scan("Vi ses på mötet om qwzxyaab.")
    assert all("qwzxyaab" in memo for memo in memos)
    assert hints._current == ("", -1, 0)  # nor is the text kept once the scan ends
    assert tokens._current == (None, [])
