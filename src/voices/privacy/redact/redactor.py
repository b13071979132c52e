"""The public face of redaction: text in, redacted text and what was removed out."""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Iterable
from dataclasses import dataclass, field
from functools import lru_cache
from pathlib import Path

from spacy.language import Language
from spacy.tokens import Doc
from spacy.util import get_words_and_spaces

from .pipeline import build_pipeline
from .resolve import redacted_from
from .shouting import is_shouted, recased
from .spans import state_of

_BATCH_SIZE = 256
# No word, number or address is this long; a run of it is noise or an attack on the tokenizer.
_LONGEST_RUN = 100
_LONG_RUN = re.compile(rf"\S{{{_LONGEST_RUN + 1}}}")
_RUN = re.compile(r"\S+|\s+")


@dataclass(frozen=True, slots=True)
class RedactedSpan:
    start: int  # character offsets into the input text
    end: int
    type: str  # "name", "phone", "nhs number", …


@dataclass(frozen=True, slots=True)
class RedactionResult:
    text: str
    spans: list[RedactedSpan] = field(default_factory=list)

    @property
    def counts(self) -> dict[str, int]:
        """How many of each kind were removed: all a stored answer may keep about them."""
        return dict(Counter(span.type for span in self.spans))


class Redactor:
    """Wraps the redaction pipeline; never logs or stores the text it is given."""

    def __init__(self, nlp: Language) -> None:
        self.nlp = nlp

    def redact(self, text: str) -> RedactionResult:
        return _result(self.nlp(self._make_doc(text)), text)

    def redact_many(self, texts: Iterable[str]) -> list[RedactionResult]:
        texts = list(texts)
        docs = (self._make_doc(text) for text in texts)
        return [_result(doc, text) for doc, text in zip(self.nlp.pipe(docs, batch_size=_BATCH_SIZE), texts, strict=True)]

    def _make_doc(self, text: str) -> Doc:
        # A comment in capitals is read recased; the offsets are the same (shouting.py).
        shouted = is_shouted(text)
        read = recased(text) if shouted else text
        doc = self.nlp.make_doc(read) if not _LONG_RUN.search(read) else self._make_doc_in_pieces(read)
        state = state_of(doc)
        state.source_text = read  # spares each component rebuilding doc.text from the tokens
        state.recased = shouted
        return doc

    def _make_doc_in_pieces(self, text: str) -> Doc:
        """spaCy's tokenizer takes time quadratic in the length of a run without spaces (64 KB of
        "::" took minutes), so such runs are cut into pieces of _LONGEST_RUN characters and the
        rest is tokenized as usual. The Doc's text is still exactly ``text``."""
        words: list[str] = []
        for run in _RUN.finditer(text):
            piece = run.group()
            if piece.isspace():
                continue
            if len(piece) > _LONGEST_RUN:
                words += [piece[i : i + _LONGEST_RUN] for i in range(0, len(piece), _LONGEST_RUN)]
            else:
                words += [token.text for token in self.nlp.tokenizer(piece)]
        words, spaces = get_words_and_spaces(words, text)
        return Doc(self.nlp.vocab, words=words, spaces=spaces)


def _result(doc: Doc, text: str) -> RedactionResult:
    state = state_of(doc)
    if state.redacted_spans is None or state.redacted_text is None:
        # Fail closed: a pipeline that never settled its finds must not hand back the text as written.
        raise RuntimeError("the redaction pipeline has no redact_resolve component")
    spans = [RedactedSpan(start, end, kind) for start, end, kind in state.redacted_spans]
    # Read recased, the redacted text is rebuilt from the comment as written: the writer's capitals stay.
    redacted = state.redacted_text if state.source_text == text else redacted_from(text, state.redacted_spans)
    return RedactionResult(text=redacted, spans=spans)


@lru_cache(maxsize=4)
def load_redactor(nlp_models_dir: Path, gazetteer_path: Path | None = None) -> Redactor:
    """The redactor for a deployment, built once per (models folder, gazetteer) pair."""
    return Redactor(build_pipeline(Path(nlp_models_dir) / "redaction", gazetteer_path))
