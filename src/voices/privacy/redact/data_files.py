"""Read the plain-text lists under nlp_models/redaction/: one entry a line, '#' starts a comment."""

from __future__ import annotations

from pathlib import Path


def read_list(path: str | Path) -> list[str]:
    entries = []
    for line in Path(path).read_text(encoding="utf-8").splitlines():
        entry = line.split("#", 1)[0].strip()
        if entry:
            entries.append(entry)
    return entries
