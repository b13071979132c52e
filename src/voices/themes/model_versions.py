"""Codebook taggers trained on a deployment's confirmed labels, kept in the database, that replace the
current model only when they are not worse.

The shipped model (``nlp_models/tagger/``) is never rewritten: it is the fallback whenever no
version is current. A version lives in ``tagger_version`` (the skops bytes, its scores, the sha256
of its training data, the ids of the confirmed labels it learned from, who asked for it and why it
was accepted or refused), so every app process on one PostgreSQL uses the same model.

``challenge`` decides, fairly: the current model and the challenger are scored as *recipes*
fitted on the same data without the held-out comments, the current one with the labels it learned
from, the challenger with every confirmed label there is now. Held out are the codebook's test
split (``Codebook.split``) and a fifth of the confirmed comments, chosen by a hash of the text so a
comment stays on its side as labels are added. Scoring the saved current model instead would flatter
it: it learned from the codebook's test split.

The two held-out parts are scored apart as well as together: the held-out labels come from the same
analysts as the rest, so labels that are wrong in the same way everywhere would also be "right" on
their held-out fifth; the codebook's test split is the anchor they cannot move.

**Noise.** The held-out sets are small (about 90 codebook examples, a fifth of the labels), so two
equally good models differ by a few points of F1 by chance. The difference (challenger minus
current) in micro- and in macro-F1 is resampled with a paired bootstrap over the held-out comments
(``BOOTSTRAP`` resamples, seeded); the challenger is *worse beyond noise* on a measure when even the
95th percentile of that difference is below zero, i.e. at least 95% of resamples favour the current
model. It is refused if that holds for either measure on any of the three sets (both parts, the
codebook's test split, the held-out labels); otherwise it is refitted on everything (held-out
comments included) and becomes current.
"""

from __future__ import annotations

import asyncio
import hashlib
import logging
import zipfile
from collections.abc import Sequence
from dataclasses import dataclass, field
from datetime import datetime
from typing import Any

import msgspec
import numpy as np
import skops.io as sio

from voices.db.tables import ConfirmedLabel, TaggerVersion
from voices.themes.codebook import Codebook
from voices.themes.confirmed import confirmed_rows
from voices.themes.current_tagger import is_current
from voices.themes.tagger import CodebookTagger
from voices.themes.train import (
    TRUSTED_TYPES,
    data_hash,
    fit_codebook_tagger,
    model_fingerprint,
    training_rows,
)
from voices.themes.training_data import TrainingComment

logger = logging.getLogger(__name__)

BOOTSTRAP = 1_000
HELD_OUT_SHARE = 5  # one confirmed comment in this many is held out for scoring
Label = tuple[int, str, str, bool]  # a confirmed label: id, text, theme, applies


@dataclass(frozen=True, slots=True)
class Scores:
    held_out: int  # comments scored
    current: dict[str, float]  # "micro", "macro"
    challenger: dict[str, float]
    # 5th and 95th percentiles of the bootstrap difference (challenger minus current), per measure.
    difference: dict[str, tuple[float, float]] = field(default_factory=dict)

    def worse(self) -> list[str]:
        """The measures on which the challenger is worse beyond noise."""
        return [name for name, (_, high) in self.difference.items() if high < 0]


@dataclass(frozen=True, slots=True)
class Challenge:
    accepted: bool
    reason: str
    scores: dict[str, Scores]  # by held-out set: "all", "codebook test split", "confirmed labels"
    tagger: CodebookTagger | None  # refitted on everything, when accepted
    data_sha256: str
    label_ids: list[int]


_SETS = {"all": "all held-out comments", "codebook test split": "the codebook's test split",
         "confirmed labels": "the held-out confirmed labels"}


def held_out(text: str) -> bool:
    """Whether a confirmed comment is kept for scoring: a fifth of them, by a hash of the text."""
    return int(hashlib.sha256(text.encode("utf-8")).hexdigest(), 16) % HELD_OUT_SHARE == 0


