"""Street addresses, exact birth dates and registration plates."""

import pytest
from privacy_spans import kinds, spans


@pytest.mark.parametrize(
    ("text", "address"),
    [
        ("Familjen bor på Storgatan 12B.", "Storgatan 12B"),
        ("Han bor på Drottninggatan 4 med farmor.", "Drottninggatan 4"),
        ("Adress: storgatan 7, Linköping", "storgatan 7"),
        ("De bor på Klostergränd 2.", "Klostergränd 2"),
        ("Hämtning vid Kyrkbacken 11.", "Kyrkbacken 11"),
        ("Bor på Stortorget 3.", "Stortorget 3"),
        ("Hon bodde på Lärkplan 5.", "Lärkplan 5"),
        ("They live at Olof Palmes gata 14.", "Olof Palmes gata 14"),
        ("Hon bor på Skolgatan.", "Skolgatan"),
        ("Familjen bor på Ågatan 21.", "Ågatan 21"),
        ("He lives at 12 Baker Street.", "12 Baker Street"),
    ],
)
def test_street_addresses_are_found(text: str, address: str) -> None:
    assert spans(text, "street_address") == [address]


@pytest.mark.parametrize(
    "text",
    ["Eleven följer handlingsplan 3.", "Åtgärdsplan 2 gäller.", "Läs läroplan 2022.", "Vi möttes på torget.",
     "Skolgården är mörk.", "Riksväg 40 var avstängd."],
)  # fmt: skip
def test_compounds_on_street_endings_pass(text: str) -> None:
    assert kinds(text) == set()


@pytest.mark.parametrize(
    ("text", "date"),
    [
        ("Hon är född 12 mars 2011.", "12 mars 2011"),
        ("Eleven, f. 2011-03-12, har flyttat.", "2011-03-12"),
        ("Han har födelsedag 3/4 och blir 14.", "3/4"),
        ("She was born on 12 March 2011.", "12 March 2011"),
        ("Född den 5:e maj 2010 i Malmö.", "5:e maj 2010"),
        ("Date of birth: 2012-07-01", "2012-07-01"),
        ("His birthday is on 22 September.", "22 September"),
        ("Hon fyller år den 9 oktober.", "9 oktober"),
        ("Born March 12, 2011.", "March 12, 2011"),
    ],
)
def test_birth_dates_are_found(text: str, date: str) -> None:
    assert spans(text, "birth_date") == [date]


@pytest.mark.parametrize(
    "text",
    ["Han är född 2011.", "Hon föddes i Eritrea.", "Mötet är den 12 mars.", "Vi ses 2026-11-24.",
     "Hon fyller 15 i vår.", "Born in Syria.", "Kl 14:30 på måndag v. 47.", "Eleven är f.d. elev hos oss."],
)  # fmt: skip
def test_dates_without_birth_context_pass(text: str) -> None:
    assert kinds(text) == set()


@pytest.mark.parametrize(
    ("text", "plate"),
    [
        ("En bil med ABC 123 stod där.", "ABC 123"),
        ("Bilen har nummer ABC 12A.", "ABC 12A"),
        ("En svart BMW, KLM876.", "KLM876"),
        ("Regnr: xbt 482", "xbt 482"),
    ],
)
def test_plates_are_found(text: str, plate: str) -> None:
    assert spans(text, "license_plate") == [plate]


@pytest.mark.parametrize(
    "text",
    ["Enligt LVU 2 §.", "Se OSL 26 kap. 1 §.", "BUP 1177 har telefontid.", "KPI 123 steg.", "abc 123 xyz"],
)
def test_plate_like_text_passes(text: str) -> None:
    assert "license_plate" not in kinds(text)
