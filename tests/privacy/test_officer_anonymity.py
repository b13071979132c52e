"""The anonymity audit, carried on to the officers' side (issue 9's "Done means").

A respondent sends the canary personal details from a known address and browser, as in
test_anonymity_audit.py. Then officers sign in (an admin with an authenticator, an analyst, a viewer),
an analyst themes the canaries' survey from its report page, and each officer opens every page their
role may: home, account, the reports, a refused filter, the officers and the audit log, the groups
(a group's page with its codes, its notes); for analysts and admins, both surveys' review pages (the
queue, every theme's comments, every comment's page) and every download of both reports (tables.csv,
tables.xlsx, report.pdf, responses.csv); the analyst publishes a theme on You said, we did with its
quotes ticked, and reads the public page. Afterwards every byte the app wrote (the database, every
table, the audit log and sessions included; the var directory; the server's whole output) and every
page and download (an XLSX's cells and a PDF's text as read) is searched for the respondent's address,
browser and details: zero hits. And what the disclosure layer must hide is hidden: a theme of fewer than
10 people shows no quote (the review pages, which show reviewers every comment, aside), its count reads
"fewer than 10" on the report, in every download and on You said, we did, which cannot publish it; no
count from 1 to 9 is shown in a download or said of comments or people on any page.
"""

from __future__ import annotations

import asyncio
import csv
import datetime as dt
import io
import json
import logging
import re
import time
from collections import defaultdict
from collections.abc import Iterator
from html import unescape
from pathlib import Path
from urllib.parse import urlsplit

import httpx
import openpyxl
import pyotp
import pypdf
import pytest

from tests.conftest import fresh_postgres_database, run_async
from tests.insight import data
from tests.live_server import live_server, prepare, server_env
from tests.officers.links import officer_links
from tests.privacy.test_anonymity_audit import (
    REFERER,
    RESPONDENT_ADDRESS,
    USER_AGENT,
    Database,
    EveryRecord,
    Respondent,
    Server,
    connected_from,
    hits,
    open_a_group,
    respondent_client,
    search_the_database,
)
from voices.db.engine import bind, engine_from_url
from voices.settings import PROJECT_ROOT, Settings

PASSWORD = "heron weir mullet dusk"
# Not the respondent's: officers' requests are theirs.
OFFICER_HEADERS = {"User-Agent": "voices-officer-audit-browser"}
OFFICERS = {
    "ada.admin@county.example": "admin",
    "ana.analyst@county.example": "analyst",
    "val.viewer@county.example": "viewer",
}
ROLES = list(OFFICERS.values())
CSRF_FIELD = re.compile(r'name="_csrf_token" value="([^"]+)"')
SECRET = re.compile(r'voices-secret"><code>([A-Z2-7 ]+)</code>')
# The canaries' survey, themed from the page; the report a seeded theme run gives known small numbers.
CANARY_SURVEY, SEEDED_SURVEY = "survivor-feedback", "awareness"
ROLE_PAGES = {
    "admin": [
        "/officers/admin/officers",
        "/officers/admin/audit",
        "/officers/admin/audit?action=comments+viewed",
        # An admin sees every group: the facilitator's, with the code the respondent used.
        "/officers/groups",
        "/officers/groups/{group}",
        "/officers/groups/{group}/notes",
    ],
    "analyst": [],
    "viewer": [],
}
EVERY_ROLE_PAGES = [
    "/officers",
    "/officers/account",
    "/officers/reports",
    f"/officers/reports/{SEEDED_SURVEY}",
    f"/officers/reports/{CANARY_SURVEY}",
    f"/officers/reports/{SEEDED_SURVEY}?channel=api",  # refused: the canaries' own few submissions
]
# For those who review themes and export (analysts and admins), of both surveys: the review pages,
# You said, we did, and every download.
REVIEWERS = ("admin", "analyst")
DOWNLOADS = {
    "tables.csv": "text/csv",
    "tables.xlsx": "application/vnd.openxmlformats",
    "report.pdf": "application/pdf",
    "responses.csv": "text/csv",
}
# The seeded survey's theme of 12 people, published with its quotes ticked, and its theme of 4.
PUBLISHED_THEME, SMALL_LABEL = "waiting_times_capacity", "Being believed"


