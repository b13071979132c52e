"""The disclosure layer: worked examples, then properties over random tables and filters.

The properties check the published tables with their own reading of them (rows, columns and
totals rebuilt here, and scipy's linear programming rather than the layer's own audit), from the
point of view of a reader who sees every published table and knows what each label means.
"""

from __future__ import annotations

from collections.abc import Sequence

import numpy as np
import pytest
from hypothesis import HealthCheck, event, given, settings
from hypothesis import strategies as st
from scipy.optimize import linprog  # type: ignore[import-untyped]

from voices.errors import STATUS, FilterTooNarrow
from voices.privacy.disclosure import (
    DisclosurePolicy,
    Figure,
    Hidden,
    OneWayTable,
    TwoWayTable,
    publish_filtered_one_way,
    publish_filtered_two_way,
    publish_one_way,
    publish_two_way,
)
from voices.settings import Settings

POLICY = DisclosurePolicy()
SMALL = "fewer than 10"
PROTECTS = "hidden to protect a small number"


def texts(figures: Sequence[Figure[int]]) -> list[str]:
    return [figure.text for figure in figures]


def grid_texts(table: TwoWayTable) -> list[list[str]]:
    return [texts(row) for row in as_grid(table)]


# --- single figures ---------------------------------------------------------------------------


def test_a_lone_count_below_the_threshold_is_hidden_and_zero_is_shown() -> None:
    assert POLICY.count(9) == Figure(None, SMALL, Hidden.SMALL_COUNT)
    assert POLICY.count(10) == Figure(10, "10")
    assert POLICY.count(1234).text == "1,234"
    assert POLICY.count(0) == Figure(0, "0")
    assert DisclosurePolicy(suppress_zero=True).count(0).text == SMALL


def test_figures_render_the_same_in_html_csv_and_json() -> None:
    shown, hidden = POLICY.count(42), POLICY.count(3)
    assert str(shown) == "42" and f"{hidden}" == SMALL
    assert shown.to_json() == {"value": 42, "text": "42", "hidden": None}
    assert hidden.to_json() == {"value": None, "text": SMALL, "hidden": "small_count"}
    assert shown.shown and not hidden.shown


def test_the_threshold_comes_from_settings_and_shows_in_the_words() -> None:
    policy = DisclosurePolicy.from_settings(Settings(disclosure_threshold=5))
    assert policy.threshold == 5
    assert policy.count(4).text == "fewer than 5"
    assert DisclosurePolicy.from_settings(Settings()).threshold == 10


def test_a_threshold_that_would_give_small_counts_away_is_refused() -> None:
    with pytest.raises(ValueError, match="only mean 1"):
        DisclosurePolicy(threshold=2)
    with pytest.raises(ValueError, match="hides nothing"):
        DisclosurePolicy(threshold=1, suppress_zero=True)
    assert DisclosurePolicy(threshold=2, suppress_zero=True).is_small(0)


def test_statistics_on_fewer_than_the_threshold_are_withheld() -> None:
    mean = POLICY.statistic(3.41, base=9, text="3.4")
    assert mean == Figure(None, "withheld: based on fewer than 10", Hidden.SMALL_BASE)
    assert POLICY.statistic(3.41, base=10, text="3.4") == Figure(3.41, "3.4")
    interval = POLICY.statistic((2.9, 3.8), base=40, text="2.9 to 3.8")
    assert interval.value == (2.9, 3.8) and interval.text == "2.9 to 3.8"


def test_a_percentage_of_a_hidden_count_or_of_a_small_base_is_withheld() -> None:
    table = publish_one_way([3, 25, 40], POLICY)
    small, protecting, shown = table.cells
    assert POLICY.percentage(shown, table.total).text == "59%"
    assert POLICY.percentage(shown, table.total, decimals=1).value == pytest.approx(100 * 40 / 68)
    assert POLICY.percentage(small, table.total).text == "withheld: its count is hidden"
    assert POLICY.percentage(protecting, table.total).hidden is Hidden.HIDDEN_COUNT
    assert POLICY.percentage(POLICY.count(0), POLICY.count(0)).hidden is Hidden.SMALL_BASE
    assert POLICY.percentage(shown, POLICY.count(5)).hidden is Hidden.HIDDEN_COUNT


