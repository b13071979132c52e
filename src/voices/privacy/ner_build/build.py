"""One rebuild of the compact entity model, from texts to the installed model."""

from __future__ import annotations

import tempfile
import time
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

from voices.privacy.ner_build.corpus import Text, WindowCutter, real_texts, write_corpus
from voices.privacy.ner_build.generated import CommentWriter
from voices.privacy.ner_build.install import install, train
from voices.privacy.redact.ner_model import TEACHER_MANIFEST_NAME

SEED = 20261202


@dataclass(frozen=True, slots=True)
class Built:
    texts: int
    windows: dict[str, int]  # split -> windows
    seconds: float
    files: dict[str, str]


def build_ner(
    models_dir: Path,
    datasets_dir: Path,
    generated: int,
    steps: int,
    progress: Callable[[str, int], Callable[[int], None]],
    seed: int = SEED,
) -> Built:
    """`progress(description, total)` returns a function to call with each step done."""
    started = time.perf_counter()
    redaction_dir = models_dir / "redaction"
    texts = real_texts(redaction_dir, datasets_dir)
    texts += [Text("generated", text) for text in CommentWriter(seed).comments(generated)]
    cutter = WindowCutter(redaction_dir, redaction_dir / TEACHER_MANIFEST_NAME, seed)
    with tempfile.TemporaryDirectory(prefix="voices-ner-") as work:
        corpus_dir = Path(work)
        windows = write_corpus(texts, cutter, corpus_dir, progress("cutting and labelling windows", len(texts)))
        best = train(corpus_dir, redaction_dir, corpus_dir / "training", steps, seed)
        files = install(best, redaction_dir)
    return Built(len(texts), windows, time.perf_counter() - started, files)
