"""Train the shipped polarity model and save it, with what made it, under ``nlp_models/polarity/``.

It learns from this project's own comments only, never from FFT or anything under
``../shared/datasets`` (their README: never ship them): the ``polarity`` field of
``themes_training.jsonl`` (each comment read and labelled by hand: positive, mixed for both or
neither, negative), and ``polarity_training.jsonl``, comments written for polarity alone because the
theme comments are mostly about what went wrong: more praise, short answers whose sense comes from
the question ("nothing, they were great" under "What did not help?") and plain non-answers.
``train_polarity`` writes ``polarity.skops`` (skops, never pickle) and ``manifest.json`` (library
versions, sha256 of the training data, the C and offsets chosen, the inner-CV macro-F1), as
``train.py`` does for the tagger; same inputs, same files. ``load_polarity`` reads it back, trusting
only the types listed here; ``shipped_polarity`` keeps one loaded model per directory for summaries.
"""

from __future__ import annotations

import functools
import hashlib
import json
import platform
import zipfile
from collections.abc import Sequence
from importlib.metadata import version
from pathlib import Path
from typing import Any, Literal, Protocol

import numpy as np
import skops.io as sio

import msgspec

from voices.errors import VoicesError
from voices.settings import PROJECT_ROOT, Settings
from voices.themes.polarity import PolarityModel
from voices.themes.train import LIBRARIES, shipped_training_comments

POLARITY_DIR = "polarity"
MODEL_FILE = "polarity.skops"
MANIFEST_FILE = "manifest.json"
POLARITY_FILE = "polarity_training.jsonl"
TRUSTED_TYPES = [
    "voices.themes.polarity.PolarityModel",
    "voices.text.vectorize.TermVectorizer",
    "sklearn.feature_extraction.text.TfidfVectorizer",
    "sklearn.feature_extraction.text.TfidfTransformer",
]
# The training comments are a few hundred, not thousands: keep terms seen once.
SHIPPED_PARAMS: dict[str, Any] = {"min_df": 1}


class PolarityNotTrained(VoicesError):
    """No saved polarity model in the models directory: run `voices nlp train`."""


class PolarityComment(msgspec.Struct, forbid_unknown_fields=True, frozen=True):
    """A line of ``polarity_training.jsonl``; a training comment with a ``polarity`` reads the same."""

    id: str
    question: str
    text: str
    polarity: Literal["positive", "mixed", "negative"] | None


class Labelled(Protocol):
    @property
    def question(self) -> str: ...
    @property
    def text(self) -> str: ...
    @property
    def polarity(self) -> str | None: ...


def polarity_comments(models_dir: Path | None = None) -> list[Labelled]:
    """Every shipped comment with a polarity: the theme training comments, then the polarity ones."""
    directory = Path(models_dir) if models_dir is not None else PROJECT_ROOT / "nlp_models"
    comments: list[Labelled] = [c for c in shipped_training_comments(directory) if c.polarity is not None]
    path = directory / POLARITY_FILE
    if path.exists():
        comments += read_polarity_file(path)
    return comments


def read_polarity_file(path: Path) -> list[PolarityComment]:
    """The comments of a polarity JSON-lines file; a malformed line is named by its number."""
    decoder = msgspec.json.Decoder(PolarityComment)
    comments = []
    for number, line in enumerate(path.read_text(encoding="utf-8").splitlines(), start=1):
        if line.strip():
            try:
                comments.append(decoder.decode(line))
            except msgspec.DecodeError as problem:
                raise PolarityNotTrained(f"{path}: line {number}: {problem}") from problem
    return comments


def polarity_training_rows(
    comments: Sequence[Labelled],
) -> tuple[list[str], list[str | None], list[str], list[int]]:
    """Texts, questions, polarities and groups of the labelled comments: each comment under its
    question and again under none (one group, so inner folds never split the two), so that a
    comment summarised without its question is read by its words alone, as it was learnt."""
    labelled = [c for c in comments if c.polarity is not None]
    rows = [(c.text, c.question, c.polarity, i) for i, c in enumerate(labelled)]
    rows += [(c.text, None, c.polarity, i) for i, c in enumerate(labelled)]
    return [r[0] for r in rows], [r[1] for r in rows], [str(r[2]) for r in rows], [r[3] for r in rows]


