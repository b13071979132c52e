"""The questions the shipped surveys ask are read as what they ask, so a comment is tagged and given
its polarity as it would be under the wording of the comments the models learnt from."""

from __future__ import annotations

import json

import msgspec
import numpy as np
import pytest

from voices.settings import PROJECT_ROOT
from voices.surveys.definition import FreeTextQuestion
from voices.surveys.loader import read_directory
from voices.themes.polarity_train import load_polarity
from voices.themes.questions import _PATTERNS, QUESTION_KINDS, question_kind
from voices.themes.source import question_prompts
from voices.themes.train import load_tagger

MODELS = PROJECT_ROOT / "nlp_models"
# Each shipped free-text question by id, and what it asks.
EXPECTED_KINDS = {
    "anything_else": "anything_else",  # "Is there anything else you would like to tell us…?"
    "help_while_waiting": "better",  # "What would help you while you wait?": a change, not praise
    "what_helped": "helped",
    "what_did_not_help": "not_helped",
    "what_would_make_it_better": "better",
    "barriers_other": "why_not_report",
    "bystander_what_stops_other": "other",
    "information_sources_other": "other",
    "services_used_other": "other",
}
TRAINING_WORDING = "Is there anything else you want to tell us?"
SURVEY_WORDING = "Is there anything else you would like to tell us about attitudes to sexual violence where you live?"


def _shipped_free_text_prompts() -> list[tuple[str, str, str]]:
    definitions, problems = read_directory(PROJECT_ROOT / "surveys")
    assert not problems, problems
    found = []
    for definition in definitions:
        prompts = question_prompts(msgspec.to_builtins(definition))
        for question in definition.questions:
            if isinstance(question, FreeTextQuestion):
                found.append((definition.slug, question.id, prompts[question.id]))
    return found


@pytest.mark.parametrize(
    ("question", "kind"),
    [
        ("What helped?", "helped"),
        ("What did not help?", "not_helped"),
        ("What would make things better?", "better"),
        ("Is there anything else you want to tell us?", "anything_else"),
        ("Why might someone not report sexual violence?", "why_not_report"),
        ("What would help people feel safer in public places?", "safer_public"),
        ("What was good?", "helped"),  # FFT v6's questions
        ("How could we improve?", "better"),
        ("FFT Why?", "other"),
        (None, "other"),
        # Words inside a question that asks otherwise: "like", "help".
        ("Is there anything else you would like to tell us?", "anything_else"),
        ("What would help you while you wait?", "better"),
        # A question matching two kinds takes the first checked: a change, or what did not help.
        ("Is there anything else we could do better?", "better"),
        ("Was there anything else that did not help?", "not_helped"),
    ],
)
def test_questions_are_sorted_by_polarity(question: str | None, kind: str) -> None:
    assert question_kind(question) == kind


def test_every_kind_a_question_is_sorted_into_has_its_own_column() -> None:
    checked = {kind for kind, _ in _PATTERNS} | {"other"}
    assert checked == set(QUESTION_KINDS) and len(QUESTION_KINDS) == len(checked)


def test_the_columns_keep_the_order_the_shipped_and_stored_models_were_fitted_on() -> None:
    # Reordering them silently scrambles the shipped tagger and polarity model and every tagger
    # version kept in a deployment's database: a new order needs all of them retrained.
    assert QUESTION_KINDS == (
        "not_helped", "why_not_report", "safer_public", "better", "helped", "anything_else", "other"
    )


def test_every_shipped_free_text_question_is_read_as_what_it_asks() -> None:
    found = _shipped_free_text_prompts()
    assert len(found) >= 10
    for slug, question_id, prompt in found:
        assert question_kind(prompt) == EXPECTED_KINDS[question_id], (slug, question_id, prompt)


def _blind_rows(name: str) -> list[dict[str, object]]:
    return [json.loads(line) for line in (MODELS / name).read_text(encoding="utf-8").splitlines()]


def test_the_tagger_reads_the_surveys_wording_as_the_training_wording() -> None:
    # Before the two were read alike, 63 of these blind comments' labels changed with the wording.
    texts = [str(row["text"]) for row in _blind_rows("themes_blind.jsonl") if row["question"] == TRAINING_WORDING]
    tagger = load_tagger(MODELS)
    as_trained = np.asarray(tagger.predict(texts, [TRAINING_WORDING] * len(texts)))
    as_asked = np.asarray(tagger.predict(texts, [SURVEY_WORDING] * len(texts)))
    assert len(texts) >= 50 and (as_trained == as_asked).all()


def test_polarity_reads_the_surveys_wording_as_the_training_wording() -> None:
    texts = [str(row["text"]) for row in _blind_rows("polarity_blind.jsonl") if row["question"] == TRAINING_WORDING]
    model = load_polarity(MODELS)
    # Before, 39 of these 50 blind comments read positive under the surveys' wording (15 as trained).
    assert len(texts) >= 50
    assert list(model.predict(texts, [TRAINING_WORDING] * len(texts))) == list(
        model.predict(texts, [SURVEY_WORDING] * len(texts))
    )
