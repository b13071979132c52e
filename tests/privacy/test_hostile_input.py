"""Hostile input through every free-text question of every shipped survey, by API and by form.

The corpus (hostile_inputs.jsonl) was written for this product: markup, event handlers,
`javascript:` URLs, encoded and malformed markup, SQL, null bytes, long lines, bidi overrides,
emoji and combining characters. Whatever arrives, nothing errors, nothing stored contains markup
or invisible control characters, and every page shows it escaped.
"""

from __future__ import annotations

import dataclasses
import json
import re
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from html.parser import HTMLParser
from pathlib import Path
from urllib.parse import quote, urlencode

import pytest
from litestar.testing import AsyncTestClient

from tests.conftest import in_app
from tests.surveys.test_web import hidden_fields
from voices.app import create_app
from voices.db.tables import Answer
from voices.settings import PROJECT_ROOT, Settings
from voices.surveys.answers import RawAnswer
from voices.surveys.definition import PUBLIC, FreeTextQuestion, MultipleChoiceQuestion, SurveyDefinition
from voices.surveys.flow import shown_questions
from voices.surveys.loader import read_directory

CORPUS: list[dict[str, str]] = [
    json.loads(line) for line in (Path(__file__).parent / "hostile_inputs.jsonl").read_text().splitlines() if line
]
# Surveys served at /surveys and the API; the group feedback form is reached only through an invite
# code at /groups (tests/groups/test_hostile_group_text.py sends the same corpus through it).
SHIPPED = [d for d in read_directory(PROJECT_ROOT / "surveys")[0] if d.audience == PUBLIC]
FORM = {"content-type": "application/x-www-form-urlencoded"}

MARKUP = re.compile(r"<[A-Za-z!/?]")
SCRIPT_URL_IN_TAG = re.compile(r"<[^>]*(?:javascript|vbscript|data)\s*:", re.I)
# Control characters other than tab, newline and carriage return; bidi embeddings, overrides, isolates.
INVISIBLE = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f\u202a-\u202e\u2066-\u2069]")


def free_text_questions(definition: SurveyDefinition) -> list[FreeTextQuestion]:
    return [q for q in definition.questions if isinstance(q, FreeTextQuestion)]


def answers_reaching_every_free_text(definition: SurveyDefinition, text: str) -> dict[str, RawAnswer]:
    """`text` in every free-text question, with the earlier answers that make each one shown."""
    triggers: dict[str, list[str]] = {}
    pending = [q for q in free_text_questions(definition)]
    while pending:
        question = pending.pop()
        if question.show_if is None:
            continue
        assert question.show_if.any_of, f"{definition.slug}.{question.id}: only any_of branching is walked"
        parent = definition.question(question.show_if.question)
        assert parent is not None
        triggers.setdefault(parent.id, []).append(question.show_if.any_of[0])
        pending.append(parent)
    answers: dict[str, RawAnswer] = {}
    for question in definition.questions:  # in survey order, as a respondent would answer
        if question.id in triggers:
            chosen = list(dict.fromkeys(triggers[question.id]))
            answers[question.id] = chosen if isinstance(question, MultipleChoiceQuestion) else chosen[0]
        elif isinstance(question, FreeTextQuestion):
            answers[question.id] = text
    shown = {q.id for q in shown_questions(definition, answers)}
    assert {q.id for q in free_text_questions(definition)} <= shown, definition.slug
    return answers


def stored_text_problems(client: AsyncTestClient) -> list[str]:
    rows = in_app(client, Answer.select(Answer.question_id, Answer.text).where(Answer.text.is_not_null()))
    problems = []
    for row in rows:
        text = row["text"]
        for name, pattern in (("markup", MARKUP), ("script URL in a tag", SCRIPT_URL_IN_TAG), ("invisible", INVISIBLE)):
            if pattern.search(text):
                problems.append(f"{row['question_id']}: {name} in {text[:120]!r}")
    return problems


