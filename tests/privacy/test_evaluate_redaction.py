"""The evaluation set is well formed, scoring means what it says, and the targets hold."""

from __future__ import annotations

import json
import re
from collections.abc import Iterable
from pathlib import Path

import pytest
from click.testing import CliRunner

from voices.privacy.commands import privacy
from voices.privacy.evaluate import (
    Evaluation,
    Example,
    InvalidEvaluationSet,
    KindScore,
    evaluate,
    load_examples,
)
from voices.privacy.redact import KINDS, RedactedSpan, RedactionResult, load_redactor
from voices.settings import PROJECT_ROOT

EVALUATION_SET = PROJECT_ROOT / "nlp_models" / "redaction" / "evaluation.jsonl"


# The shipped set


def test_the_evaluation_set_is_large_enough_and_well_formed() -> None:
    rows = [json.loads(line) for line in EVALUATION_SET.read_text(encoding="utf-8").splitlines()]
    assert len(rows) >= 200
    assert len({row["id"] for row in rows}) == len(rows)
    for row in rows:
        assert set(row) == {"id", "text", "spans"}
        for span in row["spans"]:
            assert span["type"] in KINDS
            assert 0 <= span["start"] < span["end"] <= len(row["text"])
            piece = row["text"][span["start"] : span["end"]]
            assert piece == piece.strip() and piece, f"{row['id']}: span has stray spaces"
        ordered = sorted(row["spans"], key=lambda s: s["start"])
        assert all(a["end"] <= b["start"] for a, b in zip(ordered, ordered[1:])), row["id"]


def test_the_evaluation_set_covers_what_the_issue_asks_for() -> None:
    examples = load_examples(EVALUATION_SET)
    assert sum(1 for e in examples if not e.spans) >= 50
    labelled = [(e.text[s.start : s.end], s.type) for e in examples for s in e.spans]
    assert {kind for _, kind in labelled} == set(KINDS)
    names = [piece for piece, kind in labelled if kind == "name"]
    assert any(piece.islower() for piece in names), "lower-case names"
    assert {"Hope", "Will", "Mark"} <= set(names), "names that are words"
    phones = [piece for piece, kind in labelled if kind == "phone"]
    for shape in (r"^07\d{3} \d{6}$", r"^07\d{9}$", r"^\+44", r"^\(01\d{3}\)", r"^02\d ", r"-"):
        assert any(re.search(shape, phone) for phone in phones), shape
    negatives = " ".join(e.text for e in examples if not e.spans)
    for look_alike in ("24/7", "Section 41", "Crown Court", "I hope so", "101", "999"):
        assert look_alike in negatives


# Scoring


class FixedRedactor:
    """Stands in for the pipeline: returns the spans it was given."""

    def __init__(self, spans: list[list[RedactedSpan]]) -> None:
        self.spans = spans

    def redact_many(self, texts: Iterable[str]) -> list[RedactionResult]:
        return [RedactionResult(text="", spans=spans) for spans in self.spans]


def test_a_name_is_found_only_when_all_of_it_is_covered() -> None:
    text = "Sarah Jones rang"
    examples = [Example("a", text, [RedactedSpan(0, 11, "name")])]
    partly = evaluate(FixedRedactor([[RedactedSpan(0, 5, "name")]]), examples)
    wholly = evaluate(FixedRedactor([[RedactedSpan(0, 11, "name")]]), examples)
    assert _score(partly, "name").recall == 0.0
    assert _score(wholly, "name").recall == 1.0


def test_a_prediction_of_the_wrong_kind_counts_against_both() -> None:
    examples = [Example("a", "in Ross today", [RedactedSpan(3, 7, "place")])]
    evaluation = evaluate(FixedRedactor([[RedactedSpan(3, 7, "name")]]), examples)
    assert _score(evaluation, "place").recall == 0.0
    assert _score(evaluation, "name").precision == 0.0


def test_ordinary_words_redacted_are_counted_as_a_rate() -> None:
    examples = [Example("a", "I hope so too", [])]
    evaluation = evaluate(FixedRedactor([[RedactedSpan(2, 6, "name")]]), examples)
    rate = next(t for t in evaluation.targets if t.name.startswith("words redacted on lines with no"))
    assert rate.value == pytest.approx(0.25)
    assert rate.passed is False
    assert evaluation.ordinary_rate == pytest.approx(0.25)


def test_the_false_redaction_target_reads_only_lines_without_details() -> None:
    examples = [Example("a", "I hope so too", []), Example("b", "Sarah hope", [RedactedSpan(0, 5, "name")])]
    evaluation = evaluate(FixedRedactor([[], [RedactedSpan(0, 5, "name"), RedactedSpan(6, 10, "name")]]), examples)
    rate = next(t for t in evaluation.targets if t.name.startswith("words redacted on lines with no"))
    assert rate.value == 0.0  # "hope" on the line with a name does not count here
    assert evaluation.ordinary_rate == pytest.approx(1 / 5)


def test_a_malformed_evaluation_line_names_the_line(tmp_path: Path) -> None:
    path = tmp_path / "bad.jsonl"
    path.write_text(
        '{"id": "a", "text": "hi", "spans": []}\n{"id": "b", "text": "hi", "spans": [{"start": 0, "end": 9, "type": "name"}]}\n'
    )
    with pytest.raises(InvalidEvaluationSet, match="line 2: span 0-9 is outside the text"):
        load_examples(path)


def _score(evaluation: Evaluation, kind: str) -> KindScore:
    return next(score for score in evaluation.scores if score.kind == kind)


# The command


