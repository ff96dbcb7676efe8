"""Small-cell suppression for published tables: counts 1 to k-1 are hidden ("<5"), and more
cells are hidden where a total would otherwise give a hidden one away (secondary suppression).

A table is a grid of counts with optional additive margins (row totals, column totals, grand
total). Every row and every column with its total is one equation; a line with exactly one
hidden value could be solved, so another value of that line is hidden too (the smallest
non-zero one), until no line has a single hidden value. This follows CBS practice ("Statistische
beveiliging": hidden values must not be derivable from the totals); it is the usual line-by-line
heuristic, not a full linear-programming audit.
"""

from __future__ import annotations

from dataclasses import dataclass

DEFAULT_THRESHOLD = 5


def hidden_text(k: int) -> str:
    """How a hidden cell reads."""
    return f"<{k}"


@dataclass
class Grid:
    """Counts with their margins; `hidden` has the same shape as the full grid (margins included:
    the last column holds row totals when `row_totals`, the last row column totals when
    `col_totals`)."""

    cells: list[list[int]]
    row_totals: bool
    col_totals: bool
    hidden: list[list[bool]]

    def full(self) -> list[list[int]]:
        """The counts with the margins appended."""
        rows = [list(row) + ([sum(row)] if self.row_totals else []) for row in self.cells]
        if self.col_totals:
            width = len(rows[0]) if rows else 0
            rows.append([sum(row[j] for row in rows) for j in range(width)])
        return rows

    def shown(self, k: int) -> list[list[str]]:
        """The full grid as text, hidden cells as "<k"."""
        return [
            [hidden_text(k) if self.hidden[i][j] else str(v) for j, v in enumerate(row)]
            for i, row in enumerate(self.full())
        ]


def _lines(n_rows: int, n_cols: int, row_totals: bool, col_totals: bool):
    """Each additive equation as (interior positions, margin position)."""
    inner_rows = n_rows - (1 if col_totals else 0)
    inner_cols = n_cols - (1 if row_totals else 0)
    if row_totals:
        for i in range(n_rows):
            yield [(i, j) for j in range(inner_cols)], (i, inner_cols)
    if col_totals:
        for j in range(n_cols):
            yield [(i, j) for i in range(inner_rows)], (inner_rows, j)


def suppress(
    cells: list[list[int]],
    *,
    k: int = DEFAULT_THRESHOLD,
    row_totals: bool = False,
    col_totals: bool = False,
) -> Grid:
    """Primary suppression of 1..k-1 (margins included), then secondary suppression."""
    grid = Grid([list(row) for row in cells], row_totals, col_totals, [])
    full = grid.full()
    hidden = [[0 < v < k for v in row] for row in full]
    if full and full[0]:
        lines = list(_lines(len(full), len(full[0]), row_totals, col_totals))
        changed = True
        while changed:
            changed = False
            for interior, margin in lines:
                members = [*interior, margin]
                unknown = [p for p in members if hidden[p[0]][p[1]]]
                if len(unknown) != 1:
                    continue
                candidates = [p for p in interior if not hidden[p[0]][p[1]]]
                # The smallest non-zero interior value; else the total; else a zero.
                nonzero = [p for p in candidates if full[p[0]][p[1]] > 0]
                if nonzero:
                    pick = min(nonzero, key=lambda p: (full[p[0]][p[1]], p))
                elif not hidden[margin[0]][margin[1]]:
                    pick = margin
                else:
                    pick = candidates[0]
                hidden[pick[0]][pick[1]] = True
                changed = True
    grid.hidden = hidden
    return grid


def derivable(grid: Grid) -> list[tuple[int, int]]:
    """Hidden cells a reader could compute from one line and its total (empty when safe)."""
    full = grid.full()
    if not full or not full[0]:
        return []
    found = []
    for interior, margin in _lines(len(full), len(full[0]), grid.row_totals, grid.col_totals):
        unknown = [p for p in [*interior, margin] if grid.hidden[p[0]][p[1]]]
        if len(unknown) == 1:
            found.append(unknown[0])
    return found
