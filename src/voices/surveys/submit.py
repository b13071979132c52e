"""Accept a submission: limits and token first, then check against the version, clean markup, redact, store."""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from typing import Protocol

from voices.errors import BotSubmission, FormTokenUsed, InvalidAnswers, InvalidToken
from voices.privacy.abuse import AbuseGuard
from voices.privacy.sanitise import clean
from voices.surveys.answers import RawAnswer, Value, check_answer
from voices.surveys.catalogue import PublishedSurvey
from voices.surveys.definition import FreeTextQuestion, Question, SurveyDefinition
from voices.surveys.flow import shown_questions
from voices.surveys.tokens import FormTokens
from voices.surveys.writer import NewSubmission, StoredAnswer, SubmissionWriter


class Redaction(Protocol):
    text: str
    counts: dict[str, int]


class TextRedactor(Protocol):
    """Redacts a request's free texts together, off the event loop or on it (privacy/redaction_worker.py)."""

    async def redact_texts(self, texts: Sequence[str]) -> Sequence[Redaction]: ...


@dataclass(frozen=True, slots=True)
class Receipt:
    submission_id: int
    answered: int


def _checked(
    definition: SurveyDefinition, raw: Mapping[str, RawAnswer]
) -> tuple[dict[str, str], list[tuple[Question, Value]]]:
    """Problems keyed by question id, and the values of the questions that were asked.

    Answers to questions an earlier answer has hidden are left out: they were not asked.
    """
    known = {question.id for question in definition.questions}
    errors = {qid: "is not a question in this survey" for qid in raw if qid not in known}
    values: list[tuple[Question, Value]] = []
    for question in shown_questions(definition, raw):
        checked = check_answer(question, raw.get(question.id))
        if checked.error:
            errors[question.id] = checked.error
        elif checked.value is not None:
            values.append((question, checked.value))
    return errors, values


def check_answers(definition: SurveyDefinition, raw: Mapping[str, RawAnswer]) -> dict[str, str]:
    """Every problem with `raw`, keyed by question id; empty when all is well."""
    return _checked(definition, raw)[0]


async def prepare_answers(
    definition: SurveyDefinition, raw: Mapping[str, RawAnswer], redactor: TextRedactor
) -> list[StoredAnswer]:
    """The answers to store. Raises InvalidAnswers naming each field that is wrong."""
    errors, values = _checked(definition, raw)
    if errors:
        raise InvalidAnswers(errors)
    # The raw text lives only in this frame: cleaned and redacted before anything is stored.
    free_texts = [clean(str(value)) for question, value in values if isinstance(question, FreeTextQuestion)]
    redactions = iter(await redactor.redact_texts(free_texts))
    stored: list[StoredAnswer] = []
    for question, value in values:
        if isinstance(question, FreeTextQuestion):
            redaction = next(redactions)
            if redaction.text:
                stored.append(StoredAnswer(question.id, text=redaction.text, redacted=redaction.counts or None))
        else:
            stored.append(StoredAnswer(question.id, value=value))
    return stored


async def submit(
    writer: SubmissionWriter,
    version_id: int,
    definition: SurveyDefinition,
    raw: Mapping[str, RawAnswer],
    token_hash: str,
    redactor: TextRedactor,
    channel: str,
    involvement_group_id: int | None = None,
    submitted_on: dt.date | None = None,
) -> Receipt:
    answers = await prepare_answers(definition, raw, redactor)
    submission = NewSubmission(
        version_id, answers, token_hash=token_hash, channel=channel, involvement_group_id=involvement_group_id
    )
    if submitted_on is not None:
        submission.submitted_on = submitted_on
    submission_id = await writer.write(submission)
    return Receipt(submission_id, len(answers))


@dataclass(frozen=True, slots=True)
class Intake:
    """Accepting a submission, the same way for the pages and the API; built once by the app."""

    tokens: FormTokens
    abuse: AbuseGuard
    writer: SubmissionWriter
    redactor: TextRedactor

    async def accept(
        self,
        published: PublishedSurvey,
        raw: Mapping[str, RawAnswer],
        form_token: str,
        client: str,
        channel: str,
        involvement_group_id: int | None = None,
    ) -> Receipt:
        """Store ``raw`` against ``published``, or raise what stopped it.

        The cheap refusals come first, so a flood costs no redaction: InvalidToken, FormTokenUsed
        (a token this process has seen spent) and BotSubmission (sent too soon after the form was
        shown, or one token tried too often), each turned into RateLimited once the address is past
        the strict limit; RateLimited past the ceiling for sends a token vouches for
        (privacy/abuse.py says why there are two); then InvalidAnswers and FormTokenUsed from storing.
        """
        try:
            token = self.tokens.verify(form_token)
            self.abuse.check_vouched(client, token.token_hash, token.age_seconds)
        except (InvalidToken, FormTokenUsed, BotSubmission):
            self.abuse.check_rate(client)
            raise
        try:
            receipt = await submit(
                self.writer,
                published.version_id,
                published.definition,
                raw,
                token.token_hash,
                self.redactor,
                channel,
                involvement_group_id,
            )
        except FormTokenUsed:
            # Spent in another process, or by a double click: a replay from now on costs nothing.
            self.abuse.spent(token.token_hash)
            self.abuse.check_rate(client)
            raise
        self.abuse.spent(token.token_hash)
        return receipt

    async def record(
        self,
        published: PublishedSurvey,
        raw: Mapping[str, RawAnswer],
        form_token: str,
        channel: str,
        involvement_group_id: int,
        on: dt.date,
    ) -> Receipt:
        """Store what a signed-in facilitator wrote on a group's behalf, dated ``on`` (their session's month).

        The same token, checks, cleaning and redaction as a respondent's answers; no rate limit or
        minimum time, which guard the public pages against scripts. Raises InvalidToken,
        InvalidAnswers and FormTokenUsed.
        """
        token = self.tokens.verify(form_token)
        return await submit(
            self.writer,
            published.version_id,
            published.definition,
            raw,
            token.token_hash,
            self.redactor,
            channel,
            involvement_group_id,
            on,
        )
