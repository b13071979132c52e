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
            rows = [
                (translate(c.label, "en"), values[question.id], lambda v, c=c.id: isinstance(v, list) and c in v)
                for c in question.choices
            ]
            measure = "chose it"
        else:
            rows = [
                (translate(q.prompt, "en"), values[q.id], lambda v: v in AGREE)
                for q in questions
                if isinstance(q, LikertQuestion)
            ]
            measure = "agreed"
        blocks.append(_block(policy, heading, measure, periods, shown, everyone, kept, rows))
    return blocks


def _block(
    policy: DisclosurePolicy,
    heading: str,
    measure: str,
    periods: list[str],
    shown: list[str],
    everyone: Sequence[Sent],
    kept: Sequence[Sent] | None,
    rows: list[tuple[str, dict[int, Any], Any]],
) -> Block:
    columns = [periods.index(p) for p in shown]
    published_rows: list[Row] = []
    asked: list[Figure[int]] = []
    try:
        for label, answers, chose in rows:
            table = two_way(
                policy, _counts(everyone, periods, answers, chose),
                None if kept is None else _counts(kept, periods, answers, chose),
            )
            asked = [table.column_totals[c] for c in columns]
            cells = [Cell(table.cells[0][c], policy.percentage(table.cells[0][c], table.column_totals[c])) for c in columns]
            published_rows.append(Row(label, cells))
    except FilterTooNarrow as refusal:
        return Block(heading, measure, shown, [], [], str(refusal))
    return Block(heading, measure, shown, asked, published_rows)


def _counts(sent: Sequence[Sent], periods: list[str], answers: dict[int, Any], chose: Any) -> list[list[int]]:
    """[[chose it per period], [answered but did not, per period]]."""
    yes, no = [0] * len(periods), [0] * len(periods)
    index = {p: i for i, p in enumerate(periods)}
    for s in sent:
        if s.id in answers:
            column = index[year_of(s.day)]
            if chose(answers[s.id]):
                yes[column] += 1
            else:
                no[column] += 1
    return [yes, no]
