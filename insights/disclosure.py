"""Disclosure control: the one place a table is made safe to show.

    published = disclose(figure_access(filters, by=("ethnic_group", "sex")))

1. Counts of 1 to 7 are shown as "*"; 0 stays "0"; every other count is rounded to the
   nearest 5 (so no count from 1 to 7 is ever shown).
2. Secondary suppression: a suppressed count must not be recoverable from totals. A
   "line" is a set of cells whose sum is known: the rows' cells of one column and the All
   row; for two crossed keys, every group of cells sharing the first key, or the second
   (their totals appear in the one-way tables, so they count as known); and, inside a
   row, a total column and its parts. Every line holding a suppressed cell must hold at
   least two (or have its total suppressed). Then the whole linear system is checked
   exactly (modular elimination): any suppressed cell the published cells still fix is
   protected by suppressing the smallest published cell beside it, until none is.
3. Percentages are recomputed from the published (rounded) counts, and hidden when either
   count is suppressed; medians and means are hidden when the count they are computed over
   is suppressed or zero.

The input table is not changed: disclose() returns a new one.
"""

from __future__ import annotations

import dataclasses
import heapq
from collections import defaultdict
from dataclasses import dataclass

from insights.figures import Cell, Row, Table

LOWEST_SHOWN = 8
ROUND_TO = 5
# The exact check is cubic in the number of suppressed cells; beyond this the line rule
# (step 2's first part) stands alone. Real tables stay far below it.
EXACT_CHECK_MAX = 400
_PRIME = (1 << 61) - 1

Ref = tuple[int, int]  # (row index, column index)


@dataclass
class Line:
    parts: list[Ref]
    total: Ref | None  # None: the total is published elsewhere (a one-way table)


