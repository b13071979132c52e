"""Publishing the report's count tables through the disclosure layer, filtered or not.

Shown beside the unfiltered report, a filtered table also publishes its difference from it, so a
filtered table goes through `publish_filtered_*` with the unfiltered one; an unfiltered table is
published on its own. Either way every count is a live count.
"""

from __future__ import annotations

from collections.abc import Sequence

from voices.privacy.disclosure import (
    DisclosurePolicy,
    OneWayTable,
    TwoWayTable,
    publish_filtered_one_way,
    publish_filtered_two_way,
    publish_one_way,
    publish_two_way,
)


def one_way(policy: DisclosurePolicy, everyone: Sequence[int], filtered: Sequence[int] | None) -> OneWayTable:
    """`filtered` is None when the report is not filtered; raises `FilterTooNarrow` when unsafe."""
    if filtered is None:
        return publish_one_way(everyone, policy)
    return publish_filtered_one_way(everyone, filtered, policy)[1]


def two_way(
    policy: DisclosurePolicy, everyone: Sequence[Sequence[int]], filtered: Sequence[Sequence[int]] | None
) -> TwoWayTable:
    if filtered is None:
        return publish_two_way(everyone, policy)
    return publish_filtered_two_way(everyone, filtered, policy)[1]
