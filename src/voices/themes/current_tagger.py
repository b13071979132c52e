"""The codebook tagger theme runs and the review queue use: the current trained version from the
database (``themes/model_versions.py``), else the shipped model in ``nlp_models/tagger/``."""

from __future__ import annotations

import asyncio
from pathlib import Path
from typing import TYPE_CHECKING, Any

from voices.db.tables import TaggerVersion

if TYPE_CHECKING:
    from voices.themes.tagger import CodebookTagger


def is_current() -> Any:
    """The condition on ``tagger_version`` naming the current version (at most one row)."""
    return TaggerVersion.is_current == True  # noqa: E712


class CurrentTagger:
    """The model theme runs and the review queue use: the current version from the database, else
    the shipped one. Kept per process and read again only when the current version changes."""

    def __init__(self, models_dir: Path) -> None:
        self._models_dir = models_dir
        self._kept: tuple[int | None, CodebookTagger] | None = None
        self._lock = asyncio.Lock()

    async def get(self) -> tuple[CodebookTagger, int | None]:
        """The tagger and its version id (None: the shipped model)."""
        async with self._lock:
            row = await TaggerVersion.select(TaggerVersion.id).where(is_current()).first()
            version_id = None if row is None else int(row["id"])
            if self._kept is None or self._kept[0] != version_id:
                self._kept = (version_id, await self._load(version_id))
            return self._kept[1], version_id

    async def _load(self, version_id: int | None) -> CodebookTagger:
        # Imported here: scikit-learn, skops and spaCy are loaded when a model is first needed, not
        # when an app process starts.
        import skops.io as sio

        from voices.themes.tagger import CodebookTagger
        from voices.themes.train import TRUSTED_TYPES, load_tagger

        if version_id is None:
            return await asyncio.to_thread(load_tagger, self._models_dir)
        row = await TaggerVersion.select(TaggerVersion.model).where(TaggerVersion.id == version_id).first()
        tagger = await asyncio.to_thread(sio.loads, bytes(row["model"]), trusted=TRUSTED_TYPES)
        if not isinstance(tagger, CodebookTagger):
            raise TypeError(f"tagger version {version_id} does not hold a CodebookTagger")
        return tagger
