"""Train the compact entity model on the corpus and put it where the redactor loads it.

`spacy train` runs with ``nlp_models/redaction/ner_training.cfg``; the best model on the
development windows is copied to ``nlp_models/redaction/ner/`` and ``ner_model.json`` lists every
file's sha256, which the loader checks (ner_model.py). A build that fails before installing leaves
the old model whole; one interrupted while installing can leave files and manifest out of step,
which the loader refuses (redaction then does not start) until the build is run again.
"""

from __future__ import annotations

import json
import os
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
    _forget_training_paths(incoming / "config.cfg")
    files = directory_hashes(incoming)
    outgoing = redaction_dir / f".{MODEL_DIR}.outgoing"
    shutil.rmtree(outgoing, ignore_errors=True)
    if target.exists():
        target.rename(outgoing)
    incoming.rename(target)
    shutil.rmtree(outgoing, ignore_errors=True)
    manifest = {"about": ABOUT, "data_dir": MODEL_DIR, "components": ["ner"], "files": files}
    written = redaction_dir / f".{MANIFEST_NAME}.incoming"
    written.write_text(json.dumps(manifest, indent=1) + "\n", encoding="utf-8")
    os.replace(written, redaction_dir / MANIFEST_NAME)
    return files


def _forget_training_paths(config: Path) -> None:
    """The model's config names the temporary corpus it was trained on; without it, the same build
    gives the same file."""
    lines = config.read_text(encoding="utf-8").splitlines()
    start = lines.index("[paths]")
    for i in range(start + 1, len(lines)):
        if lines[i].startswith("["):
            break
        if lines[i].startswith(("train = ", "dev = ")):
            lines[i] = lines[i].split(" = ")[0] + " = null"
    config.write_text("\n".join(lines) + "\n", encoding="utf-8")