def test_quotes_need_the_threshold_of_distinct_respondents() -> None:
    assert not POLICY.quotes_allowed(9)
    assert POLICY.quotes_allowed(10)


# --- filters ----------------------------------------------------------------------------------


def test_a_filter_describing_few_people_is_refused_without_giving_the_number() -> None:
    with pytest.raises(FilterTooNarrow) as refused:
        POLICY.check_filter(described=7, everyone=500)
    assert str(refused.value) == (
        "This filter describes fewer than 10 people, so its results cannot be shown. "
        "Widen the period or remove a filter."
    )
    assert "7" not in str(refused.value)
    assert STATUS[FilterTooNarrow] == 422
    with pytest.raises(FilterTooNarrow):
        POLICY.check_filter(described=0, everyone=500)


def test_a_filter_leaving_out_few_people_is_refused_but_one_leaving_out_none_is_not() -> None:
    with pytest.raises(FilterTooNarrow, match="leaves out fewer than 10 people"):
        POLICY.check_filter(described=493, everyone=500)
    POLICY.check_filter(described=500, everyone=500)
    POLICY.check_filter(described=490, everyone=500)


# --- one-way tables ---------------------------------------------------------------------------


def test_a_small_cell_is_hidden_with_the_smallest_other_cell() -> None:
    table = publish_one_way([3, 25, 40], POLICY)
    assert texts(table.cells) == [SMALL, PROTECTS, "40"]
    assert [cell.value for cell in table.cells] == [None, None, 40]
    assert table.total == Figure(68, "68")


def test_two_small_cells_protect_each_other_unless_their_labels_give_them_away() -> None:
    assert texts(publish_one_way([3, 4, 40], POLICY).cells) == [SMALL, SMALL, "40"]
    # Two "fewer than 10" cells that add up to 2 (42 - 40) can only be 1 and 1.
    assert texts(publish_one_way([1, 1, 40], POLICY).cells) == [SMALL, SMALL, PROTECTS]


def test_a_zero_is_shown_and_never_hidden_to_protect_another_cell() -> None:
    # The only other entry that is not zero is the total, and it is small itself.
    table = publish_one_way([5, 0, 0], POLICY)
    assert texts(table.cells) == [SMALL, "0", "0"] and table.total.text == SMALL
    table = publish_one_way([5, 0, 30], POLICY)
    assert texts(table.cells) == [SMALL, "0", PROTECTS] and table.total.text == "35"


def test_zeros_can_be_treated_as_small() -> None:
    table = publish_one_way([0, 30, 40], DisclosurePolicy(suppress_zero=True))
    assert texts(table.cells) == [SMALL, PROTECTS, "40"]


def test_bad_tables_are_refused() -> None:
    with pytest.raises(ValueError, match="negative"):
        publish_one_way([3, -1], POLICY)
    with pytest.raises(ValueError, match="at least one cell"):
        publish_one_way([], POLICY)
    with pytest.raises(ValueError, match="same number of columns"):
        publish_two_way([[1, 2], [3]], POLICY)


# --- two-way tables ---------------------------------------------------------------------------


def test_a_small_cell_in_a_two_way_table_is_hidden_in_a_rectangle() -> None:
    table = publish_two_way([[3, 20, 30], [25, 40, 50]], POLICY)
    assert grid_texts(table) == [
        [SMALL, PROTECTS, "30", "53"],
        [PROTECTS, PROTECTS, "50", "115"],
        ["28", "60", "80", "168"],
    ]


def test_a_cell_whose_only_companion_is_its_total_hides_the_total() -> None:
    # Column: 4 + 30 = 34. Hiding 30 leaves row two as "30 = row total": the total goes too.
    table = publish_two_way([[4], [30]], POLICY)
    assert grid_texts(table) == [[SMALL, SMALL], [PROTECTS, PROTECTS], ["34", "34"]]


