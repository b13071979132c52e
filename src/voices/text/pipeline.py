"""Build the shared spaCy pipeline for themes work.

Redaction starts from the same blank English tokenizer but builds its own pipeline
(``voices.privacy.redact.pipeline``), configured from ``nlp_models/redaction/``.

- ``text_pipeline()``: blank English + the lookup lemmatizer (tables from the installed
  ``spacy-lookups-data``, never downloaded) + ``voices_negation`` + ``voices_key_phrases``.
  Tagging, discovery and summaries read tokens, lemmas, ``token.is_stop``, ``Token._.negated``
  and ``Doc._.key_phrases`` from it. Both are cached: build once per process.
"""

from __future__ import annotations

from functools import lru_cache

import spacy
from spacy.language import Language

# Importing the modules registers the component factories.
from voices.text import negation as _negation  # noqa: F401
from voices.text import phrases as _phrases  # noqa: F401


@lru_cache(maxsize=1)
def text_pipeline() -> Language:
    """Tokens, lemmas, stop words, negation scope and key phrases, for themes work."""
    nlp = spacy.blank("en")
    nlp.add_pipe("lemmatizer", config={"mode": "lookup"})
    nlp.add_pipe("voices_negation")
    nlp.add_pipe("voices_key_phrases")
    nlp.initialize()
    return nlp
