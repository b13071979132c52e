"""The hostile-input corpus, sent the way respondents send answers (the survey form and the API),
themed by a run an analyst starts from the report, then read in the browser on every officer page
that shows comments: the report, the review pages (the queue, each theme's comments, each comment's
own page) and You said, we did (its quotes ticked and published, so the public page shows them too).
On each: no dialog opens, no script runs (no console error, no CSP report), no element or attribute
comes from a comment, and every comment or quote reads exactly as it was stored (escaped in the
page's source, so its characters are text, never markup).

The monthly reports' list shows no comment (survey, month and size only), nor do the groups' pages.

The module runs its own server: its comments and theme run would change what other tests read.
"""

from __future__ import annotations

import datetime as dt
import json
import sqlite3
import time
from collections.abc import Callable, Iterator
from pathlib import Path

import httpx
import pytest
from markupsafe import escape
from playwright.sync_api import BrowserContext, Dialog, Page, expect

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
REVIEW = f"{REPORT}/review"
YOU_SAID = f"/officers/you-said/{SURVEY}"
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
# What a page may run and carry, whatever the comments say: the app's own scripts and nothing inline,
# no element a comment could bring (the pages themselves use none of these), and no element inside a
# comment's text. `texts`: every comment or quote on the page (the review pages' and the report's
# `.voices-quote`, You said, we did's quote checkboxes).
COMMENT_TEXT = ".voices-quote, input[name=quote] + label"
_PAGE_SHAPE = """(commentText) => ({
  scripts: [...document.scripts].map((s) => s.src || "inline: " + s.textContent.slice(0, 80)),
  handlers: [...document.querySelectorAll("*")].flatMap((e) =>
    [...e.attributes].filter((a) => a.name.startsWith("on")).map((a) => `<${e.localName} ${a.name}>`)),
  links: [...document.querySelectorAll("[href], [src], [action], [formaction]")]
    .map((e) => ["href", "src", "action", "formaction"].map((name) => e.getAttribute(name)).find((v) => v))
    .filter((url) => /^\\s*(javascript|data|vbscript):/i.test(url)),
  embedded: [...document.querySelectorAll("iframe, object, embed, base, meta[http-equiv], link[href*=':']")]
    .map((e) => e.outerHTML.slice(0, 120)),
  injected: [...document.querySelectorAll("body img, body style, body meta, body link, math, noscript, marquee, svg, " +
      "form[action*=':'], [style]")]
    .filter((e) => !e.closest(".voices-chart"))
    .map((e) => e.outerHTML.slice(0, 120)),
  nested: [...document.querySelectorAll(commentText)].filter((q) => q.children.length)
    .map((q) => q.outerHTML.slice(0, 120)),
  texts: [...document.querySelectorAll(commentText)].map((q) => q.textContent),
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


def as_read(text: str) -> str:
    """Text as a browser reads it: HTML turns every CR LF and lone CR into LF."""
    return text.replace("\r\n", "\n").replace("\r", "\n")


def shown_as_text(page: Page, server: Server, path: str, comments: list[str]) -> tuple[dict, list[str]]:
    """Open `path`: what the page runs and carries (`_PAGE_SHAPE` without the texts), and each comment
    or quote on it, checked to be exactly a stored comment or a run of one (had any of it been read as
    markup, an element or entity would have left the text changed) and escaped in the page's source."""
    response = page.goto(server.url(path))
    assert response is not None and response.status == 200, (path, response and response.status)
    source = as_read(response.text())
    shape = page.evaluate(_PAGE_SHAPE, COMMENT_TEXT)
    texts = shape.pop("texts")
    for text in texts:
        # Less what the page puts around a comment: You said, we did's quote marks, the queue's "...".
        words = text.removeprefix("“").removesuffix("”").removesuffix("...")
        assert words.strip(), (path, text)
        assert any(words in comment for comment in comments), (path, text)
        assert str(escape(words)) in source, (path, text)
    return shape, texts


def every_page_of(
    page: Page, server: Server, path: str, comments: list[str]
) -> Iterator[tuple[str, dict, list[str]]]:
    """`path` and each next page after it (a theme's comments come 50 a page)."""
    while path:
        shape, texts = shown_as_text(page, server, path, comments)
        yield path, shape, texts
        following = page.locator("a[rel=next]")
        path = f"{path.split('?')[0]}{following.get_attribute('href')}" if following.count() else ""


