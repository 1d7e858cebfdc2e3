"""Small counts kept secret: primary and secondary (complementary) cell suppression over linked tables.

A table here is a set of cells, each a count that belongs to two sums (its row's and its column's),
and the margins: the sums that are published. A cell is an edge from one sum to another: for each
sum, the cells coming in minus the cells going out is known (a published margin, or an identity
such as "a school's consultations = its cases per grade band"). `FREE` stands for every sum that is
published nowhere.

Primary: a cell of 1–4 is hidden ("<5"). Secondary: a hidden cell must not be derivable from what is
shown. A reader may change the hidden cells by any amount that keeps every shown sum, so a hidden
cell can be narrowed to one number exactly when no cycle of hidden cells through it can move by one
within what the reader knows of each: "<5" is 0–4 (a hidden 0 is also shown as "<5", which is
true), "x" is five or more (only a count of five or more is shown as "x"), a withheld breakdown is
0–4. While some hidden cell is derivable, another cell beside it is hidden (a 0 first, then the
smallest count), and only when no cell helps is a margin shown as the range its cells allow.
"""

from __future__ import annotations

import logging
from collections.abc import Hashable, Iterable, Mapping
from dataclasses import dataclass, field

SMALL = 5
HIDDEN = "<5"  # a count of 1–4, or a 0 hidden so that another "<5" cannot be worked out
SECONDARY = "x"  # a count of five or more hidden so that a "<5" cannot be worked out
FREE = ""  # a sum published nowhere
UNBOUNDED = 10**9

log = logging.getLogger("bryggan.followup")


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

    def known(self, key: Hashable) -> tuple[int, int]:
        """What a reader is taken to know of the cell `key` once it is hidden."""
        lo, hi = bounds(self.cells[key].value, withheld=key in self.withheld)
        cap = self.cells[key].cap
        if cap is not None:
            # At most its cap, taken as known even when hidden: a hidden cap may be derivable, or
            # several caps add up to a shown sum (a term's cases), which a single bound cannot express.
            hi = min(hi, self.cells[cap].value)
        return lo, hi


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


def protect(table: Table) -> Protection:
    """Hide the 1–4 cells and enough others (or range margins) that no hidden count is derivable."""
    hidden = {k for k, c in table.cells.items() if 0 < c.value < SMALL} | set(table.withheld)
    ranged: set[str] = set()
    stuck: set[Hashable] = set()
    while (pinned := _first_pinned(table, hidden, ranged, stuck)) is not None:
        if not _widen(table, pinned, hidden, ranged):
            # Everything around it is hidden or ranged: only the model's caution (a cap taken as
            # known) can still pin it. Go on rather than fail the whole report; say so, ids only.
            log.warning("suppression: a hidden cell stays pinned in the model", extra={"cell": repr(pinned)})
            stuck.add(pinned)
    marks = {k: HIDDEN if table.cells[k].value < SMALL else SECONDARY for k in sorted(hidden, key=repr)}
    return Protection(table, marks, frozenset(ranged))


def derivable(table: Table, hidden: Iterable[Hashable], ranged: Iterable[str] = ()) -> list[Hashable]:
    """The hidden cells of 1 or more whose count can be narrowed to one number."""
    hidden, ranged = set(hidden), set(ranged)
    graph = _Graph(table, hidden, ranged)
    return [k for k in sorted(hidden, key=repr) if table.cells[k].value > 0 and graph.pinned(k)]


def _first_pinned(
    table: Table, hidden: set[Hashable], ranged: set[str], stuck: set[Hashable]
) -> Hashable | None:
    found = [k for k in derivable(table, hidden, ranged) if k not in stuck]
    return found[0] if found else None


