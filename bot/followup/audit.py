"""Can a reader pin a hidden count down? Look for another table that shows the same and moves it.

The reader knows every published sum, the range each hidden cell's mark allows (`bounds`), and each
cap both ways: a cell is at most its cap (a school's acknowledged, areas and outcomes at most its
consultations), so a shown cell also bounds a hidden cap from below. A hidden cell is safe when some
other whole-number table agrees with everything shown and has that cell one higher or one lower:
then nothing shown can tell the two apart. Such a table is found by moving the cell by one and
closing the gaps this opens, one shortest path of hidden cells at a time: a sum changed is restored
through the other hidden cells of the sums it meets (or a sum published nowhere), a cap lowered
takes the cells it caps down with it, a capped cell raised takes its cap up. The table found is then
checked against every relation, so a search that stops short can only make protection hide more,
never less.
"""

from __future__ import annotations

from collections import deque
from collections.abc import Hashable, Iterable
from copy import copy

from bot.followup.cells import FREE, Table, bounds

STEPS = 24  # moves tried before a cell is taken as pinned (hiding one more cell is the safe answer)


class Audit:
    """The hidden cells of a table as a reader sees them, with `ranged` margins shown as ranges."""

    def __init__(self, table: Table, hidden: Iterable[Hashable], ranged: Iterable[str] = ()) -> None:
        self._table = table
        self._hidden = set(hidden)
        self._node: dict[str, str] = {}
        for name in ranged:
            nodes = table.margins[name]
            target = FREE if len(nodes) == 1 else nodes[0]  # two nodes stay equal, though not shown
            for node in nodes:
                self._node[node] = target
        self._under: dict[Hashable, list[Hashable]] = {}
        for key, cell in table.cells.items():
            if cell.cap is not None:
                self._under.setdefault(cell.cap, []).append(key)
        self._box = {k: self._known(k) for k in self._hidden}
        # In a fixed order: the same table must be protected the same way in every output and run.
        self._ends = {
            k: (self.node(table.cells[k].tail), self.node(table.cells[k].head))
            for k in sorted(self._hidden, key=repr)
        }
        self._incident: dict[str, list[Hashable]] = {}
        for k, ends in self._ends.items():
            for node in set(ends):
                self._incident.setdefault(node, []).append(k)

    def with_hidden(self, key: Hashable) -> Audit:
        """The same reader, with `key` hidden too (cheaper than starting afresh)."""
        other = copy(self)
        other._hidden = self._hidden | {key}
        cell = self._table.cells[key]
        other._box = dict(self._box)
        for k in (key, cell.cap, *self._under.get(key, ())):
            if k in other._hidden:
                other._box[k] = other._known(k)
        other._ends = {**self._ends, key: (self.node(cell.tail), self.node(cell.head))}
        other._incident = dict(self._incident)
        for node in set(other._ends[key]):
            other._incident[node] = [*self._incident.get(node, ()), key]
        return other

    def with_ranged(self, name: str) -> Audit:
        """The same reader, with the margin `name` shown as a range too."""
        other = copy(self)
        nodes = self._table.margins[name]
        merged = {self.node(n) for n in nodes}
        target = FREE if len(nodes) == 1 else self.node(nodes[0])
        other._node = dict(self._node)
        for original, mapped in [*self._node.items(), *((n, n) for n in nodes)]:
            if mapped in merged:
                other._node[original] = target
        other._incident = {n: ks for n, ks in self._incident.items() if n not in merged}
        joined = {k for n in merged for k in self._incident.get(n, ())}
        other._incident[target] = sorted({*self._incident.get(target, ()), *joined}, key=repr)
        other._ends = dict(self._ends)
        for k in joined:
            other._ends[k] = tuple(target if n in merged else n for n in self._ends[k])
        return other

    def node(self, name: str) -> str:
        """The sum a node stands for once ranged margins are taken apart."""
        return self._node.get(name, name)

    def pinned(self, key: Hashable) -> bool:
        """No other table consistent with what is shown has `key` one higher or one lower."""
        return self._moved(key, +1) is None and self._moved(key, -1) is None

    def reach(self, key: Hashable) -> set[str]:
        """The sums (as original node names) joined to `key` by hidden cells and caps."""
        todo, seen_cells, nodes = [key], {key}, set()
        while todo:
            k = todo.pop()
            cell = self._table.cells[k]
            related = [*self._under.get(k, ()), *([cell.cap] if cell.cap is not None else [])]
            for name in (cell.tail, cell.head):
                mapped = self.node(name)
                if mapped in nodes or mapped == FREE:
                    continue
                nodes.add(mapped)
                related += self._incident.get(mapped, [])
            for j in related:
                if j in self._hidden and j not in seen_cells:
                    seen_cells.add(j)
                    todo.append(j)
        names = {n for c in self._table.cells.values() for n in (c.tail, c.head)}
        return {n for n in names if self.node(n) in nodes}

    def _known(self, key: Hashable) -> tuple[int, int]:
        cells = self._table.cells
        lo, hi = bounds(cells[key].value, withheld=key in self._table.withheld)
        cap = cells[key].cap
        if cap is not None and cap not in self._hidden:
            hi = min(hi, cells[cap].value)
        shown_under = [cells[j].value for j in self._under.get(key, ()) if j not in self._hidden]
        return max([lo, *shown_under]), hi

    def _room(self, key: Hashable, change: int, moves: dict[Hashable, int]) -> bool:
        if key not in self._hidden:
            return False
        lo, hi = self._box[key]
        return lo <= self._table.cells[key].value + moves.get(key, 0) + change <= hi

    def _now(self, key: Hashable, moves: dict[Hashable, int]) -> int:
        return self._table.cells[key].value + moves.get(key, 0)

    def _moved(self, key: Hashable, change: int) -> dict[Hashable, int] | None:
        """Moves (cell -> change) giving a consistent table with `key` changed by `change`, or None."""
        moves: dict[Hashable, int] = {}
        todo: deque[tuple[Hashable, int]] = deque([(key, change)])
        for _ in range(STEPS):
            if not todo:
                return moves if moves.get(key) == change and self._consistent(moves) else None
            k, step = todo.popleft()
            if moves and not self._violated(k, moves):
                continue  # a cap repair that another move has made already
            if not self._room(k, step, moves):
                return None
            moves[k] = moves.get(k, 0) + step
            cell = self._table.cells[k]
            start, goal = (cell.head, cell.tail) if step > 0 else (cell.tail, cell.head)
            path = self._path(self.node(start), self.node(goal), moves, avoid={key, k})
            if path is None:
                return None
            for j, s in path:
                moves[j] = moves.get(j, 0) + s
            for j in (k, *(j for j, _s in path)):
                todo.extend(self._repairs(j, moves, key))
        return None

    def _violated(self, k: Hashable, moves: dict[Hashable, int]) -> bool:
        return bool(self._repairs(k, moves, None))

    def _repairs(self, k: Hashable, moves: dict[Hashable, int], keep: Hashable) -> list[tuple[Hashable, int]]:
        """Moves restoring the caps around `k`: cells over a lowered cap go down, a raised cell lifts it."""
        found = []
        cap = self._table.cells[k].cap
        if cap is not None and self._now(k, moves) > self._now(cap, moves):
            found.append((cap, +1) if cap != keep and self._room(cap, +1, moves) else (k, -1))
        for j in self._under.get(k, ()):
            if self._now(j, moves) > self._now(k, moves):
                found.append((j, -1) if j != keep and self._room(j, -1, moves) else (k, +1))
        return found

    def _path(
        self, start: str, goal: str, moves: dict[Hashable, int], avoid: set[Hashable]
    ) -> list[tuple[Hashable, int]] | None:
        """The cheapest chain of hidden cells carrying one from `start` to `goal` (cap-free steps first)."""
        if start == goal:
            return []
        came: dict[str, tuple[str, Hashable, int] | None] = {start: None}
        cost = {start: 0}
        todo: deque[str] = deque([start])
        while todo:
            node = todo.popleft()
            if node == goal:
                break
            for k in self._incident.get(node, ()):
                if k in avoid:
                    continue
                tail, head = self._ends[k]
                step, nxt = (+1, head) if tail == node else (-1, tail)
                if nxt == node or not self._room(k, step, moves):
                    continue
                extra = self._strain(k, step, moves)
                if nxt not in cost or cost[node] + extra < cost[nxt]:
                    cost[nxt] = cost[node] + extra
                    came[nxt] = (node, k, step)
                    if extra:
                        todo.append(nxt)
                    else:
                        todo.appendleft(nxt)
        if goal not in came:
            return None
        path, node = [], goal
        while (link := came[node]) is not None:
            node, k, step = link
            path.append((k, step))
        return path

    def _strain(self, k: Hashable, step: int, moves: dict[Hashable, int]) -> int:
        """1 when moving `k` by `step` breaks a cap that another move must then restore."""
        cap = self._table.cells[k].cap
        if step > 0 and cap is not None and self._now(k, moves) + 1 > self._now(cap, moves):
            return 1
        if step < 0 and any(self._now(j, moves) > self._now(k, moves) - 1 for j in self._under.get(k, ())):
            return 1
        return 0

    def _consistent(self, moves: dict[Hashable, int]) -> bool:
        """Every sum still adds up, every cell stays in its range and under its cap."""
        net: dict[str, int] = {}
        for k, change in moves.items():
            if change and not self._room(k, 0, moves):
                return False
            cell = self._table.cells[k]
            net[self.node(cell.head)] = net.get(self.node(cell.head), 0) + change
            net[self.node(cell.tail)] = net.get(self.node(cell.tail), 0) - change
        if any(v for n, v in net.items() if n != FREE):
            return False
        for k in moves:
            cap = self._table.cells[k].cap
            if cap is not None and self._now(k, moves) > self._now(cap, moves):
                return False
            if any(self._now(j, moves) > self._now(k, moves) for j in self._under.get(k, ())):
                return False
        return True
