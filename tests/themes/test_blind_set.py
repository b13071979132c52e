"""The frozen blind set of the theme tagger (issue 12): its shape, its separation from the training
text, and the default tagger's scores on it, guarded so that a regression fails.

Nothing here reads the comments' wording: the set is only ever scored, never tuned on.
"""

from __future__ import annotations

import json
from collections import Counter
from pathlib import Path

import pytest

from tests.conftest import made_once
from voices.settings import PROJECT_ROOT
from voices.themes import evaluate
from voices.themes.blind import (
    BLIND_FILE,
    BlindComment,
    InvalidBlindSet,
    content_hash,
    label_matrix,
    load_blind_set,
    shared_with,
)
from voices.themes.codebook import load_codebook
from voices.themes.evaluate import (
    BLIND_MACRO_TARGET,
    BLIND_MICRO_TARGET,
    BLIND_THEME_TARGET,
    ThemeScore,
    blind_set_metrics,
)
from voices.themes.metrics import Metric
from voices.themes.train import shipped_training_comments, training_set

MODELS = PROJECT_ROOT / "nlp_models"
CODEBOOK = load_codebook(MODELS / "codebook.yaml")
BLIND = load_blind_set(MODELS / BLIND_FILE)
# Floors a little under the default tagger's scores of 2026-12-01 (19:37 UTC), trained on codebook.yaml
# and themes_training.jsonl, reading each comment's question behind a no-theme gate (5 seeds: micro
# 0.807 ± 0.003, macro 0.785 ± 0.003; no-theme comments given no theme 0.917 of all 46 and 0.900 of
# the 38 not in codebook.yaml), so a change that loses ground on wording nobody here wrote fails, and
# noise between seeds does not. Text only, before the question: micro 0.738, macro 0.750, no-theme
# 0.874; before the training comments: micro 0.582, macro 0.616, no-theme 0.696 and 0.632.
MICRO_FLOOR, MACRO_FLOOR, NO_THEME_FLOOR, UNSEEN_NO_THEME_FLOOR = 0.78, 0.76, 0.86, 0.83
KNOWN_STOCK_NON_ANSWERS = ["A023", "A037", "A182", "A198", "A230", "B167", "B207", "B211"]
BY_ID = {comment.id: comment for comment in BLIND}


def test_the_set_has_the_size_the_issue_asks_for_and_unique_ids() -> None:
    assert len(BLIND) >= 450
    ids = [comment.id for comment in BLIND]
    assert len(set(ids)) == len(ids), [i for i, n in Counter(ids).items() if n > 1]
    assert all(comment.text.strip() and comment.question.strip() for comment in BLIND)


def test_every_label_is_a_codebook_theme_and_every_theme_has_twenty_comments() -> None:
    labels = label_matrix(BLIND, CODEBOOK.theme_ids)  # raises on a theme outside the codebook
    per_theme = dict(zip(CODEBOOK.theme_ids, labels.sum(axis=0).tolist(), strict=True))
    assert min(per_theme.values()) >= 20, per_theme
    assert all(len(set(comment.themes)) == len(comment.themes) for comment in BLIND)


def test_about_a_tenth_have_no_theme_and_a_fifth_touch_several() -> None:
    counts = [len(comment.themes) for comment in BLIND]
    assert 0.08 <= sum(n == 0 for n in counts) / len(counts) <= 0.12
    assert sum(n >= 2 for n in counts) / len(counts) >= 0.2


def test_no_blind_comment_is_themed_training_text_by_content_hash() -> None:
    # What the shipped tagger learns themes from: themed examples, descriptions and seed phrases, and
    # every comment of themes_training.jsonl (test_training_data.py checks that file on its own too).
    themed = [text for text, _ in CODEBOOK.examples() + CODEBOOK.seed_texts()]
    assert not shared_with(BLIND, themed)
    assert not shared_with(BLIND, [comment.text for comment in shipped_training_comments()])


def test_only_the_known_stock_non_answers_are_unthemed_training_text() -> None:
    # Found when the set was first scored: five stock non-answers ("n/a", "idk", "nope", "no comment",
    # "nothing to add"), some written twice, are also unthemed examples in codebook.yaml. The set is
    # frozen, so they stay, and evaluate reports the no-theme share without them too; any other
    # overlap means training text was copied from, or into, the blind set.
    assert shared_with(BLIND, training_set(CODEBOOK)[0]) == KNOWN_STOCK_NON_ANSWERS
    assert all(not BY_ID[i].themes and len(BY_ID[i].text.split()) <= 3 for i in KNOWN_STOCK_NON_ANSWERS)


