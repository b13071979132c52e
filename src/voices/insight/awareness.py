"""Awareness: which services people know, whether they would know how to get help, confidence to
report, and the barriers they name, each by period (year).

Built from the awareness survey's questions, found by id, so any survey asking them gets the
section. A multiple-choice answer does not add up across options (people tick several), so each
option is its own table of [chose it, did not] by period, as the disclosure layer asks; a Likert
item is [agreed, did not].
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

from voices.errors import FilterTooNarrow
from voices.insight.filters import year_of
from voices.insight.publish import two_way
from voices.insight.responses import Sent
from voices.privacy.disclosure import DisclosurePolicy, Figure
from voices.surveys.definition import (
    LikertQuestion,
    MultipleChoiceQuestion,
    SurveyDefinition,
    translate,
)

# (heading, question ids): the strategy's questions, in the order the sub-group reads them.
GROUPS: tuple[tuple[str, tuple[str, ...]], ...] = (
    ("Services people know", ("services_known",)),
    (
        "Whether people would know how to get help",
        ("know_help_self", "know_help_other", "know_support_without_reporting", "know_how_to_report"),
    ),
    ("Confidence to report", ("confident_to_report", "confident_taken_seriously")),
    ("Barriers named", ("barriers",)),
)
AGREE = frozenset({"strongly_agree", "agree"})


@dataclass(frozen=True, slots=True)
class Cell:
    count: Figure[int]
    share: Figure[float]


@dataclass(frozen=True, slots=True)
class Row:
    label: str
    cells: list[Cell]  # one per period shown


@dataclass(frozen=True, slots=True)
class Block:
    heading: str
    measure: str  # what a share is of: "chose it" or "agreed"
    periods: list[str]
    asked: list[Figure[int]]  # people who answered, per period (the same in every row's table)
    rows: list[Row]
    refused: str | None = None


def question_ids(definition: SurveyDefinition) -> list[str]:
    present = {q.id for q in definition.questions}
    return [qid for _, ids in GROUPS for qid in ids if qid in present]


def awareness(
    policy: DisclosurePolicy,
    definition: SurveyDefinition,
    everyone: Sequence[Sent],
    kept: Sequence[Sent] | None,
    values: dict[str, dict[int, Any]],
) -> list[Block]:
    """One block per group the survey asks; `kept` is None when the report is not filtered."""
    periods = sorted({year_of(s.day) for s in everyone})
    shown = sorted({year_of(s.day) for s in (kept if kept is not None else everyone)})
    blocks = []
    for heading, ids in GROUPS:
        questions = [q for q in (definition.question(qid) for qid in ids) if q is not None]
        if not questions:
            continue
        if isinstance(questions[0], MultipleChoiceQuestion):
            question = questions[0]
            labels = [translate(c.label, "en") for c in question.choices]
            tallies = _tally(values[question.id], [c.id for c in question.choices])
            measure = "chose it"
        else:
            likert = [q for q in questions if isinstance(q, LikertQuestion)]
            labels = [translate(q.prompt, "en") for q in likert]
            tallies = [_tally(values[q.id], [AGREE])[0] for q in likert]
            measure = "agreed"
        blocks.append(_block(policy, heading, measure, periods, shown, everyone, kept, labels, tallies))
    return blocks


def _block(
    policy: DisclosurePolicy,
    heading: str,
    measure: str,
    periods: list[str],
    shown: list[str],
    everyone: Sequence[Sent],
    kept: Sequence[Sent] | None,
    labels: list[str],
    tallies: list[Tally],
) -> Block:
    columns = [periods.index(p) for p in shown]
    year = {s.id: periods.index(year_of(s.day)) for s in everyone}
    kept_ids = None if kept is None else {s.id for s in kept}
    published_rows: list[Row] = []
    asked: list[Figure[int]] = []
    # Options of one question share who answered it: counted once per question, not per option.
    answered: dict[tuple[int, bool], list[int]] = {}

    def asked_by_year(tally: Tally, only: set[int] | None) -> list[int]:
        key = (id(tally.answered), only is None)
        if key not in answered:
            answered[key] = _by_year(tally.answered, year, only, len(periods))
        return answered[key]

    try:
        for label, tally in zip(labels, tallies, strict=True):
            table = two_way(
                policy, _table(tally, year, None, len(periods), asked_by_year(tally, None)),
                None if kept_ids is None else _table(tally, year, kept_ids, len(periods), asked_by_year(tally, kept_ids)),
            )
            asked = [table.column_totals[c] for c in columns]
            cells = [Cell(table.cells[0][c], policy.percentage(table.cells[0][c], table.column_totals[c])) for c in columns]
            published_rows.append(Row(label, cells))
    except FilterTooNarrow as refusal:
        return Block(heading, measure, shown, [], [], str(refusal))
    return Block(heading, measure, shown, asked, published_rows)


@dataclass(frozen=True, slots=True)
class Tally:
    """Who answered a question, and who chose one option (or one of a set of answers)."""

    answered: frozenset[int]
    chose: frozenset[int]


def _table(tally: Tally, year: dict[int, int], only: set[int] | None, width: int, asked: list[int]) -> list[list[int]]:
    """[[chose it per period], [answered but did not, per period]], of `only` when given."""
    yes = [0] * width
    for submission in tally.chose if only is None else tally.chose & only:
        yes[year[submission]] += 1
    return [yes, [a - y for a, y in zip(asked, yes, strict=True)]]


def _by_year(submissions: frozenset[int], year: dict[int, int], only: set[int] | None, width: int) -> list[int]:
    counts = [0] * width
    for submission in submissions if only is None else submissions & only:
        counts[year[submission]] += 1
    return counts


def _tally(answers: dict[int, Any], options: Sequence[str | frozenset[str]]) -> list[Tally]:
    """One pass over the answers for all options: an option is a choice id, or a set of Likert ids."""
    index = {value: i for i, option in enumerate(options) for value in ([option] if isinstance(option, str) else option)}
    chose: list[set[int]] = [set() for _ in options]
    for submission, value in answers.items():
        for picked in value if isinstance(value, list) else [value]:
            if (i := index.get(picked)) is not None:
                chose[i].add(submission)
    answered = frozenset(answers)
    return [Tally(answered, frozenset(c)) for c in chose]
