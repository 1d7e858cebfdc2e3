"""Small counts kept secret: primary and secondary (complementary) cell suppression over linked tables.

Primary: a cell of 1–4 is hidden ("<5"). Secondary: no hidden cell may be derivable from what is
shown. The reader is taken to know every published sum, what each mark allows ("<5" is 0–4, a hidden
0 included, which is true; "x" is five or more; a withheld breakdown is 0–4) and each cap both ways
(a school's acknowledged, areas and outcomes are at most its consultations, so they also bound a
hidden total from below). `Audit` looks for another table that shows the same and moves the cell;
while some hidden cell has none, another cell near it is hidden (a 0 first, then the smallest
count), and only when no cell helps is a margin shown as the range its cells allow.
"""

from __future__ import annotations

import logging
from collections.abc import Hashable, Iterable

from bot.followup.audit import Audit
from bot.followup.cells import (
    FREE,
    HIDDEN,
    SECONDARY,
    SMALL,
    UNBOUNDED,
    Cell,
    Protection,
    Table,
    bounds,
)

__all__ = [
    "FREE",
    "HIDDEN",
    "SECONDARY",
    "SMALL",
    "UNBOUNDED",
    "Cell",
    "Protection",
    "Table",
    "bounds",
    "derivable",
    "protect",
]

log = logging.getLogger("bryggan.followup")
TRIES = 12  # cells further away tried one by one before a margin is shown as a range


def protect(table: Table) -> Protection:
    """Hide the 1–4 cells and enough others (or range margins) that no hidden count is derivable."""
    hidden = {k for k, c in table.cells.items() if 0 < c.value < SMALL} | set(table.withheld)
    ranged: set[str] = set()
    safe: set[Hashable] = set()  # hiding more only adds freedom: a cell found safe stays safe
    while (pinned := _first_pinned(table, hidden, ranged, safe)) is not None:
        if not _widen(table, pinned, hidden, ranged):
            # Everything around it is hidden or ranged and the search still finds no other table.
            # Go on rather than fail the whole report; say so, ids only.
            log.warning("suppression: a hidden cell stays pinned", extra={"cell": repr(pinned)})
            safe.add(pinned)
    marks = {k: HIDDEN if table.cells[k].value < SMALL else SECONDARY for k in sorted(hidden, key=repr)}
    return Protection(table, marks, frozenset(ranged))


def derivable(table: Table, hidden: Iterable[Hashable], ranged: Iterable[str] = ()) -> list[Hashable]:
    """The hidden cells of 1 or more for which the search finds no other table showing the same."""
    audit = Audit(table, hidden, ranged)
    return [k for k in sorted(set(hidden), key=repr) if table.cells[k].value > 0 and audit.pinned(k)]


def _first_pinned(
    table: Table, hidden: set[Hashable], ranged: set[str], safe: set[Hashable]
) -> Hashable | None:
    audit = Audit(table, hidden, ranged)
    for key in sorted(hidden - safe, key=repr):
        if table.cells[key].value > 0 and audit.pinned(key):
            return key
        safe.add(key)
    return None


def _widen(table: Table, key: Hashable, hidden: set[Hashable], ranged: set[str]) -> bool:
    """Hide one more cell (or range one margin) so that `key` is no longer derivable, or get closer."""
    audit = Audit(table, hidden, ranged)
    ends = _ends(table, key) - {FREE}
    near = audit.reach(key) - {FREE}
    beside = _related(table, hidden, key) + _unhidden_touching(table, hidden, ends)
    further = [k for k in _unhidden_touching(table, hidden, near) if k not in beside]
    for k in beside + further[:TRIES]:
        if not audit.with_hidden(k).pinned(key):
            hidden.add(k)
            return True
    margins = sorted(
        (m for m in table.margins if m not in ranged and set(table.margins[m]) & near),
        key=lambda m: (not set(table.margins[m]) & ends, m),
    )
    for m in margins:
        if not audit.with_ranged(m).pinned(key):
            ranged.add(m)
            return True
    # No single step helps: take one step and look again, nearest and cheapest first. A count under
    # five beside it, then a margin of its own sums, and only then a count of five or more or a cell
    # further away: hiding far zeros one by one rarely frees a cell whose own total is exact (a
    # contact's view of one school, where every total is that school's count).
    own_ends = {table.cells[key].tail, table.cells[key].head} - {FREE}
    small = [k for k in _unhidden_touching(table, hidden, own_ends) if table.cells[k].value < SMALL]
    own = [m for m in margins if set(table.margins[m]) & ends]
    anywhere = [m for m in sorted(table.margins) if m not in ranged]
    steps: list[tuple[set, list]] = [
        (hidden, small),
        (ranged, own),
        (hidden, beside),
        (hidden, further),
        (ranged, margins),
        (ranged, anywhere),
    ]
    for taken, step in steps:
        if step:
            taken.add(step[0])
            return True
    return False


def _ends(table: Table, key: Hashable) -> set[str]:
    """The sums `key` belongs to, and those of the cells its cap links it to."""
    cell = table.cells[key]
    linked = [k for k, c in table.cells.items() if c.cap == key]
    if cell.cap is not None:
        linked.append(cell.cap)
    return {cell.tail, cell.head} | {n for k in linked for n in (table.cells[k].tail, table.cells[k].head)}


def _related(table: Table, hidden: set[Hashable], key: Hashable) -> list[Hashable]:
    """Shown cells that bound `key` through a cap: its cap, and the cells it caps, cheapest first."""
    cell = table.cells[key]
    found = [k for k, c in table.cells.items() if c.cap == key and k not in hidden]
    if cell.cap is not None and cell.cap not in hidden:
        found.append(cell.cap)
    return sorted(found, key=lambda k: (table.cells[k].value, repr(k)))


def _unhidden_touching(table: Table, hidden: set[Hashable], nodes: set[str]) -> list[Hashable]:
    """Shown cells of `nodes`' sums, cheapest to hide first: zeros, then the smallest counts."""
    found = (k for k, c in table.cells.items() if k not in hidden and {c.tail, c.head} & nodes)
    return sorted(found, key=lambda k: (table.cells[k].value, repr(k)))
