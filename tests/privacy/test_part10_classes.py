"""Classes the guard learned from part 10 once it had been measured twice held out.

Each class is shown by sentences written for this test, not the corpus lines that revealed it, so a
rule written for one line and not for its class fails them. Beside each stand sentences that must
pass: the class must not catch the ordinary text around it.
"""

import pytest
from privacy_spans import kinds, spans


@pytest.mark.parametrize(
    "text",
    [
        # A parent in the one post a whole municipality or county has.
        "Pojken vars mamma är kommundirektör i Hallstahammar har slutat äta i skolan.",
        "Tjejen vars pappa är landshövding här har varit borta i tre veckor.",
        # A relation to someone killed in a story the news told.
        "Storasyster till tjejen som knivhöggs vid stationen i vintras har börjat i 8A.",
        "the cousin of the boy who was shot outside the youth club is in my class",
        # Children described by where a news story happened.
        "Syskonen i radhuset där det exploderade i julas (det var på nyheterna) sover hos mormor.",
        # The child named by the family's business itself.
        "Dottern till pizzerian vid torget kommer ofta utan frukost.",
        "the son of the bakery on the square says his dad hits him",
        # The writer's aside that nobody else at the school has the trait.
        "Killen med hörselkåpor (ingen annan i klassen har det) blir retad.",
        "Eleven med rosa rullator (enda på skolan) vill inte gå ut på rast.",
    ],
)
def test_descriptions_that_point_at_one_child(text: str) -> None:
    assert "identifying_description" in kinds(text)


@pytest.mark.parametrize(
    "text",
    [
        # A post many parents hold, and anyone's parent at another school.
        "Eleven vars pappa är lärare på en annan skola mår bra.",
        # Someone killed in a film, said of nobody here.
        "Filmen handlar om en kille som sköts i en förort.",
        # Children where they play, with no story.
        "Barnen på gården leker kull varje rast.",
        # A child of any baker.
        "Vi har en elev vars förälder har ett bageri.",
        # Nobody else knows or saw it: no trait.
        "Ingen annan på skolan har sett det hända.",
        "Vi är enda skolan i kommunen med egen simhall.",
    ],
)
def test_ordinary_sentences_around_those_classes_pass(text: str) -> None:
    assert "identifying_description" not in kinds(text)


@pytest.mark.parametrize(
    ("text", "found"),
    [
        # The writer says the word is what everyone calls the child.
        ("Jag undrar om Pippa (det kallas hon av alla) har det bra hemma.", "Pippa"),
        ("Bee (that's what everyone calls her) cried in the corridor.", "Bee"),
        # The item of a set of minutes is about the word after its number.
        ("§2 Yaaqub – vi gör en orosanmälan i dag.", "Yaaqub"),
        ("§ 5 Sirwan: kontakt med BUP tas av kurator.", "Sirwan"),
    ],
)
def test_names_by_what_surrounds_them(text: str, found: str) -> None:
    assert found in spans(text, "person_name")


@pytest.mark.parametrize(
    "text",
    [
        # A weekday shortened before a clock time, though "Tor" and "Fre" are names too.
        "Tor 13:15 SIP-möte i lilla salen, Fre 8.30 EHT.",
        "Mötet flyttas till Tors kl. 10.00.",
        # A numbered item about an ordinary matter.
        "§3 Övrigt: inget att ta upp.",
    ],
)
def test_weekdays_and_agenda_items_are_no_names(text: str) -> None:
    assert "person_name" not in kinds(text)


def test_a_weekday_as_a_name_is_still_one() -> None:
    assert "Tor" in spans("Tor har varit borta hela veckan.", "person_name")


@pytest.mark.parametrize(
    "text",
    [
        # A unit's mailbox: two words joined by "och", or a post in the plural.
        "Anmälan kan mejlas till vuxenochfamilj@exempel.se.",
        "Skriv till skolskoterskor@exempel.se om vaccinationen.",
    ],
)
def test_a_units_shared_mailbox_is_no_private_address(text: str) -> None:
    assert "email" not in kinds(text)


@pytest.mark.parametrize(
    "text",
    [
        # Two first names joined by "och": a couple's own address.
        "Familjen nås på annaochkarl@exempel.se.",
        "Mejla mamman på sara.lind@exempel.se.",
    ],
)
def test_a_couples_or_a_persons_address_is_still_private(text: str) -> None:
    assert "email" in kinds(text)