def round_count(value: int) -> int:
    """To the nearest 5 (counts are whole, so there are no ties)."""
    return ROUND_TO * ((value + ROUND_TO // 2) // ROUND_TO)


def is_primary_suppressed(value: int) -> bool:
    return 1 <= value < LOWEST_SHOWN


def disclose(table: Table) -> Table:
    published = _copy(table)
    counts = set(published.count_columns)
    for row in published.rows:
        for index in counts:
            cell = row.cells[index]
            cell.suppressed = is_primary_suppressed(int(cell.value or 0))
    _protect(published, _Lines(published))
    for row in published.rows:
        for index in counts:
            _show_count(row.cells[index])
        _show_derived(published, row.cells)
    return published


def _copy(table: Table) -> Table:
    """A copy whose cells (and lists) can be changed without touching ``table``; faster
    than copy.deepcopy on tables of thousands of rows."""
    return dataclasses.replace(
        table,
        columns=list(table.columns),
        count_columns=list(table.count_columns),
        notes=list(table.notes),
        sums=list(table.sums),
        ratios=dict(table.ratios),
        bases=dict(table.bases),
        rows=[
            Row(
                labels=row.labels,
                keys=row.keys,
                cells=[Cell(c.value, c.display, c.suppressed, c.base) for c in row.cells],
            )
            for row in table.rows
        ],
    )


def _show_count(cell: Cell) -> None:
    if cell.suppressed:
        cell.display = "*"
    else:
        cell.display = f"{round_count(int(cell.value or 0)):,}"


def _published_count(cell: Cell) -> int | None:
    return None if cell.suppressed else round_count(int(cell.value or 0))


def _show_derived(table: Table, cells: list[Cell]) -> None:
    for index, (numerator, denominator, complement) in table.ratios.items():
        num, den = _published_count(cells[numerator]), _published_count(cells[denominator])
        cell = cells[index]
        if num is None or not den:
            cell.display, cell.suppressed = "", True
            continue
        share = 100.0 * num / den
        cell.display = f"{(100.0 - share) if complement else share:.0f}%"
    for index, base in table.bases.items():
        cell = cells[index]
        base_cell = cells[base]
        if base_cell.suppressed or not base_cell.value or cell.value is None:
            cell.display, cell.suppressed = "", True
        else:
            cell.display = f"{cell.value:.1f}"
    handled = set(table.count_columns) | set(table.ratios) | set(table.bases)
    for index, cell in enumerate(cells):
        if index in handled:
            continue
        # A figure with a base but no base column: hidden when that base would be.
        if cell.base is not None and (cell.base == 0 or is_primary_suppressed(cell.base)):
            cell.display, cell.suppressed = "", True
        elif cell.value is None:
            cell.display = ""
        else:
            cell.display = f"{cell.value:.1f}" if isinstance(cell.value, float) else str(cell.value)


# --- lines ---------------------------------------------------------------------------------


def table_lines(table: Table) -> list[Line]:
    """Every set of count cells whose sum is published or known (see module docstring)."""
    return _Lines(table).lines


class _Lines:
    """The lines of a table, and which lines hold a cell, from how they were built (a
    table of 8,000 rows has some 300,000 line memberships: not worth listing)."""

    def __init__(self, table: Table) -> None:
        self.table = table
        rows = table.rows
        self.all_index = len(rows) - 1
        self.lines: list[Line] = []
        self.row_sums: list[list[int]] = []  # row -> its lines of a total column and parts
        for i in range(len(rows)):
            self.row_sums.append([])
            for total, parts in table.sums:
                self.row_sums[i].append(len(self.lines))
                self.lines.append(Line(parts=[(i, p) for p in parts], total=(i, total)))
        self.column: dict[int, int] = {}  # column -> its line down the rows
        self.marginal: dict[tuple[int, int, str], int] = {}  # (column, position, key)
        self.crossed = len(table.by) == 2
        body = [i for i, row in enumerate(rows) if not row.is_all]
        if not body:
            return
        groups: list[dict[str, list[int]]] = []
        if self.crossed:
            for position in (0, 1):
                by_key: dict[str, list[int]] = defaultdict(list)
                for i in body:
                    by_key[rows[i].keys[position]].append(i)
                groups.append(by_key)
        for column in table.count_columns:
            self.column[column] = len(self.lines)
            self.lines.append(
                Line(parts=[(i, column) for i in body], total=(self.all_index, column))
            )
            for position, by_key in enumerate(groups):
                # Known only where the one-way table can show it: not a group of one
                # cell (that is its own marginal, shown or hidden there by the same
                # rule), nor a marginal of 1 to 7 (always hidden there).
                for key, members in by_key.items():
                    if len(members) < 2:
                        continue
                    marginal = sum(int(rows[i].cells[column].value or 0) for i in members)
                    if not is_primary_suppressed(marginal):
                        self.marginal[(column, position, key)] = len(self.lines)
                        self.lines.append(Line(parts=[(i, column) for i in members], total=None))

    def holding(self, ref: Ref) -> tuple[list[int], list[int]]:
        """The lines with ``ref`` as a part, and those with it as their total."""
        i, column = ref
        parts, totals = [], []
        for number in self.row_sums[i]:
            line = self.lines[number]
            if line.total == ref:
                totals.append(number)
            elif ref in line.parts:
                parts.append(number)
        number = self.column.get(column)
        if number is not None:
            (totals if i == self.all_index else parts).append(number)
            if self.crossed and i != self.all_index:
                keys = self.table.rows[i].keys
                for position in (0, 1):
                    number = self.marginal.get((column, position, keys[position]))
                    if number is not None:
                        parts.append(number)
        return parts, totals


def _cell(table: Table, ref: Ref) -> Cell:
    return table.rows[ref[0]].cells[ref[1]]


def _suppressed(table: Table, ref: Ref | None) -> bool:
    return ref is not None and _cell(table, ref).suppressed


class _Hiding:
    """Which cells are suppressed, and for each line how many of its parts are: kept up to
    date cell by cell, so each rule looks only at the lines a new suppression touches
    (tables with thousands of rows would otherwise rescan every line after each one)."""

    def __init__(self, table: Table, index: _Lines) -> None:
        self.table, self.index, self.lines = table, index, index.lines
        # The suppressed cells in any line: the unknowns of the exact check. Only lines
        # holding one can need a rule, so only they are counted and queued.
        self.unknowns: set[Ref] = set()
        self.hidden = [0] * len(self.lines)
        pending = set()
        for i, row in enumerate(table.rows):
            for c, cell in enumerate(row.cells):
                if cell.suppressed:
                    parts, totals = index.holding((i, c))
                    if parts or totals:
                        self.unknowns.add((i, c))
                    for number in parts:
                        self.hidden[number] += 1
                        pending.add(number)
        # Lines to look at again, smallest number (table order) first.
        self.pending = sorted(pending)
        self.queued = set(self.pending)

    def exposed(self) -> list[Ref]:
        """Suppressed cells whose value the published cells and known totals determine."""
        unknowns = sorted(self.unknowns)
        if not unknowns or len(unknowns) > EXACT_CHECK_MAX:
            return []
        equations = []
        for number in sorted({n for ref in unknowns for n in self.lines_with(ref)}):
            line = self.lines[number]
            equation = {ref: 1 for ref in line.parts if ref in self.unknowns}
            if line.total is not None and line.total in self.unknowns:
                equation[line.total] = -1
            equations.append(equation)
        return determined(unknowns, equations)

    def lines_with(self, ref: Ref) -> list[int]:
        parts, totals = self.index.holding(ref)
        return parts + totals

    def suppress(self, ref: Ref) -> None:
        _cell(self.table, ref).suppressed = True
        parts, totals = self.index.holding(ref)
        if parts or totals:
            self.unknowns.add(ref)
        for number in parts:
            self.hidden[number] += 1
            if number not in self.queued:
                self.queued.add(number)
                heapq.heappush(self.pending, number)

    def line_rule(self) -> bool:
        """No line whose total is known may hide exactly one of its parts."""
        changed = False
        while self.pending:
            number = heapq.heappop(self.pending)
            self.queued.discard(number)
            line = self.lines[number]
            if self.hidden[number] == 1 and not _suppressed(self.table, line.total):
                hidden = next(ref for ref in line.parts if _cell(self.table, ref).suppressed)
                changed |= self.suppress_another(line, exclude=hidden)
        return changed

    def suppress_another(self, line: Line, *, exclude: Ref) -> bool:
        """Suppress the smallest published part of ``line`` (positive counts first, as a
        hidden zero protects less), or its total when it has no other part."""
        table = self.table
        candidates = [
            ref for ref in line.parts if ref != exclude and not _cell(table, ref).suppressed
        ]
        if candidates:
            self.suppress(
                min(
                    candidates,
                    key=lambda ref: (
                        int(_cell(table, ref).value or 0) == 0,
                        int(_cell(table, ref).value or 0),
                        ref,
                    ),
                )
            )
            return True
        if line.total is not None and not _cell(table, line.total).suppressed:
            self.suppress(line.total)
            return True
        return False

    def suppress_beside(self, ref: Ref) -> bool:
        table = self.table
        for number in sorted(set(self.lines_with(ref))):
            line = self.lines[number]
            if ref in line.parts and not _suppressed(table, line.total):
                if self.suppress_another(line, exclude=ref):
                    return True
            if line.total == ref:
                candidates = [p for p in line.parts if not _cell(table, p).suppressed]
                if candidates:
                    self.suppress(
                        min(candidates, key=lambda p: (int(_cell(table, p).value or 0), p))
                    )
                    return True
        return False


def _protect(table: Table, index: _Lines) -> None:
    hiding = _Hiding(table, index)
    while True:
        changed = hiding.line_rule()
        for ref in hiding.exposed():
            changed |= hiding.suppress_beside(ref)
        if not changed:
            return


# --- the exact check -------------------------------------------------------------------------


def determined(unknowns: list[Ref], equations: list[dict[Ref, int]]) -> list[Ref]:
    """The unknowns fixed by the equations (sum of coefficients × unknowns = a known
    number). Row-reduces modulo a large prime: an unknown is fixed exactly when it is a
    pivot whose reduced row involves no free unknown."""
    index = {ref: i for i, ref in enumerate(unknowns)}
    rows = [{index[ref]: c % _PRIME for ref, c in eq.items()} for eq in equations]
    pivots: dict[int, dict[int, int]] = {}  # pivot column -> reduced row
    for row in rows:
        row = dict(row)
        for column, pivot_row in pivots.items():
            factor = row.get(column)
            if factor:
                _axpy(row, pivot_row, -factor)
        row = {c: v for c, v in row.items() if v}
        if not row:
            continue
        column = min(row)
        inverse = pow(row[column], _PRIME - 2, _PRIME)
        row = {c: v * inverse % _PRIME for c, v in row.items()}
        for other in pivots.values():
            factor = other.get(column)
            if factor:
                _axpy(other, row, -factor)
        pivots[column] = row
    fixed = []
    for column, row in pivots.items():
        if all(c == column or c in pivots for c, v in row.items() if v):
            fixed.append(unknowns[column])
    return fixed


def _axpy(target: dict[int, int], source: dict[int, int], factor: int) -> None:
    for column, value in source.items():
        updated = (target.get(column, 0) + factor * value) % _PRIME
        if updated:
            target[column] = updated
        else:
            target.pop(column, None)