def test_cells_pinned_by_their_labels_across_rows_and_columns_are_protected() -> None:
    # With rows and columns all shown, cell (0,0) - cell (1,1) = 51 - 59 = -8, and both are
    # "fewer than 10": they could only be 1 and 9. Hiding the row totals breaks that.
    table = publish_two_way([[1, 50], [50, 9]], POLICY)
    assert grid_texts(table) == [[SMALL, PROTECTS, PROTECTS], [PROTECTS, SMALL, PROTECTS], ["51", "59", "110"]]


def test_a_small_total_is_hidden() -> None:
    table = publish_two_way([[2, 3], [40, 50]], POLICY)
    assert table.row_totals[0].text == SMALL


# --- filtered tables --------------------------------------------------------------------------


def test_a_filtered_table_hides_cells_whose_difference_from_the_whole_is_small() -> None:
    # Left out by the filter: 5, 3 and 10 people. The first two would be 20-15 and 30-27.
    whole, part = publish_filtered_one_way([20, 30, 40], [15, 27, 30], POLICY)
    assert texts(whole.cells) == ["20", "30", "40"] and whole.total.text == "90"
    assert texts(part.cells) == [PROTECTS, PROTECTS, "30"] and part.total.text == "72"


def test_the_unfiltered_table_is_published_as_it_is_on_its_own() -> None:
    everyone = [[3, 20, 30], [25, 40, 50]]
    whole, _ = publish_filtered_two_way(everyone, [[2, 12, 18], [14, 20, 28]], POLICY)
    assert whole == publish_two_way(everyone, POLICY)


def test_a_filter_that_leaves_out_a_few_people_is_refused() -> None:
    with pytest.raises(FilterTooNarrow, match="leaves out fewer than 10"):
        publish_filtered_one_way([20, 30, 40], [20, 27, 38], POLICY)
    with pytest.raises(FilterTooNarrow, match="describes fewer than 10"):
        publish_filtered_one_way([20, 30, 40], [2, 3, 4], POLICY)


def test_a_filtered_table_must_count_a_subset() -> None:
    with pytest.raises(ValueError, match="subset"):
        publish_filtered_one_way([20, 30], [21, 5], POLICY)


# --- properties -------------------------------------------------------------------------------
# A table is read as a grid: cells, then each row's total in the last column, then a last row
# of column totals ending in the grand total. A one-way table is one row and its total.

Grid = list[list[int]]
PublishedGrid = list[list[Figure[int]]]
Lines = list[list[tuple[int, int]]]  # each line: its parts, then its total last


def as_grid(table: OneWayTable | TwoWayTable) -> PublishedGrid:
    if isinstance(table, OneWayTable):
        return [[*table.cells, table.total]]
    rows = [[*cells, total] for cells, total in zip(table.cells, table.row_totals, strict=True)]
    return [*rows, [*table.column_totals, table.total]]


def with_totals(counts: Sequence[Sequence[int]], one_way: bool) -> Grid:
    rows = [[*row, sum(row)] for row in counts]
    return rows if one_way else [*rows, [sum(column) for column in zip(*rows, strict=True)]]


def lines(grid: Grid, one_way: bool) -> Lines:
    height, width = len(grid), len(grid[0])
    rows = [[(r, c) for c in range(width)] for r in range(height)]
    columns = [] if one_way else [[(r, c) for r in range(height)] for c in range(width)]
    return [*rows, *columns]


def label_bounds(figure: Figure[int], policy: DisclosurePolicy, grid: PublishedGrid) -> tuple[float, float | None]:
    """What a reader knows of a hidden entry from its words (and from its whole table being hidden)."""
    if all(not entry.shown for row in grid for entry in row):
        return policy.smallest_hidden, None
    if figure.hidden is Hidden.SMALL_COUNT:
        return policy.smallest_hidden, policy.threshold - 1
    return policy.threshold, None


Entry = tuple[int, int, int]  # (table, row, column)
Term = tuple[Entry, int]  # an entry and its sign in a sum


