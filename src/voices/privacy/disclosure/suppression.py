"""Primary and complementary suppression over any set of entries tied together by sums.

A table is a set of entries (cells, row and column totals, the grand total) and equations
(each total is the sum of its parts). Primary suppression hides every small entry. Complementary
suppression then hides more until no hidden entry can be pinned down (see `audit`):

1. an equation with exactly one hidden entry gives it away, so hide one more of its entries:
   the smallest non-zero cell, or its total when no cell will do;
2. pinning can also come from several equations together, or from the bounds a label implies
   (two "fewer than 10" cells summing to 2 are both 1): the exact audit finds such an entry,
   and the nearest cheapest shown entry connected to it is hidden.

Both repeat until stable. Zero is never hidden to protect another entry: a reader who knows that
a shown entry is either small or not would learn that the hidden one is 0, so it protects nothing.
"""

from __future__ import annotations

import math
from collections.abc import Hashable, Mapping, Sequence
from collections.abc import Set as AbstractSet
from typing import Generic, TypeVar

from voices.privacy.disclosure.audit import Bounds, Equation, first_pinned
from voices.privacy.disclosure.policy import DisclosurePolicy

K = TypeVar("K", bound=Hashable)


class Unprotectable(Exception):
    """No entry that may still be hidden would stop a small number being worked out."""


def protect(
    values: Mapping[K, int],
    equations: Sequence[Equation[K]],
    policy: DisclosurePolicy,
    *,
    settled: Mapping[K, bool] | None = None,
    unpublished: AbstractSet[K] = frozenset(),
) -> frozenset[K]:
    """The entries to hide, among those that are published.

    `settled` entries are published elsewhere already (True if hidden there): they are taken
    as they are and never chosen. `unpublished` entries are never shown (the complement of a
    filter, say) but must not be pinned down when they are small.
    """
    settled = settled or {}
    state = _State(values, equations, policy, settled, unpublished)
    while state.hide_lonely() or state.hide_near_pinned():
        pass
    return frozenset(state.hidden - unpublished)


class _State(Generic[K]):
    def __init__(
        self,
        values: Mapping[K, int],
        equations: Sequence[Equation[K]],
        policy: DisclosurePolicy,
        settled: Mapping[K, bool],
        unpublished: AbstractSet[K],
    ) -> None:
        self.values, self.equations, self.policy, self.unpublished = values, equations, policy, unpublished
        self.choosable = [key for key in values if key not in settled and key not in unpublished]
        self.hidden: set[K] = {key for key in self.choosable if policy.is_small(values[key])}
        self.hidden |= {key for key, hidden in settled.items() if hidden} | set(unpublished)
        self.order = {key: index for index, key in enumerate(values)}
        self.totals = {equation.total for equation in equations}
        self.containing: dict[K, list[Equation[K]]] = {key: [] for key in values}
        for equation in equations:
            for member in equation.members:
                self.containing[member].append(equation)

    def sensitive(self, key: K) -> bool:
        """A hidden entry a reader must not pin: any hidden published one, and small unpublished ones."""
        return key in self.hidden and (key not in self.unpublished or self.policy.is_small(self.values[key]))

    def can_hide(self, key: K) -> bool:
        return key not in self.hidden and key in self.choosable and self.values[key] > 0

    def cost(self, key: K) -> tuple[bool, int, int]:
        """Cheapest first: a cell before a total, then the smaller count, then table order."""
        return key in self.totals, self.values[key], self.order[key]

    def hide_lonely(self) -> bool:
        """Rule 1; whether anything was hidden."""
        added = False
        for equation in self.equations:
            hidden = [member for member in equation.members if member in self.hidden]
            candidates = [member for member in equation.members if self.can_hide(member)]
            if len(hidden) == 1 and self.sensitive(hidden[0]) and candidates:
                self.hidden.add(min(candidates, key=self.cost))
                added = True
        return added

    def hide_near_pinned(self) -> bool:
        """Rule 2; whether anything was hidden (False when nothing can be pinned)."""
        bounds = {key: self.bounds(key) for key in self.values if key in self.hidden}
        pinned = first_pinned(self.equations, self.values, bounds, filter(self.sensitive, self.values))
        if pinned is None:
            return False
        self.hidden.add(self.nearest_candidate(pinned))
        return True

    def bounds(self, key: K) -> Bounds:
        """What a reader knows of a hidden entry from its label."""
        if key in self.unpublished:
            return Bounds(0, math.inf)
        if self.policy.is_small(self.values[key]):
            return Bounds(self.policy.smallest_hidden, self.policy.threshold - 1)
        return Bounds(self.policy.threshold, math.inf)

    def nearest_candidate(self, pinned: K) -> K:
        """The cheapest entry that can be hidden, among those fewest equations away from `pinned`."""
        seen, frontier = {pinned}, [pinned]
        while frontier:
            reached = {m for key in frontier for eq in self.containing[key] for m in eq.members} - seen
            candidates = [member for member in reached if self.can_hide(member)]
            if candidates:
                return min(candidates, key=self.cost)
            seen |= reached
            frontier = [member for member in reached if member in self.hidden]
        raise Unprotectable(pinned)
