"""The hostile-input corpus, sent the way respondents send answers (the survey form and the API),
themed by a run an analyst starts from the report, then read in the browser on every report page
that shows comments: no dialog opens, no script runs (no console error, no CSP report), no element
or attribute comes from a comment, and every quote reads exactly as it was stored (escaped in the
page's source, so its characters are text, never markup).

The module runs its own server: its comments and theme run would change what other tests read.
"""

from __future__ import annotations

import json
import sqlite3
import time
from collections.abc import Callable, Iterator
from pathlib import Path

import httpx
import pytest
from markupsafe import escape
from playwright.sync_api import BrowserContext, Dialog, expect

from tests.browser.conftest import running_server
from tests.browser.harness import Server
from tests.browser.test_officers import PASSWORD, set_password, sign_in, submit
from tests.conftest import run_async
from tests.officers.links import officer_links
from tests.privacy.test_anonymity_audit import Respondent
from tests.surveys.test_web import hidden_fields
from voices.privacy.sanitise import clean

pytestmark = pytest.mark.browser
SURVEY = "awareness"
QUESTION = "anything_else"
REPORT = f"/officers/reports/{SURVEY}"
ANALYST = "hana.hostile@county.example"
CORPUS = [
    json.loads(line)["text"]
    for line in (Path(__file__).parents[1] / "privacy" / "hostile_inputs.jsonl").read_text().splitlines()
    if line.strip()
]
# Each hostile text follows a sentence the codebook tags, so whole themes are made of hostile comments
# (a theme needs 10 people before it shows quotes). Texts that keep characters of markup once cleaned
# get leads of their own, so whichever quotes a theme's centre picks carry such characters.
LEADS = [
    "I was on the waiting list for counselling for months.",  # cleaned text still has < > &
    "The police officer who took my statement never kept me updated.",  # quotes, braces, dollars
    "I had no idea where to get help, there were no leaflets or posters.",  # the rest, half each
    "I never reported it because I was too scared to report.",
]
MARKUP_LIKE, QUOTE_LIKE = set("<>&"), set("\"'{}$")
# What a page may run and carry, whatever the comments say: the app's own scripts and nothing inline.
_PAGE_SHAPE = """() => ({
  scripts: [...document.scripts].map((s) => s.src || "inline: " + s.textContent.slice(0, 80)),
  handlers: [...document.querySelectorAll("*")].flatMap((e) =>
    [...e.attributes].filter((a) => a.name.startsWith("on")).map((a) => `<${e.localName} ${a.name}>`)),
  links: [...document.querySelectorAll("[href], [src], [action], [formaction]")]
    .map((e) => ["href", "src", "action", "formaction"].map((name) => e.getAttribute(name)).find((v) => v))
    .filter((url) => /^\\s*(javascript|data|vbscript):/i.test(url)),
  embedded: [...document.querySelectorAll("iframe, object, embed, base, meta[http-equiv], link[href*=':']")]
    .map((e) => e.outerHTML.slice(0, 120)),
  quotes: [...document.querySelectorAll("blockquote.voices-quote")].map((q) => q.textContent),
})"""


def hostile_texts() -> list[str]:
    texts = []
    for n, text in enumerate(CORPUS):
        left = set(clean(text))
        lead = LEADS[0] if left & MARKUP_LIKE else LEADS[1] if left & QUOTE_LIKE else LEADS[2 + n % 2]
        texts.append(f"{lead} {text}")
    return texts


def send_as_respondents(server: Server, texts: list[str]) -> None:
    """Each text once by the survey form and once by the API, as a respondent's browser or app would."""

    async def send() -> None:
        with httpx.Client(base_url=server.base_url, timeout=60) as client:
            respondent = Respondent(client)
            forms = [hidden_fields(client.get(f"/surveys/{SURVEY}").text) for _ in texts]
            tokens = [client.get(f"/api/surveys/{SURVEY}").json() for _ in texts]
            time.sleep(1.1)  # a form sent faster than a person could fill it in is refused
            for text, carried, api in zip(texts, forms, tokens, strict=True):
                await respondent.send_by_form(SURVEY, carried, {QUESTION: text})
                body = {
                    "version_id": api["version_id"],
                    "form_token": api["form_token"],
                    "answers": {QUESTION: text},
                }
                response = client.post(f"/api/surveys/{SURVEY}/responses", json=body)
                assert response.status_code == 201, response.text

    run_async(send())


