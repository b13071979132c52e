"""Check one answer against its question: the value to store, or a message saying what to fix."""

from __future__ import annotations

from dataclasses import dataclass

from voices.surveys.definition import (
    LIKERT_IDS,
    FreeTextQuestion,
    LikertQuestion,
    MultipleChoiceQuestion,
    NumberQuestion,
    Question,
    SingleChoiceQuestion,
)

# A raw answer as it arrives: one string, or a list of strings for multiple choice.
RawAnswer = str | list[str]
Value = str | list[str] | int


@dataclass(frozen=True, slots=True)
class Checked:
    value: Value | None = None  # None: skipped
    error: str | None = None


def is_blank(raw: RawAnswer | None) -> bool:
    if raw is None:
        return True
    if isinstance(raw, list):
        return not any(item.strip() for item in raw)
    return not raw.strip()


def check_answer(question: Question, raw: RawAnswer | None) -> Checked:
    if is_blank(raw):
        return Checked(error=_required_message(question)) if question.required else Checked()
    assert raw is not None
    match question:
        case SingleChoiceQuestion() | LikertQuestion():
            return _check_single(question, raw)
        case MultipleChoiceQuestion():
            return _check_multiple(question, raw)
        case FreeTextQuestion():
            return _check_text(question, raw)
        case NumberQuestion():
            return _check_number(question, raw)
    raise TypeError(f"unknown question kind {type(question).__name__}")


def _required_message(question: Question) -> str:
    if isinstance(question, FreeTextQuestion | NumberQuestion):
        return "Enter an answer to this question"
    return "Select an answer to this question"


def _check_single(question: SingleChoiceQuestion | LikertQuestion, raw: RawAnswer) -> Checked:
    if isinstance(raw, list):
        if len(raw) != 1:
            return Checked(error="Select only one answer")
        raw = raw[0]
    offered = LIKERT_IDS if isinstance(question, LikertQuestion) else {c.id for c in question.choices}
    if raw not in offered:
        return Checked(error="Select one of the answers shown")
    return Checked(value=raw)


def _check_multiple(question: MultipleChoiceQuestion, raw: RawAnswer) -> Checked:
    chosen = [raw] if isinstance(raw, str) else [item for item in raw if item]
    offered = [choice.id for choice in question.choices]
    if any(item not in offered for item in chosen):
        return Checked(error="Select only answers that are shown")
    exclusive = [item for item in chosen if item in question.exclusive]
    if exclusive and len(set(chosen)) > 1:
        return Checked(error="You cannot choose that answer together with others: untick one of them")
    # Keep the order the choices are offered in, and each choice once.
    return Checked(value=[choice for choice in offered if choice in chosen])


def _check_text(question: FreeTextQuestion, raw: RawAnswer) -> Checked:
    text = raw if isinstance(raw, str) else "\n".join(raw)
    if len(text) > question.max_length:
        return Checked(
            error=f"Your answer must be {question.max_length:,} characters or fewer: "
            f"it is {len(text):,}. Shorten it and try again"
        )
    return Checked(value=text.strip())


def _check_number(question: NumberQuestion, raw: RawAnswer) -> Checked:
    text = (raw if isinstance(raw, str) else raw[0]).strip().replace(",", "")
    try:
        number = int(text)
    except ValueError:
        return Checked(error="Enter a whole number, like 3")
    low, high = question.minimum, question.maximum
    if (low is not None and number < low) or (high is not None and number > high):
        if low is not None and high is not None:
            return Checked(error=f"Enter a number between {low} and {high}")
        if low is not None:
            return Checked(error=f"Enter a number that is {low} or more")
        return Checked(error=f"Enter a number that is {high} or less")
    return Checked(value=number)
