"""A respondent's walk through a survey, over HTTP, on SQLite and PostgreSQL."""

from __future__ import annotations

import html as html_lib
import re
from urllib.parse import urlencode

from litestar.testing import AsyncTestClient

from tests.conftest import in_app
from voices.db.tables import Answer, Submission
from voices.services import Services


def hidden_fields(html: str) -> list[tuple[str, str]]:
    return [
        (name, html_lib.unescape(value))
        for name, value in re.findall(r'<input type="hidden" name="([^"]+)" value="([^"]*)"', html)
    ]


async def post_step(client: AsyncTestClient, slug: str, page: str, action: str, **answers: str | list[str]):
    data: list[tuple[str, str]] = hidden_fields(page) + [("_action", action)]
    for name, value in answers.items():
        for item in value if isinstance(value, list) else [value]:
            data.append((f"a-{name}", item))
    return await client.post(
        f"/surveys/{slug}",
        content=urlencode(data),
        headers={"content-type": "application/x-www-form-urlencoded"},
    )


async def test_home_lists_open_surveys(client: AsyncTestClient) -> None:
    response = await client.get("/")
    assert response.status_code == 200
    assert 'href="/surveys/bilingual"' in response.text
    assert response.headers["cache-control"] == "no-store"
    assert response.headers["referrer-policy"] == "no-referrer"


async def test_start_page_explains_anonymity_and_content(client: AsyncTestClient) -> None:
    response = await client.get("/surveys/bilingual")
    assert "Your answers are anonymous" in response.text
    assert "Some questions mention sexual violence." in response.text
    assert "Exit this page" in response.text and 'href="/exit"' in response.text
    assert "Samaritans" in response.text and "0808 500 2222" in response.text


async def test_whole_survey_with_branching_back_and_change(client: AsyncTestClient) -> None:
    page = (await client.get("/surveys/bilingual")).text
    page = (await post_step(client, "bilingual", page, "start")).text
    assert "I feel safe walking in town at night" in page
    page = (await post_step(client, "bilingual", page, "next", feel_safe="disagree")).text
    assert "Where do you feel unsafe?" in page
    page = (await post_step(client, "bilingual", page, "next", places=["pubs", "other"])).text
    assert "Where else?" in page  # the follow-up appears because "Somewhere else" was ticked
    page = (await post_step(client, "bilingual", page, "back", other_place="")).text
    assert 'value="other" checked' in page  # going back keeps what was ticked
    page = (await post_step(client, "bilingual", page, "next", places=["pubs"])).text
    assert "How many nights out" in page  # follow-up skipped now "Somewhere else" is unticked
    page = (await post_step(client, "bilingual", page, "next", nights_out="4")).text
    page = (await post_step(client, "bilingual", page, "next", comments="Better <b>lighting</b> please")).text
    page = (await post_step(client, "bilingual", page, "next")).text  # age band skipped
    assert "Check your answers" in page
    assert "Pubs and clubs" in page and "Not answered" in page
    page = (await post_step(client, "bilingual", page, "change:nights_out")).text
    assert 'value="4"' in page
    page = (await post_step(client, "bilingual", page, "next", nights_out="5")).text
    assert "Check your answers" in page  # a change returns to the check page
    response = await post_step(client, "bilingual", page, "submit")
    assert response.status_code == 200
    assert "Your answers have been sent" in response.text

    submissions = in_app(client, Submission.select())
    assert len(submissions) == 1
    answers = {row["question_id"]: row for row in in_app(client, Answer.select())}
    assert set(answers) == {"feel_safe", "places", "nights_out", "comments"}
    assert answers["comments"]["text"] == "Better lighting please"  # markup removed before storage