@pytest.mark.parametrize(
    ("text", "kind", "found"),
    [
        # A plate typed in lower case with a space, after a word for the vehicle.
        ("en vit volvo, khz 318, står utanför varje morgon", "license_plate", "khz 318"),
        ("bilen dgw 47b körde iväg med honom", "license_plate", "dgw 47b"),
        # An interim number by its other names, starting with 99 as every one does.
        ("Res nr 9902 114587 står i remissen.", "reservnummer", "9902 114587"),
        ("the hospital gave a temporary number: 991203554871", "reservnummer", "991203554871"),
    ],
)
def test_plates_and_interim_numbers_in_everyday_forms(text: str, kind: str, found: str) -> None:
    assert found in spans(text, kind)


@pytest.mark.parametrize(
    ("text", "kind"),
    [
        # A word and a number near a car: a speed, not a plate.
        ("Bilen körde med 110 genom byn.", "license_plate"),
        # A case number said to be temporary: no 99.
        ("Ärendet har ett tillfälligt nummer 2024-114.", "reservnummer"),
    ],
)
def test_speeds_and_case_numbers_stay_clear(text: str, kind: str) -> None:
    assert kind not in kinds(text)


@pytest.mark.parametrize(
    "text",
    [
        # An institution named after someone, alone or listed beside another.
        "Anna Whitlockskolan och Dag Hammarskjöldsgymnasiet delar kurator.",
        "Vi har samverkan med Ali och Björkskolan.",
        # A court named after its place.
        "Målet ligger nu hos Göta hovrätt.",
        # What a company or a club does.
        "Elsa Beskow sponsrar inte skolresan, tyvärr.",
        "The Astrid Lindgren club meets after lunch.",
        # A work put first as the object of reading.
        "Selma Lagerlöf läser vi i nian.",
        # English weekdays, alone or plural.
        "Group sessions are on Mondays and Fridays.",
    ],
)
def test_institutions_courts_companies_works_and_days_are_no_names(text: str) -> None:
    # "Ali" beside the school is a child, asserted below; nothing else is a name.
    assert [s for s in spans(text, "person_name") if s != "Ali"] == []


@pytest.mark.parametrize(
    ("text", "found"),
    [
        # A child listed beside a school is still a child.
        ("Vi har samverkan med Ali och Björkskolan.", "Ali"),
        # A person who reads, or does, something is still a person.
        ("Selma läser högt för klassen varje dag.", "Selma"),
        # A full name (a listed first name and surname) that sponsors, has a club, stands on a schedule
        # or is read is a person's, not a company's nor a work's: brands and authors are public figures.
        ("Elin Berg sponsrar laget med tröjor.", "Elin"),
        ("Sara Lind har sponsrat klassresan.", "Sara"),
        ("Omar Haddad club träffas på fredagar.", "Omar Haddad"),
        ("Ali Hassan står på schemat för rastvakt.", "Ali Hassan"),
        ("Anna Svensson läser vi högt för i klassen.", "Anna Svensson"),
        # Dotted initials in brackets after a person noun.
        ("Eleven (K.L.) har slagit en klasskamrat.", "K.L."),
        ("the pupil (R.T.) was crying in the toilets", "R.T."),
    ],
)
def test_people_beside_those_classes_are_still_named(text: str, found: str) -> None:
    assert found in spans(text, "person_name")


@pytest.mark.parametrize(
    ("text", "found"),
    [
        # One classmate's given name after a dress-up verb is a child, by the signs a list has: a listed
        # given name no known figure has, or mocking after it.
        ("Killarna klädde ut sig till Wilma och skrattade åt henne.", "Wilma"),
        ("Hon klädde ut sig till Elin på festen.", "Elin"),
        ("He dressed up as Chloe to mock her.", "Chloe"),
    ],
)
def test_one_name_dressed_up_as_is_a_child(text: str, found: str) -> None:
    assert found in spans(text, "person_name")


@pytest.mark.parametrize(
    "text",
    [
        "Hon klädde ut sig till Elsa på maskeraden.",
        "Eleverna klädde ut sig till Pippi.",
        "Han var utklädd till Batman.",
    ],
)
def test_one_character_dressed_up_as_is_no_name(text: str) -> None:
    assert "person_name" not in kinds(text)
