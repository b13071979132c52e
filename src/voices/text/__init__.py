"""The spaCy text pipeline that tagging, discovery and summaries share (redaction builds its own).

Public API (stable; import from ``voices.text``):

- ``text_pipeline() -> Language``: blank English + lookup lemmatizer (from the installed
  ``spacy-lookups-data``) + ``voices_negation`` + ``voices_key_phrases``. On its Docs:
  ``token.lemma_``, ``token.is_stop``, ``token._.negated``, ``token._.negation_cue``,
  ``doc._.key_phrases`` (list of lower-case lemmatised phrases), ``doc._.key_phrase_spans``.
- ``analyse(texts) -> list[Analysis]``: the fast bulk path (tokenizer + lemma dict + negation
  rule, no Python components); ``Analysis`` has parallel lists ``words``, ``lemmas``, ``negated``,
  ``is_stop`` (punctuation dropped).
- ``feature_string(analysis)`` / ``feature_strings(texts)``: lemmas with negated ones prefixed
  ``not_``, space-joined; what the tagger vectorises.
- ``english_lemma_table() -> dict[str, str]``, ``lemma_of(word)``; ``negation_scope(norms)``.
- Registered factories: ``"voices_negation"`` (config: cues, terminators, max_scope) and
  ``"voices_key_phrases"`` (config: patterns, as spaCy Matcher token patterns).
"""

from voices.text.features import Analysis, analyse, feature_string, feature_strings
from voices.text.lemmas import english_lemma_table, lemma_of
from voices.text.negation import negation_scope
from voices.text.pipeline import text_pipeline

__all__ = [
    "Analysis",
    "analyse",
    "english_lemma_table",
    "feature_string",
    "feature_strings",
    "lemma_of",
    "negation_scope",
    "text_pipeline",
]
