"""What the guard reports for a text, in forms that are easy to assert on in the privacy tests."""

from bot.privacy import scan


def kinds(text: str) -> set[str]:
    """The kinds the guard reports for `text`."""
    return {str(f.kind) for f in scan(text)}


def spans(text: str, kind: str) -> list[str]:
    """The substrings of `text` the guard reports as `kind` (for asserting on spans in tests only)."""
    return [text[f.start : f.end] for f in scan(text) if f.kind == kind]
