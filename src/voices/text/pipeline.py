"""Build the shared blank-English spaCy pipeline; components are added by their owners."""

from __future__ import annotations

from functools import lru_cache

import spacy
from spacy.language import Language


@lru_cache(maxsize=1)
def blank_english() -> Language:
    """A tokenizer-only English pipeline; nothing is downloaded, it ships inside spaCy."""
    return spacy.blank("en")
