"""The one plural rule every template uses for a count."""

from __future__ import annotations

import pytest

from templates import counted


@pytest.mark.parametrize(
    ("value", "expected"),
    [(0, "0 dagar"), (1, "1 dag"), (2, "2 dagar"), (21, "21 dagar"), ("<5", "<5 dagar"), ("–", "– dagar")],
)
def test_one_takes_the_singular_and_everything_else_the_plural(value: object, expected: str) -> None:
    assert counted(value, "dag", "dagar") == expected