def fit_polarity(comments: Sequence[Labelled] | None = None, random_state: int = 0) -> PolarityModel:
    """The shipped recipe fitted on ``comments`` (default: ``polarity_comments()``)."""
    texts, questions, labels, groups = polarity_training_rows(
        polarity_comments() if comments is None else comments
    )
    if not texts:
        raise PolarityNotTrained("no training comment carries a polarity label")
    return PolarityModel(random_state=random_state, **SHIPPED_PARAMS).fit(texts, labels, questions, groups)


def train_polarity(
    models_dir: Path, comments: Sequence[Labelled] | None = None, random_state: int = 0
) -> dict[str, Any]:
    """Fit on ``comments`` (default: ``polarity_comments(models_dir)``), save model and manifest
    under ``models_dir/polarity/``, return the manifest."""
    comments = polarity_comments(models_dir) if comments is None else comments
    texts, questions, labels, _ = polarity_training_rows(comments)
    model = fit_polarity(comments, random_state)
    directory = Path(models_dir) / POLARITY_DIR
    directory.mkdir(parents=True, exist_ok=True)
    sio.dump(model, directory / MODEL_FILE, compression=zipfile.ZIP_DEFLATED)
    canonical = json.dumps([list(row) for row in zip(questions, texts, labels, strict=True)])
    manifest = {
        "model_file": MODEL_FILE,
        "model_fingerprint": model_fingerprint(model),
        "data_sha256": hashlib.sha256(canonical.encode("utf-8")).hexdigest(),
        "n_texts": len(texts),
        "n_comments": sum(c.polarity is not None for c in comments),
        "labels": {name: labels.count(name) // 2 for name in model.classes_},
        "random_state": random_state,
        "params": {k: list(v) if isinstance(v, tuple) else v for k, v in model.get_params().items()},
        "C": model.C_,
        "offsets": [round(float(o), 4) for o in model.offsets_],
        "inner_cv_macro_f1": round(model.inner_macro_f1_, 4),
        "python": platform.python_version(),
        "versions": {name: version(name) for name in LIBRARIES},
    }
    (directory / MANIFEST_FILE).write_text(json.dumps(manifest, indent=2) + "\n", encoding="utf-8")
    return manifest


def model_fingerprint(model: PolarityModel) -> str:
    """sha256 of the learned state (the .skops zip embeds timestamps, so hash this instead)."""
    digest = hashlib.sha256()
    for array in (model.coef_, model.intercept_, model.offsets_):
        digest.update(np.ascontiguousarray(array).tobytes())
    vectorizer = model.vectorizer_
    tied = model.question_terms_.vocabulary_ if model.question_terms_ is not None else {}
    vocabularies = [sorted(vectorizer.word_vocabulary_.items()), sorted(vectorizer.char_vocabulary_.items())]
    digest.update(json.dumps([vocabularies, sorted(tied.items())]).encode("utf-8"))
    return digest.hexdigest()


def load_polarity(models_dir: Path) -> PolarityModel:
    """The saved model; only ``TRUSTED_TYPES`` (and skops' defaults) may load."""
    path = Path(models_dir) / POLARITY_DIR / MODEL_FILE
    if not path.exists():
        raise PolarityNotTrained(f"no polarity model at {path}: run `voices nlp train`")
    model = sio.load(path, trusted=TRUSTED_TYPES)
    if not isinstance(model, PolarityModel):
        raise TypeError(f"{path} does not hold a PolarityModel")
    return model


@functools.cache
def _loaded(models_dir: Path) -> PolarityModel:
    return load_polarity(models_dir)


def shipped_polarity(models_dir: Path | None = None) -> PolarityModel:
    """The deployment's polarity model (``VOICES_NLP_MODELS_DIR``), loaded once per directory."""
    return _loaded(Path(models_dir or Settings.from_env().nlp_models_dir).resolve())
