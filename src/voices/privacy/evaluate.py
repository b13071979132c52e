"""Score the redactor against labelled examples: recall and precision per kind of detail, the
grouped targets, and how much ordinary text is redacted by mistake.

The sets in nlp_models/redaction/ are listed in its README: tuning sets (`evaluation.jsonl`, written
beside the rules; `tuning_outside.jsonl`, the first blind set once its scorings were done) and blind
sets, each written from a brief by someone who had read neither the rules nor their data, frozen
before a round of tuning and never tuned on.

A labelled span counts as found only when predicted spans of the same kind cover every letter and
digit in it: "Sarah [name]" with the surname left showing is a miss. A predicted span is correct when
it overlaps a labelled span of the same kind. "Removed" counts a labelled span covered by
predictions of any kind: the reader no longer sees it, whether a street was called a place or an
address (writers label such things differently).
"""

from __future__ import annotations

import json
import re
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Protocol

from voices.privacy.redact import CONTACT_AND_IDENTIFIERS, KINDS, RedactedSpan, RedactionResult

_WORD = re.compile(r"\w+")


# The labelled sets in nlp_models/redaction/, with what each is.
SHIPPED_SETS = (
    ("evaluation.jsonl", "tuning set: written beside the rules"),
    ("tuning_outside.jsonl", "outside tuning set: the first blind set, tuned on since its two scorings"),
    ("tuning_outside_2.jsonl", "second outside tuning set: written outside for tuning places and addresses"),
    ("blind_test_2.jsonl", "former blind set 2: scored many times, tuning material since round 4"),
    ("blind_test_3.jsonl", "former blind set 3: a third writer; scored many times, tuning material since round 4"),
    ("blind_test_4.jsonl", "former blind set 4: a fourth writer; scored twice, tuning material since round 5"),
    ("blind_test_5.jsonl", "former blind set 5: a fifth writer; scored twice, tuning material since round 6"),
    ("blind_test_6.jsonl", "blind set 6: a sixth writer, never tuned on"),
    ("blind_test_7.jsonl", "blind set 7: a seventh writer, never tuned on"),
)

# Never tuned on: nothing built from text (the entity model's corpus, ner_build/) may read these.
HELD_OUT_SETS = frozenset({"blind_test_6.jsonl", "blind_test_7.jsonl"})


class BatchRedactor(Protocol):
    def redact_many(self, texts: Iterable[str]) -> list[RedactionResult]: ...


@dataclass(frozen=True, slots=True)
class Example:
    id: str
    text: str
    spans: list[RedactedSpan]


@dataclass(frozen=True, slots=True)
class KindScore:
    kind: str
    support: int  # labelled spans
    found: int  # labelled spans fully covered by predictions of the same kind
    predicted: int
    correct: int  # predictions overlapping a labelled span of the same kind
    removed: int  # labelled spans fully covered by predictions of any kind: gone, whatever it was called

    @property
    def recall(self) -> float | None:
        return self.found / self.support if self.support else None

    @property
    def removed_share(self) -> float | None:
        return self.removed / self.support if self.support else None

    @property
    def precision(self) -> float | None:
        return self.correct / self.predicted if self.predicted else None


@dataclass(frozen=True, slots=True)
class Target:
    name: str
    value: float
    goal: str  # e.g. ">= 0.98"
    passed: bool


@dataclass(frozen=True, slots=True)
class Evaluation:
    scores: list[KindScore]
    targets: list[Target]
    examples: int
    ordinary_rate: float  # words outside any labelled span that were redacted, over every line

    @property
    def passed(self) -> bool:
        return all(target.passed for target in self.targets)

    def removed_share(self, kinds: Sequence[str]) -> float:
        """How many labelled details of these kinds were redacted under any label: what a reader
        can no longer see, whether or not the redactor called a street a place or an address."""
        chosen = [s for s in self.scores if s.kind in kinds]
        support = sum(s.support for s in chosen)
        return sum(s.removed for s in chosen) / support if support else 1.0


