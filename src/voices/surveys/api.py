"""The JSON API for the same flow: list surveys, fetch one with a form token, send answers."""

from __future__ import annotations

import datetime as dt
from typing import Annotated

import msgspec
from litestar import Controller, Request, get, post
from litestar.datastructures import State
from litestar.openapi.datastructures import ResponseSpec
from litestar.params import Body, FromPath

from voices.errors import InvalidAnswers, InvalidToken
from voices.privacy.abuse import client_address
from voices.surveys.definition import DEFAULT_LANGUAGE, SurveyDefinition, translate
from voices.surveys.services import Services
from voices.surveys.submit import submit
from voices.surveys.tokens import issue_token, started_on, verify_token


class SurveySummary(msgspec.Struct, frozen=True):
    slug: str
    title: str
    summary: str
    minutes: int
    languages: list[str]


class SurveyForm(msgspec.Struct, frozen=True):
    version_id: int
    form_token: str
    definition: SurveyDefinition


class ResponseIn(msgspec.Struct, forbid_unknown_fields=True, frozen=True):
    version_id: int
    form_token: str
    answers: dict[str, str | int | list[str]]


class ResponseReceipt(msgspec.Struct, frozen=True):
    answered: int
    submitted_on: dt.date


class Problem(msgspec.Struct, frozen=True):
    """An error as the API sends it; `errors` names each answer that does not fit, by question id."""

    status_code: int
    detail: str
    errors: dict[str, str] | None = None


def _problems(*described: tuple[int, str]) -> dict[int, ResponseSpec]:
    return {
        status: ResponseSpec(data_container=Problem, description=description, generate_examples=False)
        for status, description in described
    }


# Documented so clients (and the schema tests) know every answer the API can give.
_NOT_OPEN = (
    (404, "No published survey has that slug"),
    (409, "The survey is not open today (a form fetched while it was open may be sent up to a day after it closes)"),
)
_REFUSED = (
    (413, "The request is larger than the configured limit"),
    (422, "Answers, version or form token do not fit the survey"),
    (429, "Too many submissions from this connection"),
)


class SurveyApi(Controller):
    path = "/api/surveys"
    tags = ["surveys"]

    @get("/", summary="Surveys open today")
    async def list_surveys(self, state: State) -> list[SurveySummary]:
        services: Services = state.services
        surveys = await services.catalogue.open_surveys(dt.date.today())
        return [
            SurveySummary(
                slug=s.definition.slug,
                title=translate(s.definition.title, DEFAULT_LANGUAGE),
                summary=translate(s.definition.summary, DEFAULT_LANGUAGE),
                minutes=s.definition.minutes,
                languages=s.definition.languages,
            )
            for s in surveys
        ]

    @get("/{slug:str}", summary="A survey's current definition and a one-time form token", responses=_problems(*_NOT_OPEN))
    async def get_survey(self, slug: FromPath[str], state: State) -> SurveyForm:
        services: Services = state.services
        published = await services.catalogue.current(slug, dt.date.today())
        return SurveyForm(
            published.version_id, issue_token(services.settings.secret_key), published.definition
        )

    @post(
        "/{slug:str}/responses",
        summary="Send a whole response",
        status_code=201,
        responses=_problems(*_NOT_OPEN, *_REFUSED),
    )
    async def send_response(
        self, slug: FromPath[str], data: Annotated[ResponseIn, Body(schema_extra={"additionalProperties": False})], request: Request, state: State
    ) -> ResponseReceipt:
        services: Services = state.services
        services.abuse.check_rate(client_address(request, services.settings.trusted_proxies))
        started = started_on(services.settings.secret_key, data.form_token)
        await services.catalogue.current(slug, dt.date.today(), started)  # 404 or 409 before anything else
        published = await services.catalogue.version(data.version_id, slug)
        try:
            token = verify_token(
                services.settings.secret_key, data.form_token, max_age_days=services.settings.retention_days
            )
        except InvalidToken as error:
            raise InvalidAnswers({"form_token": f"{error}: fetch the survey again for a new one"}) from None
        services.abuse.check_timing(token.age_seconds)
        raw = {qid: str(value) if isinstance(value, int) else value for qid, value in data.answers.items()}
        receipt = await submit(
            services.writer, published.version_id, published.definition, raw, token.token_hash,
            services.redactor, channel="api",
        )
        return ResponseReceipt(answered=receipt.answered, submitted_on=dt.date.today())