@pytest.fixture(params=["sqlite", "postgres"])
def database(request: pytest.FixtureRequest, tmp_path: Path) -> Iterator[Database]:
    if request.param == "sqlite":
        yield Database(f"sqlite:///{tmp_path / 'var' / 'voices.sqlite'}")
        return
    with fresh_postgres_database("voices_officer_audit") as (url, name):
        yield Database(url, pg_name=name)


@pytest.fixture
def server(database: Database, tmp_path: Path) -> Iterator[Server]:
    var_dir = tmp_path / "var"
    var_dir.mkdir()
    # As test_anonymity_audit.py's server: its respondent's error paths include a body over this limit.
    env = server_env(
        database.url,
        var_dir,
        VOICES_MIN_SECONDS_TO_COMPLETE="1",
        VOICES_MAX_REQUEST_BYTES="16384",
        PYTHONUNBUFFERED="1",
    )
    output = tmp_path / "server-output.log"
    prepare(env, log=output)  # what the set-up commands print is searched too
    with live_server(env, output) as live:
        yield Server(live.url, live.process, output)


class Officer:
    """One officer's browser, as plain HTTP: cookies, the CSRF token of the last form, the pages read.
    The client is the real server's (sync) or the in-process app's (async), as with `Respondent`."""

    def __init__(self, client: httpx.Client | httpx.AsyncClient, email: str) -> None:
        self.email = email
        self.client = client
        self.token = ""
        self.pages: dict[str, bytes] = {}

    async def _call(self, method: str, path: str, **kwargs: object) -> httpx.Response:
        response = self.client.request(method, path, **kwargs)
        if not isinstance(response, httpx.Response):
            response = await response
        return response

    async def get(self, path: str, status: int | tuple[int, ...] = 200) -> str:
        response = await self._call("GET", path)
        expected = status if isinstance(status, tuple) else (status,)
        assert response.status_code in expected, (self.email, path, response.status_code, response.text[:300])
        if found := CSRF_FIELD.search(response.text):
            self.token = found.group(1)
        self.pages[f"{self.email} GET {path}"] = response.content
        return response.text

    async def download(self, path: str, media_type: str) -> None:
        """A download, kept as sent and, for an XLSX or a PDF, also as the text a reader sees in it."""
        response = await self._call("GET", path)
        assert response.status_code == 200, (self.email, path, response.status_code, response.text[:300])
        assert response.headers["content-type"].startswith(media_type), (path, response.headers["content-type"])
        assert response.headers["content-disposition"].startswith("attachment; filename="), path
        self.pages[f"{self.email} GET {path}"] = response.content
        if text := readable_text(path, response.content):
            self.pages[f"{self.email} GET {path}, its text"] = text.encode()

    async def post(
        self, path: str, fields: dict[str, str | list[str]], status: tuple[int, ...] = (303,)
    ) -> httpx.Response:
        response = await self._call("POST", path, data={**fields, "_csrf_token": self.token})
        assert response.status_code in status, (self.email, path, response.status_code, response.text[:300])
        self.pages[f"{self.email} POST {path}"] = response.content
        return response

    async def sign_in(self, link: str) -> None:
        """Choose a password through the link, sign in, and (an admin) set up the authenticator."""
        await self.get(link)
        await self.post(link, {"password": PASSWORD, "confirm": PASSWORD})
        await self.get("/officers/sign-in")
        signed = await self.post("/officers/sign-in", {"email": self.email, "password": PASSWORD, "next": ""})
        if signed.headers["location"].startswith("/officers/sign-in/authenticator"):
            secret = SECRET.search(await self.get("/officers/sign-in/authenticator"))
            assert secret is not None
            code = pyotp.TOTP(secret.group(1).replace(" ", "")).now()
            await self.post("/officers/sign-in/authenticator", {"code": code}, status=(200, 303))
        assert f"Signed in as {self.email}" in await self.get("/officers")


