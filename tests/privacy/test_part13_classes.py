"""Classes the guard learned from part 13 once it had been measured held out.

Each class is shown by sentences written for this test, not the corpus lines that revealed it, so a
rule written for one line and not for its class fails them. Beside each stand sentences that must
pass: the class must not catch the ordinary text around it.
"""

import pytest
from privacy_spans import kinds, spans


@pytest.mark.parametrize(
    "text",
    [
        # An organisation's mailbox named by one plain word: a task or a unit, not a person.
        "Ansökan om fritidsplats skickas till barnomsorg@norrby.se senast fredag.",
        "Questions about the trip go to travel@northfield.org.",
        "Kvitton för utlägg mejlas till ekonomi@vasterby.se.",
    ],
)
def test_a_mailbox_named_by_a_plain_word_reaches_no_one(text: str) -> None:
    assert "email" not in kinds(text)


@pytest.mark.parametrize(
    "text",
    [
        # A post one person holds reaches that person.
        "Skriv till skolsköterska@norrby.se om det gäller medicinen.",
        # A plain word at a provider anyone may use is a private person's choice.
        "Mammans adress är solros@hotmail.com, hon läser den varje dag.",
        # A name is a name, also as a whole local part.
        "Skicka det till linnea@norrby.se så tar hon det.",
    ],
)
def test_personal_mailboxes_stay_found(text: str) -> None:
    assert "email" in kinds(text)


@pytest.mark.parametrize(
    "text",
    [
        # A plain word at a provider at home or abroad, whatever its zone ("co.uk"), is a person's.
        "Mejla honom på fotboll@yahoo.co.uk.",
        "Hennes mejl: stjärna@live.co.uk",
        "Hans mejl är ninja@wp.pl.",
        "prinsessan@web.de",
        "drake@btinternet.com",
        "solros@fastmail.com",
        # A family's own domain.
        "kungen@familjenlind.se",
        "Pappan svarar på fiske@lindqvist.se om helgen.",
    ],
)
def test_a_word_mailbox_off_an_organisations_domain_leaks_no_child(text: str) -> None:
    assert "email" in kinds(text)


@pytest.mark.parametrize(
    "text",
    [
        # A work said to be read in the passive, or a compound noun of a book after the predicate.
        "Gösta Berling läses i åk 9 under våren.",
        "Nils Karlsson lästes högt i tvåan förra terminen.",
        "Kalle Stropp är klassens kapitelbok den här månaden.",
    ],
)
def test_works_read_or_called_a_book_are_no_names(text: str) -> None:
    assert "person_name" not in kinds(text)


@pytest.mark.parametrize(
    ("text", "found"),
    [
        # A pupil who reads, or is the class's bookworm, is still a pupil.
        ("Elsa Lind läser boken i 4B.", "Elsa Lind"),
        ("Moa är klassens bokmal.", "Moa"),
    ],
)
def test_readers_stay_names(text: str, found: str) -> None:
    assert spans(text, "person_name") == [found]


@pytest.mark.parametrize(
    ("text", "found"),
    [
        # Being in a year book or a photo book is not being a work.
        ("Alva är med i årsboken.", "Alva"),
        ("Alva är med i fotoboken.", "Alva"),
        ("Alva var med i skolboken i år.", "Alva"),
    ],
)
def test_a_child_in_a_book_leaks_no_name(text: str, found: str) -> None:
    assert spans(text, "person_name") == [found]


@pytest.mark.parametrize(
    ("text", "found"),
    [
        # A name read out is a person's: a work is read, not read out.
        ("Alva Berg lästes upp som vinnare av skrivtävlingen.", "Alva Berg"),
        ("Elsa Lind lästes upp på avslutningen som årets stipendiat.", "Elsa Lind"),
    ],
)
def test_a_winner_read_out_leaks_no_name(text: str, found: str) -> None:
    assert spans(text, "person_name") == [found]


