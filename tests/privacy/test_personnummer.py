"""Personnummer and samordningsnummer in every written form."""

import datetime as dt

import pytest
from hypothesis import given
from hypothesis import strategies as st
from privacy_spans import kinds, spans

from bot.privacy.personnummer import luhn_valid


def with_check_digit(nine: str) -> str:
    """The 10-digit number made by appending the correct Luhn digit to `nine` digits."""
    return next(nine + str(d) for d in range(10) if luhn_valid(nine + str(d)))


@pytest.mark.parametrize(
    "number",
    ["110312-3319", "20110312-3319", "1103123319", "201103123319", "110312 3319", "2011 03 12-3319",
     "110312 - 3319", "20110312 3319"],
)  # fmt: skip
def test_every_written_form_is_found(number: str) -> None:
    text = f"Eleven har nummer {number} enligt mamman."
    assert spans(text, "personnummer") == [number]


def test_plus_separator_marks_age_over_100() -> None:
    assert spans("Farfar har 191205+1238.", "personnummer") == ["191205+1238"]


def test_samordningsnummer_has_day_plus_60() -> None:
    assert spans("Hon har 110372-9701.", "samordningsnummer") == ["110372-9701"]
    assert kinds("Hon har 20100761-4041.") == {"samordningsnummer"}


def test_wrong_check_digit_with_separator_still_identifies() -> None:
    assert kinds("Jag skrev 110312-3318 förut.") == {"personnummer"}


def test_wrong_check_digit_without_separator_is_just_a_number() -> None:
    assert kinds("Beloppet var 1103123318 öre.") == set()


@pytest.mark.parametrize(
    "text",
    ["Ärende 2026-1234 gäller en annan skola.", "Dnr 2025/1234-12.", "Fel nummer 991340-1234 i systemet.",
     "Det kostar 12 000 kr.", "Skolenhetskod 12345678.", "Ogiltigt datum 110230-1234.", "Möte 2026-11-24."],
)  # fmt: skip
def test_numbers_that_only_look_like_personnummer_pass(text: str) -> None:
    assert kinds(text) == set()


def test_luhn() -> None:
    assert luhn_valid("8112189876")
    assert not luhn_valid("8112189875")


def test_29_february_only_in_leap_years() -> None:
    assert kinds(f"Nr {with_check_digit('120229434')}.") == {"personnummer"}
    assert kinds(f"Nr {with_check_digit('110229434')}.") == set()


birth_dates = st.dates(min_value=dt.date(1905, 1, 1), max_value=dt.date(2025, 12, 31))
formats = st.sampled_from(["{yy}{md}-{tail}", "{cc}{yy}{md}-{tail}", "{yy}{md}{tail}", "{cc}{yy}{md}{tail}",
                           "{yy}{md} {tail}", "{cc}{yy}{md} {tail}", "{yy}{md}+{tail}"])  # fmt: skip


@given(birth_dates, st.integers(0, 999), st.booleans(), formats)
def test_every_valid_number_in_any_format_is_found(
    born: dt.date, serial: int, samordning: bool, layout: str
) -> None:
    day = born.day + (60 if samordning else 0)
    yy, md = f"{born.year % 100:02d}", f"{born.month:02d}{day:02d}"
    tail = with_check_digit(yy + md + f"{serial:03d}")[6:]
    number = layout.format(cc=born.year // 100, yy=yy, md=md, tail=tail)
    expected = "samordningsnummer" if samordning else "personnummer"
    assert spans(f"Nummer: {number}. Tack!", expected) == [number]
