"""Removing demo submissions with every copy of their words, the way the purge removes expired ones."""

from __future__ import annotations

from voices.db.tables import Submission
from voices.privacy.retention import DeletedCounts, delete_submissions, labels_copying


async def clear_demo() -> DeletedCounts:
    """Delete every demo submission (and nothing else) with its answers, their theme assignments,
    quotes and confirmed labels; what went."""
    is_demo = Submission.channel == Submission.Channel.demo
    return await delete_submissions(is_demo, labels_copying(is_demo))
