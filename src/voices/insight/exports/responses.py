"""The report's responses row by row, for analysts: no free text, and no rare combination of who people are.

A row is one response the report's filter keeps: the year it was sent (never the day), where it
came from (resident surveys, group feedback, facilitated notes; never the group or the channel
beyond that) and each answer that is not free text (a choice's label, a Likert answer's words, a
number; a multiple-choice question as one column per option). Free text is never read: not the
comments, not whether someone wrote one. Rows come in a random order and are numbered after, so
their order says nothing about when each was sent.

**The rule for rare combinations.** Someone who knows a person's age band, gender and part of the
county, and roughly when they answered, could find their row. So the year, the source and the
demographic answers (`DEMOGRAPHICS`) together must be shared by at least the disclosure threshold
of rows (10 by default) in the file:

1. rows whose combination is rarer than the threshold have their demographic answers withheld one
   at a time, in the order of `DEMOGRAPHICS` (the part of the county first: it narrows most), all
   the rows of that combination together, until the combination they now show is shared by enough
   rows;
2. still too rare with every demographic answer withheld, the source is withheld, then the year;
3. still too rare then, the rows are left out of the file.

How many were left out can be read as the report's count of responses less the file's rows: it says
that some combinations were rare, never whose.

Each coarsened row says what was withheld in its last column. A withheld answer reads "withheld",
which no answer can be, so it is never mistaken for a skipped question (an empty cell). The rule is
also written in every export's notes (`notes.report_notes`).
"""

from __future__ import annotations

import asyncio
from collections.abc import Callable

import msgspec
import numpy as np

from voices.insight.dataset import LIKERT_IDS, Dataset
from voices.insight.exports.source import Exported
from voices.insight.exports.table_csv import CodedColumn
from voices.insight.filters import AREA_QUESTION, BAND_QUESTIONS, SOURCES
from voices.insight.sql import fetch, is_postgres
from voices.surveys.definition import (
    LIKERT_CHOICES,
    FreeTextQuestion,
    LikertQuestion,
    MultipleChoiceQuestion,
    NumberQuestion,
    Question,
    SingleChoiceQuestion,
    translate,
)

DEMOGRAPHICS = (AREA_QUESTION, *BAND_QUESTIONS)  # withheld in this order
WITHHELD = "withheld"
_LIKERT_WORDS = {choice_id: translate(label, "en") for choice_id, label in LIKERT_CHOICES}
# A Likert code of the dataset as its words: NOT_LIKERT (damage) and NO_ANSWER (-1, the last entry) empty.
_LIKERT_COLUMN = np.array([*(_LIKERT_WORDS[i] for i in LIKERT_IDS), "", ""], dtype=object)
_TICKED = ["", "yes", "no"]  # a multiple-choice option: not answered, chosen, not chosen
_CHANNEL_SOURCES = {channel: words for words, channels in SOURCES.values() for channel in channels}
_VALUES = (
    "SELECT a.question_id, {value}, {ids} FROM answer a JOIN submission s ON s.id = a.submission"
    " WHERE s.survey_version IN ? AND a.value IS NOT NULL AND a.question_id IN ? GROUP BY a.question_id, {value}"
)
_VALUES_SQLITE = _VALUES.format(value="a.value", ids="group_concat(a.submission)")
_VALUES_POSTGRES = _VALUES.format(value="a.value::text", ids="string_agg(a.submission::text, ',')")


def response_header(exported: Exported) -> list[str]:
    """The file's first line, known before any row is read (so the download starts at once)."""
    header = ["response", "year", "source"]
    for question in _questions(exported):
        header += _columns(question)
    return [*header, "withheld"]


async def response_rows(exported: Exported, threshold: int) -> list[CodedColumn]:
    """Every row the rule releases, as columns in the order of `response_header`, numbered."""
    dataset = exported.dataset
    questions = _questions(exported)
    positions = np.flatnonzero(exported.report.chosen.mask(dataset))
    # The report's dataset holds its Likert, single- and multiple-choice answers: only the rest is read
    # (number questions; none in the shipped surveys).
    held = {*dataset.likert, *dataset.choices, *dataset.singles}
    unread = [q.id for q in questions if q.id not in held]
    answers = await _answers(dataset, unread, positions)
    # Building and weighing 100,000 rows takes a while: off the event loop.
    columns = await asyncio.to_thread(_released, exported, questions, positions, answers, threshold)
    size = columns[0].codes.size
    return [CodedColumn.of(np.arange(1, size + 1).astype(str), np.arange(size), plain=True), *columns]


def _questions(exported: Exported) -> list[Question]:
    return [q for q in exported.dataset.data.definition.questions if not isinstance(q, FreeTextQuestion)]


