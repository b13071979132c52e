"""The generator alone: what respondents answer, branching, scales that hang together, seeds."""

from __future__ import annotations

import datetime as dt
import statistics

import pytest

from tests.conftest import FIXTURE_SURVEYS
from voices.demo.generate import SPAN_DAYS, DemoSubmission, generate
from voices.settings import PROJECT_ROOT
from voices.surveys.definition import LIKERT_IDS, LikertQuestion, SurveyDefinition
from voices.surveys.flow import shown_questions
from voices.surveys.loader import read_directory

TODAY = dt.date(2026, 11, 30)
POINTS = {"strongly_disagree": 1, "disagree": 2, "neither": 3, "agree": 4, "strongly_agree": 5}


def definitions() -> dict[str, SurveyDefinition]:
    found = {}
    for directory in (PROJECT_ROOT / "surveys", FIXTURE_SURVEYS):
        loaded, problems = read_directory(directory)
        assert not problems, problems
        found |= {definition.slug: definition for definition in loaded}
    return found


SURVEYS = definitions()


def raw_answers(submission: DemoSubmission) -> dict[str, str | list[str]]:
    """The answers as the form would have posted them."""
    raw: dict[str, str | list[str]] = {}
    for answer in submission.answers:
        value = answer.text if answer.value is None else answer.value
        raw[answer.question_id] = value if isinstance(value, list) else str(value)
    return raw


def cronbach_alpha(rows: list[list[int]]) -> float:
    k = len(rows[0])
    item_variance = sum(statistics.variance(column) for column in zip(*rows, strict=True))
    return k / (k - 1) * (1 - item_variance / statistics.variance([sum(row) for row in rows]))


@pytest.mark.parametrize("slug", sorted(SURVEYS))
def test_only_questions_the_form_would_ask_are_answered(slug: str) -> None:
    definition = SURVEYS[slug]
    follow_ups = {q.id for q in definition.questions if q.show_if is not None}
    answered_follow_ups = 0
    for submission in generate(definition, 600, seed=0, today=TODAY):
        raw = raw_answers(submission)
        asked = {q.id for q in shown_questions(definition, raw)}
        assert set(raw) <= asked
        answered_follow_ups += len(follow_ups & set(raw))
    # Branches are taken, not just avoided (the group feedback form has none).
    assert answered_follow_ups > 0 or not follow_ups


def test_every_kind_of_question_gets_answers_it_accepts() -> None:
    definition = SURVEYS["bilingual"]
    submissions = list(generate(definition, 500, seed=0, today=TODAY))
    values: dict[str, list[object]] = {}
    for submission in submissions:
        for answer in submission.answers:
            values.setdefault(answer.question_id, []).append(answer.value if answer.text is None else answer.text)
    assert all(isinstance(n, int) and 0 <= n <= 31 for n in values["nights_out"])
    assert all(isinstance(ticked, list) and ticked for ticked in values["places"])
    assert not any("nowhere" in ticked and len(ticked) > 1 for ticked in values["places"])
    assert set(values["age_band"]) <= {"under_25", "from_25", "prefer_not_to_say"}
    assert all(isinstance(text, str) and 0 < len(text) <= 500 for text in values["comments"])
    assert 0.2 < len(values["comments"]) / len(submissions) < 0.4


def test_dates_are_days_spread_over_more_than_a_year_up_to_today() -> None:
    days = [s.submitted_on for s in generate(SURVEYS["awareness"], 2000, seed=0, today=TODAY)]
    assert all(type(day) is dt.date for day in days)
    assert min(days) >= TODAY - dt.timedelta(days=SPAN_DAYS) and max(days) <= TODAY
    assert (max(days) - min(days)).days >= 365
    assert len({day.strftime("%Y-%m") for day in days}) >= 12


def test_scale_items_are_all_there_and_hang_together() -> None:
    definition = SURVEYS["attitudes"]
    items = [q for q in definition.questions if isinstance(q, LikertQuestion) and q.scale == "victim_blaming"]
    submissions = list(generate(definition, 3000, seed=0, today=TODAY))
    answers = [{a.question_id: a.value for a in s.answers} for s in submissions]
    for item in items:
        given = [row[item.id] for row in answers if item.id in row]
        assert set(given) <= LIKERT_IDS
        assert "prefer_not_to_say" in given
        assert len(given) < len(submissions)  # some people skip it
    complete = [
        [6 - POINTS[row[q.id]] if q.reverse else POINTS[row[q.id]] for q in items]
        for row in answers
        if all(row.get(q.id) in POINTS for q in items)
    ]
    assert len(complete) > 1000
    assert 0.75 < cronbach_alpha(complete) < 0.95
    # Reverse-keyed items are answered the other way: most people reject victim-blaming.
    assert statistics.mean(sum(row) / len(row) for row in complete) < 3


def test_the_same_seed_gives_the_same_data_and_another_seed_does_not() -> None:
    definition = SURVEYS["survivor-feedback"]
    first = list(generate(definition, 200, seed=3, today=TODAY))
    assert first == list(generate(definition, 200, seed=3, today=TODAY))
    assert first != list(generate(definition, 200, seed=4, today=TODAY))


def test_attitudes_differ_by_group_and_shift_between_waves() -> None:
    definition = SURVEYS["attitudes"]
    items = [q for q in definition.questions if isinstance(q, LikertQuestion) and q.scale == "victim_blaming"]
    scores: dict[str, list[float]] = {}
    for submission in generate(definition, 4000, seed=0, today=TODAY):
        row = {a.question_id: a.value for a in submission.answers}
        given = [6 - POINTS[row[q.id]] if q.reverse else POINTS[row[q.id]] for q in items if row.get(q.id) in POINTS]
        if len(given) < 12:  # scored only with 80% of the items, as the report does
            continue
        wave = "first wave" if submission.submitted_on < TODAY - dt.timedelta(days=SPAN_DAYS // 2) else "second wave"
        for group in (str(row.get("gender")), wave):
            scores.setdefault(group, []).append(statistics.mean(given))
    mean = {group: statistics.mean(values) for group, values in scores.items()}
    assert mean["man"] > mean["woman"] + 0.1
    assert mean["second wave"] < mean["first wave"]
