"""Key phrases by token patterns: short runs of content words, such as "waiting list" or
"lack of support". The blank pipeline has no tagger, so patterns use lexical attributes only.

The ``voices_key_phrases`` component sets ``Doc._.key_phrases``: a list of lower-case, lemmatised
phrases in document order (``None`` until the component runs). Negated words are kept; read
``Token._.negated`` on ``Doc._.key_phrase_spans`` when polarity matters.
"""

from __future__ import annotations

from typing import Any

from spacy.language import Language
from spacy.matcher import Matcher
from spacy.tokens import Doc, Span
from spacy.util import filter_spans

CONTENT_WORD: dict[str, Any] = {"IS_ALPHA": True, "IS_STOP": False, "LENGTH": {">=": 3}}
DEFAULT_PATTERNS: list[list[dict[str, Any]]] = [
    [CONTENT_WORD, CONTENT_WORD],
    [CONTENT_WORD, CONTENT_WORD, CONTENT_WORD],
    [CONTENT_WORD, {"LOWER": {"IN": ["of", "to", "for"]}}, CONTENT_WORD],
    [CONTENT_WORD, {"LOWER": {"IN": ["of", "to", "for"]}}, CONTENT_WORD, CONTENT_WORD],
]

for _name in ("key_phrases", "key_phrase_spans"):
    if not Doc.has_extension(_name):
        Doc.set_extension(_name, default=None)


def phrase_text(span: Span) -> str:
    """Lower-case lemmas joined by spaces; falls back to the lower-case word without a lemmatizer."""
    return " ".join((token.lemma_ or token.text).lower() for token in span)


class KeyPhraseMatcher:
    """Finds the longest non-overlapping pattern matches in each Doc."""

    def __init__(self, nlp: Language, patterns: list[list[dict[str, Any]]]) -> None:
        self.matcher = Matcher(nlp.vocab)
        self.matcher.add("KEY_PHRASE", patterns)

    def __call__(self, doc: Doc) -> Doc:
        spans = filter_spans(self.matcher(doc, as_spans=True))
        doc._.key_phrase_spans = spans
        doc._.key_phrases = [phrase_text(span) for span in spans]
        return doc


@Language.factory("voices_key_phrases", default_config={"patterns": DEFAULT_PATTERNS})
def make_key_phrase_matcher(
    nlp: Language, name: str, patterns: list[list[dict[str, Any]]]
) -> KeyPhraseMatcher:
    return KeyPhraseMatcher(nlp, patterns)
