"""Labelled training comments beyond codebook.yaml: ``nlp_models/themes_training.jsonl`` (issue 12).

885 comments written from ``../shared/CODEBOOK.md`` alone by two writers who never saw the code or
the blind set, each with the question it answers and every theme that applies (none for a tenth),
in the blind set's format. A row is a positive for each of its themes and a negative for the rest.

- ``load_training_comments(path)`` -> ``TrainingComment`` rows, in file order; a malformed line
  raises ``InvalidTrainingData`` naming its line number.
- ``held_out(comment)``: whether a comment belongs to the held-out split, used to choose between
  recipes and tune their settings. It is a stable hash of the text, as the codebook's test split is,
  so adding rows never moves an existing one across the split.
- ``split_training_comments(comments)`` -> ``(train, held_out)``.
"""

from __future__ import annotations

import hashlib
from collections.abc import Sequence
from pathlib import Path

from voices.errors import VoicesError
from voices.themes.labelled import LabelledComment, read_labelled

TRAINING_FILE = "themes_training.jsonl"
HELD_OUT_FRACTION = 0.2


class InvalidTrainingData(VoicesError):
    """The training file is missing or a line of it is not a labelled comment."""


TrainingComment = LabelledComment


def load_training_comments(path: Path) -> list[TrainingComment]:
    """Every comment of the training file, in file order."""
    return read_labelled(path, InvalidTrainingData, "the training comments")


def held_out(comment: TrainingComment, fraction: float = HELD_OUT_FRACTION) -> bool:
    """Whether the comment is in the held-out split: the first bytes of its text's sha256, as a share."""
    digest = hashlib.sha256(comment.text.encode("utf-8")).digest()
    return int.from_bytes(digest[:8], "big") / 2**64 < fraction


def split_training_comments(
    comments: Sequence[TrainingComment], fraction: float = HELD_OUT_FRACTION
) -> tuple[list[TrainingComment], list[TrainingComment]]:
    """``(train, held_out)``, each in file order."""
    train = [comment for comment in comments if not held_out(comment, fraction)]
    return train, [comment for comment in comments if held_out(comment, fraction)]
