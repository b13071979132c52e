"""Demo comments: every codebook theme has words, and the product's own redactor finds nothing to remove."""

from __future__ import annotations

import datetime as dt

from voices.demo.generate import generate
from voices.demo.phrases import CLOSERS, THEMES
from voices.privacy.redact import load_redactor
from voices.settings import PROJECT_ROOT
from voices.surveys.loader import read_directory
from voices.themes.codebook import load_codebook


def test_every_codebook_theme_has_fragments_in_some_stance() -> None:
    codebook = load_codebook(PROJECT_ROOT / "nlp_models" / "codebook.yaml")
    assert {theme.id for theme in codebook.themes} == set(THEMES)
    assert all(any(stances.values()) for stances in THEMES.values())


def test_fragments_are_whole_sentences() -> None:
    # Fragments are joined with a space: one without its full stop runs into the next sentence.
    fragments = [f for stances in THEMES.values() for found in stances.values() for f in found] + list(CLOSERS)
    assert [f for f in fragments if f[-1] not in ".!?" or not (f[0].isupper() or f[0] == "{")] == []


def test_comments_hold_no_personal_details_but_the_redactors_own_placeholders() -> None:
    definitions, _ = read_directory(PROJECT_ROOT / "surveys")
    comments = sorted(
        {
            answer.text
            for definition in definitions
            for submission in generate(definition, 1500, seed=0, today=dt.date(2026, 11, 30))
            for answer in submission.answers
            if answer.text
        }
    )
    assert len(comments) > 500
    results = load_redactor(PROJECT_ROOT / "nlp_models").redact_many(comments)
    found = {comment: result.spans for comment, result in zip(comments, results, strict=True) if result.spans}
    assert found == {}
    assert any("[name]" in comment for comment in comments) and any("[place]" in comment for comment in comments)
