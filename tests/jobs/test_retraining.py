"""The scheduled retraining on both engines: below K new confirmed labels it does nothing; at K it
trains a challenger as the admins' button does, recorded as asked for by the scheduler. A small
codebook and no shipped comments keep the training short (as tests/themes/test_model_versions.py)."""

from __future__ import annotations

from tests.themes.test_model_versions import AT, small_codebook
from voices.db.tables import ConfirmedLabel, TaggerVersion
from voices.jobs.catalogue import RETRAIN, THEME, build_jobs
from voices.jobs.retraining import SCHEDULER, retrain_on_new_labels
from voices.settings import Settings
from voices.themes.model_versions import retrain, versions

K = 3


async def train(email: str, officer_id: int | None) -> tuple[int, str, str]:
    return await retrain(small_codebook(), email, officer_id, AT, extra=[])


async def confirm(n: int) -> None:
    first = await ConfirmedLabel.count()
    await ConfirmedLabel.insert(*[
        ConfirmedLabel(text=f"I waited {i + 2} months for a counsellor", theme_id="waiting_times_capacity",
                       applies=True, confirmed_on=AT.date())
        for i in range(first, first + n)
    ])  # fmt: skip


def test_the_jobs_and_their_settings(settings: Settings) -> None:
    jobs = {job.name: job for job in build_jobs(settings)}
    assert jobs[THEME].schedule.text == "every 30 minutes"
    assert jobs[RETRAIN].schedule.text == "daily 04:00 UTC"


async def test_retraining_waits_for_k_new_labels_then_trains_as_the_scheduler(db: str) -> None:
    await confirm(K - 1)
    assert await retrain_on_new_labels(train, K) == {"labels": K - 1, "new_labels": K - 1, "accepted": 0}
    assert await TaggerVersion.count() == 0

    await confirm(1)
    counts = await retrain_on_new_labels(train, K)
    [version] = await versions()
    assert version.created_by == SCHEDULER and version.n_labels == K
    assert counts == {"labels": K, "new_labels": K, "accepted": int(version.outcome == "accepted")}
    # Those labels are learnt: nothing new, nothing trained, whether the challenger was kept or not.
    assert (await retrain_on_new_labels(train, K))["new_labels"] == 0
    assert await TaggerVersion.count() == 1
