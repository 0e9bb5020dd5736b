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

import copy
from collections import defaultdict
from dataclasses import dataclass

from insights.figures import Cell, Table

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
    published = copy.deepcopy(table)
    counts = set(published.count_columns)
    for row in published.rows:
        for index in counts:
            cell = row.cells[index]
            cell.suppressed = is_primary_suppressed(int(cell.value or 0))
    lines = table_lines(published)
    _protect(published, lines)
    for row in published.rows:
        for index in counts:
            _show_count(row.cells[index])
        _show_derived(published, row.cells)
    return published


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
    lines: list[Line] = []
    rows = table.rows
    all_index = len(rows) - 1
    body = [i for i, row in enumerate(rows) if not row.is_all]
    for i, _row in enumerate(rows):
        for total, parts in table.sums:
            lines.append(Line(parts=[(i, p) for p in parts], total=(i, total)))
    if not body:
        return lines
    for column in table.count_columns:
        lines.append(Line(parts=[(i, column) for i in body], total=(all_index, column)))
        if len(table.by) == 2:
            for position in (0, 1):
                groups: dict[str, list[Ref]] = defaultdict(list)
                for i in body:
                    groups[rows[i].keys[position]].append((i, column))
                # Known only where the one-way table can show it: not a group of one
                # cell (that is its own marginal, shown or hidden there by the same
                # rule), nor a marginal of 1 to 7 (always hidden there).
                for refs in groups.values():
                    marginal = sum(int(_cell(table, ref).value or 0) for ref in refs)
                    if len(refs) > 1 and not is_primary_suppressed(marginal):
                        lines.append(Line(parts=refs, total=None))
    return lines


def _cell(table: Table, ref: Ref) -> Cell:
    return table.rows[ref[0]].cells[ref[1]]


def _suppressed(table: Table, ref: Ref | None) -> bool:
    return ref is not None and _cell(table, ref).suppressed


def _protect(table: Table, lines: list[Line]) -> None:
    while True:
        changed = _apply_line_rule(table, lines)
        exposed = _exposed_cells(table, lines)
        for ref in exposed:
            changed |= _suppress_beside(table, lines, ref)
        if not changed:
            return


def _apply_line_rule(table: Table, lines: list[Line]) -> bool:
    changed_any = False
    changed = True
    while changed:
        changed = False
        for line in lines:
            if _suppressed(table, line.total):
                continue
            hidden = [ref for ref in line.parts if _cell(table, ref).suppressed]
            if len(hidden) == 1:
                changed |= _suppress_another(table, line, exclude=hidden[0])
        changed_any |= changed
    return changed_any


def _suppress_another(table: Table, line: Line, *, exclude: Ref) -> bool:
    """Suppress the smallest published part of ``line`` (positive counts first, as a
    hidden zero protects less), or its total when it has no other part."""
    candidates = [ref for ref in line.parts if ref != exclude and not _cell(table, ref).suppressed]
    if candidates:
        candidates.sort(
            key=lambda ref: (
                int(_cell(table, ref).value or 0) == 0,
                int(_cell(table, ref).value or 0),
                ref,
            )
        )
        _cell(table, candidates[0]).suppressed = True
        return True
    if line.total is not None and not _cell(table, line.total).suppressed:
        _cell(table, line.total).suppressed = True
        return True
    return False


def _suppress_beside(table: Table, lines: list[Line], ref: Ref) -> bool:
    for line in lines:
        if ref in line.parts and not _suppressed(table, line.total):
            if _suppress_another(table, line, exclude=ref):
                return True
        if line.total == ref:
            candidates = [p for p in line.parts if not _cell(table, p).suppressed]
            if candidates:
                candidates.sort(key=lambda p: (int(_cell(table, p).value or 0), p))
                _cell(table, candidates[0]).suppressed = True
                return True
    return False


# --- the exact check -------------------------------------------------------------------------


def _exposed_cells(table: Table, lines: list[Line]) -> list[Ref]:
    """Suppressed cells whose value the published cells and known totals determine."""
    unknowns = sorted(
        {
            ref
            for line in lines
            for ref in [*line.parts, *filter(None, [line.total])]
            if _cell(table, ref).suppressed
        }
    )
    if not unknowns or len(unknowns) > EXACT_CHECK_MAX:
        return []
    return determined(unknowns, _equations(table, lines))


def _equations(table: Table, lines: list[Line]) -> list[dict[Ref, int]]:
    equations = []
    for line in lines:
        equation = {ref: 1 for ref in line.parts if _cell(table, ref).suppressed}
        if line.total is not None and _cell(table, line.total).suppressed:
            equation[line.total] = -1
        if equation:
            equations.append(equation)
    return equations


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