class PageShape(HTMLParser):
    """The elements of a page and their attribute names: what an injection would change."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.shape: list[tuple[str, tuple[str, ...]]] = []
        self.problems: list[str] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        if tag != "br":
            self.shape.append((tag, tuple(sorted(name for name, _ in attrs))))
        for name, value in attrs:
            if name.startswith("on"):
                self.problems.append(f"<{tag} {name}=...>")
            if name in {"href", "src", "action", "formaction"} and re.match(r"\s*(javascript|data|vbscript):", value or "", re.I):
                self.problems.append(f"<{tag} {name}={value!r}>")


def page_shape(html: str) -> tuple[list[tuple[str, tuple[str, ...]]], list[str]]:
    parser = PageShape()
    parser.feed(html)
    parser.close()
    scripts = [attrs for tag, attrs in parser.shape if tag == "script"]
    if scripts != [("src", "type")]:
        parser.problems.append(f"scripts on the page: {scripts}")
    return parser.shape, parser.problems


@asynccontextmanager
async def serving(settings: Settings) -> AsyncIterator[AsyncTestClient]:
    # Hundreds of posts from one test client: lift the rate limit, which test_abuse covers.
    app = create_app(dataclasses.replace(settings, rate_limit_posts=100_000))
    async with AsyncTestClient(app=app) as client:
        yield client


async def post_form(client: AsyncTestClient, slug: str, fields: list[tuple[str, str]]):
    response = await client.post(f"/surveys/{slug}", content=urlencode(fields), headers=FORM)
    assert response.status_code < 500, response.text[:500]
    return response


async def walk_to_check_and_send(client: AsyncTestClient, definition: SurveyDefinition, text: str) -> tuple[str, str]:
    """The check page and the question page for `text`, then the submission; returns both pages."""
    slug = definition.slug
    answers = answers_reaching_every_free_text(definition, text)
    last = list(answers)[-1]
    start = (await client.get(f"/surveys/{slug}")).text
    fields = [f for f in hidden_fields(start) if f[0] != "_step"] + [("_step", last), ("_return", "check")]
    for qid, value in answers.items():
        fields += [(f"a-{qid}", item) for item in (value if isinstance(value, list) else [value])]
    check = await post_form(client, slug, fields + [("_action", "next")])
    assert check.status_code == 200 and "Check your answers" in check.text, check.text[:800]
    carried = hidden_fields(check.text)
    first_text = free_text_questions(definition)[0].id
    question = await post_form(client, slug, carried + [("_action", f"change:{first_text}")])
    assert question.status_code == 200
    sent = await post_form(client, slug, carried + [("_action", "submit")])
    assert sent.status_code == 200 and "Your answers have been sent" in sent.text, sent.text[:800]
    return check.text, question.text


@pytest.mark.parametrize("definition", SHIPPED, ids=[d.slug for d in SHIPPED])
async def test_hostile_text_through_the_api_is_stored_clean(
    definition: SurveyDefinition, settings: Settings, published: list[str]
) -> None:
    async with serving(settings) as client:
        for entry in CORPUS:
            form = (await client.get(f"/api/surveys/{definition.slug}")).json()
            body = {
                "version_id": form["version_id"],
                "form_token": form["form_token"],
                "answers": answers_reaching_every_free_text(definition, entry["text"]),
            }
            response = await client.post(f"/api/surveys/{definition.slug}/responses", json=body)
            assert response.status_code == 201, (entry["name"], response.status_code, response.text[:300])
        assert in_app(client, Answer.count().where(Answer.text.is_not_null())) > len(CORPUS)
        assert stored_text_problems(client) == []


@pytest.mark.parametrize("definition", SHIPPED, ids=[d.slug for d in SHIPPED])
async def test_hostile_text_through_the_form_renders_escaped_and_is_stored_clean(
    definition: SurveyDefinition, settings: Settings, published: list[str]
) -> None:
    async with serving(settings) as client:
        plain_check, plain_question = await walk_to_check_and_send(client, definition, "plain words")
        expected_check, _ = page_shape(plain_check)
        expected_question, _ = page_shape(plain_question)
        failures = {}
        for entry in CORPUS:
            check, question = await walk_to_check_and_send(client, definition, entry["text"])
            for label, html, expected in (("check", check, expected_check), ("question", question, expected_question)):
                shape, problems = page_shape(html)
                if shape != expected:
                    problems.append("the page's elements differ from the same page with plain text")
                if problems:
                    failures[f"{entry['name']} ({label} page)"] = problems
        assert failures == {}
        assert stored_text_problems(client) == []


async def test_hostile_text_anywhere_else_in_the_api_is_a_4xx(settings: Settings, published: list[str]) -> None:
    """Hostile strings as a choice, as a question id, as a token and in the path: refused, never a 5xx."""
    async with serving(settings) as client:
        await send_hostile_text_outside_free_text(client)


async def send_hostile_text_outside_free_text(client: AsyncTestClient) -> None:
    for entry in CORPUS:
        # A fresh form each time: a token tried more than a few times is refused before its answers
        # are read (privacy/abuse.py), and here every answer is meant to be read and refused.
        form = (await client.get("/api/surveys/awareness")).json()
        single = next(q["id"] for q in form["definition"]["questions"] if q["kind"] in {"single_choice", "likert"})
        text = entry["text"]
        for answers, token in (({single: text}, form["form_token"]), ({text: "x"}, form["form_token"]), ({}, text)):
            body = {"version_id": form["version_id"], "form_token": token, "answers": answers}
            response = await client.post("/api/surveys/awareness/responses", json=body)
            assert response.status_code == 422, (entry["name"], response.status_code, response.text[:300])
        response = await client.get("/api/surveys/" + quote(text[:200], safe=""))
        assert 400 <= response.status_code < 500, (entry["name"], response.status_code)
    assert in_app(client, Answer.count()) == 0


async def test_hostile_text_over_the_length_limit_is_422(client: AsyncTestClient) -> None:
    definition = next(d for d in SHIPPED if d.slug == "awareness")
    form = (await client.get("/api/surveys/awareness")).json()
    text = "<script>alert(1)</script>" * 100
    body = {"version_id": form["version_id"], "form_token": form["form_token"],
            "answers": answers_reaching_every_free_text(definition, text)}
    response = await client.post("/api/surveys/awareness/responses", json=body)
    assert response.status_code == 422
    assert set(response.json()["errors"]) == {q.id for q in free_text_questions(definition)}