def linear(terms: Sequence[Term], index: dict[Entry, int], grids: list[PublishedGrid]) -> tuple[np.ndarray, float]:
    """A signed sum of entries as coefficients on the hidden ones, plus the shown ones' part."""
    row, constant = np.zeros(len(index)), 0.0
    for (t, r, c), sign in terms:
        if (t, r, c) in index:
            row[index[t, r, c]] += sign
        else:
            value = grids[t][r][c].value
            assert value is not None
            constant += sign * value
    return row, constant


def feasible_ranges(
    grids: list[PublishedGrid],
    table_lines: Lines,
    bounds: dict[Entry, tuple[float, float | None]],
    subset_of: dict[Entry, Entry] | None = None,
    targets: list[list[Term]] | None = None,
) -> list[tuple[float, float]]:
    """Least and greatest value of each target (a signed sum of entries) over every set of tables
    consistent with what is published, by linear programming; each hidden entry by default.
    `bounds` holds the hidden entries; `subset_of` maps an entry to one it cannot exceed (a
    filtered cell and the unfiltered one)."""
    index = {key: i for i, key in enumerate(bounds)}
    equalities = [
        linear([*(((t, *key), 1) for key in line[:-1]), ((t, *line[-1]), -1)], index, grids)
        for t in range(len(grids))
        for line in table_lines
    ]
    equalities = [(row, constant) for row, constant in equalities if row.any()]
    inequalities = [linear([(small, 1), (big, -1)], index, grids) for small, big in (subset_of or {}).items()]
    inequalities = [(row, constant) for row, constant in inequalities if row.any()]
    ranges = []
    for target in targets or [[(key, 1)] for key in bounds]:
        objective, _ = linear(target, index, grids)
        ends = []
        for direction in (1, -1):
            result = linprog(
                direction * objective,
                A_eq=np.array([row for row, _ in equalities]) if equalities else None,
                b_eq=[-constant for _, constant in equalities] or None,
                A_ub=np.array([row for row, _ in inequalities]) if inequalities else None,
                b_ub=[-constant for _, constant in inequalities] or None,
                bounds=list(bounds.values()),
                method="highs",
            )
            assert result.status in (0, 3), result.message  # 3: no greatest value, so not pinned
            ends.append(direction * result.fun if result.status == 0 else np.inf)
        ranges.append((ends[0], ends[1]))
    return ranges


def check_published(
    table: OneWayTable | TwoWayTable, counts: Sequence[Sequence[int]], policy: DisclosurePolicy
) -> None:
    """Every property of one published table, on its own."""
    one_way = isinstance(table, OneWayTable)
    truth, published = with_totals(counts, one_way), as_grid(table)
    for truth_row, row in zip(truth, published, strict=True):
        for value, figure in zip(truth_row, row, strict=True):
            # (1) nothing small is published, and what is published is true
            assert figure.value in (None, value)
            assert figure.shown or figure.value is None
            assert figure.shown != policy.is_small(value) or figure.hidden is Hidden.PROTECTS_SMALL_COUNT
    table_lines = lines(truth, one_way)
    for line in table_lines:
        # (2) no row or column gives away its one hidden entry
        assert sum(not published[r][c].shown for r, c in line) != 1
    hidden = [(0, r, c) for r, row in enumerate(published) for c, figure in enumerate(row) if not figure.shown]
    if not hidden:
        return
    # (2, stronger) no hidden entry is pinned: for a reader who only knows entries are not negative...
    for low, high in feasible_ranges([published], table_lines, {key: (0, None) for key in hidden}):
        assert high - low > 1e-6
    # ...nor for one who also knows what "fewer than N" and "hidden to protect" imply.
    bounds = {key: label_bounds(published[key[1]][key[2]], policy, published) for key in hidden}
    for low, high in feasible_ranges([published], table_lines, bounds):
        assert high - low > 1e-6


