"""English lemma lookup from the installed ``spacy-lookups-data`` package (nothing downloaded)."""

from __future__ import annotations

from functools import lru_cache
from pathlib import Path

import srsly
from spacy.util import registry


@lru_cache(maxsize=1)
def english_lemma_table() -> dict[str, str]:
    """``{form: lemma}`` for lower-case English forms, e.g. ``"believed" -> "believe"``.

    spaCy's own lookup lemmatizer reads the same table; keeping a plain dict lets the fast
    features path lemmatise tokenizer output without running pipeline components.
    """
    # The entry point names a .json path, but the package ships it gzipped.
    path = Path(registry.lookups.get("en")["lemma_lookup"])
    gzipped = path.with_name(path.name + ".gz")
    table = srsly.read_gzip_json(gzipped) if gzipped.exists() else srsly.read_json(path)
    return {form: lemma for form, lemma in table.items() if form.islower()}


def lemma_of(lower_form: str) -> str:
    """The lemma of a lower-case word, or the word itself when the table does not know it."""
    return english_lemma_table().get(lower_form, lower_form)
