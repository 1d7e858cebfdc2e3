"""An attacker's view for tests: the interval each hidden count lies in, given everything shown.

Independent of the suppression code's own reasoning (a search for another table): a linear programme
over the hidden cells, with every shown sum as an equation, every range as two inequalities, what a
reader knows of each hidden cell (`bounds`) as its bounds and each cap (the acknowledged at most the
cases) as an inequality, which bounds the capped cell from above and the cap from below. Without
caps the constraints form a network matrix (each cell in at most two sums, with opposite signs), so
the optima are whole numbers; with caps they may not be, and the reader, knowing counts are whole,
rounds the least up and the most down (3.5–4 is 4).
"""

from __future__ import annotations

import math
import re
from collections.abc import Hashable, Mapping

from scipy.optimize import linprog

from bot.followup.suppress import FREE, SMALL, UNBOUNDED, Protection, bounds


def intervals(p: Protection) -> dict[Hashable, tuple[int, int]]:
    """Each hidden cell of 1 or more: the least and the most it can be, given what `p` shows."""
    table = p.table
    keys = sorted(p.hidden, key=repr)
    index = {k: n for n, k in enumerate(keys)}
    ranged_nodes = {node: name for name in p.ranged for node in table.margins[name]}
    nodes = sorted({n for c in table.cells.values() for n in (c.tail, c.head)} - {FREE})
    a_eq, b_eq, a_ub, b_ub = [], [], [], []
    for node in nodes:
        row, known = [0.0] * len(keys), 0
        for key, c in table.cells.items():
            sign = (c.head == node) - (c.tail == node)
            if sign == 0:
                continue
            if key in index:
                row[index[key]] += sign
            else:
                known -= sign * c.value
        true_net = sum(((c.head == node) - (c.tail == node)) * c.value for c in table.cells.values())
        name = ranged_nodes.get(node)
        if name is None:
            a_eq.append(row)
            b_eq.append(true_net + known)
        elif table.margins[name][0] == node:  # the range as shown; the margin's other node equals it
            lo, hi = _range(p.margin(name))
            size = [abs(x) for x in row]
            at_node = [(k, c) for k, c in table.cells.items() if node in (c.tail, c.head)]
            shown = sum(c.value for k, c in at_node if k not in index)
            a_ub.append([-x for x in size])
            b_ub.append(-(lo - shown))
            if hi != float("inf"):
                a_ub.append(size)
                b_ub.append(hi - shown)
            if len(table.margins[name]) == 2:
                other = table.margins[name][1]
                a_eq.append(_net(table, index, node, other))
                b_eq.append(_net_known(table, index, node, other))
    for key in keys:  # a cell at most its cap: a shown count, or another hidden cell
        cap = table.cells[key].cap
        if cap is None:
            continue
        row = [0.0] * len(keys)
        row[index[key]] = 1.0
        if cap in index:
            row[index[cap]] = -1.0
        a_ub.append(row)
        b_ub.append(0.0 if cap in index else table.cells[cap].value)
    for key, c in table.cells.items():  # a shown cell is at most its hidden cap: a lower bound on it
        if key not in index and c.cap in index:
            row = [0.0] * len(keys)
            row[index[c.cap]] = -1.0
            a_ub.append(row)
            b_ub.append(-c.value)
    limits = [_limits(bounds(table.cells[k].value, withheld=k in table.withheld)) for k in keys]
    found = {}
    for key in keys:
        if table.cells[key].value == 0:
            continue
        goal = [0.0] * len(keys)
        goal[index[key]] = 1.0
        ends = []
        for sign in (1, -1):
            result = linprog(
                [sign * g for g in goal],
                A_ub=a_ub or None,
                b_ub=b_ub or None,
                A_eq=a_eq or None,
                b_eq=b_eq or None,
                bounds=limits,
                method="highs",
            )
            if result.status == 3:  # no upper end: nothing shown caps it
                ends.append(UNBOUNDED)
                continue
            assert result.status == 0, result.message  # the true table is always feasible
            end = sign * result.fun
            ends.append(math.ceil(end - 1e-6) if sign == 1 else math.floor(end + 1e-6))
        found[key] = (ends[0], ends[1])
    return found


def derivable(p: Protection) -> list[Hashable]:
    """The hidden counts of 1–4 that what `p` shows pins to one number (the counts the rule protects)."""
    return [k for k, (lo, hi) in intervals(p).items() if lo == hi and p.table.cells[k].value < SMALL]


def _limits(known: tuple[int, int]) -> tuple[int, int | None]:
    lo, hi = known
    return lo, None if hi >= UNBOUNDED else hi


def _range(text: int | str) -> tuple[int, float]:
    text = str(text)
    if match := re.fullmatch(r"≥ (\d+)", text):
        return int(match[1]), float("inf")
    if match := re.fullmatch(r"(\d+)–(\d+)", text):
        return int(match[1]), int(match[2])
    return int(text), int(text)


def _net(table, index: Mapping[Hashable, int], first: str, second: str) -> list[float]:  # type: ignore[no-untyped-def]
    """The sum of cells at `first` minus those at `second`: both sums are the same number."""
    row = [0.0] * len(index)
    for key, c in table.cells.items():
        if key in index:
            row[index[key]] += (first in (c.tail, c.head)) - (second in (c.tail, c.head))
    return row


def _net_known(table, index: Mapping[Hashable, int], first: str, second: str) -> float:  # type: ignore[no-untyped-def]
    known = 0
    for key, c in table.cells.items():
        if key not in index:
            known -= ((first in (c.tail, c.head)) - (second in (c.tail, c.head))) * c.value
    return known
