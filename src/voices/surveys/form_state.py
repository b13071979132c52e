"""What a respondent's form carries between pages: answers so far, in hidden fields, never stored.

Nothing about a half-finished survey is kept on the server or in browser storage; the page itself
holds it, so closing the tab forgets it.
"""

from __future__ import annotations

from collections.abc import Iterator
from html import escape
from dataclasses import dataclass, field, replace
from typing import Protocol

from voices.surveys.answers import RawAnswer
from voices.surveys.definition import MultipleChoiceQuestion, SurveyDefinition

ANSWER_PREFIX = "a-"


class FormData(Protocol):
    def getall(self, key: str, default: list[str] | None = None) -> list[str]: ...
    def keys(self) -> Iterator[str]: ...


@dataclass(frozen=True, slots=True)
class FormState:
    version_id: int
    token: str
    lang: str
    step: str
    return_to_check: bool = False
    answers: dict[str, RawAnswer] = field(default_factory=dict)
    # Other hidden fields a page that opened the form asks it to carry (a group's signed pass).
    extra: tuple[tuple[str, str], ...] = ()

    def at(self, step: str, return_to_check: bool | None = None) -> FormState:
        keep = self.return_to_check if return_to_check is None else return_to_check
        return replace(self, step=step, return_to_check=keep)

    @property
    def hidden_answers(self) -> list[tuple[str, str]]:
        """(name, value) pairs for every answer except the one the current page edits."""
        pairs: list[tuple[str, str]] = []
        for question_id, raw in self.answers.items():
            if question_id == self.step:
                continue
            values = raw if isinstance(raw, list) else [raw]
            pairs += [(field_name(question_id), value) for value in values]
        return pairs


def carried_html(state: FormState) -> str:
    """The hidden inputs that carry the form's state to the next page, escaped."""
    fields = [("_version", str(state.version_id)), ("_token", state.token), ("_lang", state.lang), ("_step", state.step)]
    if state.return_to_check:
        fields.append(("_return", "check"))
    fields += state.extra
    fields += state.hidden_answers
    return "".join(f'<input type="hidden" name="{escape(name)}" value="{escape(value)}">\n' for name, value in fields)


def field_name(question_id: str) -> str:
    return f"{ANSWER_PREFIX}{question_id}"


def read_answers(form: FormData, definition: SurveyDefinition) -> dict[str, RawAnswer]:
    """Answers from posted fields. Unknown question ids are kept so they can be reported."""
    answers: dict[str, RawAnswer] = {}
    for name in dict.fromkeys(form.keys()):
        if not name.startswith(ANSWER_PREFIX):
            continue
        question_id = name.removeprefix(ANSWER_PREFIX)
        values = form.getall(name, [])
        question = definition.question(question_id)
        if isinstance(question, MultipleChoiceQuestion):
            answers[question_id] = values
        elif values:
            # The page's own input comes after the carried copies, so the last value is current.
            answers[question_id] = values[-1]
    return answers
