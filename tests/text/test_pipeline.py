"""The shared text pipeline: lemmas, negation scope, key phrases, and the fast path agreeing."""

from __future__ import annotations

import pytest
import spacy
from spacy.language import Language

from voices.text import analyse, feature_string, negation_scope, text_pipeline
from voices.text.lemmas import english_lemma_table


@pytest.fixture(scope="module")
def blank() -> Language:
    nlp = spacy.blank("en")
    nlp.add_pipe("voices_negation")
    nlp.add_pipe("voices_key_phrases")
    return nlp


def test_not_believed_marks_believed_negated(blank: Language) -> None:
    doc = blank("I was not believed")
    assert [token._.negated for token in doc] == [False, False, False, True]
    assert doc[2]._.negation_cue


def test_contracted_negation_counts(blank: Language) -> None:
    doc = blank("they didn't listen")
    assert doc[3].text == "listen" and doc[3]._.negated


def test_scope_ends_at_a_clause_break(blank: Language) -> None:
    doc = blank("I was not believed, but the nurse helped")
    assert doc[3]._.negated
    assert not any(token._.negated for token in doc[5:])


def test_negation_config_is_json_typed() -> None:
    nlp = spacy.blank("en")
    nlp.add_pipe("voices_negation", config={"max_scope": 1, "cues": ["not"], "terminators": ["."]})
    doc = nlp("not really believed")
    assert doc[1]._.negated and not doc[2]._.negated


def test_key_phrases_by_token_patterns(blank: Language) -> None:
    doc = blank("The waiting list was long and there was a lack of support for men.")
    assert "waiting list" in doc._.key_phrases
    assert "lack of support" in doc._.key_phrases


def test_key_phrases_default_to_none_before_the_component_runs() -> None:
    assert spacy.blank("en")("waiting list")._.key_phrases is None


def test_lookup_lemmas_load_from_the_installed_package() -> None:
    assert english_lemma_table()["believed"] == "believe"
    doc = text_pipeline()("officers were waiting")
    assert [token.lemma_ for token in doc] == ["officer", "be", "wait"]


def test_pipeline_has_our_components_in_order() -> None:
    assert text_pipeline().pipe_names == ["lemmatizer", "voices_negation", "voices_key_phrases"]


def test_fast_path_agrees_with_the_pipeline() -> None:
    text = "I wasn't believed by them, but my ISVA was brilliant!"
    doc = text_pipeline()(text)
    kept = [t for t in doc if not t.is_punct]
    analysis = analyse([text])[0]
    assert analysis.words == [t.lower_ for t in kept]
    assert analysis.negated == [t._.negated for t in kept]
    assert analysis.lemmas[analysis.words.index("believed")] == "believe"


def test_feature_string_marks_negated_lemmas() -> None:
    assert feature_string(analyse(["not believed"])[0]) == "not not_believe"
    assert feature_string(analyse(["believed"])[0]) == "believe"


def test_negation_scope_is_bounded() -> None:
    assert negation_scope(["not", "a", "b"], max_scope=1) == [False, True, False]
