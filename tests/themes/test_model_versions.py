"""Retraining that cannot make things worse, on both engines: a challenger trained on deliberately
wrong labels is refused and the current model stays; one trained on right labels is accepted and
becomes current for every process; an admin rolls back; a training with nothing to learn fails and
says why. Four codebook themes and no shipped comments keep each training short, and each
challenge is trained once for the session (it is CPU work, the same on either engine); reading the
labels, keeping versions and rolling back run on each engine."""

from __future__ import annotations

import dataclasses
import datetime as dt
from pathlib import Path

import msgspec

from voices.db.tables import ConfirmedLabel, TaggerVersion
from voices.settings import PROJECT_ROOT
from voices.themes.codebook import Codebook, load_codebook
from voices.themes.current_tagger import CurrentTagger
from voices.themes.confirmed import confirmed_rows
from voices.themes.model_versions import (
    Challenge,
    challenge,
    compare,
    current_label_ids,
    held_out,
    record,
    retrain,
    roll_back,
    versions,
)
from voices.themes.train import shipped_training_comments

THEMES = ["waiting_times_capacity", "police_response", "online_abuse", "public_spaces_safety"]
AT = dt.datetime(2026, 12, 1, 12, tzinfo=dt.UTC)


def small_codebook() -> Codebook:
    codebook = load_codebook(PROJECT_ROOT / "nlp_models" / "codebook.yaml")
    return msgspec.structs.replace(codebook, themes=[t for t in codebook.themes if t.id in THEMES])


def analysts_labels(wrong: bool) -> list[ConfirmedLabel]:
    """The shipped training comments about these themes as analysts' labels: right, or each theme
    swapped for the next one (a reviewer who always clicks the box below)."""
    rows = []
    for comment in shipped_training_comments():
        mine = [t for t in comment.themes if t in THEMES]
        for theme in mine:
            given = THEMES[(THEMES.index(theme) + 1) % len(THEMES)] if wrong else theme
            rows.append(ConfirmedLabel(text=comment.text, theme_id=given, applies=True, confirmed_on=AT.date()))
    return rows


_TRAINED: dict[bool, Challenge] = {}


async def challenged(wrong: bool) -> int:
    """Store the analysts' labels, challenge the current model with them, keep the outcome."""
    await ConfirmedLabel.delete(force=True)
    await ConfirmedLabel.insert(*analysts_labels(wrong))
    labels = await confirmed_rows(ConfirmedLabel._meta.db)
    if wrong not in _TRAINED:
        _TRAINED[wrong] = challenge(small_codebook(), labels, await current_label_ids(), extra=[])
    found = dataclasses.replace(_TRAINED[wrong], label_ids=sorted(label[0] for label in labels))
    return await record(found, "admin@county.example", 7, AT)


async def test_a_worse_challenger_is_refused_a_better_one_accepted_and_rollback_works(db: str, tmp_path: Path) -> None:
    version_id = await challenged(wrong=True)
    reason = (await versions())[0].reason
    assert reason.startswith("Refused: worse than the current model beyond noise on ") and "codebook" in reason
    assert "The current model stays." in reason
    assert await TaggerVersion.count().where(TaggerVersion.is_current == True) == 0  # noqa: E712

    better = await challenged(wrong=False)
    assert (await versions())[0].reason.startswith("Accepted: not worse")
    found = {v.id: v for v in await versions()}
    assert found[better].is_current and found[better].created_by == "admin@county.example"
    assert len(found[better].data_sha256) == 64 and found[better].n_labels == len(analysts_labels(False))
    split = "codebook test split"
    assert found[better].scores[split]["challenger"]["macro"] > found[version_id].scores[split]["challenger"]["macro"]
    assert not found[version_id].is_current and found[version_id].scores["codebook test split"]["held_out"] >= 20

    # Every process reads the current version from the database; the shipped files stay as they are.
    current = CurrentTagger(tmp_path)  # no shipped model here: only the database's can load
    tagger, used = await current.get()
    assert used == better and sorted(tagger.classes_) == sorted(THEMES)
    await roll_back(None)
    assert await TaggerVersion.count().where(TaggerVersion.is_current == True) == 0  # noqa: E712
    await roll_back(better)
    assert (await current.get())[1] == better

    await ConfirmedLabel.delete(force=True)
    _, outcome, reason = await retrain(small_codebook(), "command line", None, AT, extra=[])
    assert outcome == "failed" and reason == "Failed: there are no confirmed labels to learn from yet. The current model stays."
    assert (await current.get())[1] == better


def test_noise_is_a_paired_bootstrap_of_the_difference() -> None:
    import numpy as np

    truth = np.eye(4, dtype=np.int8)[np.arange(40) % 4]
    same = compare(truth, truth, truth)
    assert same.difference == {"micro": (0.0, 0.0), "macro": (0.0, 0.0)} and not same.worse()
    one_wrong = truth.copy()
    one_wrong[0] = np.roll(one_wrong[0], 1)
    # One comment in forty: within what resampling explains.
    assert not compare(truth, truth, one_wrong).worse()
    assert compare(truth, truth, np.roll(truth, 1, axis=1)).worse() == ["micro", "macro"]
    # A fifth of confirmed comments is held out, always the same ones.
    texts = [f"comment {n}" for n in range(1000)]
    assert 150 < sum(map(held_out, texts)) < 250 and [held_out(t) for t in texts] == [held_out(t) for t in texts]


def test_the_command_trains_a_challenger_and_says_why_it_failed(tmp_path: Path) -> None:
    """`voices nlp train --with-confirmed` on a database without labels: refused with the reason,
    exit 1, a failed version kept, and the shipped model untouched."""
    import sqlite3
    import subprocess

    from tests.browser.harness import BIN

    shipped = PROJECT_ROOT / "nlp_models" / "tagger" / "tagger.skops"
    before = shipped.stat().st_mtime_ns
    env = {"PATH": str(BIN), "VOICES_VAR_DIR": str(tmp_path), "VOICES_DATABASE_URL": f"sqlite:///{tmp_path / 'v.sqlite'}"}
    subprocess.run([BIN / "voices", "migrate"], env=env, check=True, capture_output=True, cwd=PROJECT_ROOT)
    done = subprocess.run([BIN / "voices", "nlp", "train", "--with-confirmed"], env=env, capture_output=True,
                          text=True, cwd=PROJECT_ROOT)
    assert done.returncode == 1
    assert done.stdout.strip() == (
        "tagger version 1: Failed: there are no confirmed labels to learn from yet. The current model stays."
    )
    with sqlite3.connect(tmp_path / "v.sqlite") as connection:
        assert connection.execute("SELECT outcome, created_by, is_current FROM tagger_version").fetchall() == [
            ("failed", "command line", 0)
        ]
    assert shipped.stat().st_mtime_ns == before
