"""Public labelled datasets for evaluating the theming engine (never shipped, never product data).

The files live in ``../shared/datasets/`` from the project root (see its README):

- ``load_fft(datasets_dir)`` -> ``(texts, labels, label_names)``: NHS Friends and Family Test v6
  comments, multi-label. ``labels`` is a 0/1 ``int8`` matrix (n_texts x n_labels), columns in the
  order of ``label_names``. Blank answers and rows coded "Labelling not possible" are dropped, as the
  README says; "Labelling not possible" is not returned as a label.
- ``load_fft_questions(datasets_dir)``: the question each of ``load_fft``'s rows answers ("What was
  good?", "How could we improve?", ...), in the same order.
- ``load_fft_sentiment(datasets_dir)``: each of ``load_fft``'s rows' "Comment sentiment", 1 (most
  positive) to 5, or None where it is blank, in the same order.
- ``fft_frequent_labels(labels, label_names, min_count=30)`` keeps the labels the README's baseline
  uses (at least 30 examples).
- ``load_banking77(datasets_dir, split="test")`` -> ``(texts, label_ids)``: 77 banking intents,
  ``label_ids`` an ``int`` array indexing ``banking77_categories(datasets_dir)``.

A missing dataset raises ``DatasetMissing`` naming the path it looked for.
"""

from __future__ import annotations

import csv
import json
from collections.abc import Iterator
from pathlib import Path

import numpy as np

from voices.errors import VoicesError
from voices.settings import PROJECT_ROOT

DEFAULT_DATASETS_DIR = PROJECT_ROOT.parent / "shared" / "datasets"
FFT_FILE = Path("fft_v6") / "fft_v6_framework.csv"
FFT_TEXT = "FFT answer"
FFT_QUESTION = "FFT question"
FFT_SENTIMENT = "Comment sentiment"  # 1 (most positive) to 5
# Label columns follow the sentiment column; this one marks rows that carry no usable theme.
FFT_FIRST_META_BEFORE_LABELS = FFT_SENTIMENT
FFT_UNLABELLABLE = "Labelling not possible"


class DatasetMissing(VoicesError):
    """An evaluation dataset is not where the README says it should be."""


def _require(path: Path) -> Path:
    if not path.exists():
        raise DatasetMissing(
            f"evaluation dataset not found: {path} "
            "(expected ../shared/datasets/ next to the project root; see its README.md)"
        )
    return path


def load_fft(
    datasets_dir: Path = DEFAULT_DATASETS_DIR,
) -> tuple[list[str], np.ndarray, list[str]]:
    """FFT v6 answers with their theme columns, minus blank and unlabellable rows."""
    texts: list[str] = []
    rows: list[list[int]] = []
    label_names: list[str] = []
    for row, names in _fft_rows(datasets_dir):
        label_names = names
        texts.append((row[FFT_TEXT] or "").strip())
        rows.append([1 if row[name] == "1" else 0 for name in names])
    return texts, np.asarray(rows, dtype=np.int8), label_names


def load_fft_questions(datasets_dir: Path = DEFAULT_DATASETS_DIR) -> list[str]:
    """The question each row of ``load_fft`` answers, whitespace collapsed, in the same order."""
    return [" ".join((row[FFT_QUESTION] or "").split()) for row, _ in _fft_rows(datasets_dir)]


def load_fft_sentiment(datasets_dir: Path = DEFAULT_DATASETS_DIR) -> list[int | None]:
    """The sentiment each row of ``load_fft`` was coded with (1-5), None where blank, in the same order."""
    return [
        int(row[FFT_SENTIMENT]) if (row[FFT_SENTIMENT] or "").strip() else None
        for row, _ in _fft_rows(datasets_dir)
    ]


def _fft_rows(datasets_dir: Path) -> Iterator[tuple[dict[str, str], list[str]]]:
    """The usable CSV rows (not blank, not unlabellable) and the theme label names."""
    path = _require(Path(datasets_dir) / FFT_FILE)
    with path.open(newline="", encoding="utf-8") as handle:
        reader = csv.DictReader(handle)
        header = list(reader.fieldnames or [])
        first = header.index(FFT_FIRST_META_BEFORE_LABELS) + 1
        label_names = [name for name in header[first:] if name != FFT_UNLABELLABLE]
        for row in reader:
            if (row[FFT_TEXT] or "").strip() and row[FFT_UNLABELLABLE] != "1":
                yield row, label_names


def fft_frequent_labels(
    labels: np.ndarray, label_names: list[str], min_count: int = 30
) -> tuple[np.ndarray, list[str]]:
    """Keep label columns with at least ``min_count`` positive rows (too few cannot be scored)."""
    keep = np.flatnonzero(labels.sum(axis=0) >= min_count)
    return labels[:, keep], [label_names[i] for i in keep]


def banking77_categories(datasets_dir: Path = DEFAULT_DATASETS_DIR) -> list[str]:
    """The 77 intent names, in the order ``load_banking77`` numbers them."""
    path = _require(Path(datasets_dir) / "banking77" / "categories.json")
    return list(json.loads(path.read_text(encoding="utf-8")))


def load_banking77(
    datasets_dir: Path = DEFAULT_DATASETS_DIR, split: str = "test"
) -> tuple[list[str], np.ndarray]:
    """Banking77 queries of one split ("train" or "test") and their intent ids."""
    if split not in {"train", "test"}:
        raise ValueError(f"split must be 'train' or 'test', got {split!r}")
    index = {name: i for i, name in enumerate(banking77_categories(datasets_dir))}
    path = _require(Path(datasets_dir) / "banking77" / f"{split}.csv")
    with path.open(newline="", encoding="utf-8") as handle:
        rows = list(csv.DictReader(handle))
    texts = [row["text"] for row in rows]
    return texts, np.asarray([index[row["category"]] for row in rows], dtype=int)
