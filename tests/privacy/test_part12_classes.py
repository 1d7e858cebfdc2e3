"""Classes the guard learned from part 12 once it had been measured held out.

Each class is shown by sentences written for this test, not the corpus lines that revealed it, so a
rule written for one line and not for its class fails them. Beside each stand sentences that must
pass: the class must not catch the ordinary text around it.
"""

from datetime import date

import pytest
from privacy_spans import kinds, spans

from bot.privacy.personnummer import luhn_valid

# Shaped like a personnummer dated this year, as a new case's number is, with a wrong check digit.
_THIS_YEARS_NUMBER = next(
    f"{n[:8]}-{n[8:]}" for d in "0123456789" if not luhn_valid((n := f"{date.today():%Y}0302118{d}")[2:])
)


@pytest.mark.parametrize(
    "text",
    [
        # A case's number word, then a few words ending in a colon, then this year's date-shaped number.
        f"Ärendenummer som vi fick av mottagningen: {_THIS_YEARS_NUMBER}.",
        f"Case number in the portal: {_THIS_YEARS_NUMBER}, please quote it.",
        f"Diarienummer hos nämnden: {_THIS_YEARS_NUMBER}",
    ],
)
def test_a_case_number_after_a_phrase_and_a_colon_is_no_personnummer(text: str) -> None:
    assert not {"personnummer", "samordningsnummer"} & kinds(text)


@pytest.mark.parametrize(
    "text",
    [
        # An old date after the same words is the child's number the case is about.
        "Ärendenummer gäller eleven: 20140312-2389",
        # A colon with no case word before it.
        "Elevens nummer enligt skolan: 20140312-2389",
    ],
)
def test_a_childs_number_after_such_words_is_still_found(text: str) -> None:
    assert "personnummer" in kinds(text)


@pytest.mark.parametrize(
    ("text", "found"),
    [
        # The "@" in brackets glued to the local part, the dots as the word "punkt".
        ("Mamma vill ha svar på karl.berg77(at)telia punkt com", "karl.berg77(at)telia punkt com"),
        # "snabel a" in two words.
        ("mejla henne på lina.h snabel a hotmail punkt se", "lina.h snabel a hotmail punkt se"),
    ],
)
def test_spoken_email_addresses(text: str, found: str) -> None:
    assert spans(text, "email") == [found]


@pytest.mark.parametrize(
    "text",
    ["the snabel a key on my keyboard is broken, punkt slut", "Vi ses at noon, punkt."],
)
def test_the_spoken_words_alone_are_no_address(text: str) -> None:
    assert "email" not in kinds(text)


@pytest.mark.parametrize(
    ("text", "found"),
    [
        # The field's name, a few words and a colon, then the date (dotted, or the day in words).
        ("Födelsedatum enligt Migrationsverket: 03.07.2014", "03.07.2014"),
        ("Vi behöver födelsedatum på blanketten: tjugoandra maj 2013.", "tjugoandra maj 2013"),
        ("Date of birth as per the passport: 3rd of May 2012", "3rd of May 2012"),
        # A birthday in the past tense on a day with a fixed date.
        ("Hon fyllde år på julafton och fick ingen present.", "julafton"),
    ],
)
def test_birth_dates_after_a_field_name_or_a_past_birthday(text: str, found: str) -> None:
    assert spans(text, "birth_date") == [found]


@pytest.mark.parametrize(
    "text",
    [
        # An event's date after "birthday" and a colon; a count after the field's name.
        "Birthday party invitations: 14 June at the park.",
        "Födelsedatum saknas i ansökan: 12 elever har inte lämnat det.",
        # A birthday on a day of the week gives no date.
        "Han fyllde år i fredags och vi sjöng i klassen.",
    ],
)
def test_other_dates_near_birth_words_pass(text: str) -> None:
    assert "birth_date" not in kinds(text)


