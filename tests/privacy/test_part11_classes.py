"""Classes the guard learned from part 11 once it had been measured held out.

Each class is shown by sentences written for this test, not the corpus lines that revealed it, so a
rule written for one line and not for its class fails them. Beside each stand sentences that must
pass: the class must not catch the ordinary text around it. (Descriptions that single a child out are
left to their own detector and not covered here.)
"""

from datetime import date

import pytest
from privacy_spans import kinds, spans

from bot.privacy.personnummer import luhn_valid

# Shaped like a personnummer with a valid check digit, dated this year as a new case's number is.
_THIS_YEARS_NUMBER = next(
    f"{n[:6]}-{n[6:]}" for d in "0123456789" if luhn_valid(n := f"{date.today():%y}0211014{d}")
)


@pytest.mark.parametrize(
    ("text", "found"),
    [
        # English given names that are also words, in a pupil's slot: a class, or a person's verb.
        ("Could you look in on Dawn in Year 4 after lunch?", "Dawn"),
        ("Ray (7C) has been sleeping in class all week.", "Ray"),
        ("Chase has a black eye again and will not say why.", "Chase"),
        # The one everyone calls something: the person stands before the callers.
        ("the girl everybody calls Pixie was crying at the bus stop", "Pixie"),
        ("Tjejen som alla kallar Myran har inte ätit lunch på en vecka.", "Myran"),
        # A first name's genitive in lower case before kin, with an apostrophe.
        ("can u ring noah's dad about the trip", "noah's"),
        # Swedish given names that are words, as a subject.
        ("Ask säger att han inte får äta hemma.", "Ask"),
        # A name that is also a month, as the subject of a question after its modal.
        ("Får Maj gå hem tidigare i dag? Pappa ringde.", "Maj"),
        # A name no list holds, at a sentence start before a child's verb.
        ("Dzemal stör hela lektionen och springer ut.", "Dzemal"),
        # One dotted initial in brackets, then a class or a person's verb.
        ("Teckningen gjordes av (M.) i 2C och visar pappan med kniv.", "M."),
        # A capitalised first name after "@" mentions someone in the chat.
        ("@Helena kan du ringa socialtjänsten om familjen?", "@Helena"),
        # A lower-case name as the subject of "har" and something only a person has.
        ("ebba har personnummer som slutar på 1234", "ebba"),
    ],
)
def test_names_in_the_slots_part_11_showed(text: str, found: str) -> None:
    assert found in spans(text, "person_name")


@pytest.mark.parametrize(
    "text",
    [
        # The same words as words: a modal, a request, a noun.
        "Will the parents be told before Friday?",
        "Mark the date in your calendar, please.",
        "Tell the nurse about the rash.",
        "pls tell the nurse about the rash",
        "Ask the mentor if the trip is still on.",
        # What a game or a thing is called.
        "the game that we call Tag is popular at break",
        "Vi kallar mötet Tisdagsfika.",
        # A genitive of a word, not of a name.
        "the dog's bowl is in the staff room",
        # A month in a question, written as Swedes write months.
        "Kan vi flytta mötet till juni?",
        # An ordinary noun with a definite ending at a sentence start.
        "Gruppen bråkar mycket efter lunch.",
    ],
)
def test_the_same_words_as_ordinary_words_pass(text: str) -> None:
    assert "person_name" not in kinds(text)


@pytest.mark.parametrize(
    "text",
    [
        # Brands and chains named after a person.
        "Hon fick en jacka från Tommy Hilfiger och en väska från Michael Kors.",
        # A company that has sponsored something.
        "Stig Larsson AB har sponsrat nya bollar till fritids.",
        # A work on the schedule.
        "Fröken Julie står på schemat i svenska 3.",
        # A singer on tv.
        "Lena Philipsson sjöng i Melodifestivalen och alla i 4B härmar henne.",
        # A pet named after a relative clause; a mascot whose second name is an animal.
        "Hunden som mormor har heter Ludde.",
        "Maskoten Kalle Kanin kommer till föräldramötet.",
        # A holiday, then its verb in lower case.
        "Midsommar firas på skolgården i år.",
        # Two characters and their work.
        "He keeps drawing Woody and Buzz from Toy Story.",
        # A name before an English noun for a place.
        "Lunch is served in the 'Oak' hall and the Iris garden is closed.",
    ],
)
def test_brands_works_performers_pets_holidays_characters_and_places_are_no_names(text: str) -> None:
    assert "person_name" not in kinds(text)


@pytest.mark.parametrize(
    ("text", "found"),
    [
        # A first name on the schedule is someone's turn.
        ("Ali står på schemat för rastvakt i dag.", "Ali"),
        # A pupil singing at the school's own concert.
        ("Elin sjöng på julavslutningen och grät efteråt.", "Elin"),
        # A pet's owner is still named.
        ("Katten som Elias har heter Sigge.", "Elias"),
        # A name and a surname after a mascot word are a person's.
        ("Maskoten i år är Lisa Berg i 3A.", "Lisa Berg"),
        # A child from a year group, not a character from a work.
        ("Liam and Noah from Year 9 were fighting again.", "Liam"),
    ],
)
def test_people_beside_those_classes_are_still_named(text: str, found: str) -> None:
    assert found in spans(text, "person_name")


@pytest.mark.parametrize(
    ("text", "kind", "found"),
    [
        # The "@" spelled "snabel-a" alone, or "(a)"; a dot spelled "(punkt)".
        ("mamman: lina.ek snabel-a hotmail.com", "email", "lina.ek snabel-a hotmail.com"),
        ("skicka till ahmadi.f(a)yahoo(punkt)se", "email", "ahmadi.f(a)yahoo(punkt)se"),
        # A quoted account name after "snapchat är".
        ('Hans snapchat är "liten.bjorn" och han skriver till äldre killar.', "social_media", "liten.bjorn"),
    ],
)
def test_contacts_in_the_forms_part_11_showed(text: str, kind: str, found: str) -> None:
    assert found in spans(text, kind)


@pytest.mark.parametrize(
    ("text", "kind"),
    [
        # A service's mailbox in English words.
        ("Write to safeguarding@school.example.org with concerns.", "email"),
        ("Questions go to pupilservices@exempel.se.", "email"),
        # A letter in brackets in a list.
        ("Välj alternativ (a) eller (b) på blanketten.", "email"),
        # The platform said to be something, not named.
        ("Snapchat är farligt för barn under 13.", "social_media"),
        # A case number introduced as one, shaped like a personnummer and dated this year.
        (
            f"Vårt ärendenummer är {_THIS_YEARS_NUMBER}, ange det.",
            "personnummer",
        ),
        # A central service's number.
        ("Larmcentralen nås på 010-456 67 00 dygnet runt.", "phone"),
        # A first name in lower case after "@" is an account's handle, and a kind of its own.
        ("Hon följer @stina på tiktok.", "person_name"),
    ],
)
def test_services_cases_and_lists_stay_clear(text: str, kind: str) -> None:
    assert kind not in kinds(text)


@pytest.mark.parametrize(
    ("text", "kind"),
    [
        # A person's number in a sentence with a central station.
        ("Mamma väntar vid centralen, ring 070-123 45 67.", "phone"),
        # A personnummer after "är" with no case word.
        ("Hennes personnummer är 140314-0087.", "personnummer"),
        # A handle after the platform and "är", shaped as one.
        ("Hans snap är bjorn_2013.", "social_media"),
    ],
)
def test_a_persons_contacts_beside_those_classes_are_still_found(text: str, kind: str) -> None:
    assert kind in kinds(text)
