"""Where the exemptions for pets, works, restaurants, verbs and shared homes stop.

Each exemption was written for ordinary text ("Klassens kanin Smilla", "sånger av Laleh", "åt lunch på
Max", "alla bor i husbilar"); these sentences name or single out a child in the same shape and must be
refused. Each class has the sentence that showed it and one written for this test.
"""

import pytest
from privacy_spans import kinds


@pytest.mark.parametrize(
    "text",
    [
        # A pet, a mascot, a work or "like in" before a name that a class or an age follows.
        "Hennes hund Saga och Ali Hassan i 5B blev slagna av pappa.",
        "Katten Zorro och Omar Ali i 4C är båda rädda hemma.",
        "Klassens maskot Lisa Berg i 3A blir retad.",
        "Klassens maskot Vera Holm, 9 år, får inte äta lunch.",
        "Teacher's pet Emma Larsson in 4B is being bullied.",
        "Teacher's pet Liam Cole is being hit at home.",
        "Läraren hittade filmen av Noah Svensson i 6A där han blir slagen.",
        "We saw the film by Jack Moore in year 6 where he gets hit.",
        "Dikten av Maja Ek i 3C handlar om att pappa slår henne.",
        "Boken av Elsa Lund, 11 år, handlar om hennes styvpappa.",
        "Eleven sjunger ofta sånger av Ella Lindqvist, som går i 5A, och är rädd.",
        "Hon läser dikter av Tova Sjöberg, eleven i 4B, varje rast.",
        "like in Sara Nilsson in class 5B, she is scared of her dad",
        "It is like in Adam Berg's family, he is in 4B and gets hit.",
        "It is like in Nora Quist's home, she is 8 and goes hungry.",
        # A house one eats at, named by its owner.
        "He ate at Jonas Berg's house every day because his mum does not feed him.",
        "They have dinner at Kim's home because her dad drinks.",
        "Han äter på Jonas Bergs varje kväll för att mamma inte lagar mat.",
        # A lower-case name after "to", with a comma and a pronoun or a class after it.
        "Sent it to alva, she is in year 5 and scared of her stepdad.",
        "I gave the note to signe in 4B because her mum hits her.",
        # A lower-case name between commas after a kin word.
        "Hans bror, ali, går i 5B och blir slagen.",
        "Hennes syster, vilja, är rädd för pappa.",
        # A home only one family has, whoever talks about it.
        "Alla vet att hon bor i husbilen bakom kyrkan och pappa dricker.",
        "Barnen säger att hon bor i prästgården.",
        "All the kids know she lives in the lighthouse.",
        "Alla i klassen vet att han bor i fyren.",
    ],
)
def test_a_child_named_or_singled_out_behind_an_exemption_is_refused(text: str) -> None:
    assert kinds(text)


@pytest.mark.parametrize(
    "text",
    [
        "Klassens kanin Smilla har fått ungar.",
        "Hunden Saga och katten Greta bor på fritids.",
        "Vi sjöng låtar av Laleh på avslutningen.",
        "They read books by Roald Dahl this term.",
        "She said it was like in Oliver, always hungry.",
        "Vi åt lunch på Max efter utflykten.",
        "We need to tell the parents before Friday.",
        "Det var en morbror, ville inte säga sitt namn.",
        "Alla bor i husbilar på campingen i sommar.",
        "Flera familjer bor på campingen under sommarlovet.",
    ],
)
def test_the_text_each_exemption_was_written_for_still_passes(text: str) -> None:
    assert not kinds(text)
