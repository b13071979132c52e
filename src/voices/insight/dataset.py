"""A survey's live rows as NumPy arrays, read once for every report of the same data.

Every section of a report counts from these arrays: one entry per submission (sorted by id), with
each question's answer as a small code, each comment and each theme assignment as the position of
its submission. A filter, a wave or a period is then a boolean mask, and a count is a sum or a
`bincount` over it, instead of a Python loop per subset.

`DataVersion` says, in one cheap query, whether anything a report reads has changed since the
arrays were read; `report_cache.py` decides when to read them again.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field, replace
from typing import Any

import msgspec
import numpy as np
import numpy.typing as npt

from voices.insight.responses import Sent, SurveyData, Version
from voices.insight.sql import Row, fetch, is_postgres
from voices.surveys.definition import (
    LIKERT_CHOICES,
    LikertQuestion,
    MultipleChoiceQuestion,
    SingleChoiceQuestion,
    SurveyDefinition,
)
from voices.themes.reader import current_run, run_summaries
from voices.themes.summaries import StoredRun, StoredSummary

IntArray = npt.NDArray[np.int64]
BoolArray = npt.NDArray[np.bool_]
CodeArray = npt.NDArray[np.int8]

LIKERT_IDS: tuple[str, ...] = tuple(choice_id for choice_id, _ in LIKERT_CHOICES)
NO_ANSWER = -1  # a Likert code: the question was skipped or never shown
NOT_LIKERT = len(LIKERT_IDS)  # a Likert code: a stored value that is no Likert answer (damage)
TONES = ("positive", "negative", "neutral")  # theme_assignment.tone, as Members.tones codes them


@dataclass(frozen=True, slots=True)
class Choices:
    """A multiple-choice question: who answered it, and who picked each of its options."""

    answered: BoolArray
    picked: dict[str, BoolArray]  # choice id -> mask


@dataclass(frozen=True, slots=True)
class Members:
    """A theme's assignments whose answers still exist: the answer ids, their submissions' positions,
    and each comment's tone (an index into TONES, or NO_ANSWER where its run did not read it)."""

    answers: IntArray
    positions: IntArray
    tones: CodeArray


@dataclass(frozen=True, slots=True)
class History:
    """One run's count of a theme's comments sent in one month (theme_history)."""

    run_id: int
    source: str  # "codebook" or "emergent": only a codebook theme's key means the same in every run
    theme_key: str
    period: str  # YYYY-MM
    comment_count: int


@dataclass(frozen=True, slots=True)
class Dataset:
    data: SurveyData  # versions and the current definition, for the page and the filters
    ids: IntArray  # submission ids, ascending; every array below is aligned with it
    days: IntArray  # each submission's day as a proleptic ordinal (date.toordinal())
    years: IntArray
    months: IntArray  # year * 100 + month
    channels: IntArray  # index into `channel_names`
    channel_names: list[str]
    versions: IntArray
    likert: dict[str, CodeArray]  # question id -> code per submission (index in LIKERT_IDS, or NO_ANSWER)
    choices: dict[str, Choices]
    comments: IntArray  # one entry per free-text answer: its submission's position
    run: StoredRun | None = None
    summaries: list[StoredSummary] = field(default_factory=list)
    members: dict[str, Members] = field(default_factory=dict)
    reviewed: dict[str, IntArray] = field(default_factory=dict)  # theme key -> answer ids an analyst reviewed
    history: list[History] = field(default_factory=list)
    # Each submission's survivor-involvement group id, 0 for none (channels other than group and facilitated).
    groups: IntArray = field(default_factory=lambda: np.empty(0, dtype=np.int64))
    # question id -> code per submission: the index of its choice, or NO_ANSWER (single-choice questions).
    singles: dict[str, CodeArray] = field(default_factory=dict)

    @property
    def size(self) -> int:
        return int(self.ids.size)

    def channel_code(self, name: str) -> int:
        return self.channel_names.index(name) if name in self.channel_names else -1