async def theme_from_the_page(analyst: Officer, slug: str, seconds: float = 300) -> None:
    """Start a theme run from the report and reload it, as an analyst would, until it has finished."""
    await analyst.get(f"/officers/reports/{slug}")
    await analyst.post(f"/officers/reports/{slug}/theme-run", {})
    deadline = time.monotonic() + seconds
    while "finished at" not in (page := await analyst.get(f"/officers/reports/{slug}")):
        assert "did not finish" not in page, re.findall(r"The theme run .*", page)
        assert time.monotonic() < deadline, f"the theme run of {slug} did not finish in {seconds} s"
        await asyncio.sleep(1)


def readable_text(path: str, body: bytes) -> str:
    """The words in an XLSX's cells or a PDF's pages, read as tests/insight/test_exports.py reads them
    (their bytes are compressed, so searching them finds nothing); "" for any other file."""
    if urlsplit(path).path.endswith(".xlsx"):
        book = openpyxl.load_workbook(io.BytesIO(body))
        lines = [line for sheet in book.worksheets for line in sheet.iter_rows(values_only=True)]
        return "\n".join("\t".join("" if cell is None else str(cell) for cell in line) for line in lines)
    if urlsplit(path).path.endswith(".pdf"):
        pages = [page.extract_text() for page in pypdf.PdfReader(io.BytesIO(body)).pages]
        return " ".join(" ".join(pages).split())  # a detail broken over two lines reads whole
    return ""


async def review_everything(officer: Officer, slug: str) -> set[int]:
    """A survey's review pages: the queue, every theme's comments page by page, and the page of every
    comment linked from either (each shows the whole comment as stored); the answer ids opened."""
    base = f"/officers/reports/{slug}/review"
    comment_link = re.compile(rf'href="({re.escape(base)}/comments/\d+)')
    overview = await officer.get(base)
    themes = sorted(set(re.findall(rf'href="({re.escape(base)}/themes/[^"?]+)"', overview)))
    comments = set(comment_link.findall(overview))
    for theme in themes:
        page, number = await officer.get(theme), 1
        comments |= set(comment_link.findall(page))
        while 'rel="next"' in page:
            number += 1
            page = await officer.get(f"{theme}?page={number}")
            comments |= set(comment_link.findall(page))
    assert themes and comments, f"nothing to review on {base}"
    for comment in sorted(comments):
        await officer.get(comment)
    return {int(comment.rsplit("/", 1)[1]) for comment in comments}


async def publish_you_said(analyst: Officer) -> None:
    """You said, we did of both surveys; the seeded survey's theme of 12 published with every quote
    ticked as safe, so the public page shows them; then the public page."""
    await analyst.get("/officers/you-said")
    await analyst.get(f"/officers/you-said/{CANARY_SURVEY}")
    path = f"/officers/you-said/{SEEDED_SURVEY}"
    page = await analyst.get(path)
    done = dt.date.today() - dt.timedelta(days=1)
    action = {
        "summary": "Waiting for counselling was too long.",
        "action": "The partnership funded more counsellors.",
        "done-day": str(done.day), "done-month": str(done.month), "done-year": str(done.year),
        "link": "", "published": "yes",
    }  # fmt: skip
    await analyst.post(f"{path}/themes/{PUBLISHED_THEME}", action)
    quotes = re.findall(rf'id="{PUBLISHED_THEME}-quote-(\d+)"', page)
    assert quotes, "the theme of 12 offers no quote to tick"
    await analyst.post(f"{path}/themes/{PUBLISHED_THEME}/quotes", {"quote": quotes})
    await analyst.get(path)
    public = await analyst.get("/you-said-we-did")
    assert data.WAITING_QUOTE in public, "the ticked quotes are not on the public page"


