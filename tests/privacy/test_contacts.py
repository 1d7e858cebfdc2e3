"""Phone numbers, e-mail addresses and social-media handles."""

import pytest
from privacy_spans import kinds, spans


@pytest.mark.parametrize(
    "number",
    ["070-123 45 67", "0731234568", "+46 70 987 65 43", "013-12 34 56", "08-555 123 45", "+46-72-345 67 89",
     "0046 73 111 22 33", "076 - 842 19 05", "(076) 123 45 67"],
)  # fmt: skip
def test_swedish_phone_numbers_are_found(number: str) -> None:
    assert spans(f"Ring {number} efter lunch.", "phone") == [number]


@pytest.mark.parametrize(
    "text",
    ["Det kostar 12 000 kr.", "Mötet är 2026-11-24 kl 14:30.", "Ring 112 om det är akut.", "BUP 1177.",
     "Ärende 2024-000123.", "Frånvaron är 120 timmar av 480."],
)  # fmt: skip
def test_numbers_that_are_not_phones_pass(text: str) -> None:
    assert "phone" not in kinds(text)


@pytest.mark.parametrize(
    "address",
    ["anna.svensson@gmail.com", "xx_gamer_xx@hotmail.se", "k.nowak@outlook.com", "kalle (at) skolan.se"],
)
def test_email_addresses_are_found(address: str) -> None:
    assert spans(f"Maila {address}.", "email") == [address]


@pytest.mark.parametrize(
    ("text", "handle"),
    [
        ("Hon har kontot @tjejen_2011 på Instagram.", "@tjejen_2011"),
        ("Kolla instagram.com/lkpg.kid2010.", "instagram.com/lkpg.kid2010"),
        ("Se https://www.tiktok.com/@dansarn_13 nu", "https://www.tiktok.com/@dansarn_13"),
        ("Snapchat: blingbling_99", "blingbling_99"),
        ("Han har snap: kevvo och skriver med vuxna.", "kevvo"),
        ("Han heter kevvo_x på snap.", "kevvo_x"),
        ("Insta-namn: svensk_tjej_08", "svensk_tjej_08"),
    ],
)
def test_social_media_handles_and_links_are_found(text: str, handle: str) -> None:
    assert handle in spans(text, "social_media")


@pytest.mark.parametrize(
    "text",
    ["Eleven är aktiv på Snapchat och TikTok.", "Vi har pratat med @kuratorn om saken.",
     "<@U04ABCDEF> kan du svara?", "Skicka till @here.", "Skriv till kurator@skolan.se"],
)  # fmt: skip
def test_platform_names_mentions_and_emails_are_not_handles(text: str) -> None:
    assert "social_media" not in kinds(text)
