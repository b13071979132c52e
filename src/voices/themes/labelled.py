"""Comments labelled with every codebook theme that applies, one JSON object a line: the format of
the blind test set (`blind.py`) and of the training comments beyond codebook.yaml
(`training_data.py`)."""

from __future__ import annotations

from pathlib import Path
from typing import Literal

import msgspec

from voices.errors import VoicesError


class LabelledComment(msgspec.Struct, forbid_unknown_fields=True, frozen=True):
    id: str
    question: str  # the survey question the comment answers
    text: str
    themes: list[str]  # every codebook theme that applies; empty for a comment with none
    # How the comment reads (training comments only; "mixed" for both or neither): what the shipped
    # polarity model learns from (themes/polarity_train.py).
    polarity: Literal["positive", "mixed", "negative"] | None = None


def read_labelled(path: Path, error: type[VoicesError], what: str) -> list[LabelledComment]:
    """Every comment of the file, in file order; a malformed line raises ``error`` naming its number."""
    try:
        lines = Path(path).read_text(encoding="utf-8").splitlines()
    except OSError as problem:
        raise error(f"{path}: cannot read {what}: {problem}") from problem
    decoder = msgspec.json.Decoder(LabelledComment)
    comments: list[LabelledComment] = []
    for number, line in enumerate(lines, start=1):
        if not line.strip():
            continue
        try:
            comments.append(decoder.decode(line))
        except msgspec.DecodeError as problem:
            raise error(f"{path}: line {number}: {problem}") from problem
    return comments