def _widen(table: Table, key: Hashable, hidden: set[Hashable], ranged: set[str]) -> bool:
    """Hide one more cell (or range one margin) so that `key` is no longer derivable, or get closer."""
    cell = table.cells[key]
    ends = {cell.tail, cell.head} - {FREE}
    near = _Graph(table, hidden, ranged).component(key) - {FREE}
    beside = _unhidden_touching(table, hidden, ends)
    further = [k for k in _unhidden_touching(table, hidden, near) if k not in beside]
    for k in beside + further:
        if not _Graph(table, hidden | {k}, ranged).pinned(key):
            hidden.add(k)
            return True
    margins = sorted(
        (m for m in table.margins if m not in ranged and set(table.margins[m]) & near),
        key=lambda m: (not set(table.margins[m]) & ends, m),
    )
    for m in margins:
        if not _Graph(table, hidden, ranged | {m}).pinned(key):
            ranged.add(m)
            return True
    anywhere = [m for m in sorted(table.margins) if m not in ranged]  # a cap may link it to any sum
    if beside or further:  # no single step helps: take the cheapest and look again
        hidden.add((beside or further)[0])
    elif margins or anywhere:
        ranged.add((margins or anywhere)[0])
    else:
        return False
    return True


def _unhidden_touching(table: Table, hidden: set[Hashable], nodes: set[str]) -> list[Hashable]:
    """Shown cells of `nodes`' sums, cheapest to hide first: zeros, then the smallest counts."""
    found = (k for k, c in table.cells.items() if k not in hidden and {c.tail, c.head} & nodes)
    return sorted(found, key=lambda k: (table.cells[k].value, repr(k)))


class _Graph:
    """The hidden cells as edges between sums, with how each may move."""

    def __init__(self, table: Table, hidden: set[Hashable], ranged: set[str]) -> None:
        self._table = table
        self._node: dict[str, str] = {}
        for name in ranged:
            nodes = table.margins[name]
            # One node: the sum is free. Two: they stay equal to each other though neither is shown.
            target = FREE if len(nodes) == 1 else nodes[0]
            for node in nodes:
                self._node[node] = target
        self._hidden = hidden
        self._edges: dict[str, list[tuple[str, Hashable]]] = {}
        for k in hidden:
            c = table.cells[k]
            lo, hi = table.known(k)
            tail, head = self.node(c.tail), self.node(c.head)
            if c.value < hi:
                self._edges.setdefault(tail, []).append((head, k))
            if c.value > lo:
                self._edges.setdefault(head, []).append((tail, k))

    def node(self, name: str) -> str:
        return self._node.get(name, name)

    def pinned(self, key: Hashable) -> bool:
        """No cycle of hidden cells lets `key` move up or down by one."""
        c = self._table.cells[key]
        lo, hi = self._table.known(key)
        tail, head = self.node(c.tail), self.node(c.head)
        up = c.value < hi and self._reaches(head, tail, key)
        down = c.value > lo and self._reaches(tail, head, key)
        return not (up or down)

    def _reaches(self, start: str, goal: str, without: Hashable) -> bool:
        seen, todo = {start}, [start]
        while todo:
            node = todo.pop()
            if node == goal:
                return True
            for nxt, k in self._edges.get(node, ()):
                if k != without and nxt not in seen:
                    seen.add(nxt)
                    todo.append(nxt)
        return False

    def component(self, key: Hashable) -> set[str]:
        """The sums joined to `key` by hidden cells (either way), as original node names."""
        c = self._table.cells[key]
        groups: dict[str, set[str]] = {}
        for name in {n for cell in self._table.cells.values() for n in (cell.tail, cell.head)}:
            groups.setdefault(self.node(name), set()).add(name)
        links: dict[str, set[str]] = {}
        for k in self._hidden:
            h = self._table.cells[k]
            a, b = self.node(h.tail), self.node(h.head)
            links.setdefault(a, set()).add(b)
            links.setdefault(b, set()).add(a)
        start = {self.node(c.tail), self.node(c.head)}
        seen, todo = set(start), list(start - {FREE})
        while todo:  # not on through FREE: every unpublished sum meets there
            for nxt in links.get(todo.pop(), ()):
                if nxt not in seen:
                    seen.add(nxt)
                    if nxt != FREE:
                        todo.append(nxt)
        return {name for node in seen for name in groups.get(node, {node})}
