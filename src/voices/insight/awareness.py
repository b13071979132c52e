"""Awareness: which services people know, whether they would know how to get help, confidence to
report, and the barriers they name, each by period (year).

Built from the awareness survey's questions, found by id, so any survey asking them gets the
section. A multiple-choice answer does not add up across options (people tick several), so each
option is its own table of [chose it, did not] by period, as the disclosure layer asks; a Likert
item is [agreed, did not].

Counted over the dataset's arrays: who answered and who chose are boolean masks, and a row of a
table is a `bincount` of their years.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np

from voices.errors import FilterTooNarrow
from voices.insight.dataset import LIKERT_IDS, NO_ANSWER, BoolArray, Dataset, IntArray
from voices.insight.publish import two_way
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
CHOSE, AGREED = "chose it", "agreed"  # what a block's shares are of
_AGREE_CODES = [LIKERT_IDS.index(choice_id) for choice_id in sorted(AGREE)]


@dataclass(frozen=True, slots=True)
class Cell:
    count: Figure[int]
    share: Figure[float]


@dataclass(frozen=True, slots=True)
class Row:
    label: str
    cells: list[Cell]  # one per period shown
    asked: list[Figure[int]]  # people who answered this row's question, per period shown


@dataclass(frozen=True, slots=True)
class Block:
    heading: str
    measure: str  # what a share is of: "chose it" or "agreed"
    periods: list[str]
    asked: list[Figure[int]]  # people who answered, per period, when every row shares them (one question)
    rows: list[Row]
    refused: str | None = None

    @property
    def one_question(self) -> bool:
        """A block of one question's options: one base for every row. A block of statements has a
        base for each, as people skip some (`Row.asked`)."""
        return self.measure == CHOSE


def question_ids(definition: SurveyDefinition) -> list[str]:
    present = {q.id for q in definition.questions}
    return [qid for _, ids in GROUPS for qid in ids if qid in present]


def awareness(
    policy: DisclosurePolicy, definition: SurveyDefinition, data: Dataset, kept: BoolArray | None
) -> list[Block]:
    """One block per group the survey asks; `kept` is None when the report is not filtered."""
    all_years = np.unique(data.years)
    periods = [str(y) for y in all_years.tolist()]
    shown = [str(y) for y in np.unique(data.years if kept is None else data.years[kept]).tolist()]
    # Each submission's column: its year's place among every year of the survey.
    column = np.searchsorted(all_years, data.years)
    blocks = []
    for heading, ids in GROUPS:
        questions = [q for q in (definition.question(qid) for qid in ids) if q is not None]
        if not questions:
            continue
        if isinstance(questions[0], MultipleChoiceQuestion):
            question = questions[0]
            labels = [translate(c.label, "en") for c in question.choices]
            tallies = _choice_tallies(data, question)
            measure = CHOSE
        else:
            likert = [q for q in questions if isinstance(q, LikertQuestion)]
            labels = [translate(q.prompt, "en") for q in likert]
            tallies = [_agree_tally(data, q.id) for q in likert]
            measure = AGREED
        blocks.append(_block(policy, heading, measure, periods, shown, column, kept, labels, tallies))
    return blocks


@dataclass(frozen=True, slots=True)
class Tally:
    """Who answered a question, and who chose one option (or one of a set of answers): masks."""

    answered: BoolArray
    chose: BoolArray


def _choice_tallies(data: Dataset, question: MultipleChoiceQuestion) -> list[Tally]:
    found = data.choices.get(question.id)
    if found is None:
        nobody = np.zeros(data.size, dtype=np.bool_)
        return [Tally(nobody, nobody) for _ in question.choices]
    return [Tally(found.answered, found.picked[c.id]) for c in question.choices]


def _agree_tally(data: Dataset, question_id: str) -> Tally:
    codes = data.likert.get(question_id)
    if codes is None:
        nobody = np.zeros(data.size, dtype=np.bool_)
        return Tally(nobody, nobody)
    return Tally(codes != NO_ANSWER, np.isin(codes, _AGREE_CODES))


def _block(
    policy: DisclosurePolicy,
    heading: str,
    measure: str,
    periods: list[str],
    shown: list[str],
    column: IntArray,
    kept: BoolArray | None,
    labels: list[str],
    tallies: list[Tally],
) -> Block:
    columns = [periods.index(p) for p in shown]
    width = len(periods)
    published_rows: list[Row] = []
    asked: list[Figure[int]] = []
    # Options of one question share who answered it: counted once per question, not per option.
    answered: dict[tuple[int, bool], list[int]] = {}

    def asked_by_year(tally: Tally, only: BoolArray | None) -> list[int]:
        key = (id(tally.answered), only is None)
        if key not in answered:
            answered[key] = _by_year(tally.answered, column, only, width)
        return answered[key]

    try:
        for label, tally in zip(labels, tallies, strict=True):
            table = two_way(
                policy,
                _table(tally, column, None, width, asked_by_year(tally, None)),
                None if kept is None else _table(tally, column, kept, width, asked_by_year(tally, kept)),
            )
            asked = [table.column_totals[c] for c in columns]
            cells = [
                Cell(table.cells[0][c], policy.percentage(table.cells[0][c], table.column_totals[c]))
                for c in columns
            ]
            published_rows.append(Row(label, cells, asked))
    except FilterTooNarrow as refusal:
        return Block(heading, measure, shown, [], [], str(refusal))
    return Block(heading, measure, shown, asked if measure == CHOSE else [], published_rows)


def _table(
    tally: Tally, column: IntArray, only: BoolArray | None, width: int, asked: list[int]
) -> list[list[int]]:
    """[[chose it per period], [answered but did not, per period]], of `only` when given."""
    yes = _by_year(tally.chose & tally.answered, column, only, width)
    return [yes, [a - y for a, y in zip(asked, yes, strict=True)]]


def _by_year(who: BoolArray, column: IntArray, only: BoolArray | None, width: int) -> list[int]:
    mask = who if only is None else who & only
    return np.bincount(column[mask], minlength=width).tolist()
