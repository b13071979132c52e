"""The JSON API against its own OpenAPI schema, on SQLite and PostgreSQL.

schemathesis generates requests from the schema (valid and invalid) and checks every response:
no server errors, status codes, content types and bodies all as documented. Explicit tests then
pin down that bad requests get a 4xx whose body names what is wrong.
"""

from __future__ import annotations

import dataclasses

import schemathesis
from hypothesis import HealthCheck, given, settings as hypothesis_settings, strategies as st
from hypothesis.errors import Unsatisfiable
from litestar.testing import AsyncTestClient
from schemathesis.generation import GenerationMode
from schemathesis.python import asgi

from voices.app import create_app
from voices.settings import Settings
from voices.surveys.tokens import issue_token


SHIPPED_SLUGS = ["attitudes", "awareness", "survivor-feedback"]
OPERATIONS = {("GET", "/api/surveys"), ("GET", "/api/surveys/{slug}"), ("POST", "/api/surveys/{slug}/responses")}


def test_api_keeps_to_its_schema(settings: Settings, published: list[str], database_url: str) -> None:
    """Generated requests, fitting the schema and not: no 5xx, and every response as documented."""
    # Thousands of generated posts from one address: lift the rate limit, which test_abuse covers.
    app = create_app(dataclasses.replace(settings, rate_limit_posts=1_000_000))
    schema = schemathesis.openapi.from_asgi("/schema/openapi.json", app)
    operations = [result.ok() for result in schema.get_all_operations()]
    assert {(op.method.upper(), op.path) for op in operations} == OPERATIONS
    failures: dict[str, str] = {}
    try:
        for operation in operations:
            for mode in (GenerationMode.POSITIVE, GenerationMode.NEGATIVE):

                @hypothesis_settings(
                    max_examples=40, deadline=None, database=None, derandomize=True,
                    suppress_health_check=list(HealthCheck),
                )
                @given(case=operation.as_strategy(generation_mode=mode))
                def call_and_validate(case: schemathesis.Case) -> None:
                    case.call_and_validate()

                try:
                    call_and_validate()
                except Unsatisfiable:
                    continue  # nothing can break a schema with no constraints (GET /api/surveys has no input)
                except (Exception, BaseExceptionGroup) as error:  # noqa: BLE001 - every operation is tried, then all are reported
                    failures[f"{operation.method.upper()} {operation.path} ({mode})"] = str(error)[:3000]
    finally:
        asgi.shutdown_lifespans()
    assert not failures, "\n\n".join(f"{name}:\n{error}" for name, error in failures.items())


def test_generated_answers_to_real_questions_with_real_tokens(settings: Settings, published: list[str]) -> None:
    """Past the token check: arbitrary text, numbers and lists as answers to every shipped question."""
    app = create_app(dataclasses.replace(settings, rate_limit_posts=1_000_000))
    schema = schemathesis.openapi.from_asgi("/schema/openapi.json", app)
    get_survey = schema["/api/surveys/{slug}"]["GET"]
    send = schema["/api/surveys/{slug}/responses"]["POST"]
    try:
        forms = {slug: get_survey.Case(path_parameters={"slug": slug}).call().json() for slug in SHIPPED_SLUGS}
        answers = {
            slug: st.dictionaries(
                st.sampled_from([q["id"] for q in form["definition"]["questions"]]),
                st.one_of(st.text(max_size=400), st.integers(), st.lists(st.text(max_size=30), max_size=4)),
                max_size=8,
            )
            for slug, form in forms.items()
        }
        statuses: set[int] = set()

        @hypothesis_settings(max_examples=60, deadline=None, database=None, derandomize=True,
                             suppress_health_check=list(HealthCheck))
        @given(slug=st.sampled_from(SHIPPED_SLUGS), data=st.data())
        def call_and_validate(slug: str, data: st.DataObject) -> None:
            body = {
                "version_id": forms[slug]["version_id"],
                "form_token": issue_token(settings.secret_key),
                "answers": data.draw(answers[slug]),
            }
            case = send.Case(path_parameters={"slug": slug}, body=body, media_type="application/json")
            statuses.add(case.call_and_validate().status_code)

        call_and_validate()
    finally:
        asgi.shutdown_lifespans()
    assert statuses <= {201, 422} and 201 in statuses, statuses


