"""The scheduled retraining: a challenger trained as the admins' button does (themes/model_versions.py)
once enough confirmed labels were added since the last training."""

from __future__ import annotations

from voices.db.tables import ConfirmedLabel, TaggerVersion
from voices.insight.training import Train
from voices.jobs.spec import Counts

# Who asked, on the models page and in the version's record: the scheduler, not an officer.
SCHEDULER = "voices jobs"


class TrainingFailed(RuntimeError):
    """The challenger's training stopped with an error; the current model stays and the job is retried."""


async def last_trained_label_ids() -> set[int]:
    """The labels the newest trained version learned from, accepted or refused: counting from a
    refused challenger (or one an admin rolled back) stops the same labels being retrained daily."""
    row = await (
        TaggerVersion.select(TaggerVersion.label_ids)
        .where(TaggerVersion.outcome != TaggerVersion.Outcome.failed)
        .order_by(TaggerVersion.id, ascending=False)
        .output(load_json=True)
        .first()
    )
    return set() if row is None else {int(i) for i in row["label_ids"]}


async def retrain_on_new_labels(train: Train, min_new_labels: int) -> Counts:
    """Train a challenger if at least ``min_new_labels`` confirmed labels are new; a refused one
    leaves the current model (a success: it was tried), a failed one fails the job."""
    labels = {row["id"] for row in await ConfirmedLabel.select(ConfirmedLabel.id)}
    new = len(labels - await last_trained_label_ids())
    if new < min_new_labels:
        return {"labels": len(labels), "new_labels": new, "accepted": 0}
    version_id, outcome, _ = await train(SCHEDULER, None)
    if outcome == TaggerVersion.Outcome.failed.value:
        raise TrainingFailed(f"tagger version {version_id} failed; the models page says why")
    accepted = outcome == TaggerVersion.Outcome.accepted.value
    return {"labels": len(labels), "new_labels": new, "accepted": int(accepted)}
