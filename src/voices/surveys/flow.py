"""Which question comes next: branching on earlier answers, one question per page."""

from __future__ import annotations

from collections.abc import Mapping

from voices.surveys.answers import RawAnswer, check_answer
from voices.surveys.definition import Question, SurveyDefinition

START = "start"
CHECK = "check"


def is_shown(question: Question, answers: Mapping[str, RawAnswer], definition: SurveyDefinition) -> bool:
    """Whether `question` applies, given the answers so far (`show_if` only looks back)."""
    rule = question.show_if
    if rule is None:
        return True
    target = definition.question(rule.question)
    if target is None or not is_shown(target, answers, definition):
        return False
    checked = check_answer(target, answers.get(rule.question))
    if rule.any_of:
        value = checked.value
        chosen = value if isinstance(value, list) else [value]
        return any(choice in rule.any_of for choice in chosen)
    return (checked.value is not None) == bool(rule.answered)


def shown_questions(definition: SurveyDefinition, answers: Mapping[str, RawAnswer]) -> list[Question]:
    return [q for q in definition.questions if is_shown(q, answers, definition)]


def next_step(definition: SurveyDefinition, answers: Mapping[str, RawAnswer], after: str) -> str:
    """The question after `after` (or the check page when there is none)."""
    ids = [q.id for q in shown_questions(definition, answers)]
    if after == START:
        return ids[0] if ids else CHECK
    try:
        position = [q.id for q in definition.questions].index(after)
    except ValueError:
        return CHECK
    later = [q.id for q in definition.questions[position + 1 :] if q.id in ids]
    return later[0] if later else CHECK


def previous_step(definition: SurveyDefinition, answers: Mapping[str, RawAnswer], before: str) -> str:
    """The question before `before` (or the start page when there is none)."""
    ids = [q.id for q in shown_questions(definition, answers)]
    if before == CHECK:
        return ids[-1] if ids else START
    try:
        position = [q.id for q in definition.questions].index(before)
    except ValueError:
        return START
    earlier = [q.id for q in definition.questions[:position] if q.id in ids]
    return earlier[-1] if earlier else START


def answers_to_keep(definition: SurveyDefinition, answers: Mapping[str, RawAnswer]) -> dict[str, RawAnswer]:
    """Drop answers to questions that a changed earlier answer has hidden."""
    shown = {q.id for q in shown_questions(definition, answers)}
    return {qid: raw for qid, raw in answers.items() if qid in shown}
