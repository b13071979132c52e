"""The anonymity audit, carried on to the officers' side (issue 9's "Done means").

A respondent sends the canary personal details from a known address and browser, as in
test_anonymity_audit.py. Then officers sign in (an admin with an authenticator, an analyst, a viewer),
an analyst themes the canaries' survey from its report page, and each officer opens every page their
role may: home, account, the reports, a refused filter, the officers and the audit log. Afterwards
every byte the app wrote (the database, every table, the audit log and sessions included; the var
directory; the server's whole output) and every officer page is searched for the respondent's address,
browser and details: zero hits. And what the disclosure layer must hide is hidden on every page: a theme
of fewer than 10 people shows no quote, and its count reads "fewer than 10".
"""

from __future__ import annotations

import asyncio
import json
import logging
import re
import time
from collections.abc import Iterator
from html import unescape
from pathlib import Path

import httpx
import pyotp
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

    async def get(self, path: str, status: int = 200) -> str:
        response = await self._call("GET", path)
        assert response.status_code == status, (self.email, path, response.status_code, response.text[:300])
        if found := CSRF_FIELD.search(response.text):
            self.token = found.group(1)
        self.pages[f"{self.email} GET {path}"] = response.content
        return response.text

    async def post(
        self, path: str, fields: dict[str, str], status: tuple[int, ...] = (303,)
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


async def officers_read_everything(officers: dict[str, Officer], links: dict[str, str], group: int) -> None:
    """Each officer signs in, the analyst themes the canaries' survey, and each reads every page their
    role may; all but the viewer sign out (so a live session is searched too)."""
    for officer in officers.values():
        await officer.sign_in(links[officer.email])
    await theme_from_the_page(officers["analyst"], CANARY_SURVEY)
    for role, officer in officers.items():
        for path in EVERY_ROLE_PAGES:
            await officer.get(path, status=422 if "channel=api" in path else 200)
        for path in ROLE_PAGES[role]:
            await officer.get(path.format(group=group))
        if role != "viewer":
            await officer.post("/officers/sign-out", {})


def theme_block(page: str, label: str) -> str:
    """The part of a report page about one theme (up to the next theme or heading), as text."""
    start = rf'<div class="voices-theme">\s*<h4[^>]*>{re.escape(label)}</h4>'
    found = re.search(start + r'(.*?)(?=<div class="voices-theme">|<h[23] )', page, re.S)
    assert found is not None, f"no theme {label!r} on the page"
    return unescape(re.sub(r"<[^>]+>", " ", found.group(1)))


def small_theme_quotes(database: Database, threshold: int = 10) -> list[str]:
    """The stored quotes of every current theme that fewer than `threshold` people's comments are in."""
    small_runs = database.rows(
        "SELECT r.id, a.theme_key FROM theme_run r JOIN theme_assignment a ON a.theme_run = r.id "
        "JOIN answer n ON n.id = a.answer WHERE r.is_current GROUP BY r.id, a.theme_key "
        f"HAVING count(DISTINCT n.submission) < {threshold}"
    )
    small = set(small_runs)
    quotes = []
    for run, key, summary in database.rows("SELECT theme_run, theme_key, summary FROM theme_summary"):
        if (run, key) in small:
            quotes += [quote["text"] for quote in json.loads(summary)["quotes"]]
    return quotes


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
    clients = {
        role: httpx.Client(base_url=server.base_url, headers=OFFICER_HEADERS, timeout=60) for role in ROLES
    }
    officers = {role: Officer(clients[role], email) for email, role in OFFICERS.items()}
    try:
        run_async(officers_read_everything(officers, links, group))
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
    # And on every page anyone read: no quote of any current theme of fewer than 10 people.
    quotes = small_theme_quotes(database)
    assert data.BELIEVED_QUOTE in quotes  # the check below looks where it should
    assert [(q, where) for q in quotes for where, page in pages.items() if q.encode() in page] == []


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
            clients = {role: client("127.0.0.1", OFFICER_HEADERS) for role in ROLES}
            officers = {role: Officer(clients[role], email) for email, role in OFFICERS.items()}
            try:
                await officers_read_everything(officers, links, group)
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
