"""The JSON API for the same flow: list surveys, fetch one with a form token, send answers."""

from __future__ import annotations

import datetime as dt

import msgspec
from litestar import Controller, Request, get, post
from litestar.datastructures import State
from litestar.params import FromPath, JSONBody

from voices.errors import InvalidAnswers
from voices.privacy.abuse import client_address
from voices.surveys.definition import DEFAULT_LANGUAGE, SurveyDefinition, translate
from voices.surveys.services import Services
from voices.surveys.submit import submit
from voices.surveys.tokens import InvalidToken, issue_token, verify_token


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

    @get("/{slug:str}", summary="A survey's current definition and a one-time form token")
    async def get_survey(self, slug: FromPath[str], state: State) -> SurveyForm:
        services: Services = state.services
        published = await services.catalogue.current(slug, dt.date.today())
        return SurveyForm(
            published.version_id, issue_token(services.settings.secret_key), published.definition
        )

    @post("/{slug:str}/responses", summary="Send a whole response", status_code=201)
    async def send_response(
        self, slug: FromPath[str], data: JSONBody[ResponseIn], request: Request, state: State
    ) -> ResponseReceipt:
        services: Services = state.services
        services.abuse.check_rate(client_address(request))
        await services.catalogue.current(slug, dt.date.today())  # 404 or 409 before anything else
        published = await services.catalogue.version(data.version_id, slug)
        try:
            token = verify_token(services.settings.secret_key, data.form_token)
        except InvalidToken as error:
            raise InvalidAnswers({"form_token": f"{error}: fetch the survey again for a new one"}) from None
        services.abuse.check_timing(token.age_seconds)
        raw = {qid: str(value) if isinstance(value, int) else value for qid, value in data.answers.items()}
        receipt = await submit(
            services.writer, published.version_id, published.definition, raw, token.token_hash,
            services.redactor, channel="api",
        )
        return ResponseReceipt(answered=receipt.answered, submitted_on=dt.date.today())
