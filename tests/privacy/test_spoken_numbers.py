"""Numbers dictated as words: read as digits, found, and pointed at in the writer's own words."""

import pytest
from hypothesis import given
from hypothesis import strategies as st
from privacy_spans import kinds, spans

from bot.privacy import IdentifyingText, require_non_identifying, scan
from bot.privacy.normalize import normalise


@pytest.mark.parametrize(
    ("text", "kind", "said"),
    [
        # Digit by digit, the dash said as a word.
        ("Hon är född noll fem ett två tre ett streck fyra fem sex åtta och går i sexan.", "personnummer",
         "noll fem ett två tre ett streck fyra fem sex åtta"),
        # Twelve digits with no dash: Luhn decides.
        ("Hon har ett nio ett fem noll tre ett två ett två tre sex i journalen.", "personnummer",
         "ett nio ett fem noll tre ett två ett två tre sex"),
        # The date in pairs, "bindestreck".
        ("Killen har nittiotvå noll fem tolv bindestreck tre fyra fem nio.", "personnummer",
         "nittiotvå noll fem tolv bindestreck tre fyra fem nio"),
        # The year of birth in one word, "minus".
        ("Nummer tvåtusenelva noll fem noll nio minus fyra fem nio ett.", "personnummer",
         "tvåtusenelva noll fem noll nio minus fyra fem nio ett"),
        # Written date, dictated last four.
        ("Personnumret är 20110509 fyra fem nio ett.", "personnummer", "20110509 fyra fem nio ett"),
        ("Hans samordningsnummer, ett ett noll fem sex nio streck fyra fem nio åtta, står i akten.",
         "samordningsnummer", "ett ett noll fem sex nio streck fyra fem nio åtta"),
        ("Hon har reservnumret nio nio åtta tre tre ett noll två fem två.", "reservnummer",
         "nio nio åtta tre tre ett noll två fem två"),
        ("She was born one five oh three one two dash one two three six.", "personnummer",
         "one five oh three one two dash one two three six"),
        # Phones.
        ("Ring mamma på noll sju noll tre fyra fem sex sju åtta nio ikväll.", "phone",
         "noll sju noll tre fyra fem sex sju åtta nio"),
        ("Pappans mobil: noll sju noll, ett två tre, fyrtiofem, sextiosju.", "phone",
         "noll sju noll, ett två tre, fyrtiofem, sextiosju"),
        ("Noll sju tre, sju sex fem, tjugo tre, fyrtio åtta är hennes nummer.", "phone",
         "Noll sju tre, sju sex fem, tjugo tre, fyrtio åtta"),
        ("Skriv till 0703 fyra fem sex sju åtta nio om det.", "phone", "0703 fyra fem sex sju åtta nio"),
        ("Call her mum on zero seven oh three four five six seven eight nine.", "phone",
         "zero seven oh three four five six seven eight nine"),
        ("His dad is on oh seven oh double four five six seven eight nine.", "phone",
         "oh seven oh double four five six seven eight nine"),
        ("Mammans nummer är plus fyrtiosex sju noll tre fyra fem sex sju åtta nio.", "phone",
         "plus fyrtiosex sju noll tre fyra fem sex sju åtta nio"),
        # The run goes on before and after the number; the finding stays on the number's own words.
        ("Hon går i klass sju, noll fem ett två tre ett streck fyra fem sex åtta.", "personnummer",
         "noll fem ett två tre ett streck fyra fem sex åtta"),
        ("Ring noll sju noll tre fyra fem sex sju åtta nio, tre barn finns.", "phone",
         "noll sju noll tre fyra fem sex sju åtta nio"),
        ("Han har nittiotvå, noll fem, tolv, tre fyra fem nio.", "personnummer",
         "nittiotvå, noll fem, tolv, tre fyra fem nio"),
    ],
)  # fmt: skip
def test_a_dictated_number_is_found_at_the_words_that_say_it(text: str, kind: str, said: str) -> None:
    assert spans(text, kind) == [said]


@pytest.mark.parametrize(
    ("said", "digits"),
    [
        ("noll fem ett två tre ett streck fyra fem sex sju", "051231-4567"),
        ("noll sju noll, ett två tre, fyrtiofem, sextiosju", "070 123 45 67"),
        ("nittonhundranittiotvå noll fem tolv", "19920512"),
        ("tvåtusenfem noll ett tjugoen", "20050121"),
        ("0703 fyra fem sex sju åtta nio", "0703 456789"),
        ("twenty-three forty five sixty seven", "234567"),
        ("oh seven seven triple four nine", "0774449"),
        ("plus fyrtiosex sju noll tre fyra fem sex sju åtta nio", "+46703456789"),
    ],
)
def test_the_words_become_the_digits_they_say(said: str, digits: str) -> None:
    assert normalise(said).text == digits


