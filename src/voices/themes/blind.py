"""The frozen blind test set of the codebook tagger, ``nlp_models/themes_blind.jsonl`` (issue 12).

460 comments written from the codebook's definitions (``../shared/CODEBOOK.md``) by writers who
never saw ``codebook.yaml`` or the tagger, each labelled with every theme that applies by two
labellers and reconciled by a third (docs/benchmarks.md, Themes on the blind set). It is only ever
scored: nothing may be tuned or chosen on it, or its figures stop saying how the tagger meets
wording nobody here wrote.

- ``load_blind_set(path)`` -> ``BlindComment`` rows, in file order; a malformed line raises
  ``InvalidBlindSet`` naming its line number.
- ``label_matrix(comments, theme_ids)``: 0/1 ``int8`` matrix, columns in ``theme_ids`` order; a
  theme id outside them raises rather than being dropped, which would inflate every figure.
- ``content_hash(text)``: what keeps training text and the blind set apart. Two texts that differ
  only in case, spacing or punctuation hash the same, so a lightly edited copy still counts;
  ``shared_with(comments, texts)`` names the comments whose hash is among ``texts``'.
"""

from __future__ import annotations

import hashlib
import re
import unicodedata
from collections.abc import Iterable, Sequence
from pathlib import Path

import numpy as np

from voices.errors import VoicesError
from voices.themes.labelled import LabelledComment, read_labelled

BLIND_FILE = "themes_blind.jsonl"
_WORD = re.compile(r"\w+")


class InvalidBlindSet(VoicesError):
    """The blind set file is missing or a line of it is not a blind comment."""


BlindComment = LabelledComment


def load_blind_set(path: Path) -> list[BlindComment]:
    """Every comment of the blind set, in file order."""
    return read_labelled(path, InvalidBlindSet, "the blind set")


def label_matrix(comments: Sequence[BlindComment], theme_ids: Sequence[str]) -> np.ndarray:
    """Which themes each comment carries, one column per id in ``theme_ids``."""
    column = {theme_id: j for j, theme_id in enumerate(theme_ids)}
    labels = np.zeros((len(comments), len(theme_ids)), dtype=np.int8)
    for i, comment in enumerate(comments):
        unknown = sorted(set(comment.themes) - column.keys())
        if unknown:
            raise InvalidBlindSet(f"comment {comment.id}: themes not in the codebook: {', '.join(unknown)}")
        labels[i, [column[theme] for theme in comment.themes]] = 1
    return labels


def content_hash(text: str) -> str:
    """sha256 of the text's words, case-folded, in order: punctuation and spacing do not count."""
    words = _WORD.findall(unicodedata.normalize("NFKC", text).casefold())
    return hashlib.sha256(" ".join(words).encode("utf-8")).hexdigest()


def shared_with(comments: Sequence[BlindComment], texts: Iterable[str]) -> list[str]:
    """Ids of the comments whose content hash is also that of one of ``texts``, in file order."""
    hashes = {content_hash(text) for text in texts}
    return [comment.id for comment in comments if content_hash(comment.text) in hashes]
