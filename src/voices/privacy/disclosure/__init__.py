"""The one disclosure-control layer: every figure that leaves the system passes through it.

HTML pages, charts, the API and exports all publish through these functions, so a number is
hidden the same way everywhere, under one `DisclosurePolicy` (threshold from
`Settings.disclosure_threshold`, default 10):

- counts below the threshold show as "fewer than 10", and tables hide more entries so that no
  hidden count can be worked out from the totals (`publish_one_way`, `publish_two_way`) or from
  the difference between a filtered table and the unfiltered one (`publish_filtered_one_way`,
  `publish_filtered_two_way`);
- percentages, means, scale scores and confidence intervals based on fewer than the threshold
  are withheld (`DisclosurePolicy.statistic`, `DisclosurePolicy.percentage`);
- quotes only from themes with at least the threshold of distinct respondents
  (`DisclosurePolicy.quotes_allowed`);
- a filter that describes, or leaves out, fewer than the threshold is refused with
  `FilterTooNarrow` (`DisclosurePolicy.check_filter`).

The layer is pure and never caches: callers pass counts of the rows as they are now, so a purge
or a review that takes a theme below the threshold hides it on the very next request.
"""

from voices.privacy.disclosure.figures import Figure, Hidden
from voices.privacy.disclosure.policy import DisclosurePolicy
from voices.privacy.disclosure.tables import (
    OneWayTable,
    TwoWayTable,
    publish_filtered_one_way,
    publish_filtered_two_way,
    publish_one_way,
    publish_two_way,
)

__all__ = [
    "DisclosurePolicy",
    "Figure",
    "Hidden",
    "OneWayTable",
    "TwoWayTable",
    "publish_filtered_one_way",
    "publish_filtered_two_way",
    "publish_one_way",
    "publish_two_way",
]
