"""The survivor-involvement groups a report may be filtered by: those that reach the threshold.

A group with fewer submissions to the survey than the disclosure threshold is neither offered nor
accepted as a filter, so no report can describe a handful of a group's members.
"""

from __future__ import annotations

import numpy as np

from voices.db.tables import InvolvementGroup
from voices.insight.dataset import Dataset


async def groups_shown(dataset: Dataset, threshold: int) -> list[tuple[int, str]]:
    """(id, name) of each group with at least `threshold` submissions to this survey, by name."""
    ids, counts = np.unique(dataset.groups[dataset.groups > 0], return_counts=True)
    enough = [int(group_id) for group_id, count in zip(ids, counts, strict=True) if count >= threshold]
    if not enough:
        return []
    rows = await (
        InvolvementGroup.select(InvolvementGroup.id, InvolvementGroup.name)
        .where(InvolvementGroup.id.is_in(enough))
        .order_by(InvolvementGroup.name)
    )
    return [(row["id"], row["name"]) for row in rows]