def challenge(
    codebook: Codebook,
    labels: Sequence[Label],
    current_label_ids: Sequence[int],
    extra: Sequence[TrainingComment] | None = None,
    random_state: int = 0,
) -> Challenge:
    """Train a challenger on every label and decide whether it may replace the current model (the
    recipe fitted with ``current_label_ids``); see the module docstring. CPU work of minutes."""
    train_codebook, test = _codebook_split(codebook)
    learned = [label for label in labels if not held_out(label[1])]
    kept = set(current_label_ids)
    as_examples = lambda rows: [(text, theme, applies) for _, text, theme, applies in rows]  # noqa: E731
    fit = lambda book, rows: fit_codebook_tagger(book, as_examples(rows), random_state, extra=extra)  # noqa: E731
    current = fit(train_codebook, [label for label in learned if label[0] in kept])
    challenger = fit(train_codebook, learned)
    scores = {}
    for name, codebook_part, label_part in (
        ("all", test, [label for label in labels if held_out(label[1])]),
        ("codebook test split", test, []),
        ("confirmed labels", [], [label for label in labels if held_out(label[1])]),
    ):
        texts, truth = _truth(codebook.theme_ids, codebook_part, label_part)
        if texts:
            scores[name] = compare(truth, current.predict(texts), challenger.predict(texts), random_state)
    all_texts, questions, label_sets = training_rows(codebook, as_examples(labels), extra)
    digest = data_hash(all_texts, label_sets, questions)
    ids = sorted(label[0] for label in labels)
    worse = [f"{measure}-F1 on {_SETS[name]}" for name, found in scores.items() for measure in found.worse()]
    if worse:
        reason = (
            f"Refused: worse than the current model beyond noise on {', '.join(worse)} "
            f"({_words(scores['all'])}). The current model stays."
        )
        return Challenge(False, reason, scores, None, digest, ids)
    final = fit(codebook, labels)
    reason = f"Accepted: not worse than the current model beyond noise ({_words(scores['all'])})."
    return Challenge(True, reason, scores, final, digest, ids)


def compare(truth: np.ndarray, current: np.ndarray, challenger: np.ndarray, seed: int = 0) -> Scores:
    """Micro- and macro-F1 of both prediction matrices, and the paired bootstrap of their difference."""
    n = truth.shape[0]
    weights = np.vstack([np.ones(n), np.random.default_rng(seed).multinomial(n, np.full(n, 1 / n), BOOTSTRAP)])
    mine, theirs = _f1(truth, challenger, weights), _f1(truth, current, weights)
    difference = {
        name: (float(np.percentile(mine[name][1:] - theirs[name][1:], 5)),
               float(np.percentile(mine[name][1:] - theirs[name][1:], 95)))
        for name in ("micro", "macro")
    }  # fmt: skip
    return Scores(
        held_out=n,
        current={name: round(float(theirs[name][0]), 4) for name in ("micro", "macro")},
        challenger={name: round(float(mine[name][0]), 4) for name in ("micro", "macro")},
        difference={name: (round(low, 4), round(high, 4)) for name, (low, high) in difference.items()},
    )


def _f1(truth: np.ndarray, predicted: np.ndarray, weights: np.ndarray) -> dict[str, np.ndarray]:
    """Micro- and macro-F1 under each row of ``weights`` (how often each comment is drawn); a theme
    with no true or predicted comment scores 0, as scikit-learn's ``zero_division=0``."""
    truth, predicted = truth.astype(float), predicted.astype(float)
    tp = weights @ (truth * predicted)
    fp = weights @ ((1 - truth) * predicted)
    fn = weights @ (truth * (1 - predicted))
    micro_den = 2 * tp.sum(axis=1) + fp.sum(axis=1) + fn.sum(axis=1)
    micro = np.divide(2 * tp.sum(axis=1), micro_den, out=np.zeros_like(micro_den), where=micro_den > 0)
    den = 2 * tp + fp + fn
    macro = np.divide(2 * tp, den, out=np.zeros_like(den), where=den > 0).mean(axis=1)
    return {"micro": micro, "macro": macro}


def _codebook_split(codebook: Codebook) -> tuple[Codebook, list[tuple[str, str]]]:
    """The codebook without its test split's examples, and that test split."""
    train, test = codebook.split()
    kept = set(train)
    themes = [
        msgspec.structs.replace(theme, examples=[text for text in theme.examples if (text, theme.id) in kept])
        for theme in codebook.themes
    ]
    return msgspec.structs.replace(codebook, themes=themes), test


def _truth(
    theme_ids: Sequence[str], test: Sequence[tuple[str, str]], labels: Sequence[Label]
) -> tuple[list[str], np.ndarray]:
    """Held-out texts and their true theme matrix: codebook examples, then confirmed comments."""
    themes: dict[str, set[str]] = {}
    for text, theme in test:
        themes.setdefault(text, set()).add(theme)
    for _, text, theme, applies in labels:
        found = themes.setdefault(text, set())
        if applies:
            found.add(theme)
        else:
            found.discard(theme)
    texts = list(themes)
    return texts, np.array([[int(t in themes[text]) for t in theme_ids] for text in texts], dtype=np.int8)


def _words(scores: Scores) -> str:
    return "; ".join(
        f"{name}-F1 {scores.challenger[name]:.3f} against {scores.current[name]:.3f}, "
        f"difference {scores.challenger[name] - scores.current[name]:+.3f}, 90% interval "
        f"{scores.difference[name][0]:+.3f} to {scores.difference[name][1]:+.3f}"
        for name in ("micro", "macro")
    ) + f"; {scores.held_out} held-out comments"


# Storage: versions in the database.