def wanted_questions(
    definition: SurveyDefinition, question_ids: list[str]
) -> tuple[list[str], list[str], list[str]]:
    """(Likert ids, multiple-choice ids, single-choice ids) among the questions a report reads."""
    likert, multiple, single = [], [], []
    for question_id in dict.fromkeys(question_ids):
        question = definition.question(question_id)
        if isinstance(question, LikertQuestion):
            likert.append(question_id)
        elif isinstance(question, MultipleChoiceQuestion):
            multiple.append(question_id)
        elif isinstance(question, SingleChoiceQuestion):
            single.append(question_id)
    return likert, multiple, single


_SUBMISSIONS = (
    "SELECT id, submitted_on, channel, survey_version, involvement_group FROM submission"
    " WHERE survey_version IN ? AND id > ? ORDER BY id"
)
# The chosen values of the questions read, and every free-text answer, grouped by the database:
# one row per (question, stored value) with the ids of the submissions that gave it, so a few
# hundred rows cross to Python instead of millions, and each distinct value is decoded once.
_ANSWERS = (
    "SELECT a.question_id, {value}, a.text IS NOT NULL, {ids} FROM answer a JOIN submission s ON s.id = a.submission"
    " WHERE s.survey_version IN ? AND s.id > ? AND ((a.question_id IN ? AND a.value IS NOT NULL) OR a.text IS NOT NULL)"
    " GROUP BY a.question_id, {value}, a.text IS NOT NULL"
)
# PostgreSQL's json type has no equality, so its values are grouped as text.
_ANSWERS_SQLITE = _ANSWERS.format(value="a.value", ids="group_concat(a.submission)")
_ANSWERS_POSTGRES = _ANSWERS.format(value="a.value::text", ids="string_agg(a.submission::text, ',')")
_MEMBERS = (
    "SELECT t.theme_key, t.answer, a.submission, t.reviewed, t.tone FROM theme_assignment t JOIN answer a ON a.id = t.answer"
    " WHERE t.theme_run = ? ORDER BY t.theme_key"
)
# Every run's counts, not only the current one's: a month whose comments were purged before the
# current run still has the count an earlier run made of it.
_HISTORY = "SELECT run_id, source, theme_key, period, comment_count FROM theme_history WHERE survey_slug = ?"


@dataclass(frozen=True, slots=True)
class _Rows:
    """What was read of the submissions after some id: their fields, and the grouped answers."""

    sent: list[Sent]
    answers: list[Row]  # (question id, stored value, is text, "id,id,…")


async def load_dataset(
    slug: str, definition: SurveyDefinition, versions: list[Version], question_ids: list[str]
) -> Dataset:
    """Read the survey's submissions, the answers to `question_ids`, its comments and its current run."""
    run = await current_run(slug)
    statements: list[tuple[str, list[Any]]] = _row_statements(versions, definition, question_ids, 0)
    if run is not None:
        statements += _run_statements(slug, run)
    found = await fetch(statements)
    empty = _empty(SurveyData(slug, definition, versions, [], []), question_ids)
    dataset = _extended(empty, _rows(found[0], found[1]), question_ids)
    return await _with_run(dataset, run, found[2:])


async def extend_dataset(dataset: Dataset, question_ids: list[str]) -> Dataset:
    """The dataset with the submissions sent since it was read (ids above its largest) added."""
    data = dataset.data
    after = int(dataset.ids[-1]) if dataset.size else 0
    found = await fetch(_row_statements(data.versions, data.definition, question_ids, after))
    return _extended(dataset, _rows(found[0], found[1]), question_ids)


async def reread_run(dataset: Dataset) -> Dataset:
    """The dataset with its survey's current theme run read afresh, and its rows as they were.

    A new run, an analyst's review or a purge of assignments changes only this part: reading it
    alone takes milliseconds where the rows of 100,000 submissions take seconds.
    """
    slug = dataset.data.slug
    run = await current_run(slug)
    found = await fetch(_run_statements(slug, run)) if run is not None else []
    return await _with_run(dataset, run, found)