@pytest.mark.parametrize(
    "text",
    [
        # A character's first name at the end of a list of two or more characters.
        "Bamse, Pippi och Ronja kommer på maskeraden i morgon.",
        # Two characters put first as what is read, in lower case too.
        "bamse och ronja läser vi på fredag",
    ],
)
def test_a_character_listed_among_characters_is_no_name(text: str) -> None:
    assert "person_name" not in kinds(text)


@pytest.mark.parametrize(
    ("text", "found"),
    [
        # After one character a child may follow; a class after it is a child anyway.
        ("Pippi och Alva står på schemat.", "Alva"),
        ("Bamse, Pippi och Ronja i 3B var utklädda.", "Ronja"),
    ],
)
def test_a_child_after_characters_stays_a_name(text: str, found: str) -> None:
    assert spans(text, "person_name") == [found]


@pytest.mark.parametrize(
    ("text", "found"),
    [
        # A plate in lower case with the vehicle named after it.
        ("kxp 318 är den blå bilen som hämtar honom", "kxp 318"),
        # Set off right after the vehicle, its letters spelling a rare word.
        ("taxin, ohm 52c, står vid grinden varje morgon", "ohm 52c"),
    ],
)
def test_lower_case_plates_with_their_vehicle_around_them(text: str, found: str) -> None:
    assert spans(text, "license_plate") == [found]


@pytest.mark.parametrize(
    "text",
    [
        # A common word and a number after a vehicle are a speed or a price.
        "bilen, med 120 i timmen på motorvägen",
        "sal 204 ligger bredvid bilen",
    ],
)
def test_words_and_numbers_near_a_vehicle_are_no_plate(text: str) -> None:
    assert "license_plate" not in kinds(text)


@pytest.mark.parametrize(
    "text",
    [
        # An item of the minutes about a compound of dictionary words.
        "§3 Skolgårdsplanering – klart till våren.",
        # Summoned, not called: "kallas härmed till".
        "Vårdnadshavare kallas härmed till möte om skolplacering.",
        # A pupil's class after a person word; a staff post before a class.
        "Subject: New pupil Year 5",
        "Praktikant i 3A hela veckan, hon vet om rutinerna.",
    ],
)
def test_things_in_a_persons_slot(text: str) -> None:
    assert "person_name" not in kinds(text)


@pytest.mark.parametrize(
    ("text", "found"),
    [
        # An unknown word after the item's number, and one called something, stay names.
        ("§3 Tenzin – beslut om anpassningar.", "Tenzin"),
        ("Han kallas Tanken till vardags.", "Tanken"),
        ("Sanna, vikarie, har sett det.", "Sanna"),
    ],
)
def test_names_in_those_slots_stay_found(text: str, found: str) -> None:
    assert spans(text, "person_name") == [found]


@pytest.mark.parametrize(
    "text",
    [
        # Places a class visits, also two joined.
        "Klassen besökte Skansen och Gröna Lund i maj.",
        # A home or a centre named like a person.
        "Gruppboendet Ingrid har bjudit in förskolan.",
        # A thing after an article and its colour or age.
        "Pappan kör en röd Volvo, han parkerar vid grinden.",
        # Two word-names said to be things.
        "Hope and Joy are the values we work with this term.",
        # A chat message opening with an ordinary word after its tag.
        "[Teams] Sol ute idag, vi har rasten på gården.",
    ],
)
def test_places_and_things_named_like_people(text: str) -> None:
    assert "person_name" not in kinds(text)


@pytest.mark.parametrize(
    ("text", "found"),
    [
        ("Vi besökte Ali och Sara hemma.", "Ali"),
        ("Han hämtades av en ny Ali i 4B", "Ali"),
        ("Joy and Grace were upset today.", "Grace"),
        ("[Teams] Stig kommer i 4B idag.", "Stig"),
    ],
)
def test_people_in_those_places_stay_names(text: str, found: str) -> None:
    assert found in spans(text, "person_name")


