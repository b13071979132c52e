"""The JSON API for the same flow: list surveys, fetch one with a form token, send answers."""

from __future__ import annotations

import datetime as dt
from typing import Annotated

import msgspec
from litestar import Controller, Request, get, post
from litestar.openapi.datastructures import ResponseSpec
from litestar.di import NamedDependency
from litestar.params import Body, FromPath

from voices.errors import InvalidAnswers, InvalidToken
from voices.privacy.abuse import client_address
from voices.settings import Settings
from voices.surveys.catalogue import Catalogue
from voices.surveys.definition import DEFAULT_LANGUAGE, SurveyDefinition, translate
from voices.surveys.submit import Intake
from voices.surveys.tokens import FormTokens


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
    path = "/surveys"  # under the app's /api router
    tags = ["surveys"]

    @get("/", summary="Surveys open today")
    async def list_surveys(self, catalogue: NamedDependency[Catalogue]) -> list[SurveySummary]:
        surveys = await catalogue.open_surveys(dt.date.today())
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
    async def get_survey(
        self, slug: FromPath[str], catalogue: NamedDependency[Catalogue], tokens: NamedDependency[FormTokens]
    ) -> SurveyForm:
        published = await catalogue.current(slug, dt.date.today())
        return SurveyForm(published.version_id, tokens.issue(), published.definition)

    @post(
        "/{slug:str}/responses",
        summary="Send a whole response",
        status_code=201,
        responses=_problems(*_NOT_OPEN, *_REFUSED),
    )
    async def send_response(
        self,
        slug: FromPath[str],
        data: Annotated[ResponseIn, Body(schema_extra={"additionalProperties": False})],
        request: Request,
        catalogue: NamedDependency[Catalogue],
        intake: NamedDependency[Intake],
        settings: NamedDependency[Settings],
    ) -> ResponseReceipt:
        started = intake.tokens.started_on(data.form_token)
        await catalogue.current(slug, dt.date.today(), started)  # 404 or 409 before anything else
        published = await catalogue.version(data.version_id, slug)
        raw = {qid: str(value) if isinstance(value, int) else value for qid, value in data.answers.items()}
        try:
            receipt = await intake.accept(
                published, raw, data.form_token, client_address(request, settings.trusted_proxies), channel="api"
            )
        except InvalidToken as error:
            raise InvalidAnswers({"form_token": f"{error}: fetch the survey again for a new one"}) from None
        return ResponseReceipt(answered=receipt.answered, submitted_on=dt.date.today())