async def test_error_keeps_other_answers_and_names_the_field(client: AsyncTestClient) -> None:
    page = (await client.get("/surveys/bilingual")).text
    page = (await post_step(client, "bilingual", page, "start")).text
    page = (await post_step(client, "bilingual", page, "next", feel_safe="agree")).text
    page = (await post_step(client, "bilingual", page, "next", places=["streets"])).text
    response = await post_step(client, "bilingual", page, "next", nights_out="lots")
    assert response.status_code == 422
    assert "There is a problem" in response.text
    assert 'href="#a-nights_out"' in response.text and "Enter a whole number, like 3" in response.text
    assert 'value="lots"' in response.text  # what they typed stays, to correct
    carried = dict(hidden_fields(response.text))
    assert carried["a-feel_safe"] == "agree" and carried["a-places"] == "streets"


async def test_double_submit_stores_once(client: AsyncTestClient) -> None:
    page = (await client.get("/surveys/bilingual")).text
    page = (await post_step(client, "bilingual", page, "start")).text
    page = (await post_step(client, "bilingual", page, "next", feel_safe="agree")).text
    check_page = (await post_step(client, "bilingual", page, "change:feel_safe")).text
    check_page = (await post_step(client, "bilingual", check_page, "next", feel_safe="agree")).text
    first = await post_step(client, "bilingual", check_page, "submit")
    second = await post_step(client, "bilingual", check_page, "submit")
    assert "Your answers have been sent" in first.text
    assert "already been sent" in second.text
    assert in_app(client, Submission.count()) == 1


async def test_welsh_pages(client: AsyncTestClient) -> None:
    page = (await client.get("/surveys/bilingual?lang=cy")).text
    assert '<html lang="cy"' in page and "Teimlo'n ddiogel yn y dref" in html_lib.unescape(page)
    page = html_lib.unescape((await post_step(client, "bilingual", page, "start")).text)
    assert "Rwy'n teimlo'n ddiogel" in page and "Cytuno'n gryf" in page


async def test_unknown_survey_is_404_page(client: AsyncTestClient) -> None:
    response = await client.get("/surveys/nope")
    assert response.status_code == 404
    assert "Page not found" in response.text


async def test_exit_clears_and_leaves(client: AsyncTestClient) -> None:
    response = await client.get("/exit", follow_redirects=False)
    assert response.status_code == 303
    assert response.headers["location"] == "https://www.bbc.co.uk/weather"
    assert "storage" in response.headers["clear-site-data"]


async def test_typed_text_is_never_kept_in_the_page_cache(client: AsyncTestClient, services: Services) -> None:
    page = (await client.get("/surveys/bilingual")).text
    page = (await post_step(client, "bilingual", page, "start")).text
    for _ in range(3):  # to the comments question
        page = (await post_step(client, "bilingual", page, "next")).text
    assert "What would make you feel safer?" in page
    page = (await post_step(client, "bilingual", page, "next", comments="Ask for Dorothea at the desk")).text
    back = await post_step(client, "bilingual", page, "back")
    assert "Ask for Dorothea at the desk" in back.text  # shown back to the person who typed it
    renderer = services.renderer
    assert not any("Dorothea" in html for html in renderer._cache.values())


async def test_a_failed_send_brings_back_every_answer(client: AsyncTestClient, services: Services) -> None:
    page = (await client.get("/surveys/bilingual")).text
    page = (await post_step(client, "bilingual", page, "start")).text
    page = (await post_step(client, "bilingual", page, "next", feel_safe="agree")).text
    check_page = (await post_step(client, "bilingual", page, "change:feel_safe")).text
    check_page = (await post_step(client, "bilingual", check_page, "next", feel_safe="agree")).text
    writer = services.intake.writer

    async def broken_write(submission: object) -> int:
        raise OSError("disk unavailable")

    writer.write = broken_write
    try:
        response = await post_step(client, "bilingual", check_page, "submit")
    finally:
        del writer.write
    assert response.status_code == 503
    assert "could not be saved just now" in response.text and 'href="#send"' in response.text
    assert dict(hidden_fields(response.text))["a-feel_safe"] == "agree"
    # The answers are all there to send again, and this time they are stored.
    retried = await post_step(client, "bilingual", response.text, "submit")
    assert "Your answers have been sent" in retried.text
    assert in_app(client, Submission.count()) == 1