def stored(server: Server, query: str) -> list[tuple]:
    with sqlite3.connect(server.log.parent / "voices.sqlite") as connection:
        return connection.execute(query).fetchall()


@pytest.fixture(scope="module")
def server(request: pytest.FixtureRequest, neutral_site: str) -> Iterator[Server]:
    with running_server(request, neutral_site) as started:
        yield started


@pytest.fixture(scope="module")
def analyst_link(server: Server) -> str:
    send_as_respondents(server, hostile_texts())
    database = f"sqlite:///{server.log.parent / 'voices.sqlite'}"
    return run_async(officer_links(database, {ANALYST: "analyst"}))[ANALYST]


def wait_for_theme_run(server: Server, seconds: float = 300) -> None:
    deadline = time.monotonic() + seconds
    query = f"SELECT count(*) FROM theme_run WHERE survey_slug = '{SURVEY}' AND is_current"
    while stored(server, query) == [(0,)]:
        assert time.monotonic() < deadline, f"no theme run of {SURVEY} finished in {seconds} s"
        time.sleep(1)


def test_hostile_comments_are_shown_as_text_on_every_report_page(
    new_context: Callable[..., BrowserContext], server: Server, analyst_link: str
) -> None:
    comments = [row[0] for row in stored(server, "SELECT text FROM answer WHERE text IS NOT NULL")]
    assert len(comments) == 2 * len(CORPUS)
    page = new_context().new_page()
    dialogs: list[str] = []
    errors: list[str] = []

    def refuse(dialog: Dialog) -> None:
        dialogs.append(f"{dialog.type}: {dialog.message}")
        dialog.dismiss()

    page.on("dialog", refuse)
    set_password(page, server, analyst_link)  # refuses a weak password first: a 400, on purpose
    sign_in(page, ANALYST, PASSWORD)
    page.on("console", lambda message: errors.append(message.text) if message.type == "error" else None)
    page.goto(server.url(REPORT))
    submit(page, "Theme the comments again")
    expect(page.get_by_text("The theme run has started.")).to_be_visible()
    wait_for_theme_run(server)

    shapes, quoted = {}, set()
    for path in (REPORT, f"{REPORT}?channel=api"):
        response = page.goto(server.url(path))
        assert response is not None and response.status == 200, path
        source = response.text()
        shape = page.evaluate(_PAGE_SHAPE)
        shapes[path] = {k: v for k, v in shape.items() if k != "quotes"}
        for quote in shape["quotes"]:
            # Exactly a stored comment (or a run of its sentences): had any of it been read as markup, an
            # element or entity would have left the text changed.
            assert any(quote in comment for comment in comments), (path, quote)
            assert str(escape(quote)) in source, (path, quote)
            quoted.add(quote)
    expect(page.locator(".voices-theme h4").first).to_be_visible()
    # The report pages of an unthemed survey are what a page carries with no comment in it.
    page.goto(server.url("/officers/reports/survivor-feedback"))
    plain = page.evaluate(_PAGE_SHAPE)["scripts"]
    for path, shape in shapes.items():
        assert shape == {"scripts": plain, "handlers": [], "links": [], "embedded": []}, path
    # Enough hostile quotes were on the pages for the checks to mean something: text like markup and
    # entities, and quote marks and braces (an attribute or a template would read them).
    assert len([q for q in quoted if set(q) & MARKUP_LIKE]) >= 3, sorted(quoted)
    assert len([q for q in quoted if set(q) & QUOTE_LIKE]) >= 3, sorted(quoted)
    assert dialogs == [] and errors == []
