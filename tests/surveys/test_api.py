"""The JSON API: the same checks as the pages, as 4xx responses that name the field."""

from __future__ import annotations

import json

from litestar.testing import AsyncTestClient

from tests.conftest import in_app
from voices.db.tables import Answer, Submission


async def fetch(client: AsyncTestClient, slug: str = "bilingual") -> dict:
    response = await client.get(f"/api/surveys/{slug}")
    assert response.status_code == 200
    return response.json()


async def send(client: AsyncTestClient, form: dict, answers: dict, slug: str = "bilingual"):
    return await client.post(
        f"/api/surveys/{slug}/responses",
        json={"version_id": form["version_id"], "form_token": form["form_token"], "answers": answers},
    )


async def test_lists_open_surveys(client: AsyncTestClient) -> None:
    slugs = {survey["slug"] for survey in (await client.get("/api/surveys")).json()}
    assert {"awareness", "attitudes", "survivor-feedback", "bilingual"} <= slugs


async def test_a_whole_response_is_stored_with_the_date_only(client: AsyncTestClient) -> None:
    form = await fetch(client)
    response = await send(client, form, {"feel_safe": "agree", "nights_out": 3, "comments": "More <i>lights</i>"})
    assert response.status_code == 201, response.text
    assert response.json()["answered"] == 3
    rows = in_app(client, Submission.select(Submission.submitted_on, Submission.channel))
    assert len(rows) == 1 and rows[0]["channel"] == "api"
    assert type(rows[0]["submitted_on"]).__name__ == "date"
    texts = [row["text"] for row in in_app(client, Answer.select(Answer.text)) if row["text"]]
    assert texts == ["More lights"]


async def test_invalid_answers_are_refused_naming_each_field(client: AsyncTestClient) -> None:
    form = await fetch(client)
    response = await send(
        client, form, {"feel_safe": "maybe", "nights_out": 99, "comments": "x" * 501, "ghost": "boo"}
    )
    assert response.status_code == 422
    errors = response.json()["errors"]
    assert errors["feel_safe"] == "Select one of the answers shown"
    assert errors["nights_out"] == "Enter a number between 0 and 31"
    assert errors["comments"].startswith("Your answer must be 500 characters or fewer")
    assert errors["ghost"] == "is not a question in this survey"
    assert in_app(client, Submission.count()) == 0  # all answers or none


async def test_a_form_token_works_once(client: AsyncTestClient) -> None:
    form = await fetch(client)
    assert (await send(client, form, {"feel_safe": "agree"})).status_code == 201
    again = await send(client, form, {"feel_safe": "agree"})
    assert again.status_code == 409
    assert "already submitted" in again.json()["detail"]
    assert in_app(client, Submission.count()) == 1


async def test_a_forged_token_is_refused(client: AsyncTestClient) -> None:
    form = await fetch(client)
    form["form_token"] = form["form_token"][:-2] + "xx"
    response = await send(client, form, {"feel_safe": "agree"})
    assert response.status_code == 422
    assert "form_token" in response.json()["errors"]


async def test_unknown_survey_is_404(client: AsyncTestClient) -> None:
    response = await client.get("/api/surveys/nope")
    assert response.status_code == 404
    assert "nope" in response.json()["detail"]


async def test_openapi_schema_describes_the_api(client: AsyncTestClient) -> None:
    schema = (await client.get("/schema/openapi.json")).json()
    assert "/api/surveys/{slug}/responses" in schema["paths"]
    assert not any(path.startswith("/surveys") for path in schema["paths"])


async def test_personal_details_are_redacted_before_storage_and_only_counted(client: AsyncTestClient) -> None:
    form = await fetch(client)
    comment = "My ISVA Sarah Jenkins said ring 07700 900123 or email sarah.j@example.org"
    assert (await send(client, form, {"comments": comment})).status_code == 201
    (row,) = in_app(client, Answer.select(Answer.text, Answer.redacted).where(Answer.question_id == "comments"))
    assert "Sarah" not in row["text"] and "07700" not in row["text"] and "example.org" not in row["text"]
    assert "[name]" in row["text"] and "[phone]" in row["text"] and "[email]" in row["text"]
    counts = row["redacted"] if isinstance(row["redacted"], dict) else json.loads(row["redacted"])
    assert counts["phone"] == 1 and counts["email"] == 1 and counts["name"] >= 1