@pytest.mark.parametrize(
    ("text", "found"),
    [
        # Where someone sleeps or stays, in English, without a number.
        ("She has been sleeping at her aunt's on Lindvägen since Friday.", "Lindvägen"),
        # A name with a house number right after a verb of living there, whatever it ends in.
        ("Hon bor på Ekbacken 12 med sin mamma.", "Ekbacken 12"),
        ("They live at Fernhill 12 since the summer.", "Fernhill 12"),
    ],
)
def test_homes_named_after_sleeping_or_living(text: str, found: str) -> None:
    assert spans(text, "street_address") == [found]


@pytest.mark.parametrize(
    "text",
    [
        # A count of nights or days, not a house number; a floor.
        "Familjen bor på Scandic 3 nätter till.",
        "Han bor på Ica 2 dagar i veckan, säger han.",
        "Vi bor på Plan 3 i det nya huset.",
    ],
)
def test_counts_and_floors_after_living_are_no_address(text: str) -> None:
    assert "street_address" not in kinds(text)


@pytest.mark.parametrize(
    ("text", "found"),
    [
        # An English word-name before a verb of asking, or before a capitalised class word.
        ("Faith asked to sit alone at lunch again.", "Faith"),
        ("Grace from Year 8 says her brother hits her.", "Grace"),
        ("Is Rose in Grade 6 still off sick?", "Rose"),
        # A month or another listed non-name as the subject of a verb of saying.
        ("Maj berättade att mamma inte kommer hem på nätterna.", "Maj"),
        # "The <surname> family".
        ("The Nowicki family wants all letters in Polish.", "Nowicki"),
        ("the Okafor twins were collected by an uncle", "Okafor"),
        # What a handover is about.
        ("Jag har fått en överlämning om Dariusz från förra skolan.", "Dariusz"),
        # Lower case: the child of a pupil's staff word, and whether anyone has seen someone.
        ("mentorn för liv har inte hört av sig", "liv"),
        ("har nån sett till elin? hon skulle ha prov nu", "elin"),
    ],
)
def test_names_in_the_slots_part_12_showed(text: str, found: str) -> None:
    assert found in spans(text, "person_name")


@pytest.mark.parametrize(
    "text",
    [
        # A month in its own sentence, and as the words of a calendar.
        "I juni säger vi hejdå till niorna.",
        "Juni är den bästa månaden för friluftsdagar.",
        # A family that is no one's surname.
        "The Royal family visited the town in May.",
        # A handover about a subject; a mentor for a class; seeing to something.
        "Överlämning om matematiken sker i maj.",
        "mentorn för 8b har möte på tisdag",
        "Vi har sett till att alla har fått mat.",
        # Looking up to a public figure is still no child.
        "Han ser upp till Zlatan och vill bli fotbollsproffs.",
    ],
)
def test_the_slots_around_ordinary_words_pass(text: str) -> None:
    assert "person_name" not in kinds(text)


@pytest.mark.parametrize(
    "text",
    [
        # A pet named after a compound on a definite animal noun, capitalised or not.
        "Klassmarsvinet Doris har fått ungar.",
        "skolhunden bella behöver passning i helgen",
        # A holiday, then its verb in the passive, after "att" as at a sentence start.
        "Det är tradition att Lucia firas i aulan.",
        # A performer's stage name watched often, and a singer the pupils have tickets for.
        "Eleverna tittar mycket på Mr Bean och härmar honom.",
        # A work read or watched often: "ofta" between the verb and the title.
        "Hon läser ofta Sixten Ek.",
        "Molly Sandén sjunger på arenan, eleverna har fått biljetter.",
        # A sentence-initial inflection of a longer word before a class or a group.
        "Ledigheten i åk 8 beviljas av rektor.",
        "Stängt på fritids under lovet.",
        # A room's name in quotes after the word for the room.
        'Nytt klassrum: "Iris" ligger i A-huset.',
    ],
)
def test_pets_holidays_performers_inflections_and_rooms_are_no_names(text: str) -> None:
    assert "person_name" not in kinds(text)