async def read_comments_and_download(officer: Officer, role: str, reported_in: set[int]) -> None:
    """What an analyst or an admin may read beyond the reports: both surveys' review pages and every
    download of both reports; and, for the analyst, You said, we did."""
    for slug in (CANARY_SURVEY, SEEDED_SURVEY):
        opened = await review_everything(officer, slug)
        if slug == CANARY_SURVEY:
            # Group feedback is reviewed with survivors' feedback, in which it is reported.
            assert opened & reported_in, "no group member's comment was opened for review"
        for name, media_type in DOWNLOADS.items():
            await officer.download(f"/officers/reports/{slug}/{name}", media_type)
    if role == "analyst":
        await publish_you_said(officer)


async def officers_read_everything(
    officers: dict[str, Officer], links: dict[str, str], group: int, reported_in: set[int]
) -> None:
    """Each officer signs in, the analyst themes the canaries' survey, and each reads every page their
    role may (those who may, the review pages, You said, we did and the downloads too); all but the
    viewer sign out (so a live session is searched too)."""
    for officer in officers.values():
        await officer.sign_in(links[officer.email])
    await theme_from_the_page(officers["analyst"], CANARY_SURVEY)
    for role, officer in officers.items():
        for path in EVERY_ROLE_PAGES:
            await officer.get(path, status=422 if "channel=api" in path else 200)
        for path in ROLE_PAGES[role]:
            await officer.get(path.format(group=group))
        if role in REVIEWERS:
            await read_comments_and_download(officer, role, reported_in)
        if role != "viewer":
            await officer.post("/officers/sign-out", {})


def theme_block(page: str, label: str) -> str:
    """The part of a report page about one theme (up to the next theme or heading), as text."""
    start = rf'<div class="voices-theme">\s*<h4[^>]*>{re.escape(label)}</h4>'
    found = re.search(start + r'(.*?)(?=<div class="voices-theme">|<h[23] )', page, re.S)
    assert found is not None, f"no theme {label!r} on the page"
    return unescape(re.sub(r"<[^>]+>", " ", found.group(1)))


def reported_in_comments(database: Database) -> set[int]:
    """The ids of the group feedback form's comments (reported in survivor feedback)."""
    rows = database.rows(
        "SELECT a.id FROM answer a JOIN submission s ON s.id = a.submission "
        "JOIN survey_version v ON v.id = s.survey_version JOIN survey y ON y.id = v.survey "
        "WHERE y.slug = 'group-feedback' AND a.text IS NOT NULL"
    )
    return {answer for (answer,) in rows}


def small_theme_summaries(database: Database, threshold: int = 10) -> list[tuple[str, dict]]:
    """The survey and stored summary of every current theme that fewer than `threshold` people's
    comments are in."""
    small_runs = database.rows(
        "SELECT r.id, a.theme_key, r.survey_slug FROM theme_run r JOIN theme_assignment a ON a.theme_run = r.id "
        "JOIN answer n ON n.id = a.answer WHERE r.is_current GROUP BY r.id, a.theme_key, r.survey_slug "
        f"HAVING count(DISTINCT n.submission) < {threshold}"
    )
    small = {(run, key): slug for run, key, slug in small_runs}
    return [
        (small[run, key], json.loads(summary))
        for run, key, summary in database.rows("SELECT theme_run, theme_key, summary FROM theme_summary")
        if (run, key) in small
    ]


def small_theme_quotes(database: Database) -> list[str]:
    """The stored quotes of every current theme that fewer than 10 people's comments are in."""
    return [quote["text"] for _, summary in small_theme_summaries(database) for quote in summary["quotes"]]


def small_theme_labels(database: Database) -> dict[str, set[str]]:
    """Survey -> the names of its current themes that fewer than 10 people's comments are in."""
    labels = defaultdict(set)
    for slug, summary in small_theme_summaries(database):
        labels[slug].add(summary["label"])
    return labels


# A count from 1 to 9 (the layer shows it as "fewer than 10"), alone or said of comments or people.
SMALL = re.compile(r"[1-9]")
# How the audit log names a finished theme run, with how many comments it read (from 1 to 9).
RUN_READ = re.compile(r"theme run [\w-]+, run \d+: [1-9] comments?\b")
SMALL_SAID = re.compile(r"(?<![\d.,])[1-9] (?:comments?|people|people's|responses?|members?)\b", re.I)


