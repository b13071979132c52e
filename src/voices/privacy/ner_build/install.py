"""Train the compact entity model on the corpus and put it where the redactor loads it.

`spacy train` runs with ``nlp_models/redaction/ner_training.cfg``; the best model on the
development windows is copied to ``nlp_models/redaction/ner/`` (a new folder renamed into place,
so a failed build leaves the old model whole) and ``ner_model.json`` lists every file's sha256,
which the loader checks (ner_model.py).
"""

from __future__ import annotations

import json
import shutil
from pathlib import Path

from voices.privacy.redact.ner_model import MANIFEST_NAME
from voices.text.packaged_files import directory_hashes

TRAINING_CONFIG = "ner_training.cfg"
MODEL_DIR = "ner"
ABOUT = (
    "The statistical named-entity signal for redaction: a compact spaCy NER of our own (a hash-embedding "
    "CNN two layers deep, 64 wide), trained by `voices privacy build-ner` on windows of text labelled by "
    "en_core_web_sm 3.8.0 (ner_teacher.json), with the labels in voices.privacy.redact.ner_model.LABELS. "
    "voices refuses to load it if any file below differs."
)


def train(corpus_dir: Path, redaction_dir: Path, work_dir: Path, steps: int, seed: int) -> Path:
    """Train on corpus_dir's train.spacy and dev.spacy; returns the best model's folder."""
    from spacy.cli.train import train as spacy_train

    overrides = {
        "paths.train": str(corpus_dir / "train.spacy"),
        "paths.dev": str(corpus_dir / "dev.spacy"),
        "training.max_steps": steps,
        "system.seed": seed,
    }
    spacy_train(redaction_dir / TRAINING_CONFIG, work_dir, overrides=overrides)
    return work_dir / "model-best"


def install(model: Path, redaction_dir: Path) -> dict[str, str]:
    """Copy `model` into redaction_dir/ner and write its manifest; returns the files' hashes."""
    target = redaction_dir / MODEL_DIR
    incoming = redaction_dir / f".{MODEL_DIR}.incoming"
    shutil.rmtree(incoming, ignore_errors=True)
    shutil.copytree(model, incoming)
    files = directory_hashes(incoming)
    outgoing = redaction_dir / f".{MODEL_DIR}.outgoing"
    shutil.rmtree(outgoing, ignore_errors=True)
    if target.exists():
        target.rename(outgoing)
    incoming.rename(target)
    shutil.rmtree(outgoing, ignore_errors=True)
    manifest = {"about": ABOUT, "data_dir": MODEL_DIR, "components": ["ner"], "files": files}
    (redaction_dir / MANIFEST_NAME).write_text(json.dumps(manifest, indent=1) + "\n", encoding="utf-8")
    return files