def pick_and_publish_quotes(page: Page) -> int:
    """On You said, we did, every theme with quotes: each quote ticked as safe, and the theme published
    (so the public page shows them). How many quotes were ticked."""
    ticked = 0
    done = (dt.date.today() - dt.timedelta(days=7)).strftime("%d %m %Y").split()
    sections = page.locator("section[aria-labelledby]")
    for heading in sections.evaluate_all("(s) => s.map((e) => e.getAttribute('aria-labelledby'))"):
        section = page.locator(f"section[aria-labelledby='{heading}']")
        boxes = section.locator("input[name=quote]")
        if not boxes.count():
            continue
        for box in boxes.all():
            box.check()
        ticked += boxes.count()
        with page.expect_navigation():
            section.get_by_role("button", name="Save quotes for").click()
        section.get_by_label("What people told us").fill("People wrote about this.")
        section.get_by_label("What the partnership did").fill("We acted on it.")
        for label, value in zip(["Day", "Month", "Year"], done, strict=True):
            section.get_by_label(label, exact=True).fill(value)
        section.get_by_label("Publish on the public page").check()
        with page.expect_navigation():
            section.locator("form").first.get_by_role("button").click()
        expect(section.get_by_text("Published", exact=True)).to_be_visible()
        expect(section.locator("input[name=quote]:checked")).to_have_count(boxes.count())
    return ticked


def test_hostile_comments_are_shown_as_text_on_every_officer_page(
    new_context: Callable[..., BrowserContext], server: Server, analyst_link: str
) -> None:
    answers = stored(server, "SELECT id, text FROM answer WHERE text IS NOT NULL ORDER BY id")
    comments = [as_read(text) for _, text in answers]
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
    # Pages with no comment in them: a report of an unthemed survey, You said, we did before it is
    # published. What they run is what every page of their layout may run.
    page.goto(server.url("/officers/reports/survivor-feedback"))
    plain = page.evaluate(_PAGE_SHAPE, COMMENT_TEXT)["scripts"]
    page.goto(server.url("/you-said-we-did"))
    public = page.evaluate(_PAGE_SHAPE, COMMENT_TEXT)["scripts"]
    page.goto(server.url(REPORT))
    submit(page, "Theme the comments again")
    expect(page.get_by_text("The theme run has started.")).to_be_visible()
    wait_for_theme_run(server)

    shapes: dict[str, dict] = {}
    shown: dict[str, list[str]] = {}  # the kind of page -> every comment or quote read there
    for path in (REPORT, f"{REPORT}?channel=api"):
        shapes[path], texts = shown_as_text(page, server, path, comments)
        shown.setdefault("report", []).extend(texts)
    expect(page.locator(".voices-theme h4").first).to_be_visible()

    # Review: the queue, every theme's comments page by page, and every comment's own page.
    shapes[REVIEW], shown["review queue"] = shown_as_text(page, server, REVIEW, comments)
    themes = page.locator(f"a[href^='{REVIEW}/themes/']").evaluate_all("(a) => a.map((e) => e.getAttribute('href'))")
    assert len(themes) >= 3, themes
    for theme in themes:
        for path, shape, texts in every_page_of(page, server, theme, comments):
            shapes[path] = shape
            shown.setdefault("review themes", []).extend(texts)
    for (answer, _), comment in zip(answers, comments, strict=True):
        path = f"{REVIEW}/comments/{answer}"
        shapes[path], texts = shown_as_text(page, server, path, comments)
        assert texts == [comment], path  # the whole comment, exactly as stored
        shown.setdefault("review comments", []).extend(texts)

    # You said, we did: the quotes offered for ticking, ticked and published, then on the public page.
    shapes[YOU_SAID], shown["you said"] = shown_as_text(page, server, YOU_SAID, comments)
    assert pick_and_publish_quotes(page) == len(shown["you said"]) > 0
    shapes[f"{YOU_SAID}, quotes ticked"], texts = shown_as_text(page, server, YOU_SAID, comments)
    assert texts == shown["you said"]
    public_shape, shown["public you said"] = shown_as_text(page, server, "/you-said-we-did", comments)
    assert len(shown["public you said"]) == len(shown["you said"])

    clean_page = {"handlers": [], "links": [], "embedded": [], "injected": [], "nested": []}
    assert {path: shape for path, shape in shapes.items() if shape != {"scripts": plain, **clean_page}} == {}
    assert public_shape == {"scripts": public, **clean_page}
    # Enough hostile text was on each kind of page for the checks to mean something: text like markup
    # and entities, and quote marks and braces (an attribute or a template would read them). The queue
    # holds the few comments the tagger is least sure of, whichever they are; every comment is on its
    # own page.
    assert shown["review queue"]
    for kind, texts in shown.items():
        if kind != "review queue":
            assert len([t for t in texts if set(t) & MARKUP_LIKE]) >= 3, (kind, sorted(set(texts)))
            assert len([t for t in texts if set(t) & QUOTE_LIKE]) >= 3, (kind, sorted(set(texts)))
    assert len(shown["review comments"]) == len(comments)
    assert dialogs == [] and errors == []