def as_text(page: bytes) -> str:
    """A page as its reader sees it: tags dropped, entities read, runs of white space as one."""
    return " ".join(unescape(re.sub(r"<[^>]+>", " ", page.decode(errors="replace"))).split())


def small_counts_said(pages: dict[str, bytes]) -> list[str]:
    """Every place where a page or a download says a count from 1 to 9 of comments or people."""
    return [f"{where}: {said!r}" for where, page in pages.items() for said in SMALL_SAID.findall(as_text(page))]


def small_themes_not_as_the_layer_says(officer: Officer, slug: str, labels: set[str]) -> list[str]:
    """Where the downloads of `slug`'s report (and, for an analyst, its You said, we did) show a count
    from 1 to 9, or a theme of `labels` (each of fewer than 10 people) other than in the layer's words."""
    page = {where.split(" ", 2)[2]: body for where, body in officer.pages.items() if " GET " in where}
    base, wrong = f"/officers/reports/{slug}", []
    hidden = "fewer than 10"
    # The CSV: no figure shown as 1 to 9; each small theme's comments "fewer than 10".
    lines = list(csv.DictReader(io.StringIO(page[f"{base}/tables.csv"].decode("utf-8-sig"))))
    wrong += [f"{base}/tables.csv: {line}" for line in lines if SMALL.fullmatch(line["shown as"])]
    themes = [line for line in lines if line["table"] == "Comments in each theme" and line["column"] == "Comments"]
    counted = {line["row"]: line["shown as"] for line in themes}
    wrong += [f"{base}/tables.csv: {label}: {counted.get(label)!r}" for label in labels if counted.get(label) != hidden]
    # The workbook: no count (a number not formatted as a share) from 1 to 9; the same words.
    book = openpyxl.load_workbook(io.BytesIO(page[f"{base}/tables.xlsx"]))
    sheets = {sheet["A1"].value: list(sheet.iter_rows(min_row=4)) for sheet in book.worksheets}
    wrong += [
        f"{base}/tables.xlsx: {cell.parent.title}!{cell.coordinate} = {cell.value}"
        for rows in sheets.values() for row in rows for cell in row
        if isinstance(cell.value, (int, float)) and cell.number_format != "0%" and cell.value in range(1, 10)
    ]  # fmt: skip
    counted = {row[0].value: row[1].value for row in sheets["Comments in each theme"]}
    wrong += [
        f"{base}/tables.xlsx: {label}: {counted.get(label)!r}" for label in labels if counted.get(label) != hidden
    ]
    # The PDF's text: each small theme in its table and its section in words, never followed by 1 to 9.
    text = page[f"{base}/report.pdf, its text"].decode()
    for label in labels:
        bare = re.finditer(rf"{re.escape(label)}(?: 0)* [1-9](?![\d%.,])", text)
        wrong += [f"{base}/report.pdf: {found.group()!r}" for found in bare]
        for words in (f"Fewer than 10 comments are about {label}.", f"{label} {hidden}"):
            wrong += [] if words in text else [f"{base}/report.pdf: no {words!r}"]
    # You said, we did: a small theme cannot be published, says so, and offers no quote; an emergent
    # one (named from a few people's words) is not listed at all.
    if (you_said := page.get(f"/officers/you-said/{slug}")) is not None:
        sections = re.findall(r"<section[^>]*>\s*<h2[^>]*>([^<]*)</h2>(.*?)</section>", you_said.decode(), re.S)
        shown = {unescape(label): section for label, section in sections}
        cannot = "Fewer than 10 people's comments are in this theme, so it cannot be published."
        for label in labels:
            if (section := shown.get(label)) is None:
                wrong += [f"/officers/you-said/{slug}: {label} not in a section"] if label in as_text(you_said) else []
            elif cannot not in as_text(section.encode()) or "Size shown" in section or 'name="quote"' in section:
                wrong.append(f"/officers/you-said/{slug}: {label}: {as_text(section.encode())[:300]}")
    return wrong


