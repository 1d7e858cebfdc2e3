"""Classes an outside probe found (December 2026, texts written by a tester who had not read the guard):
each fixed by a general rule, asserted here on sentences of our own."""

import pytest
from privacy_spans import kinds, spans

from bot.privacy.normalize import normalise


@pytest.mark.parametrize(
    ("text", "found"),
    [
        # A public figure's first name said again with a class is a child, not the figure again.
        ("Han älskar Kalle Anka. Kalle i 6B blir slagen hemma.", "Kalle"),
        ("Vi läste Pippi igår. Pippi i 3A har blåmärken.", "Pippi"),
        ("Greta Thunberg är hennes idol, och Greta i 4B säger att pappa slår.", "Greta"),
        # A double name's initials joined by a hyphen or a space, before a class.
        ("A-K i 5B har berättat om våld hemma.", "A-K"),
        ("E-L i 2an har berättat om övergrepp.", "E-L"),
        ("A K i 5B har berättat om våld hemma.", "A K"),
        # A nickname in quotes, before its class or after a naming verb.
        ('"Nisse" i åttan har pratat om att dö.', "Nisse"),
        ("“Mojje” i 9A säljer knark åt sin bror.", "Mojje"),
        ('Han heter "Nisse" och går i åttan.', "Nisse"),
        # A given name in lower case right before a class by its number and letter.
        ("omar 6b igen, sov i trappuppgången", "omar"),
    ],
)
def test_names_the_probe_found_are_refused(text: str, found: str) -> None:
    assert found in spans(text, "person_name")


@pytest.mark.parametrize(
    ("text", "found"),
    [
        # "född" typed without ö.
        ("fodd 2011-12-01, går i sexan", "2011-12-01"),
        ("Hon är fodd 14 mars 2012.", "14 mars 2012"),
        ("Fodelsedatum: 2012-03-04", "2012-03-04"),
    ],
)
def test_birth_dates_typed_without_o_umlaut_are_refused(text: str, found: str) -> None:
    assert found in spans(text, "birth_date")


@pytest.mark.parametrize(
    "text",
    [
        # The figure read again without anything said of a child stays the figure.
        "Vi läste Ronja Rövardotter och pratade länge om Ronja.",
        # Staff greet and thank the bot by its name.
        "Hej Bryggan! Mvh rektor",
        "Tack Bryggan, det hjälpte.",
        # Laws named after someone, as social services write them.
        "Behöver vi göra en Lex Maria också?",
        "Personalen har gjort en lex Sarah-anmälan och en lex Sarah-utredning.",
        # What someone is called in lower case in quotes is an insult, not a name; a meeting and a project
        # have names.
        'Hon blir kallad "hora" av sina bröder.',
        'Mötet heter "EHT" på skolan.',
        'Projektet heter "Framtid" och går bra.',
        "Projektet heter Framtid och går bra.",
        # Letters that are no initials: a subject's abbreviation, a plan, a group.
        "SO-NO i 8B har prov på fredag.",
        "Grupp A i 7B har idrott först.",
        "Vi tar plan B i 7A om det regnar.",
        "Sal 6b är bokad på fredag.",
        # A date that is not a birth.
        "Mötet hölls 2012-03-04 på skolan.",
    ],
)
def test_what_the_probe_wrongly_refused_or_might_passes(text: str) -> None:
    assert kinds(text) == set()


@pytest.mark.parametrize(
    "text",
    [
        "Eleven som jag skrev om igår, har ni tittat på det?",
        "Barnet som jag ringde om i förra veckan har slutat komma.",
        "The pupil I wrote about yesterday is absent again.",
    ],
)
def test_a_pointer_back_at_the_writers_earlier_consultation_singles_nobody_out(text: str) -> None:
    assert kinds(text) == set()


def test_what_else_the_sentence_says_is_still_scored() -> None:
    text = "Barnet som jag ringde om, vars pappa är rektor på skolan, har slutat komma."
    assert "identifying_description" in kinds(text)


@pytest.mark.parametrize(
    "text",
    [
        # Kin of the one person who holds a post.
        "Eleven har samma efternamn som vår rektor.",
        "Eleven är släkt med kommunchefen, går i 7A.",
        "He is related to the principal.",
        "Det är min egen kollegas barn, hon som undervisar i musik.",
    ],
)
def test_kin_of_one_post_holder_is_a_description(text: str) -> None:
    assert "identifying_description" in kinds(text)


@pytest.mark.parametrize(
    "text",
    ["Eleven är släkt med en lärare på en annan skola.", "Eleven har samma efternamn som sin styvpappa."],
)
def test_kin_of_no_one_in_particular_is_no_description(text: str) -> None:
    assert kinds(text) == set()


