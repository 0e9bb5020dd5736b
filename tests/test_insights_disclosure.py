"""Disclosure control, by property (hypothesis): whatever the counts, a published table
shows no count from 1 to 7, every shown count is a multiple of 5, and no suppressed
count can be worked out from the published cells and totals, checked two ways: the
line rule (a line with a known total never hides exactly one cell) and the exact linear
algebra (no suppressed cell is fixed by the equations, solved here independently with
fractions)."""

from __future__ import annotations

from fractions import Fraction

from hypothesis import given, settings
from hypothesis import strategies as st

from insights.disclosure import disclose, round_count, table_lines
from insights.figures import ALL, Cell, Row, Table

counts = st.one_of(st.integers(0, 12), st.integers(0, 400))


def one_way(values: list[list[int]], *, sums: bool = False) -> Table:
    width = len(values[0])
    rows = [
        Row(labels=(f"g{i}",), keys=(f"g{i}",), cells=[Cell(value=v) for v in row])
        for i, row in enumerate(values)
    ]
    totals = [sum(row[c] for row in values) for c in range(width)]
    rows.append(Row(labels=(ALL,), cells=[Cell(value=v) for v in totals]))
    return Table(
        key="t",
        title="t",
        by=("a",),
        columns=[str(c) for c in range(width)],
        count_columns=list(range(width)),
        rows=rows,
        sums=[(0, tuple(range(1, width)))] if sums else [],
    )


def crossed(values: list[list[int]]) -> Table:
    """A two-way table: rows are (a, b) pairs, one count column."""
    rows = []
    for i, row in enumerate(values):
        for j, value in enumerate(row):
            rows.append(
                Row(labels=(f"a{i}", f"b{j}"), keys=(f"a{i}", f"b{j}"), cells=[Cell(value=value)])
            )
    total = sum(sum(row) for row in values)
    rows.append(Row(labels=(ALL,), cells=[Cell(value=total)]))
    return Table(key="x", title="x", by=("a", "b"), columns=["n"], count_columns=[0], rows=rows)


@st.composite
def one_way_tables(draw):
    height = draw(st.integers(1, 7))
    width = draw(st.integers(1, 4))
    with_sums = draw(st.booleans()) and width >= 3
    values = [[draw(counts) for _ in range(width)] for _ in range(height)]
    if with_sums:
        for row in values:
            row[0] = sum(row[1:])
    return one_way(values, sums=with_sums)


@st.composite
def crossed_tables(draw):
    height = draw(st.integers(1, 5))
    width = draw(st.integers(1, 5))
    return crossed([[draw(counts) for _ in range(width)] for _ in range(height)])


tables = st.one_of(one_way_tables(), crossed_tables())


def fixed_cells(table: Table) -> set[tuple[int, int]]:
    """Suppressed cells the published cells determine, by exact Gaussian elimination over
    the rationals (independent of the modular elimination in disclosure.py)."""
    lines = table_lines(table)
    unknowns = sorted(
        {
            ref
            for line in lines
            for ref in [*line.parts, *([line.total] if line.total else [])]
            if table.rows[ref[0]].cells[ref[1]].suppressed
        }
    )
    index = {ref: i for i, ref in enumerate(unknowns)}
    matrix = []
    for line in lines:
        row = [Fraction(0)] * len(unknowns)
        for ref in line.parts:
            if ref in index:
                row[index[ref]] += 1
        if line.total and line.total in index:
            row[index[line.total]] -= 1
        if any(row):
            matrix.append(row)
    # Reduced row echelon form.
    pivots = []
    r = 0
    for c in range(len(unknowns)):
        pivot = next((i for i in range(r, len(matrix)) if matrix[i][c] != 0), None)
        if pivot is None:
            continue
        matrix[r], matrix[pivot] = matrix[pivot], matrix[r]
        lead = matrix[r][c]
        matrix[r] = [v / lead for v in matrix[r]]
        for i in range(len(matrix)):
            if i != r and matrix[i][c] != 0:
                factor = matrix[i][c]
                matrix[i] = [a - factor * b for a, b in zip(matrix[i], matrix[r], strict=True)]
        pivots.append(c)
        r += 1
    fixed = set()
    for i, c in enumerate(pivots):
        if all(v == 0 for k, v in enumerate(matrix[i]) if k != c):
            fixed.add(unknowns[c])
    return fixed


@settings(max_examples=300, deadline=None)
@given(tables)
def test_no_small_count_is_published_and_the_rest_are_rounded_to_five(table):
    published = disclose(table)
    for original, row in zip(table.rows, published.rows, strict=True):
        for index in published.count_columns:
            cell = row.cells[index]
            value = original.cells[index].value
            if cell.suppressed:
                assert cell.display == "*"
                continue
            shown = int(cell.display.replace(",", ""))
            assert shown % 5 == 0 and abs(shown - value) <= 2
            assert not 1 <= value <= 7
            assert shown == round_count(value)
    # The input is untouched.
    assert all(not c.display for row in table.rows for c in row.cells)


@settings(max_examples=300, deadline=None)
@given(tables)
def test_no_line_with_a_known_total_hides_exactly_one_cell(table):
    published = disclose(table)
    for line in table_lines(published):
        total_hidden = line.total is not None and (
            published.rows[line.total[0]].cells[line.total[1]].suppressed
        )
        hidden = [r for r in line.parts if published.rows[r[0]].cells[r[1]].suppressed]
        assert len(hidden) != 1 or total_hidden


@settings(max_examples=300, deadline=None)
@given(tables)
def test_no_suppressed_count_can_be_recomputed(table):
    published = disclose(table)
    assert fixed_cells(published) == set()


def test_known_answers():
    table = one_way([[3, 20], [40, 0], [12, 9]])
    published = disclose(table)
    shown = [[c.display for c in row.cells] for row in published.rows]
    # 3 is hidden; in its column 12 (the smallest other positive) goes too.
    assert shown == [["*", "20"], ["40", "0"], ["*", "10"], ["55", "30"]]


def test_rates_follow_the_published_counts():
    table = one_way([[20, 13], [30, 5]])
    table.columns.append("%")
    for row in table.rows:
        made, opened = row.cells[0].value, row.cells[1].value
        row.cells.append(Cell(value=100 * (1 - opened / made), base=made))
    table.ratios = {2: (1, 0, True)}
    published = disclose(table)
    # 5 is hidden, and 13 with it (its column adds up to the All row's 18), so both rates
    # go; the All row's rate comes from the published 20 of 50, not the exact 18.
    assert [row.cells[2].display for row in published.rows] == ["", "", "60%"]
    assert [row.cells[1].display for row in published.rows] == ["*", "*", "20"]
    table = one_way([[20, 13], [30, 25]])
    table.columns.append("%")
    for row in table.rows:
        row.cells.append(Cell(value=0.0, base=row.cells[0].value))
    table.ratios = {2: (1, 0, True)}
    # 13 of 20 shows as 15 of 20: 25% lost, never the exact 35%.
    assert disclose(table).rows[0].cells[2].display == "25%"
