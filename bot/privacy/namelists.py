"""The name and word lists shipped in data/, loaded once on first use."""

from dataclasses import dataclass
from functools import cache
from importlib.resources import files


@dataclass(frozen=True, slots=True)
class NameLists:
    """Lower-case word sets the name detector looks words up in."""

    first_names: frozenset[str]
    surnames: frozenset[str]
    common_words: frozenset[str]
    primary_names: frozenset[str]
    not_names: frozenset[str]
    names: frozenset[str]
    lowercase_names: frozenset[str]


def _read(name: str) -> frozenset[str]:
    text = files(__package__).joinpath("data", name).read_text(encoding="utf-8")
    return frozenset(w for line in text.splitlines() if (w := line.strip().lower()) and w[0] != "#")


@cache
def name_lists() -> NameLists:
    """The shipped lists, read on first call and cached for the life of the process."""
    first, sur = _read("first_names.txt"), _read("surnames.txt")
    common, not_names = _read("common_words.txt"), _read("not_names.txt")
    names = (first | sur) - not_names
    # A name written in lower case is only trusted when it is not also an ordinary word.
    lowercase = frozenset(n for n in names - common if len(n) >= 3)
    return NameLists(first, sur, common, _read("primary_names.txt"), not_names, names, lowercase)