@dataclass(frozen=True, slots=True)
class Version:
    id: int
    created_at: datetime
    created_by: str
    outcome: str
    is_current: bool
    data_sha256: str
    scores: dict[str, Any]
    reason: str
    n_labels: int


async def versions(limit: int = 50) -> list[Version]:
    """Every version, newest first (without the model bytes)."""
    rows = await (
        TaggerVersion.select(
            TaggerVersion.id, TaggerVersion.created_at, TaggerVersion.created_by, TaggerVersion.outcome,
            TaggerVersion.is_current, TaggerVersion.data_sha256, TaggerVersion.scores, TaggerVersion.reason,
            TaggerVersion.label_ids,
        )
        .order_by(TaggerVersion.id, ascending=False)
        .limit(limit)
        .output(load_json=True)
    )
    return [
        Version(row["id"], row["created_at"], row["created_by"], row["outcome"], bool(row["is_current"]),
                row["data_sha256"], row["scores"], row["reason"], len(row["label_ids"]))
        for row in rows
    ]  # fmt: skip


async def current_label_ids() -> list[int]:
    """The confirmed labels the current model learned from: none for the shipped one."""
    row = await TaggerVersion.select(TaggerVersion.label_ids).where(_current()).output(load_json=True).first()
    return [] if row is None else [int(i) for i in row["label_ids"]]


async def record(challenge_: Challenge | None, created_by: str, created_by_id: int | None, at: datetime,
                 reason: str = "") -> int:
    """Keep a challenge's outcome as a version (made current when accepted, in one transaction), or
    a failed training (``challenge_`` None, ``reason`` saying why). The version's id."""
    if challenge_ is None:
        version = TaggerVersion(created_at=at, created_by=created_by, created_by_id=created_by_id,
                                outcome=TaggerVersion.Outcome.failed, reason=reason)
        await version.save()
        return int(version.id)
    tagger = challenge_.tagger
    model = None if tagger is None else sio.dumps(tagger, compression=zipfile.ZIP_DEFLATED)
    version = TaggerVersion(
        created_at=at, created_by=created_by, created_by_id=created_by_id,
        outcome=TaggerVersion.Outcome.accepted if challenge_.accepted else TaggerVersion.Outcome.refused,
        is_current=challenge_.accepted, model=model, data_sha256=challenge_.data_sha256,
        model_fingerprint=model_fingerprint(tagger) if tagger is not None else "",
        label_ids=challenge_.label_ids, scores=msgspec.to_builtins(challenge_.scores), reason=challenge_.reason,
    )  # fmt: skip
    async with TaggerVersion._meta.db.transaction():
        if challenge_.accepted:
            await TaggerVersion.update({TaggerVersion.is_current: False}).where(_current())
        await version.save()
    return int(version.id)


async def roll_back(version_id: int | None) -> None:
    """Make an accepted version current again; None goes back to the shipped model."""
    async with TaggerVersion._meta.db.transaction():
        if version_id is not None:
            found = await TaggerVersion.exists().where(
                (TaggerVersion.id == version_id) & (TaggerVersion.outcome == TaggerVersion.Outcome.accepted)
            )
            if not found:
                raise LookupError(f"no accepted tagger version {version_id}")
        await TaggerVersion.update({TaggerVersion.is_current: False}).where(_current())
        if version_id is not None:
            await TaggerVersion.update({TaggerVersion.is_current: True}).where(TaggerVersion.id == version_id)


async def retrain(
    codebook: Codebook,
    created_by: str,
    created_by_id: int | None,
    at: datetime,
    extra: Sequence[TrainingComment] | None = None,
    random_state: int = 0,
) -> tuple[int, str, str]:
    """Challenge the current model with every confirmed label and keep the outcome as a version:
    ``(version id, outcome, reason)``. A training that fails is kept as failed, with why; either
    way the current model stays unless the challenger was accepted."""
    try:
        labels = await confirmed_rows(ConfirmedLabel._meta.db)
        if not labels:
            raise ValueError("there are no confirmed labels to learn from yet")
        found = await asyncio.to_thread(
            challenge, codebook, labels, await current_label_ids(), extra, random_state
        )
    except ValueError as error:  # nothing to learn from, or a label naming a theme the codebook lacks
        problem = f"{error}."
    except Exception as error:  # noqa: BLE001 - any failure is kept as a failed version, with why
        logger.exception("training a challenger failed")
        problem = f"{type(error).__name__}; the details are in the log."
    else:
        version_id = await record(found, created_by, created_by_id, at)
        outcome = TaggerVersion.Outcome.accepted if found.accepted else TaggerVersion.Outcome.refused
        return version_id, outcome.value, found.reason
    reason = f"Failed: {problem} The current model stays."
    return await record(None, created_by, created_by_id, at, reason), TaggerVersion.Outcome.failed.value, reason


def _current() -> Any:
    return is_current()
