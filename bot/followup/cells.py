"""The cells of a table of counts and what may be shown of them (see `suppress.py` for the rule).

A table here is a set of cells, each a count that belongs to two sums (its row's and its column's),
and the margins: the sums that are published. A cell is an edge from one sum to another: for each
sum, the cells coming in minus the cells going out is known (a published margin, or an identity
such as "a school's consultations = its cases per grade band"). `FREE` stands for every sum that is
published nowhere.
"""

from __future__ import annotations

from collections.abc import Hashable, Mapping
from dataclasses import dataclass, field

SMALL = 5
HIDDEN = "<5"  # a count of 1–4, or a 0 hidden so that another "<5" cannot be worked out
SECONDARY = "x"  # a count of five or more hidden so that a "<5" cannot be worked out
FREE = ""  # a sum published nowhere
UNBOUNDED = 10**9


@dataclass(frozen=True, slots=True)
class Cell:
    """A count that flows from the sum `tail` into the sum `head`."""

    value: int
    tail: str
    head: str
    cap: Hashable | None = None  # a cell this one never exceeds (the acknowledged, of all received)


@dataclass(frozen=True, slots=True)
class Table:
    """Cells by key and the published margins: name -> the sums (nodes) that each equal it.

    A margin with two nodes (one with its cells coming in, one with its cells going out) is the same
    number published twice, e.g. an area's count summed over schools and over months. `withheld`:
    cells hidden by another rule (a small school's breakdown); they are protected like the others.
    """

    cells: Mapping[Hashable, Cell]
    margins: Mapping[str, tuple[str, ...]]
    withheld: frozenset[Hashable] = frozenset()


@dataclass(frozen=True, slots=True)
class Protection:
    """What may be shown of a table: the hidden cells with their mark, and margins shown as ranges."""

    table: Table
    hidden: Mapping[Hashable, str]
    ranged: frozenset[str] = field(default_factory=frozenset)

    def cell(self, key: Hashable) -> int | str:
        """The cell as shown: its count, "<5", or SECONDARY (withheld cells are the caller's to word)."""
        return self.hidden.get(key, self.table.cells[key].value) if key in self.table.cells else 0

    def margin(self, name: str) -> int | str:
        """The margin's count, or when ranged the range its cells allow, e.g. "6–9" or "≥ 6"."""
        node = self.table.margins[name][0]
        incident = [(k, c) for k, c in self.table.cells.items() if node in (c.tail, c.head)]
        if name not in self.ranged:
            return sum(c.value for _k, c in incident)
        lo = hi = 0
        for key, c in incident:
            # From the marks alone: a cap's true count must not leak into the range shown.
            hidden = bounds(c.value, withheld=key in self.table.withheld)
            low, high = hidden if key in self.hidden else (c.value, c.value)
            lo, hi = lo + low, min(UNBOUNDED, hi + high)
        return f"≥ {lo}" if hi >= UNBOUNDED else (str(lo) if lo == hi else f"{lo}–{hi}")


def bounds(value: int, *, withheld: bool = False) -> tuple[int, int]:
    """What a reader knows of a hidden count: 0–4 ("<5", or withheld) or five or more ("x")."""
    return (0, SMALL - 1) if value < SMALL or withheld else (SMALL, UNBOUNDED)