def test_content_hash_ignores_case_spacing_and_punctuation_but_not_words() -> None:
    assert content_hash("Nobody  got back to me.") == content_hash("nobody got back to me")
    assert content_hash("Nobody got back to me") != content_hash("Somebody got back to me")


def test_a_theme_outside_the_codebook_is_refused_not_dropped() -> None:
    comment = BlindComment(id="x", question="q", text="t", themes=["police_response", "made_up"])
    with pytest.raises(InvalidBlindSet, match="made_up"):
        label_matrix([comment], CODEBOOK.theme_ids)


def test_a_malformed_line_is_named(tmp_path: Path) -> None:
    good = {"id": "a", "question": "q", "text": "t", "themes": []}
    path = tmp_path / BLIND_FILE
    path.write_text(json.dumps(good) + "\n" + json.dumps({**good, "extra": 1}) + "\n", encoding="utf-8")
    with pytest.raises(InvalidBlindSet, match="line 2"):
        load_blind_set(path)


@pytest.fixture(scope="module")
def default_scores(tmp_path_factory: pytest.TempPathFactory) -> tuple[dict[str, Metric], dict[str, ThemeScore]]:
    """The shipped recipe (codebook only, seed 0) scored once on the blind set, shared below."""
    metrics, per_theme = made_once(
        "blind_default_scores", tmp_path_factory, lambda: blind_set_metrics(CODEBOOK, BLIND, seeds=[0])
    )
    # Keyed by name less its parenthesis (the weakest theme's id, counts); the two no-theme rows
    # differ in what their parenthesis says, so the one over comments not in codebook.yaml is "unseen".
    named = {
        ("unseen " if "not in codebook.yaml" in m.name else "") + m.name.split(" (")[0]: m for m in metrics
    }
    return named, per_theme


@pytest.mark.slow
def test_the_default_tagger_holds_its_blind_scores(
    default_scores: tuple[dict[str, Metric], dict[str, ThemeScore]],
) -> None:
    metrics, per_theme = default_scores
    assert metrics["micro-F1"].value >= MICRO_FLOOR, metrics["micro-F1"]
    assert metrics["macro-F1"].value >= MACRO_FLOOR, metrics["macro-F1"]
    assert metrics["no-theme comments given no theme"].value >= NO_THEME_FLOOR
    assert metrics["unseen no-theme comments given no theme"].value >= UNSEEN_NO_THEME_FLOOR
    assert {theme: score.support for theme, score in per_theme.items()} == dict(
        zip(CODEBOOK.theme_ids, label_matrix(BLIND, CODEBOOK.theme_ids).sum(axis=0).tolist(), strict=True)
    )


@pytest.mark.slow
def test_the_default_tagger_meets_the_issue_targets_on_the_blind_set(
    default_scores: tuple[dict[str, Metric], dict[str, ThemeScore]],
) -> None:
    metrics, per_theme = default_scores
    assert metrics["micro-F1"].value >= BLIND_MICRO_TARGET
    assert metrics["macro-F1"].value >= BLIND_MACRO_TARGET
    weak = {theme: round(score.f1, 3) for theme, score in per_theme.items() if score.f1 < BLIND_THEME_TARGET}
    assert not weak, weak


@pytest.mark.slow
def test_evaluate_reports_the_blind_set_per_theme(monkeypatch: pytest.MonkeyPatch) -> None:
    from click.testing import CliRunner

    from voices.themes.commands import nlp

    # One seed and the default tagger only: the wiring is under test here, not the figures.
    monkeypatch.setattr(evaluate, "BLIND_SEEDS", 1)
    monkeypatch.setattr("voices.text.embeddings.available_encoders", list)
    result = CliRunner().invoke(nlp, ["evaluate", "--only", "blind"])
    # The exit code says whether the issue's targets are met; it is not what this test checks.
    assert result.exception is None or isinstance(result.exception, SystemExit), result.output
    for row in ("micro-F1", "macro-F1", "lowest theme F1", "no-theme comments given no theme"):
        assert row in result.output
    assert f"{BLIND_FILE}: per theme" in result.output
    assert all(theme in result.output for theme in CODEBOOK.theme_ids)
