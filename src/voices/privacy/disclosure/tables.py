"""Count tables as they are published: one-way and two-way, alone or filtered.

Totals are computed here from the cells, so what is published always adds up. A table of a
multiple-choice question does not add up (one person can tick several boxes): publish each
option as its own one-way table of [chose it, did not] with the people asked as its total.
"""

from __future__ import annotations

from collections.abc import Hashable, Mapping, Sequence
from dataclasses import dataclass
from typing import Generic, TypeVar

from voices.errors import FilterTooNarrow
from voices.privacy.disclosure.audit import Equation
from voices.privacy.disclosure.figures import Figure, Hidden
from voices.privacy.disclosure.policy import DisclosurePolicy
from voices.privacy.disclosure.suppression import Unprotectable, protect

K = TypeVar("K", bound=Hashable)
Cell = tuple[int, int]  # (row, column); the last row and column hold the totals


@dataclass(frozen=True, slots=True)
class OneWayTable:
    cells: tuple[Figure[int], ...]
    total: Figure[int]


@dataclass(frozen=True, slots=True)
class TwoWayTable:
    cells: tuple[tuple[Figure[int], ...], ...]
    row_totals: tuple[Figure[int], ...]
    column_totals: tuple[Figure[int], ...]
    total: Figure[int]


@dataclass(frozen=True, slots=True)
class _Layout(Generic[K]):
    """A table's entries with their counts, the sums that tie them, and its grand total's key."""

    values: dict[K, int]
    equations: tuple[Equation[K], ...]
    grand_total: K


def publish_one_way(counts: Sequence[int], policy: DisclosurePolicy) -> OneWayTable:
    """Counts by one variable, with their total, after primary and complementary suppression."""
    layout = _one_way(counts)
    return _one_way_table(layout, _protect_alone(layout, policy), policy)


def publish_two_way(counts: Sequence[Sequence[int]], policy: DisclosurePolicy) -> TwoWayTable:
    """Counts by two variables (rows of columns), with row, column and grand totals, protected."""
    layout = _two_way(counts)
    return _two_way_table(layout, _protect_alone(layout, policy), policy)


def publish_filtered_one_way(
    everyone: Sequence[int], filtered: Sequence[int], policy: DisclosurePolicy
) -> tuple[OneWayTable, OneWayTable]:
    """The unfiltered table and a filtered one (a subset of the same people), safe side by side.

    See `_protect_pair`; raises `FilterTooNarrow` when the filter cannot be shown safely.
    """
    whole, part = _one_way(everyone), _one_way(filtered)
    hidden_whole, hidden_part = _protect_pair(whole, part, policy)
    return _one_way_table(whole, hidden_whole, policy), _one_way_table(part, hidden_part, policy)


def publish_filtered_two_way(
    everyone: Sequence[Sequence[int]], filtered: Sequence[Sequence[int]], policy: DisclosurePolicy
) -> tuple[TwoWayTable, TwoWayTable]:
    """The two-way form of `publish_filtered_one_way`."""
    whole, part = _two_way(everyone), _two_way(filtered)
    hidden_whole, hidden_part = _protect_pair(whole, part, policy)
    return _two_way_table(whole, hidden_whole, policy), _two_way_table(part, hidden_part, policy)


def _protect_alone(layout: _Layout[K], policy: DisclosurePolicy) -> frozenset[K] | None:
    """The entries to hide, or None to hide the whole table under one label.

    What the labels alone imply can pin an entry whatever else is hidden: nine "fewer than 10"
    cells in a row whose total is "fewer than 10" are all 1. Then every entry is hidden under
    the same words, which imply no bounds, so each could be larger than it is.
    """
    try:
        return protect(layout.values, layout.equations, policy)
    except Unprotectable:
        return None