def _released(
    exported: Exported,
    questions: list[Question],
    positions: np.ndarray,
    answers: dict[str, list[tuple[object, np.ndarray]]],
    threshold: int,
) -> list[CodedColumn]:
    """The file's columns (after the number), over the rows released, in a random order."""
    dataset = exported.dataset
    definition = dataset.data.definition
    # Column by column over the kept rows, each as codes into its few texts: a cell at a time is far slower.
    years, year_codes = np.unique(dataset.years[positions], return_inverse=True)
    columns = [
        CodedColumn.of(years.astype(str), year_codes),
        CodedColumn.of([_CHANNEL_SOURCES.get(c, c) for c in dataset.channel_names], dataset.channels[positions]),
    ]
    for question in questions:
        if question.id in dataset.likert:
            columns.append(CodedColumn.of(_LIKERT_COLUMN, dataset.likert[question.id][positions]))
        elif isinstance(question, SingleChoiceQuestion) and question.id in dataset.singles:
            # The choices' labels, and an empty cell last, for NO_ANSWER (-1).
            labels = [*(translate(c.label, "en") for c in question.choices), ""]
            columns.append(CodedColumn.of(labels, dataset.singles[question.id][positions]))
        elif isinstance(question, MultipleChoiceQuestion) and question.id in dataset.choices:
            found = dataset.choices[question.id]
            answered = found.answered[positions]
            columns += [
                CodedColumn.of(_TICKED, np.where(answered, np.where(found.picked[choice.id][positions], 1, 2), 0))
                for choice in question.choices
            ]
        else:
            columns += _answer_columns(question, answers.get(question.id, []), positions.size)
    demographics = [qid for qid in DEMOGRAPHICS if isinstance(definition.question(qid), SingleChoiceQuestion)]
    quasi = [0, 1, *(2 + _offset(questions, qid) for qid in demographics)]
    # Withheld in this order: the demographic answers (as DEMOGRAPHICS orders them), then source, then year.
    order = [*quasi[2:], 1, 0]
    names = [*demographics, "source", "year"]
    released = _coarsen(columns, quasi, order, names, threshold)
    shuffled = np.flatnonzero(released)[np.random.default_rng().permutation(int(released.sum()))]
    return [column.taken(shuffled) for column in columns]


def _coarsen(
    columns: list[CodedColumn], quasi: list[int], order: list[int], names: list[str], threshold: int
) -> np.ndarray:
    """Applies the docstring's rule to `columns` in place, adding the column that says what was
    withheld; returns which rows are released."""
    size = columns[0].codes.size
    note = CodedColumn.of([""], np.zeros(size, dtype=np.int64))
    pending = np.ones(size, dtype=np.bool_)
    for step in range(len(order) + 1):
        rows = np.flatnonzero(pending)
        pending[rows[_shared_by(columns, quasi, rows) >= threshold]] = False
        rare = np.flatnonzero(pending)
        if not rare.size or step == len(order):
            break
        columns[order[step]].set(rare, WITHHELD)
        note.set(rare, " and ".join(names[: step + 1]).replace("_", " "))
    columns.append(note)
    return ~pending


def _shared_by(columns: list[CodedColumn], quasi: list[int], rows: np.ndarray) -> np.ndarray:
    """For each of `rows`, how many of `rows` show the same texts in the `quasi` columns."""
    key = np.zeros(rows.size, dtype=np.int64)
    for index in quasi:
        # Each label is distinct within its column (a withheld one is added once), so codes compare as texts.
        key = key * columns[index].labels.size + columns[index].codes[rows]
    _, group, sizes = np.unique(key, return_inverse=True, return_counts=True)
    return sizes[group]


async def _answers(
    dataset: Dataset, question_ids: list[str], positions: np.ndarray
) -> dict[str, list[tuple[object, np.ndarray]]]:
    """Question id -> [(a stored value, the kept rows that gave it)], rows counted among `positions`."""
    if not question_ids or not positions.size:
        return {}
    statement = _VALUES_POSTGRES if is_postgres() else _VALUES_SQLITE
    (rows,) = await fetch([(statement, [[v.id for v in dataset.data.versions], question_ids])])
    row_of = np.full(dataset.size, -1, dtype=np.int64)
    row_of[positions] = np.arange(positions.size)
    found: dict[str, list[tuple[object, np.ndarray]]] = {}
    for question_id, raw, listed in rows:
        submissions = np.fromstring(listed, dtype=np.int64, sep=",")
        where = np.searchsorted(dataset.ids, submissions)
        # Sent after the report's data was read: not in the dataset, so not in the file.
        inside = where < dataset.size
        inside[inside] &= dataset.ids[where[inside]] == submissions[inside]
        kept = row_of[where[inside]]
        kept = kept[kept >= 0]
        if kept.size:
            found.setdefault(question_id, []).append((msgspec.json.decode(raw), kept))
    return found


def _columns(question: Question) -> list[str]:
    if isinstance(question, MultipleChoiceQuestion):
        return [f"{question.id}: {choice.id}" for choice in question.choices]
    return [question.id]


def _offset(questions: list[Question], question_id: str) -> int:
    """The column of a single-answer question among the answer columns."""
    offset = 0
    for question in questions:
        if question.id == question_id:
            return offset
        offset += len(_columns(question))
    raise KeyError(question_id)


def _answer_columns(question: Question, given: list[tuple[object, np.ndarray]], size: int) -> list[CodedColumn]:
    """The question's column(s) over the kept rows: empty where it was not answered."""
    if isinstance(question, MultipleChoiceQuestion):
        ticks = {choice.id: np.zeros(size, dtype=np.int64) for choice in question.choices}
        for value, rows in given:
            chosen = set(value) if isinstance(value, list) else {value}
            for choice_id, codes in ticks.items():
                codes[rows] = 1 if choice_id in chosen else 2
        return [CodedColumn.of(_TICKED, codes) for codes in ticks.values()]
    words = _words(question)
    labels = list(dict.fromkeys(["", *(words(value) for value, _ in given)]))
    codes = np.zeros(size, dtype=np.int64)
    for value, rows in given:
        codes[rows] = labels.index(words(value))
    return [CodedColumn.of(labels, codes)]


def _words(question: Question) -> Callable[[object], str]:
    """How a stored answer to the question is written: a choice's label, a Likert answer's words, a number."""
    if isinstance(question, LikertQuestion):
        return lambda value: _LIKERT_WORDS.get(str(value), "")
    if isinstance(question, SingleChoiceQuestion):
        labels = {choice.id: translate(choice.label, "en") for choice in question.choices}
        return lambda value: labels.get(str(value), "")
    if isinstance(question, NumberQuestion):
        return lambda value: str(value) if isinstance(value, int | float) else ""
    return lambda value: ""