class InvalidEvaluationSet(ValueError):
    """A line of the evaluation file is malformed; the message names the line, never its text."""


def load_examples(path: Path) -> list[Example]:
    examples = []
    for number, line in enumerate(path.read_text(encoding="utf-8").splitlines(), 1):
        if line.strip():
            examples.append(_parse_example(line, number))
    return examples


def _parse_example(line: str, number: int) -> Example:
    try:
        row = json.loads(line)
        text, spans = row["text"], [
            RedactedSpan(int(s["start"]), int(s["end"]), str(s["type"])) for s in row["spans"]
        ]
        example = Example(id=str(row["id"]), text=text, spans=spans)
    except (ValueError, KeyError, TypeError) as error:
        raise InvalidEvaluationSet(f"line {number}: {type(error).__name__} {error}") from None
    for span in spans:
        if span.type not in KINDS:
            raise InvalidEvaluationSet(f"line {number}: unknown type {span.type!r}")
        if not 0 <= span.start < span.end <= len(text):
            raise InvalidEvaluationSet(f"line {number}: span {span.start}-{span.end} is outside the text")
    return example


def evaluate(redactor: BatchRedactor, examples: Sequence[Example]) -> Evaluation:
    results = redactor.redact_many(example.text for example in examples)
    tallies = {kind: [0, 0, 0, 0, 0] for kind in KINDS}  # support, found, predicted, correct, removed
    ordinary = [0, 0]  # words outside labelled spans, and how many of them were redacted
    clean = [0, 0]  # the same, on lines with no personal detail at all
    for example, result in zip(examples, results, strict=True):
        for gold in example.spans:
            tallies[gold.type][0] += 1
            tallies[gold.type][1] += _covered(example.text, gold, result.spans)
            tallies[gold.type][4] += _covered(example.text, gold, result.spans, any_kind=True)
        for predicted in result.spans:
            tallies[predicted.type][2] += 1
            tallies[predicted.type][3] += any(
                _overlaps(predicted, gold) and gold.type == predicted.type for gold in example.spans
            )
        for word in _WORD.finditer(example.text):
            word_span = RedactedSpan(word.start(), word.end(), "")
            if not any(_overlaps(word_span, gold) for gold in example.spans):
                redacted = any(_overlaps(word_span, p) for p in result.spans)
                for counts in (ordinary, clean) if not example.spans else (ordinary,):
                    counts[0] += 1
                    counts[1] += redacted
    scores = [KindScore(kind, *tallies[kind]) for kind in KINDS]
    return Evaluation(scores, _targets(scores, _rate(clean)), len(examples), _rate(ordinary))


def _rate(counts: list[int]) -> float:
    return counts[1] / counts[0] if counts[0] else 0.0


def _targets(scores: list[KindScore], clean_rate: float) -> list[Target]:
    def grouped_recall(kinds: Sequence[str]) -> float:
        chosen = [s for s in scores if s.kind in kinds]
        support = sum(s.support for s in chosen)
        return sum(s.found for s in chosen) / support if support else 1.0

    contact = grouped_recall(CONTACT_AND_IDENTIFIERS)
    names, places = grouped_recall(["name"]), grouped_recall(["place"])
    return [
        Target("recall: contact details and identifiers", contact, ">= 0.98", contact >= 0.98),
        Target("recall: names", names, ">= 0.95", names >= 0.95),
        Target("recall: places and venues", places, ">= 0.90", places >= 0.90),
        Target("words redacted on lines with no personal detail", clean_rate, "<= 0.03", clean_rate <= 0.03),
    ]


def _overlaps(a: RedactedSpan, b: RedactedSpan) -> bool:
    return a.start < b.end and b.start < a.end


def _covered(text: str, gold: RedactedSpan, predicted: list[RedactedSpan], any_kind: bool = False) -> bool:
    same_kind = [p for p in predicted if any_kind or p.type == gold.type]
    return all(
        any(p.start <= i < p.end for p in same_kind)
        for i in range(gold.start, gold.end)
        if text[i].isalnum()
    )