@pytest.mark.parametrize(
    ("text", "found"),
    [
        # Two said to be people ("två pojkar", "the twins"), not things, are names.
        ("Stig och Björn är två pojkar i 5B som bråkar mycket.", "Björn"),
        ("Liv och Lo är två systrar som går i 2B.", "Lo"),
        ("Hope and Joy are the twins in Year 3 who were bullied.", "Joy"),
        ("Hope and Joy are the new girls in our class.", "Joy"),
    ],
)
def test_two_said_to_be_children_leak_no_name(text: str, found: str) -> None:
    assert found in spans(text, "person_name")


@pytest.mark.parametrize(
    ("text", "found"),
    [
        # A yard one is at names no one after it.
        ("På skolgården Ali och Omar bråkade igen.", "Ali"),
        ("Ute på skolgården Sara och Elin lekte.", "Sara"),
    ],
)
def test_children_on_the_schoolyard_leak_no_name(text: str, found: str) -> None:
    assert found in spans(text, "person_name")


@pytest.mark.parametrize(
    ("text", "found"),
    [
        # "en ny" before someone in a group, or taken up by a pronoun, is a newcomer, not a product.
        ("Vi har fått en ny Maja i gruppen, hon är blyg.", "Maja"),
        ("Vi har fått en ny Elsa, hon kommer från Umeå.", "Elsa"),
        ("We have a new Grace in our class, she is shy.", "Grace"),
    ],
)
def test_a_new_child_in_the_group_leaks_no_name(text: str, found: str) -> None:
    assert spans(text, "person_name") == [found]


@pytest.mark.parametrize(
    ("text", "found"),
    [
        # A listed surname visited, or visited at home, is a family.
        ("Vi besökte Lindqvist i hemmet i går, pojken var ledsen.", "Lindqvist"),
        ("Socialsekreteraren besökte Hosseini hemma i tisdags.", "Hosseini"),
        ("Kuratorn besökte Nyström i går, flickan grät.", "Nyström"),
    ],
)
def test_a_family_visited_at_home_leaks_no_name(text: str, found: str) -> None:
    assert spans(text, "person_name") == [found]


def test_a_performer_the_pupils_go_to_hear_is_no_child() -> None:
    assert "person_name" not in kinds("Carola kommer och sjunger i aulan, eleverna får gå dit efter lunch.")
    # Without the audience she may be a pupil.
    assert "person_name" in kinds("Carola kommer och sjunger på avslutningen.")


@pytest.mark.parametrize(
    "text",
    [
        # A child performing at a school event, however many go to hear.
        "Alva sjunger på vårkonserten och hela klassen går dit.",
        "Alva sjunger solo på avslutningen, vi går dit allihop.",
        "Alva kommer och sjunger på vårkonserten, hela klassen går dit.",
    ],
)
def test_a_child_performing_at_school_leaks_no_name(text: str) -> None:
    assert spans(text, "person_name") == ["Alva"]


@pytest.mark.parametrize(
    "text",
    [
        # A parent who owns or runs something indefinite is one of many.
        "Det gäller en flicka vars mamma driver ett eget företag, hon har berättat om bråk hemma.",
        "A boy whose dad owns a shop in town told us about it.",
        # An English plural before "only" is no genitive: "only" says how.
        "Use first names only in the shared log, please.",
        # Pupils of a year said by its number near a platform.
        "någon på snap har skickat bilder till flera 6or, vet inte vem",
    ],
)
def test_many_or_a_manner_single_out_no_one(text: str) -> None:
    assert not kinds(text)


@pytest.mark.parametrize(
    ("text", "kind"),
    [
        # The only business of a place still singles out the family; the school's only one is one.
        ("Det är pojken vars pappa driver macken i byn.", "identifying_description"),
        ("He is the school's only deaf pupil.", "identifying_description"),
        # A handle after a platform's definite form.
        ('snappen heter "kalle_kung_09" enligt eleverna', "social_media"),
        ("instan heter lisa.b_09, hon la upp bilden", "social_media"),
    ],
)
def test_what_singles_out_or_names_an_account_stays_found(text: str, kind: str) -> None:
    assert kind in kinds(text)