def check_difference(
    whole: OneWayTable | TwoWayTable,
    part: OneWayTable | TwoWayTable,
    everyone: Sequence[Sequence[int]],
    filtered: Sequence[Sequence[int]],
    policy: DisclosurePolicy,
) -> None:
    """(3) No small number of people left out by the filter can be worked out from both tables."""
    one_way = isinstance(whole, OneWayTable)
    rest = [
        [a - b for a, b in zip(row_a, row_b, strict=True)]
        for row_a, row_b in zip(with_totals(everyone, one_way), with_totals(filtered, one_way), strict=True)
    ]
    published = [as_grid(whole), as_grid(part)]
    table_lines = lines(rest, one_way)
    hidden = {
        (t, r, c): label_bounds(figure, policy, grid)
        for t, grid in enumerate(published)
        for r, row in enumerate(grid)
        for c, figure in enumerate(row)
        if not figure.shown
    }
    targets = []
    for r, row in enumerate(rest):
        for c, value in enumerate(row):
            if not policy.is_small(value) or value == 0 and not policy.suppress_zero:
                continue
            if published[0][r][c].shown and published[1][r][c].shown:
                pytest.fail(f"the difference at {r, c} is small and both tables show it")
            targets.append([((t, r, c), sign) for t, sign in ((0, 1), (1, -1)) if (t, r, c) in hidden])
    if not targets:
        return
    subset_of = {(1, r, c): (0, r, c) for r, row in enumerate(rest) for c in range(len(row))}
    ranges = feasible_ranges(published, table_lines, hidden, subset_of, targets)
    for low, high in ranges:
        assert high - low > 1e-6


@st.composite
def policies(draw: st.DrawFn) -> DisclosurePolicy:
    threshold = draw(st.integers(2, 15))
    # A threshold of 2 with zeros shown is refused (see the policy): draw only what is allowed.
    return DisclosurePolicy(threshold, suppress_zero=threshold == 2 or draw(st.booleans()))


# Small counts are the interesting ones: draw them often, within 0..60.
counts = st.one_of(st.integers(0, 15), st.integers(0, 60))


@st.composite
def tables(draw: st.DrawFn, one_way: bool) -> Grid:
    height = 1 if one_way else draw(st.integers(1, 4))
    width = draw(st.integers(1, 6 if one_way else 4))
    return [draw(st.lists(counts, min_size=width, max_size=width)) for _ in range(height)]


@st.composite
def subsets(draw: st.DrawFn, grid: Grid) -> Grid:
    """A filtered table of the same people: each cell keeps some of the unfiltered cell's people."""
    keep_most = draw(st.booleans())
    return [[draw(st.integers(value // 2 if keep_most else 0, value)) for value in row] for row in grid]


PROPERTY_SETTINGS = settings(max_examples=100, deadline=None, suppress_health_check=[HealthCheck.too_slow])


@PROPERTY_SETTINGS
@given(policies(), tables(one_way=True))
def test_one_way_tables_publish_nothing_small_and_nothing_recoverable(policy: DisclosurePolicy, grid: Grid) -> None:
    check_published(publish_one_way(grid[0], policy), grid, policy)


@PROPERTY_SETTINGS
@given(policies(), tables(one_way=False))
def test_two_way_tables_publish_nothing_small_and_nothing_recoverable(policy: DisclosurePolicy, grid: Grid) -> None:
    check_published(publish_two_way(grid, policy), grid, policy)


@st.composite
def filtered_pairs(draw: st.DrawFn, one_way: bool) -> tuple[Grid, Grid]:
    grid = draw(tables(one_way))
    return grid, draw(subsets(grid))


@settings(max_examples=80, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(policies(), st.booleans(), st.data())
def test_filtered_and_unfiltered_tables_never_differ_by_a_small_number(
    policy: DisclosurePolicy, one_way: bool, data: st.DataObject
) -> None:
    everyone, filtered = data.draw(filtered_pairs(one_way))
    whole: OneWayTable | TwoWayTable
    part: OneWayTable | TwoWayTable
    try:
        if one_way:
            whole, part = publish_filtered_one_way(everyone[0], filtered[0], policy)
        else:
            whole, part = publish_filtered_two_way(everyone, filtered, policy)
    except FilterTooNarrow:
        event("filter refused")
        return
    assert whole == (publish_one_way(everyone[0], policy) if one_way else publish_two_way(everyone, policy))
    check_published(part, filtered, policy)
    check_difference(whole, part, everyone, filtered, policy)