def _run_statements(slug: str, run: StoredRun) -> list[tuple[str, list[Any]]]:
    return [(_MEMBERS, [run.id]), (_HISTORY, [slug])]


async def _with_run(dataset: Dataset, run: StoredRun | None, found: list[list[Row]]) -> Dataset:
    """`dataset` with `run`'s assignments and history (`found`, from `_run_statements`) and summaries."""
    if run is None:
        return replace(dataset, run=None, summaries=[], members={}, reviewed={}, history=[])
    members, history = found
    return replace(
        dataset,
        run=run,
        summaries=await run_summaries(run.id),
        members=_members(dataset.ids, members),
        reviewed=_reviewed(members),
        history=[History(int(r), s, k, p, int(c)) for r, s, k, p, c in history],
    )


def _row_statements(
    versions: list[Version], definition: SurveyDefinition, question_ids: list[str], after: int
) -> list[tuple[str, list[Any]]]:
    version_ids = [v.id for v in versions]
    read = [question_id for ids in wanted_questions(definition, question_ids) for question_id in ids]
    answers = _ANSWERS_POSTGRES if is_postgres() else _ANSWERS_SQLITE
    return [(_SUBMISSIONS, [version_ids, after]), (answers, [version_ids, after, read])]


def _rows(submissions: list[Row], answers: list[Row]) -> _Rows:
    return _Rows(
        [
            Sent(int(i), _day(day), channel, int(v), None if group is None else int(group))
            for i, day, channel, v, group in submissions
        ],
        answers,
    )


def _day(value: dt.date | str) -> dt.date:
    # SQLite hands back the ISO text it stores; asyncpg a date.
    return value if isinstance(value, dt.date) else dt.date.fromisoformat(value)


def _empty(data: SurveyData, question_ids: list[str]) -> Dataset:
    likert_ids, choice_ids, single_ids = wanted_questions(data.definition, question_ids)
    none = np.empty(0, dtype=np.int64)
    choices = {}
    for question_id in choice_ids:
        question = data.definition.question(question_id)
        assert isinstance(question, MultipleChoiceQuestion)
        choices[question_id] = Choices(
            np.empty(0, dtype=np.bool_), {c.id: np.empty(0, dtype=np.bool_) for c in question.choices}
        )
    return Dataset(
        data,
        none,
        none,
        none,
        none,
        none,
        [],
        none,
        {q: np.empty(0, dtype=np.int8) for q in likert_ids},
        choices,
        none,
        singles={q: np.empty(0, dtype=np.int8) for q in single_ids},
    )


