"""Names found by the slot a sentence gives a word and by the word's letters, each beside a negative."""

import pytest
from privacy_spans import kinds, spans

from bot.privacy.name_shape import is_name_shaped, name_shape


@pytest.mark.parametrize("name", ["mirja", "ejnar", "saimon", "halvard"])
def test_names_missing_from_the_lists_are_shaped_like_names(name: str) -> None:
    assert is_name_shaped(name)


@pytest.mark.parametrize("word", ["minecraft", "fortnite", "skolvägen", "familjecentralen", "skype"])
def test_brands_and_compounds_are_shaped_like_words(word: str) -> None:
    assert not is_name_shaped(word)


def test_the_shape_is_a_graded_score() -> None:
    assert name_shape("mirja") > name_shape("halvard") > 0.0 > name_shape("fortnite")


@pytest.mark.parametrize(
    ("text", "name"),
    [
        ("Hon leker bara med Mirja på rasterna.", "Mirja"),  # a person's preposition
        ("Vi ringde Saimon två gånger.", "Saimon"),  # a verb that takes a person
        ("Storebror Halvard slår honom.", "Halvard"),  # a kin word before it
        ("Mamman till Ejnar har hört av sig.", "Ejnar"),  # a relative of the bearer
        ("Det var Ejnar som började bråket.", "Ejnar"),  # a cleft
        ("Ejnar hasn't eaten lunch this week.", "Ejnar"),  # a subject before a finite verb
        ("Vi vet att Mirja vill byta klass.", "Mirja"),  # a subject after a conjunction
    ],
)
def test_an_unlisted_word_in_a_persons_slot_with_a_names_letters_is_a_name(text: str, name: str) -> None:
    assert name in spans(text, "person_name")


@pytest.mark.parametrize(
    "text",
    [
        "Han sitter med Minecraft hela kvällarna.",  # the slot, but a brand's letters
        "Vi ringde Skype-supporten.",
        "Han är rädd för Covid.",  # "för" takes things as often as people
        "Bussen mot Ersboda går förbi skolan.",  # after a preposition the word is no subject
        "We've had issues with the parking.",  # a contraction is no name
        "Eleverna läser om Sauron i svenskan.",  # what a text is about is no person's slot
        "Jokkmokk har en fin marknad.",  # a name's letters, but a place the lists know
    ],
)
def test_a_slot_or_the_letters_alone_make_no_name(text: str) -> None:
    assert kinds(text) == set()


@pytest.mark.parametrize(
    ("text", "name"),
    [
        ("Vi pratade med saga igår om helgen.", "saga"),
        ("Hon bor hos tuva.", "tuva"),
        ("ebba och tuva har bråkat hela veckan.", "tuva"),
        ("Sent the form to alva.", "alva"),
        ("I talked to alva", "alva"),
    ],
)
def test_lower_case_names_in_a_persons_slot(text: str, name: str) -> None:
    assert name in spans(text, "person_name")


@pytest.mark.parametrize(
    "text",
    [
        "Vi läste en saga igår.",  # an article: a noun
        "Vi har jobbat med liv och hälsa.",  # no clause closes the noun
        "Han väckte den till liv.",
        "sol och vind har gjort sitt",  # two words, not two first names
        "We need to tell the parents.",  # "to" marks a verb
        "Skolgården är mörk.",
    ],
)
def test_lower_case_words_outside_a_persons_slot_pass(text: str) -> None:
    assert kinds(text) == set()


@pytest.mark.parametrize(
    ("text", "initials"),
    [("Vi tar M.A. först på mötet.", "M.A."), ("Jag pratade med E. K. igår.", "E. K.")],
)
def test_dotted_initials_as_a_persons_object(text: str, initials: str) -> None:
    assert initials in spans(text, "person_name")


@pytest.mark.parametrize("text", ["Vi tog M.A. i historia.", "Enligt U.S. Census är det så."])
def test_dotted_capitals_outside_a_persons_slot_pass(text: str) -> None:
    assert kinds(text) == set()


def test_a_familys_home_is_no_institution() -> None:
    assert spans("Vi var på Jonas Bergs hem i lördags.", "person_name") == ["Jonas Bergs"]


def test_an_institution_named_after_someone_passes() -> None:
    assert kinds("Han bor på Sankt Lukas hem.") == set()


@pytest.mark.parametrize(
    "text",
    [
        "Hon ritade Elsa från Frozen hela lektionen.",
        "He keeps drawing Anna from Frozen.",
        "Hon pratar mest om Bo Vilhelm Olsson.",
    ],
)
def test_characters_with_their_work_pass(text: str) -> None:
    assert kinds(text) == set()


@pytest.mark.parametrize(
    ("text", "name"),
    [("Liam from Year 9 said he was scared.", "Liam"), ("Elsa från Fritids har slutat komma.", "Elsa")],
)
def test_a_name_from_a_class_or_a_group_is_a_child(text: str, name: str) -> None:
    assert name in spans(text, "person_name")


@pytest.mark.parametrize(
    ("text", "names"),
    [
        ("Vi har pratat med Tiril, Mirja och Saimon.", ["Mirja", "Saimon"]),  # listed with a name
        ("Pojkarna Halvard och Ejnar bråkar.", ["Halvard", "Ejnar"]),  # a plural person noun
        ("Jag och Mirja ses imorgon.", ["Mirja"]),  # joined to a person
    ],
)
def test_words_listed_or_joined_with_a_person(text: str, names: list[str]) -> None:
    found = spans(text, "person_name")
    assert all(name in found for name in names)


@pytest.mark.parametrize(
    "text",
    ["Vi har pratat med Anna, Skolverket, Minecraft och BUP.", "Jag och Google har ingen kontakt."],
)
def test_things_listed_with_a_person_are_no_names(text: str) -> None:
    found = spans(text, "person_name")
    assert not {"Skolverket", "Minecraft", "BUP", "Google"} & set(found)


@pytest.mark.parametrize(
    ("text", "name"),
    [
        ("sagas mamma ringde igår.", "sagas"),  # a first name's genitive before kin
        ("mamma till saga ringde.", "saga"),  # a relative of the bearer
        ("storebror stig slår henne.", "stig"),  # a kin word before it
        ("hej tuva, tack för igår", "tuva"),  # a greeting
    ],
)
def test_lower_case_names_by_kin_and_greeting(text: str, name: str) -> None:
    assert name in spans(text, "person_name")


@pytest.mark.parametrize(
    "text",
    [
        "vi läste om livs villkor.",  # a genitive without kin after it
        "hej alla, tack för igår",  # a greeting to everyone
        "the student said she sleeps badly.",  # a verb after a person noun
        "Stigen till skolan är mörk.",
    ],
)
def test_lower_case_words_beside_kin_or_greetings_pass(text: str) -> None:
    assert kinds(text) == set()