@pytest.mark.parametrize(
    ("text", "found"),
    [
        # A pet's noun does not hide a child's full name with a class.
        ("Klasskaninen Elsa Berg i 3A", "Elsa Berg"),
        # A child singing, whose parents get the tickets.
        ("Amira sjunger på konserten och föräldrarna får biljetter.", "Amira"),
        # The talk is with a child, however often.
        ("Vi pratar mycket med Elin om det.", "Elin"),
        # A name no list holds before a class, spelled like one.
        ("Dzenan i 5B slog en kompis.", "Dzenan"),
        # A child's name in quotes, no room before it.
        ('Eleven "Iris" i 4B har slutat.', "Iris"),
    ],
)
def test_children_beside_those_classes_are_still_named(text: str, found: str) -> None:
    assert found in spans(text, "person_name")


@pytest.mark.parametrize(
    "text",
    [
        # A work the sentence says is one, with a place or time after its noun.
        "Ivanhoe was the set text in Year 9.",
        "Bröderna Lejonhjärta är en bok vi läser i 4B.",
    ],
)
def test_a_work_said_to_be_one_is_no_name(text: str) -> None:
    assert "person_name" not in kinds(text)


@pytest.mark.parametrize(
    ("text", "found"),
    [
        # A noun after the work's noun makes a child's role.
        ("Elin is a book lover in 5C.", "Elin"),
        ("Lisa was the book monitor in Year 4.", "Lisa"),
    ],
)
def test_a_childs_role_named_after_a_work_noun_keeps_the_name(text: str, found: str) -> None:
    assert found in spans(text, "person_name")


def test_a_childrens_line_abroad_is_a_service() -> None:
    assert "phone" not in kinds("In Australia, Lifeline answers on 0813 1114 all night.")


def test_a_parents_number_beside_such_a_line_is_still_found() -> None:
    assert "phone" in kinds("Her mum said Childline gave her 0701234567 to call.")


def test_one_of_several_with_an_aid_singles_no_one_out() -> None:
    assert "identifying_description" not in kinds(
        "Pojken med hörapparat – en av fyra på skolan – sitter längst fram."
    )


@pytest.mark.parametrize(
    "text",
    [
        # The aid in one class, and one of only two, still single the child out.
        "Pojken med hörapparat i 4B sitter längst fram.",
        "Flickan med rullstol i 3A är en av bara två på skolan.",
        # A county's one governor; kin of whoever did a violent act; a voice everyone knows.
        "Flickan är dotter till länets landshövding.",
        "Han är storebror till den kille som knivhögg en vakt på stationen.",
        "Hon är syster till killen som sköt vid skolan.",
        "Hennes mamma läser väderleksrapporten på tv – det är rösten alla känner igen.",
    ],
)
def test_descriptions_that_single_out_one_child(text: str) -> None:
    assert "identifying_description" in kinds(text)


@pytest.mark.parametrize(
    "text",
    [
        # A hunter's shot, a post every county has, recognising oneself.
        "Han var brorson till en man som sköt älg i helgen.",
        "Vi har en landshövding i varje län.",
        "Alla känner igen sig i den boken.",
    ],
)
def test_the_same_words_singling_out_no_one_pass(text: str) -> None:
    assert "identifying_description" not in kinds(text)


@pytest.mark.parametrize(
    ("text", "found"),
    [
        # A direction typed without å, ä and ö before the street word.
        ("Hon har flyttat till Sodra Vagen 3, Luleå.", "Sodra Vagen 3"),
        # A capitalised adjective before a definite street word in lower case.
        ("De bor hos farmor på Breda vägen 7, 1 tr.", "Breda vägen 7"),
    ],
)
def test_streets_in_two_words(text: str, found: str) -> None:
    assert spans(text, "street_address") == [found]


@pytest.mark.parametrize("text", ["Korsa gatan 2 gånger.", "Vi gick över gatan 3 gånger."])
def test_a_street_word_without_a_name_is_no_address(text: str) -> None:
    assert "street_address" not in kinds(text)