def _extended(old: Dataset, rows: _Rows, question_ids: list[str]) -> Dataset:
    """`old` followed by `rows` (all of them newer): every array grows at its end, so positions
    already taken (comments, theme members) stay valid."""
    sent = rows.sent
    n_old, n = old.size, old.size + len(sent)
    ids = np.concatenate([old.ids, np.fromiter((s.id for s in sent), dtype=np.int64, count=len(sent))])
    names = sorted({*old.channel_names, *(s.channel for s in sent)})
    index = {name: i for i, name in enumerate(names)}
    renumber = np.array([index[name] for name in old.channel_names], dtype=np.int64)

    def grown(column: npt.NDArray[Any], fill: Any, dtype: Any) -> npt.NDArray[Any]:
        return np.concatenate([column, np.full(len(sent), fill, dtype=dtype)])

    likert = {q: grown(column, NO_ANSWER, np.int8) for q, column in old.likert.items()}
    choices = {
        q: Choices(
            grown(c.answered, False, np.bool_), {k: grown(v, False, np.bool_) for k, v in c.picked.items()}
        )
        for q, c in old.choices.items()
    }
    singles = {q: grown(column, NO_ANSWER, np.int8) for q, column in old.singles.items()}
    codes_of = {q: choice_codes(old.data.definition, q) for q in singles}
    new_comments: list[IntArray] = []
    for question_id, raw, is_text, listed in rows.answers:
        where = _positions(ids, np.fromstring(listed, dtype=np.int64, sep=","))
        if is_text:
            new_comments.append(where)
            if raw is None:
                continue
        value = msgspec.json.decode(raw)
        if question_id in likert:
            likert[question_id][where] = LIKERT_IDS.index(value) if value in LIKERT_IDS else NOT_LIKERT
        elif question_id in singles:
            # A value that is none of the current choices (an older version's) reads as no answer.
            singles[question_id][where] = codes_of[question_id].get(str(value), NO_ANSWER)
        elif question_id in choices:
            found = choices[question_id]
            found.answered[where] = True
            for choice_id in value if isinstance(value, list) else [value]:
                if (mask := found.picked.get(choice_id)) is not None:
                    mask[where] = True
    days = [s.day for s in sent]
    return replace(
        old,
        data=SurveyData(
            old.data.slug, old.data.definition, old.data.versions, [*old.data.submissions, *sent], names
        ),
        ids=ids,
        days=np.concatenate(
            [old.days, np.fromiter((d.toordinal() for d in days), dtype=np.int64, count=len(days))]
        ),
        years=np.concatenate(
            [old.years, np.fromiter((d.year for d in days), dtype=np.int64, count=len(days))]
        ),
        months=np.concatenate(
            [old.months, np.fromiter((d.year * 100 + d.month for d in days), dtype=np.int64, count=len(days))]
        ),
        channels=np.concatenate(
            [
                renumber[old.channels],
                np.fromiter((index[s.channel] for s in sent), dtype=np.int64, count=len(sent)),
            ]
        ),
        channel_names=names,
        versions=np.concatenate(
            [old.versions, np.fromiter((s.version for s in sent), dtype=np.int64, count=len(sent))]
        ),
        groups=np.concatenate(
            [old.groups, np.fromiter((s.group or 0 for s in sent), dtype=np.int64, count=len(sent))]
        ),
        likert=likert,
        choices=choices,
        singles=singles,
        comments=np.sort(np.concatenate([old.comments, *new_comments])) if n > n_old else old.comments,
    )


def choice_codes(definition: SurveyDefinition, question_id: str) -> dict[str, int]:
    """A single-choice question's choice ids and the codes `Dataset.singles` holds them by."""
    question = definition.question(question_id)
    assert isinstance(question, SingleChoiceQuestion)
    return {choice.id: index for index, choice in enumerate(question.choices)}


def _positions(ids: IntArray, submissions: IntArray) -> IntArray:
    """Each submission id's position in `ids`; every id is there (one snapshot was read)."""
    return np.searchsorted(ids, submissions).astype(np.int64)


def _members(ids: IntArray, rows: list[Row]) -> dict[str, Members]:
    """Each theme's assignments, by answer id and its submission's position in `ids`.

    An assignment whose submission the rows do not hold is left out: the run was read after the
    rows (`reread_run`) and themed a submission sent since, which the next request reads.
    """
    by_theme: dict[str, tuple[list[int], list[int], list[int]]] = {}
    tone_codes = {tone: code for code, tone in enumerate(TONES)}
    for theme_key, answer, submission, _, tone in rows:
        found_so_far = by_theme.setdefault(theme_key, ([], [], []))
        found_so_far[0].append(answer)
        found_so_far[1].append(submission)
        found_so_far[2].append(tone_codes.get(tone, NO_ANSWER))
    found = {}
    for key, (answers, submissions, tones) in by_theme.items():
        wanted = np.asarray(submissions, dtype=np.int64)
        positions = np.minimum(_positions(ids, wanted), max(ids.size - 1, 0))
        held = ids[positions] == wanted if ids.size else np.zeros(wanted.size, dtype=np.bool_)
        found[key] = Members(
            np.asarray(answers, dtype=np.int64)[held], positions[held], np.asarray(tones, dtype=np.int8)[held]
        )
    return found


