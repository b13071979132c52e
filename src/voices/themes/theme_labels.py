"""The label and display terms of each emergent theme, from the kinds of name tried in turn.

1. a theme made largely of stock answers is named by what they say ("nothing to improve",
   "everything was fine"; ``stock_answers``);
2. a theme with no shared phrase that one word holds together leads with that word, quoted, where
   the word says how things were ("“good”"; ``phrase_names.defining_word``); any other such word is
   all its comments share, and the theme is named a mix of them ("mixed subjects, each using
   “because”", ``phrase_names.mixed_sharing``) unless a codebook theme leads (4.);
3. any other by its phrases and telling words (``phrase_names.with_context``), or by its top terms
   where there are none (``fallback_label``);
4. where most of its comments carry one codebook theme, that theme's label leads (``guide``); else
   where most of them use no word of the name, or they lie far looser about its centre than most
   themes' comments do, it says they are a mix ("mixed subjects", ``phrase_names.marked_if_mixed``).

Terms are shown as the theme's comments write them (``naming.written_forms``).
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Sequence
from dataclasses import dataclass, field

import numpy as np
from scipy import sparse

from voices.text import Analysis
from voices.themes.guide import CodebookGuide, with_codebook_theme
from voices.themes.naming import display_term, term_use, top_term_columns, written_forms
from voices.themes.phrase_names import (
    PhraseName,
    TermUse,
    defining_word,
    fallback_label,
    lemma_use,
    marked_if_mixed,
    mixed_sharing,
    with_context,
    with_defining_word,
)
from voices.themes.stock_answers import is_appraisal, stock_theme_name


@dataclass
class ThemeLabeller:
    analyses: Sequence[Analysis]  # the themed comments
    present: sparse.csr_matrix  # analyses x vocabulary, true where a comment uses a term
    vocabulary: np.ndarray
    guide: CodebookGuide | None = None
    _lemmas_used: Counter[str] | None = field(default=None, init=False)  # counted when first needed

    def label(
        self,
        theme: list[int],
        phrase: PhraseName | None,
        texts: Sequence[str],
        questions: Sequence[str | None] | None,
        members: list[int],
        *,
        weights: np.ndarray,
        shown_weights: np.ndarray,
        loose: bool = False,
    ) -> tuple[str, list[str]]:
        """(label, top terms) of one theme: ``theme`` indexes the analyses; the label is read from
        ``weights``, its term weights, the top terms from ``shown_weights`` (the same less the words
        few of its comments use); ``texts`` and ``questions`` are its comments', ``members`` their
        indices for the guide; ``loose``, whether they lie far looser about its centre than most
        themes' (``phrase_names.loose_themes``)."""
        forms = written_forms(self.analyses, theme)
        shown = [display_term(str(self.vocabulary[j]), forms) for j in top_term_columns(shown_weights, 25)]
        stock = stock_theme_name(texts, questions)
        if stock is not None:
            return stock, shown
        columns = top_term_columns(weights, 25)
        lemmas = [str(self.vocabulary[j]) for j in columns]
        terms = [display_term(lemma, forms) for lemma in lemmas]
        coverage, lift = term_use(self.present, theme, columns)
        uses = [TermUse(*use) for use in zip(terms, coverage.tolist(), lift.tolist(), lemmas, strict=True)]
        word = None if phrase is not None else defining_word(self.analyses, theme, self._lemma_counts())
        written = None  # the defining word as the theme's comments write it
        if word is not None:
            written = forms.get(word, word)
            label = with_defining_word(word, written, uses, len(theme))
        else:
            label = with_context(None if phrase is None else phrase.label, uses, len(theme))
        label = label or fallback_label(terms, lemmas)
        led = with_codebook_theme(label, members, self.guide)
        # A codebook theme most comments carry says what they are about, whatever their words.
        if led != label:
            return led, shown
        if written is not None and not is_appraisal(written):
            # "because", "problem", "better": the word is all they share, not what they are about.
            return mixed_sharing(written), shown
        return marked_if_mixed(self.analyses, theme, label, loose), shown

    def _lemma_counts(self) -> Counter[str]:
        if self._lemmas_used is None:
            self._lemmas_used = lemma_use(self.analyses)
        return self._lemmas_used