@pytest.mark.parametrize(
    "text",
    [
        # The second probe: a unique post holder's younger or elder sibling, a compound of the relation.
        "Det är elevrådsordförandens lillasyster.",
        "Det är rektorns lillebror.",
    ],
)
def test_a_post_holders_sibling_is_a_description(text: str) -> None:
    assert "identifying_description" in kinds(text)


@pytest.mark.parametrize("text", ["Det är Svensson-killen i nian.", "Svensson-tjejen har slutat komma."])
def test_a_surname_joined_to_a_person_noun_is_a_name(text: str) -> None:
    assert "person_name" in kinds(text)


@pytest.mark.parametrize(
    "text",
    [
        # A case number's abbreviation, SOS Alarm's number, a school's own address in English, and the
        # uniqueness of a thing rather than a person.
        "Vi har ärende med Dnr SN 2025/1133 sedan tidigare, gäller samma familj.",
        "Barnens rätt i samhället: BRIS 116 111. Polisen 114 14. SOS 112.",
        "Our school is on Valhallavägen 3 and the main entrance is locked after 9 am.",
        "He says football is the only thing that makes him happy.",
        "Det enda sättet att nå pappan är via skolan.",
        "Hon har en lillasyster i 3B.",
    ],
)
def test_what_the_second_probe_wrongly_refused_passes(text: str) -> None:
    assert kinds(text) == set()


@pytest.mark.parametrize(
    "text",
    [
        "The family lives on Valhallavägen 3.",
        "Han är det enda barnet som har en servicehund.",
        "Hon är den enda eleven med hörapparat.",
        "Bilen SOS 113 stod utanför skolan.",
    ],
)
def test_beside_those_the_identifying_stays_refused(text: str) -> None:
    assert kinds(text) != set()


@pytest.mark.parametrize(
    "text",
    [
        # A review of the probe rounds' exemptions: each of these leaked through one of them.
        "Jag skrev en rapport om lex Amira i 6A.",
        "Eleven som missade mötet heter Nilo.",
        "Pojken som lämnade laget heter Nilo.",
        "A girl from my course named Nilo has told me her dad hits her.",
        'Eleven heter "nilo" och går i 4A.',
        "Barnet i 3B är det enda som har hörapparat.",
        "Our school is on Storgatan 5; the boy from 4B is staying at Björkvägen 12.",
        "Han sover hos en kompis på Björkvägen 12, han hänger på biblioteket efter skolan.",
    ],
)
def test_the_exemptions_leak_nothing_the_review_found(text: str) -> None:
    assert kinds(text) != set()


@pytest.mark.parametrize(
    "text",
    [
        # And each of these was wrongly refused by one of the rounds' new rules.
        "Skärmtid max 2h per dag.",
        "Vi följer upp en gång per 2v.",
        "Questions related to the principal's decision go to the board.",
        "Issues related to the teacher shortage will be discussed on Monday.",
        'Vi visar filmen "Frost" i 3A på fredag.',
        'Temat "Vänskap" i 4B pågår hela mars.',
        "kontaktpersonen heter 'barnsekreterare' hos er, va?",
    ],
)
def test_the_rounds_new_rules_refuse_nothing_the_review_found(text: str) -> None:
    assert kinds(text) == set()


@pytest.mark.parametrize(
    "text",
    [
        # After a place's preposition an unknown word is the place, not the subject of the verb after it.
        "Ungdomsmottagningen i Hjällbo har varit inkopplad.",
        "Ungdomsmottagningen i Torslanda har varit inkopplad.",
    ],
)
def test_a_place_after_its_preposition_is_no_verbs_subject(text: str) -> None:
    assert kinds(text) == set()


@pytest.mark.parametrize(
    ("text", "found"), [("Théo har slutat komma.", "Théo"), ("Sunniva har kommit.", "Sunniva")]
)
def test_an_unknown_name_before_a_persons_verb_stays_a_name(text: str, found: str) -> None:
    assert found in spans(text, "person_name")


def test_the_letter_o_typed_for_a_zero_inside_a_number_is_read_as_one() -> None:
    text = "kan ni slå på 12O314-2384 (sorry O ska va 0)"
    normalised = normalise(text)
    assert normalised.text == "kan ni slå på 120314-2384 (sorry O ska va 0)"
    assert spans(text, "personnummer") == ["12O314-2384"]  # pointing at the writer's own characters


@pytest.mark.parametrize("text", ["Text med ordet ODIN och 3 O 4.", "Skolan har 2 OS-guld och 1 Oscar."])
def test_an_o_not_between_two_digits_stays_a_letter(text: str) -> None:
    assert normalise(text).text == text