def _reviewed(rows: list[Row]) -> dict[str, IntArray]:
    by_theme: dict[str, list[int]] = {}
    for theme_key, answer, _, reviewed, _ in rows:
        if reviewed:
            by_theme.setdefault(theme_key, []).append(answer)
    return {key: np.asarray(answers, dtype=np.int64) for key, answers in by_theme.items()}


@dataclass(frozen=True, slots=True)
class DataVersion:
    """What a report's figures depend on, counted cheaply: equal versions, equal figures.

    Submissions are only ever added or deleted (their answers with them). A deletion lowers the
    survey's count; an addition takes an id above every id in the table, so it raises the survey's
    largest id, whatever was deleted meanwhile. The exception is SQLite, which gives a new row the id
    of the newest deleted one when the newest rows of the table were deleted (a purge of a table with
    nothing newer than the retention period): then the newest day stored moves, as a submission is
    dated the day it arrives. All three come from indexes, without reading a row. A theme run shows
    through its id, its assignments (a review or a purge deletes some), its summaries (a purge removes
    quotes) and its history; analysts' reviews through the survey's latest change (review/: each
    change, an undo too, is a new row).
    """

    versions: tuple[tuple[int, bool], ...]
    submissions: tuple[int, int]  # count and largest id
    newest_day: str  # of the whole table
    run: tuple[int, ...]

    @property
    def rows(self) -> tuple[object, ...]:
        """What the submissions' rows depend on, without the theme run."""
        return (self.versions, self.submissions, self.newest_day)


_VERSION = (
    "SELECT (SELECT count(*) FROM submission WHERE survey_version IN ?),"
    " (SELECT coalesce(max(id), 0) FROM submission WHERE survey_version IN ?),"
    " (SELECT max(submitted_on) FROM submission)"
)
_RUN_VERSION = (
    "SELECT r.id,"
    " (SELECT count(*) FROM theme_assignment WHERE theme_run = r.id),"
    " (SELECT coalesce(max(id), 0) FROM theme_assignment WHERE theme_run = r.id),"
    " (SELECT coalesce(sum(length(CAST(summary AS TEXT))), 0) FROM theme_summary WHERE theme_run = r.id),"
    " (SELECT count(*) FROM theme_history WHERE survey_slug = r.survey_slug AND run_id = r.id),"
    " (SELECT coalesce(max(id), 0) FROM theme_review_change WHERE survey_slug = r.survey_slug)"
    " FROM theme_run r WHERE r.survey_slug = ? AND r.is_current"
)


async def data_version(slug: str, versions: list[Version]) -> DataVersion:
    version_ids = [v.id for v in versions]
    counts, runs = await fetch([(_VERSION, [version_ids, version_ids]), (_RUN_VERSION, [slug])])
    count, largest, newest = counts[0]
    return DataVersion(
        tuple((v.id, v.is_current) for v in versions),
        (int(count), int(largest)),
        str(newest),
        tuple(int(x) for x in runs[0]) if runs else (),
    )


_BEFORE = "SELECT count(*), max(submitted_on) FROM submission WHERE survey_version IN ? AND id <= ?"


async def only_added(old: DataVersion, new: DataVersion, dataset: Dataset) -> bool:
    """Whether `dataset`'s rows, read at `old`, lack only submissions added since (ids above its largest)."""
    if old.versions != new.versions:
        return False
    (count, largest), (new_count, new_largest) = old.submissions, new.submissions
    if new_count <= count or new_largest <= largest or not dataset.size:
        return False
    # Up to the largest id read, the same rows: as many, and none dated later than the newest read
    # (SQLite may have given a deleted row's id to a new submission, which is dated the day it came).
    (rows,) = await fetch([(_BEFORE, [[v.id for v in dataset.data.versions], largest])])
    before, newest = rows[0]
    return int(before) == count and _day(newest) == dt.date.fromordinal(int(dataset.days.max()))