@pytest.mark.parametrize("path", [EVALUATION_SET, EVALUATION_SET.with_name("tuning_outside.jsonl")])
def test_the_tuning_sets_meet_every_target(path: Path) -> None:
    result = CliRunner().invoke(privacy, ["evaluate", "--file", str(path)])
    assert result.exit_code == 0, result.stdout
    for heading in ("precision", "recall", "support", "contact details and identifiers", "names", "places"):
        assert heading in result.stdout
    assert " NO " not in result.stdout


# Sets written outside, from a brief, by people who had read neither the rules nor their data. Each
# blind set was frozen before a round and never tuned on until, scored, it became tuning material:
# sets 2 (5aee0eb) and 3 (68222ab) in the fourth round, set 4 (d688e02; contact 0.901, names 0.915,
# places 0.779 before the fourth round, 0.938, 0.915, 0.941 after it) in the fifth. The first blind set
# became tuning material in the third round (tuning_outside.jsonl), as did a set written outside for it
# (tuning_outside_2.jsonl). Set 5 (b068993; contact 0.920, names 0.881, places 0.831 before the fifth
# round, 0.943, 0.881, 0.846 after it) became tuning material in the sixth. Two sets are held out now,
# never tuned on and nobody tuning read their misses (docs/benchmarks.md): set 6 (b612cd9), scored
# before the sixth round (contact 0.969, names 0.932, places 0.929) and after it (0.985, 0.947, 0.929);
# set 7 (94cb315), written while the sixth round was being made and scored with the code before it
# (0.971, 0.941, 0.912) and after it (0.986, 0.963, 0.926). With the compact entity model of our own
# (nlp_models/redaction/ner/, in place of en_core_web_sm) set 6 reads 0.985, 0.962, 0.929 and set 7
# 0.986, 0.956, 0.926: both meet every target. Their floors guard that.
BLIND_FLOORS = {
    "blind_test_7.jsonl": {
        "recall: contact details and identifiers": 0.98,
        "recall: names": 0.95,
        "recall: places and venues": 0.92,
    },
    "blind_test_6.jsonl": {
        "recall: contact details and identifiers": 0.98,
        "recall: names": 0.96,
        "recall: places and venues": 0.92,
    },
    "blind_test_5.jsonl": {
        "recall: contact details and identifiers": 0.99,
        "recall: names": 0.95,
        "recall: places and venues": 0.96,
    },
    "blind_test_4.jsonl": {
        "recall: contact details and identifiers": 0.98,
        "recall: names": 0.98,
        "recall: places and venues": 0.96,
    },
    "blind_test_2.jsonl": {
        "recall: contact details and identifiers": 0.99,
        "recall: names": 0.95,
        "recall: places and venues": 0.93,
    },
    "blind_test_3.jsonl": {
        "recall: contact details and identifiers": 0.99,
        "recall: names": 0.99,
        "recall: places and venues": 0.96,
    },
    "tuning_outside_2.jsonl": {
        "recall: contact details and identifiers": 0.97,
        "recall: names": 0.98,
        "recall: places and venues": 0.93,
    },
}
# The outside sets on which every target of issue 11 is met.
TARGETS_MET = frozenset(
    {
        "blind_test_2.jsonl",
        "blind_test_3.jsonl",
        "blind_test_4.jsonl",
        "blind_test_5.jsonl",
        "blind_test_6.jsonl",
        "blind_test_7.jsonl",
    }
)


@pytest.fixture(scope="module", params=sorted(BLIND_FLOORS))
def blind_evaluation(request: pytest.FixtureRequest) -> tuple[str, Evaluation]:
    path = PROJECT_ROOT / "nlp_models" / "redaction" / request.param
    return request.param, evaluate(load_redactor(PROJECT_ROOT / "nlp_models"), load_examples(path))


def test_the_blind_sets_hold_what_issue_11_reached(blind_evaluation: tuple[str, Evaluation]) -> None:
    name, evaluation = blind_evaluation
    values = {target.name: target for target in evaluation.targets}
    for measure, floor in BLIND_FLOORS[name].items():
        assert values[measure].value >= floor, (name, measure, values[measure].value)
    assert values["words redacted on lines with no personal detail"].passed


def test_the_outside_sets_meet_every_target(
    blind_evaluation: tuple[str, Evaluation], request: pytest.FixtureRequest
) -> None:
    name, evaluation = blind_evaluation
    if name not in TARGETS_MET:
        # Issue 11's targets are for the blind sets; this tuning set, written outside, still
        # misses one, and a fix for it would show here as an unexpected pass.
        reason = "a tuning set written outside misses a recall target (docs/benchmarks.md)"
        request.node.add_marker(pytest.mark.xfail(strict=True, reason=reason))
    assert evaluation.passed


def test_evaluate_prints_every_shipped_set() -> None:
    result = CliRunner().invoke(privacy, ["evaluate"])
    for title in ("tuning set", "outside tuning set", "blind set 2", "blind set 6", "blind set 7", "removed under any label"):
        assert title in result.stdout
    assert result.exit_code == (0 if " NO " not in result.stdout else 1)


def test_evaluate_exits_non_zero_when_a_target_is_missed(tmp_path: Path) -> None:
    hard = tmp_path / "hard.jsonl"
    hard.write_text('{"id": "x", "text": "ask zzq about it", "spans": [{"start": 4, "end": 7, "type": "name"}]}\n')
    result = CliRunner().invoke(privacy, ["evaluate", "--file", str(hard)])
    assert result.exit_code == 1
    assert "NO" in result.stdout