def test_officers_reading_comments_and_the_audit_log_leave_no_trace_of_a_respondent(
    server: Server, database: Database, tmp_path: Path
) -> None:
    port = int(server.base_url.rsplit(":", 1)[1])
    # A group a member sends feedback to by its invite code.
    open_a_group(database, (tmp_path / "var" / "secret_key").read_text().strip())
    with respondent_client(server.base_url) as client:
        respondent = Respondent(client)

        async def wait_for_timing_check() -> None:
            assert connected_from(RESPONDENT_ADDRESS, port), "requests must really come from 127.0.0.23"
            time.sleep(1.1)

        run_async(respondent.run(wait_for_timing_check))

    async def seed() -> dict[str, str]:
        bind(engine_from_url(database.url))
        # A run of the seeded survey with a theme of 12 people (quoted) and one of 4 whose stored
        # summary holds a quote anyway: the layer, not the run, must keep it off the page.
        await data.themed_comments(data.AWARE_2025, data.AWARE_2026, data.AWARE_2026)
        return await officer_links(database.url, OFFICERS)

    links = run_async(seed())
    (group,) = database.rows("SELECT id FROM involvement_group")[0]
    reported_in = reported_in_comments(database)
    assert reported_in, "the group member's comments were not stored"
    clients = {
        role: httpx.Client(base_url=server.base_url, headers=OFFICER_HEADERS, timeout=60) for role in ROLES
    }
    officers = {role: Officer(clients[role], email) for email, role in OFFICERS.items()}
    try:
        run_async(officers_read_everything(officers, links, group, reported_in))
    finally:
        for client in clients.values():
            client.close()
    server.process.terminate()
    server.process.wait(timeout=30)  # every line the server would write is now in its output

    # The officers' side was really exercised: comments read and audited, sessions stored.
    audited = database.rows("SELECT actor, action FROM audit_event")
    assert ("ana.analyst@county.example", "comments viewed") in audited, audited
    assert ("val.viewer@county.example", "comments viewed") not in audited
    assert database.rows("SELECT count(*) FROM officer_session")[0][0] >= 1
    assert database.rows(f"SELECT count(*) FROM theme_run WHERE survey_slug = '{CANARY_SURVEY}'")[0][0] == 1

    pages = {where: page for officer in officers.values() for where, page in officer.pages.items()}
    found = search_the_database(database, tmp_path / "var")
    found |= hits({"server output": server.output.read_bytes()})
    found |= hits(pages)
    assert found == {}

    # What the layer must hide. The seeded report, for those who may read comments: the theme of 12
    # shows its quote, the theme of 4 shows its count in words and no quote.
    for role in ("admin", "analyst"):
        report = (
            officers[role].pages[f"{officers[role].email} GET /officers/reports/{SEEDED_SURVEY}"].decode()
        )
        assert data.WAITING_QUOTE in theme_block(report, "Waiting times")
        believed = theme_block(report, "Being believed")
        assert "Fewer than 10 comments are about Being believed." in believed, believed
        assert re.search(r"Comments\s+fewer than 10 ", believed), believed
        assert data.BELIEVED_QUOTE not in report
    # The downloads of both reports (as each who may export got them) and You said, we did: every
    # theme of fewer than 10 people, the seeded one of 4 and all of the canaries', is counted in the
    # layer's words, and no count from 1 to 9 is shown; nor is such a theme on the public page, which
    # shows the published theme of 12 as a band.
    small = small_theme_labels(database)
    assert SMALL_LABEL in small[SEEDED_SURVEY] and small[CANARY_SURVEY], small  # the checks below look
    shown = [
        problem
        for role in REVIEWERS
        for slug in (SEEDED_SURVEY, CANARY_SURVEY)
        for problem in small_themes_not_as_the_layer_says(officers[role], slug, small[slug])
    ]
    public = as_text(officers["analyst"].pages["ana.analyst@county.example GET /you-said-we-did"])
    assert "Waiting times 10 to 49 comments" in public, public
    shown += [f"/you-said-we-did: {label}" for labels in small.values() for label in labels if f" {label} " in public]
    # Nor does any page, download or the audit log say such a count in words.
    shown += small_counts_said(pages)
    assert shown == []

    # And on every page anyone read, the review pages aside: no quote of any current theme of fewer
    # than 10 people. (The review pages show every comment whole, whatever its themes' size, to those
    # who correct the themes: what they are for. They are searched for identifiers above.)
    quotes = small_theme_quotes(database)
    assert data.BELIEVED_QUOTE in quotes  # the check below looks where it should
    read = {where: page for where, page in pages.items() if "/review" not in where}
    assert [(q, where) for q in quotes for where, page in read.items() if q.encode() in page] == []

    # The audit log names a theme run without how many comments it read (a count the report may hide).
    audit_log = [as_text(page) for where, page in pages.items() if "/officers/admin/audit" in where]
    assert any(re.search(r"run \d+", page) for page in audit_log)  # the check below looks where it should
    assert not [said for page in audit_log for said in RUN_READ.findall(page)]