@pytest.mark.parametrize(
    "text",
    [
        "Vi har sex elever i gruppen och en av dem är ny.",
        "Vi lekte en två tre-lek på rasten.",
        "En klass på sju åtta elever, tre av dem nya.",
        "Ett, två, tre, fyra, fem, sex, sju, åtta, nio, tio, räknade barnen högt.",
        "Tio, nio, åtta, sju, sex, fem, fyra, tre, två, ett, noll!",
        "One two three four five six, the children counted.",
        "Vi läste sidorna tolv, tretton och fjorton.",
        "Mötet är klockan tolv trettio, sen fjorton femton.",
        "Han är sex, hon är sju och lillebror tre.",
        "Eleven noll koll på läxan, tre av fem uppgifter.",
        "Oh, one more thing: two or three pupils were late.",
        "Sex sju elever i trean och fyra fem i fyran.",
    ],
)
def test_number_words_in_ordinary_text_stay_words(text: str) -> None:
    assert normalise(text).text is text
    assert scan(text) == []


@pytest.mark.parametrize(
    "text",
    [
        # Digits, but no number the detectors take: no leading 0, no date, no dash.
        "Lottoraden blev fem tolv nitton tjugotre trettioett.",
        "Vi räknade fem nio tre sju två åtta kottar var.",
    ],
)
def test_a_run_that_says_no_number_is_judged_like_written_digits(text: str) -> None:
    assert normalise(text).text != text
    assert not kinds(text) & {"personnummer", "samordningsnummer", "reservnummer", "phone"}


def test_odd_spaces_and_dashes_inside_the_words_still_point_at_them() -> None:
    said = "noll\u00a0sju noll \u2013 tre fyra fem sex sju åtta nio"
    text = f"Ring\u00a0mamma på {said} i\u00a0kväll."
    assert spans(text, "phone") == [said]


def test_text_after_a_run_keeps_its_own_offsets() -> None:
    text = "Ring noll sju noll tre fyra fem sex sju åtta nio. Hon heter Saga och går i 7B."
    names = spans(text, "person_name")
    assert names == ["Saga"]


def test_a_refusal_names_the_kind_and_the_first_word_never_the_words() -> None:
    text = "Hör av dig, ring noll sju noll tre fyra fem sex sju åtta nio."
    with pytest.raises(IdentifyingText) as refused:
        require_non_identifying(text, purpose="test")
    assert refused.value.places == [("phone", 5)]
    for word in ("noll", "sju", "0703456789"):
        assert word not in str(refused.value)
        assert word not in repr(refused.value.__dict__)


_PIECES = st.sampled_from(
    [
        "noll",
        "sju",
        "fem",
        "tjugo",
        "tre",
        "streck",
        " ",
        ", ",
        "-",
        "\u00a0",
        "\u2013",
        "\u200b",
        "12",
        "a\u030a",
        "x",
    ]
)


@given(st.lists(_PIECES, max_size=25).map("".join), st.integers(0, 200), st.integers(0, 200))
def test_offsets_map_back_inside_the_original_and_in_order(text: str, a: int, b: int) -> None:
    normalised = normalise(text)
    start, end = sorted((min(a, len(normalised.text)), min(b, len(normalised.text))))
    original_start, original_end = normalised.original_span(start, end)
    assert 0 <= original_start <= original_end <= len(text)
    # Spans that follow each other in the normalised text follow each other in the original.
    assert normalised.original_span(0, start)[1] <= original_end


@pytest.mark.parametrize(
    ("text", "said"),
    [
        # A comma after a whole number ends it: the written number after it is a number of its own.
        ("Ring noll sju noll tre fyra fem sex sju åtta nio, 070-123 45 67.",
         ["noll sju noll tre fyra fem sex sju åtta nio", "070-123 45 67"]),
        ("Ring noll sju noll tre fyra fem sex sju åtta nio, noll sju noll ett två tre fyra fem sex åtta.",
         ["noll sju noll tre fyra fem sex sju åtta nio", "noll sju noll ett två tre fyra fem sex åtta"]),
    ],
)  # fmt: skip
def test_two_numbers_a_comma_apart_are_two_numbers(text: str, said: list[str]) -> None:
    assert spans(text, "phone") == said


@pytest.mark.parametrize(
    ("text", "said"),
    [
        ("noll sju noll\ntre fyra fem sex sju åtta nio", "noll sju noll\ntre fyra fem sex sju åtta nio"),
        ("ring 0703\nfyra fem sex sju åtta nio", "0703\nfyra fem sex sju åtta nio"),
        ("Noll Sju Noll Tre Fyra Fem Sex Sju Åtta Nio", "Noll Sju Noll Tre Fyra Fem Sex Sju Åtta Nio"),
        ("NOLL SJU NOLL TRE FYRA FEM SEX SJU ÅTTA NIO", "NOLL SJU NOLL TRE FYRA FEM SEX SJU ÅTTA NIO"),
    ],
)  # fmt: skip
def test_a_number_over_two_lines_or_in_capitals_is_read(text: str, said: str) -> None:
    assert [(str(f.kind), text[f.start : f.end]) for f in scan(text)] == [("phone", said)]


def test_a_character_piece_at_a_runs_end_keeps_the_offsets_after_it() -> None:
    # The thin space after "nio" is normalised together with the "o" before it: that piece straddles the
    # run's end, and the name after it must still be found at its own letters.
    text = "Hennes nr noll sju noll tre fyra fem sex sju åtta nio\u2009och Saga Lind"
    assert spans(text, "person_name") == ["Saga Lind"]
    [phone] = spans(text, "phone")
    assert phone.strip() == "noll sju noll tre fyra fem sex sju åtta nio"