async def _api_form(client: AsyncTestClient, slug: str = "awareness") -> dict:
    return (await client.get(f"/api/surveys/{slug}")).json()


async def test_malformed_json_is_400_saying_so(client: AsyncTestClient) -> None:
    response = await client.post(
        "/api/surveys/awareness/responses", content=b'{"version_id": 1,', headers={"content-type": "application/json"}
    )
    assert response.status_code == 400
    assert response.json()["detail"].startswith(("JSON is malformed", "Input data was truncated"))


async def test_wrong_type_is_400_naming_the_field(client: AsyncTestClient) -> None:
    form = await _api_form(client)
    body = {"version_id": "one", "form_token": form["form_token"], "answers": {}}
    response = await client.post("/api/surveys/awareness/responses", json=body)
    assert response.status_code == 400
    assert response.json()["extra"] == [{"message": "Expected `int`, got `str`", "key": "version_id", "source": "body"}]


async def test_wrong_type_of_answer_is_400_naming_the_field(client: AsyncTestClient) -> None:
    form = await _api_form(client)
    body = {"version_id": form["version_id"], "form_token": form["form_token"], "answers": {"anything_else": {"a": 1}}}
    response = await client.post("/api/surveys/awareness/responses", json=body)
    assert response.status_code == 400
    [problem] = response.json()["extra"]
    assert "answers" in problem["key"] and problem["source"] == "body"


async def test_missing_field_is_400_naming_it(client: AsyncTestClient) -> None:
    form = await _api_form(client)
    response = await client.post("/api/surveys/awareness/responses", json={"form_token": form["form_token"], "answers": {}})
    assert response.status_code == 400
    assert "Object missing required field `version_id`" in response.json()["extra"][0]["message"]


async def test_unknown_field_is_400_naming_it(client: AsyncTestClient) -> None:
    form = await _api_form(client)
    body = {"version_id": form["version_id"], "form_token": form["form_token"], "answers": {}, "respondent_ip": "1.2.3.4"}
    response = await client.post("/api/surveys/awareness/responses", json=body)
    assert response.status_code == 400
    assert "Object contains unknown field `respondent_ip`" in response.json()["extra"][0]["message"]


async def test_unknown_question_and_bad_choice_are_422_naming_each(client: AsyncTestClient) -> None:
    form = await _api_form(client)
    single = next(q["id"] for q in form["definition"]["questions"] if q["kind"] in {"single_choice", "likert"})
    body = {"version_id": form["version_id"], "form_token": form["form_token"], "answers": {"not_a_question": "x", single: "nope"}}
    response = await client.post("/api/surveys/awareness/responses", json=body)
    assert response.status_code == 422
    assert response.json()["errors"] == {
        "not_a_question": "is not a question in this survey",
        single: "Select one of the answers shown",
    }


async def test_a_bad_form_token_is_422_naming_it(client: AsyncTestClient) -> None:
    form = await _api_form(client)
    body = {"version_id": form["version_id"], "form_token": "forged", "answers": {}}
    response = await client.post("/api/surveys/awareness/responses", json=body)
    assert response.status_code == 422
    assert set(response.json()["errors"]) == {"form_token"}


async def test_wrong_content_type_is_a_4xx(client: AsyncTestClient) -> None:
    response = await client.post(
        "/api/surveys/awareness/responses", content=b"version_id=1", headers={"content-type": "text/plain"}
    )
    assert 400 <= response.status_code < 500
    assert response.json()["detail"]