def test_in_process_officer_pages_log_nothing_identifying(database: Database, tmp_path: Path) -> None:
    """The same, in the test's own process with every logger at DEBUG and every record kept."""
    from voices.app import create_app

    var_dir = tmp_path / "var"
    var_dir.mkdir(exist_ok=True)
    prepare(server_env(database.url, var_dir))
    settings = Settings(
        database_url=database.url,
        var_dir=var_dir,
        secret_key="audit-secret-key-long-enough-for-hmac",
        surveys_dir=PROJECT_ROOT / "surveys",
        min_seconds_to_complete=1.0,
        max_request_bytes=16384,
    )
    open_a_group(database, settings.secret_key)
    app = create_app(settings)
    handler = EveryRecord()
    # Every logger that does not pass its records up gets the handler too (litestar's own, for one).
    loggers = [logging.getLogger()] + [
        logger
        for logger in logging.root.manager.loggerDict.values()
        if isinstance(logger, logging.Logger) and not logger.propagate
    ]
    levels = {logger: logger.level for logger in loggers}
    for logger in loggers:
        logger.addHandler(handler)
        logger.setLevel(logging.DEBUG)

    def client(address: str, headers: dict[str, str]) -> httpx.AsyncClient:
        transport = httpx.ASGITransport(app=app, client=(address, 50123))
        return httpx.AsyncClient(
            transport=transport, base_url="http://testserver", headers=headers, timeout=60
        )

    async def run() -> tuple[Respondent, dict[str, Officer]]:
        async with (
            app.lifespan(),
            client(RESPONDENT_ADDRESS, {"User-Agent": USER_AGENT, "Referer": REFERER}) as sent,
        ):
            respondent = Respondent(sent)
            await respondent.run(lambda: asyncio.sleep(1.1))
            await data.themed_comments(data.AWARE_2025, data.AWARE_2026, data.AWARE_2026)
            links = await officer_links(None, OFFICERS)  # the tables are bound to the app's engine
            (group,) = database.rows("SELECT id FROM involvement_group")[0]
            reported_in = reported_in_comments(database)
            clients = {role: client("127.0.0.1", OFFICER_HEADERS) for role in ROLES}
            officers = {role: Officer(clients[role], email) for email, role in OFFICERS.items()}
            try:
                await officers_read_everything(officers, links, group, reported_in)
            finally:
                for each in clients.values():
                    await each.aclose()
            return respondent, officers

    try:
        respondent, officers = run_async(run())
    finally:
        for logger, level in levels.items():
            logger.removeHandler(handler)
            logger.setLevel(level)
    assert handler.lines, "nothing was captured: the handler is not where the records go"
    pages = {where: page for officer in officers.values() for where, page in officer.pages.items()}
    found = hits({"in-process log records": "\n".join(handler.lines).encode()})
    found |= hits(pages) | hits(respondent.exports)
    found |= search_the_database(database, var_dir)
    assert found == {}