def _protect_pair(
    whole: _Layout[K], part: _Layout[K], policy: DisclosurePolicy
) -> tuple[frozenset[K] | None, frozenset[K]]:
    """Hide entries of the filtered table so that no small difference can be worked out.

    Publishing a table and a filtered one also publishes their difference: the table of the
    people the filter leaves out. So the two are protected as one problem of three layers,
    everyone = filtered + rest, where the rest is never shown and its small entries must not
    be pinned down. The unfiltered table is published as it is on its own (it is on other
    pages already, so hiding more of it here would protect nothing): only the filtered table
    gains suppressions. A filter that leaves out a few people, or that no suppression can make
    safe, is refused.
    """
    if any(part.values[key] > whole.values[key] for key in whole.values):
        raise ValueError("the filtered table must count a subset of the unfiltered table's people")
    policy.check_filter(part.values[part.grand_total], whole.values[whole.grand_total])
    hidden_whole = _protect_alone(whole, policy)
    values: dict[tuple[str, K], int] = {}
    for key, count in whole.values.items():
        values["everyone", key], values["filtered", key] = count, part.values[key]
        values["rest", key] = count - part.values[key]
    layers = [
        Equation((layer, eq.total), tuple((layer, p) for p in eq.parts))
        for layer in ("everyone", "filtered", "rest")
        for eq in whole.equations
    ]
    splits = [Equation(("everyone", key), (("filtered", key), ("rest", key))) for key in whole.values]
    try:
        hidden = protect(
            values,
            [*layers, *splits],
            policy,
            settled={("everyone", key): hidden_whole is None or key in hidden_whole for key in whole.values},
            unpublished={("rest", key) for key in whole.values},
        )
    except Unprotectable:
        raise FilterTooNarrow(
            "This filter's results cannot be shown: compared with the whole report they would reveal "
            f"a group of fewer than {policy.threshold} people. Remove the filter or choose a different one."
        ) from None
    return hidden_whole, frozenset(key for layer, key in hidden if layer == "filtered")


def _one_way(counts: Sequence[int]) -> _Layout[int]:
    _check_counts(counts)
    values = dict(enumerate(counts))
    values[len(counts)] = sum(counts)
    return _Layout(values, (Equation(len(counts), tuple(range(len(counts)))),), len(counts))


def _two_way(counts: Sequence[Sequence[int]]) -> _Layout[Cell]:
    if not counts or any(len(row) != len(counts[0]) for row in counts):
        raise ValueError("a two-way table needs rows, each with the same number of columns")
    for row in counts:
        _check_counts(row)
    height, width = len(counts), len(counts[0])
    values = {(r, c): count for r, row in enumerate(counts) for c, count in enumerate(row)}
    for r, row in enumerate(counts):
        values[r, width] = sum(row)
    for c in range(width + 1):
        values[height, c] = sum(values[r, c] for r in range(height))
    rows = [Equation((r, width), tuple((r, c) for c in range(width))) for r in range(height + 1)]
    columns = [Equation((height, c), tuple((r, c) for r in range(height))) for c in range(width + 1)]
    return _Layout(values, (*rows, *columns), (height, width))


def _check_counts(counts: Sequence[int]) -> None:
    if not counts:
        raise ValueError("a table needs at least one cell")
    if any(count < 0 for count in counts):
        raise ValueError("counts cannot be negative")


def _figures(layout: _Layout[K], hidden: frozenset[K] | None, policy: DisclosurePolicy) -> Mapping[K, Figure[int]]:
    if hidden is None:
        return {key: policy.hidden(Hidden.PROTECTS_SMALL_COUNT) for key in layout.values}

    def figure(key: K) -> Figure[int]:
        if key not in hidden:
            return policy.count(layout.values[key])
        small = policy.is_small(layout.values[key])
        return policy.hidden(Hidden.SMALL_COUNT if small else Hidden.PROTECTS_SMALL_COUNT)

    return {key: figure(key) for key in layout.values}


def _one_way_table(layout: _Layout[int], hidden: frozenset[int] | None, policy: DisclosurePolicy) -> OneWayTable:
    figures = _figures(layout, hidden, policy)
    return OneWayTable(tuple(figures[i] for i in range(layout.grand_total)), figures[layout.grand_total])


def _two_way_table(layout: _Layout[Cell], hidden: frozenset[Cell] | None, policy: DisclosurePolicy) -> TwoWayTable:
    figures = _figures(layout, hidden, policy)
    height, width = layout.grand_total
    return TwoWayTable(
        cells=tuple(tuple(figures[r, c] for c in range(width)) for r in range(height)),
        row_totals=tuple(figures[r, width] for r in range(height)),
        column_totals=tuple(figures[height, c] for c in range(width)),
        total=figures[height, width],
    )
