"""What a reader can work out: whether a hidden entry is pinned to one value by what is published.

The reader knows every shown entry, every sum that ties entries together, and what each hidden
entry's label implies (a "fewer than 10" count lies in 1..9, a count hidden to protect it is at
least 10, ...). A hidden entry is *pinned* when those facts leave it exactly one possible value.

The check is exact over the reals, in exact rational arithmetic. The true values are a feasible
point, so the entry can take another value exactly when some direction d keeps every sum
(A d = 0, over the hidden entries), respects the bounds the true point sits on (d_i >= 0 at a
lower bound, d_i <= 0 at an upper one) and moves the entry. Writing d = N z for a basis N of the
null space of A turns that into a small linear programme, solved by the simplex method with
Bland's rule (which cannot cycle).
"""

from __future__ import annotations

from collections.abc import Hashable, Iterable, Mapping, Sequence
from dataclasses import dataclass
from fractions import Fraction
from typing import Generic, TypeVar

K = TypeVar("K", bound=Hashable)

Vector = list[Fraction]


@dataclass(frozen=True, slots=True)
class Equation(Generic[K]):
    """`total` is the sum of `parts`: a row, a column, or a table and its parts."""

    total: K
    parts: tuple[K, ...]

    @property
    def members(self) -> tuple[K, ...]:
        return (self.total, *self.parts)


@dataclass(frozen=True, slots=True)
class Bounds:
    """What a reader knows of one hidden entry from its label: `low` <= value <= `high`."""

    low: int
    high: float  # math.inf when the label sets no upper limit


def first_pinned(
    equations: Sequence[Equation[K]],
    values: Mapping[K, int],
    bounds: Mapping[K, Bounds],
    protect: Iterable[K],
) -> K | None:
    """The first entry of `protect` that a reader could pin down, or None.

    `bounds` holds every hidden entry (the unknowns); every other entry of `values` is shown.
    """
    unknowns = list(bounds)
    column = {key: index for index, key in enumerate(unknowns)}
    rows = [_coefficients(equation, column) for equation in equations]
    movements = _null_space([row for row in rows if any(row)], len(unknowns))
    cone = _active_bounds(unknowns, values, bounds, movements)
    for key in protect:
        movement = movements[column[key]]
        if not _can_be_positive(movement, cone) and not _can_be_positive([-m for m in movement], cone):
            return key
    return None


def _coefficients(equation: Equation[K], column: Mapping[K, int]) -> Vector:
    row = [Fraction(0)] * len(column)
    for key, sign in ((equation.total, -1), *((part, 1) for part in equation.parts)):
        if key in column:
            row[column[key]] += sign
    return row


def _null_space(rows: list[Vector], width: int) -> list[Vector]:
    """A basis of {d : rows . d = 0}, as one row per unknown: how each basis direction moves it."""
    reduced = [list(row) for row in rows]
    pivots: list[int] = []
    for col in range(width):
        pivot = next((r for r in range(len(pivots), len(reduced)) if reduced[r][col]), None)
        if pivot is None:
            continue
        at = len(pivots)
        reduced[at], reduced[pivot] = reduced[pivot], reduced[at]
        scale = reduced[at][col]
        reduced[at] = [value / scale for value in reduced[at]]
        for r, row in enumerate(reduced):
            if r != at and row[col]:
                factor = row[col]
                reduced[r] = [value - factor * p for value, p in zip(row, reduced[at], strict=True)]
        pivots.append(col)
    basis = []
    for free in (col for col in range(width) if col not in pivots):
        vector = [Fraction(0)] * width
        vector[free] = Fraction(1)
        for r, col in enumerate(pivots):
            vector[col] = -reduced[r][free]
        basis.append(vector)
    return [[vector[i] for vector in basis] for i in range(width)]


def _active_bounds(
    unknowns: Sequence[K], values: Mapping[K, int], bounds: Mapping[K, Bounds], movements: list[Vector]
) -> list[Vector]:
    """Rows g with g . z <= 0 for each bound the true values sit on (a lower bound stops d_i < 0)."""
    cone = []
    for key, movement in zip(unknowns, movements, strict=True):
        if not any(movement):
            continue
        if values[key] == bounds[key].low:
            cone.append([-m for m in movement])
        if values[key] == bounds[key].high:
            cone.append(list(movement))
    return cone


def _can_be_positive(objective: Vector, cone: list[Vector]) -> bool:
    """Whether some z with cone . z <= 0 (each row) has objective . z > 0."""
    if not any(objective):
        return False
    if not cone:
        return True  # z = objective itself
    # Most entries move along one basis direction alone: try those before a linear programme.
    for j, gain in enumerate(objective):
        step = 1 if gain > 0 else -1
        if gain and all(step * row[j] <= 0 for row in cone):
            return True
    # z is free: z = y⁺ - y⁻ with y >= 0. Normalise with objective . z <= 1 so the optimum is finite;
    # the origin is feasible, so the simplex starts from the slack basis with no first phase.
    constraints = [[*row, *(-g for g in row)] for row in cone]
    constraints.append([*objective, *(-c for c in objective)])
    return _simplex_optimum([*objective, *(-c for c in objective)], constraints) > 0


def _simplex_optimum(objective: Vector, constraints: list[Vector]) -> Fraction:
    """max objective . y subject to constraints . y <= (0, ..., 0, 1), y >= 0 (bounded by the last row),
    or as soon as it is known to be above 0: the only question asked of it."""
    width, height = len(objective), len(constraints)
    tableau = [
        [*row, *(Fraction(int(i == j)) for j in range(height)), Fraction(int(i == height - 1))]
        for i, row in enumerate(constraints)
    ]
    cost = [*(-c for c in objective), *([Fraction(0)] * height), Fraction(0)]
    basis = list(range(width, width + height))
    while cost[-1] <= 0 and (entering := next((j for j, c in enumerate(cost[:-1]) if c < 0), None)) is not None:
        candidates = [i for i in range(height) if tableau[i][entering] > 0]
        leaving = min(candidates, key=lambda i: (tableau[i][-1] / tableau[i][entering], basis[i]))
        _pivot(tableau, cost, leaving, entering)
        basis[leaving] = entering
    return cost[-1]


def _pivot(tableau: list[Vector], cost: Vector, row: int, col: int) -> None:
    scale = tableau[row][col]
    tableau[row] = [value / scale for value in tableau[row]]
    for other in (*tableau, cost):
        if other is not tableau[row] and other[col]:
            factor = other[col]
            other[:] = [value - factor * p for value, p in zip(other, tableau[row], strict=True)]