@pytest.mark.parametrize(
    "text",
    [
        # A clause that makes someone one of many keeps the model off that clause only.
        "The boy from the family that runs the ferry to the island, son of a woman who works nights, is "
        "scared to go home.",
        "Flickan från familjen som driver färjan till ön, dotter till en kvinna som jobbar natt, vågar inte "
        "gå hem.",
    ],
)
def test_one_of_many_in_a_clause_leaks_not_the_rest_of_the_sentence(text: str) -> None:
    assert "identifying_description" in kinds(text)


@pytest.mark.parametrize(
    "text",
    [
        # An indefinite article alone is no "one of many": a street, a place, "ett av", a superlative.
        "The boy whose dad owns a restaurant on Main Street in Hebden Bridge is being bullied.",
        "Eleven vars pappa äger ett av Sveriges största bolag blir mobbad.",
        "The girl whose mum runs a café on Bridge Street is being bullied.",
        "Pojken vars pappa äger ett av de största åkerierna i länet blir retad.",
    ],
)
def test_an_indefinite_thing_pinned_down_leaks_no_child(text: str) -> None:
    assert "identifying_description" in kinds(text)


@pytest.mark.parametrize(
    "text",
    [
        # A genitive typed without its apostrophe before "only" and a person.
        "She is the schools only Muslim pupil.",
        "She is the schools only deaf pupil.",
        "He is the years only one who speaks Tigrinya.",
    ],
)
def test_the_only_one_without_an_apostrophe_leaks_no_child(text: str) -> None:
    assert "identifying_description" in kinds(text)


def test_only_for_a_purpose_singles_out_no_one() -> None:
    assert not kinds("We use initials only for pupils in the minutes.")


@pytest.mark.parametrize(
    ("text", "kind", "found"),
    [
        # A courtesy title with its dot before a name no list has.
        ("Best wishes,\nMrs. Aoife Donnelly", "person_name", "Aoife Donnelly"),
        # A figure's name that an aside puts in a class.
        ("Har ni hört att Zlatan (han i 8A alltså) slutat i laget?", "person_name", "Zlatan"),
        # A state only a person is in: fever, pain.
        ("Juni hade feber i morse, pappa hämtade.", "person_name", "Juni"),
        # A lower-case name joined to "hennes" by a typed "o".
        ("pratade med linnea o hennes mamma", "person_name", "linnea"),
        # An e-mail address whose local part is bracketed too.
        ("Mammans mejl: (k.berg.77)(a)hotmail(punkt)com", "email", "k.berg.77)(a)hotmail(punkt)com"),
        # A street with its prefix after the word address.
        ("Adressen är Södra Skogsbrynet 33 lgh 1102.", "street_address", "Södra Skogsbrynet 33"),
        # Where a child stays with a friend or kin.
        ("Han sover just nu hos en kompis på Smedjegatan.", "street_address", "Smedjegatan"),
        # A birth-date field, a few words and "är".
        ("Födelsedatum enligt passet är 2014-03-01, men det stämmer nog inte.", "birth_date", "2014-03-01"),
    ],
)
def test_part_13_misses(text: str, kind: str, found: str) -> None:
    assert spans(text, kind) == [found]


@pytest.mark.parametrize(
    "text",
    [
        "Zlatan gjorde mål igen i helgen, eleverna pratar om inget annat.",
        "Juni hade många prov i år.",
        "Ms. Please note the time of the meeting.",
        "Vi var hos tandläkaren på Kungsgatan med hela klassen.",
        "Födelsedag i klassen är en tradition hos oss.",
    ],
)
def test_the_same_words_without_a_person_pass(text: str) -> None:
    assert not kinds(text)
