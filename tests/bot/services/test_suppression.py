"""Small-cell suppression, checked cell by cell on tables built to break it: a single report in
a unit, a total minus one cell, a small row total, zeros, and random tables."""

from __future__ import annotations

import random

from bot.services.suppression import derivable, suppress


def test_a_single_report_in_a_unit_is_hidden_and_so_is_a_second_cell():
    # Teams: Noord 1, Zuid 7, Oost 6; total 14 shown. Without a second hidden cell,
    # 14 - 7 - 6 would give Noord's 1 away.
    grid = suppress([[1], [7], [6]], col_totals=True)
    assert grid.shown(5) == [["<5"], ["7"], ["<5"], ["14"]]
    assert derivable(grid) == []


def test_total_minus_one_cell_cannot_be_computed_in_rows_or_columns():
    cells = [
        [3, 10, 12],  # row total 25: the 3 is hidden, so another cell of the row must be
        [8, 9, 20],
        [6, 0, 7],
    ]
    grid = suppress(cells, row_totals=True, col_totals=True)
    shown = grid.shown(5)
    assert shown[0][0] == "<5"
    assert shown[0][1] == "<5"  # the smallest other value of the row (10)
    # Column 0 then has two hidden values? 3 and one more: 8 or 6 must go as well.
    column0 = [shown[i][0] for i in range(3)]
    assert column0.count("<5") >= 2
    assert derivable(grid) == []
    assert shown[3][3] == str(sum(map(sum, cells)))  # the grand total stays


def test_a_small_total_is_hidden_with_its_only_cell():
    grid = suppress([[1, 0, 0]], row_totals=True)
    assert grid.shown(5) == [["<5", "0", "0", "<5"]]
    assert derivable(grid) == []


def test_zero_stays_zero_and_large_values_stay():
    grid = suppress([[0], [5], [12]], col_totals=True)
    assert grid.shown(5) == [["0"], ["5"], ["12"], ["17"]]


def test_a_configured_threshold_is_used():
    grid = suppress([[7], [12], [30]], k=10, col_totals=True)
    assert grid.shown(10)[0] == ["<10"] and grid.shown(10)[1] == ["<10"]
    assert derivable(grid) == []


def test_no_random_table_leaves_a_hidden_value_derivable_from_one_line():
    rng = random.Random(14)
    for _ in range(300):
        rows, cols = rng.randint(1, 6), rng.randint(1, 8)
        cells = [
            [rng.choice([0, 0, 1, 2, 3, 4, 5, 6, 9, 20]) for _ in range(cols)] for _ in range(rows)
        ]
        grid = suppress(cells, row_totals=True, col_totals=True)
        assert derivable(grid) == [], cells
        full = grid.full()
        for i, row in enumerate(full):
            for j, value in enumerate(row):
                if 0 < value < 5:
                    assert grid.hidden[i][j], (cells, i, j)
