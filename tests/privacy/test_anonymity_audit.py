"""Anonymity audit: a respondent's address, browser and personal details are found nowhere.

The real server runs as `voices serve`, as an operator would run it. Requests come from a known
loopback address (127.0.0.23) with a distinctive User-Agent and Referer and carry canary personal
details in free text, through the form and the API and through a survivor group's invite code (the
code typed is a canary too: only its keyed hash may be stored), along with the error paths (404,
405, 413, 422, malformed JSON, wrong invite codes). The same is then done in-process with every Python log record captured. Then the
bytes of everything the app wrote are searched: the SQLite file and its WAL (or a pg_dump), every
file under the var directory, the server's whole output, the captured log records, and the API's
responses (its only export so far). Every count must be zero.
"""

from __future__ import annotations

import asyncio
import dataclasses
import json
import logging
import os
import re
import sqlite3
import subprocess
import sys
import time
from collections.abc import Iterator
from pathlib import Path
from urllib.parse import urlencode

import asyncpg
import httpx
import pytest

from tests.conftest import file_bytes, fresh_postgres_database, run_async
from tests.live_server import live_server, prepare, server_env
from tests.surveys.test_web import hidden_fields
from voices.settings import PROJECT_ROOT, Settings

VOICES = Path(sys.executable).parent / "voices"
RESPONDENT_ADDRESS = "127.0.0.23"
USER_AGENT = "Mozilla/5.0 (X11; Linux x86_64) voices-audit-ua-7c41"
REFERER = "https://referrer-canary.example/private/page-8d1c"
NAME, EMAIL = "Ermintrude Fazackerley", "ermintrude.fazackerley@example.org"
PHONE, POSTCODE, NHS_NUMBER = "07700 900461", "HR1 2PJ", "485 777 3457"
# In no list the redactor reads (the first name, the surname's first half and the venue's name are
# in neither Faker's locales nor the gazetteer), and written with no cue word before them.
OTHER_NAME, VENUE = "Tunrayo Przybyszewicz-Ojo", "Kestrelmoor Boxing Gym"

# Written the way respondents write: the details come with the words that introduce them.
CANARY_TEXTS = {
    "awareness": {
        "anything_else": f"My name is {NAME}, ring me on {PHONE} or email {EMAIL}. "
        f"I live at {POSTCODE} and my NHS number is {NHS_NUMBER}.",
    },
    "survivor-feedback": {
        "what_helped": f"My ISVA was brilliant. I am on {PHONE}, email {EMAIL}, postcode {POSTCODE}.",
        "what_did_not_help": f"The GP lost my notes. My NHS number is {NHS_NUMBER}. My name is {NAME}. "
        f"The first person I told was {OTHER_NAME} at the {VENUE}, and she believed me.",
    },
}

# A group member types this code at /groups (its keyed hash is stored by open_a_group) and sends these.
INVITE_CODE = "KT7-9QM"
GROUP_TEXTS = {
    "what_helped": f"My ISVA rang me back. My name is {NAME}, I am on {PHONE}, email {EMAIL}.",
    "what_did_not_help": f"Waiting at {VENUE} with {OTHER_NAME}. Postcode {POSTCODE}, NHS number {NHS_NUMBER}.",
}

# Each needle is searched for case-insensitively in every haystack; every count must be zero.
NEEDLES = {
    "invite code": [INVITE_CODE, INVITE_CODE.replace("-", "")],
    "address": [RESPONDENT_ADDRESS],
    "user agent": [USER_AGENT, "voices-audit-ua-7c41"],
    "referer": [REFERER, "referrer-canary", "page-8d1c"],
    "name": [NAME, "Ermintrude", "Fazackerley", OTHER_NAME, "Tunrayo", "Przybyszewicz"],
    "venue": [VENUE, "Kestrelmoor"],
    "email": [EMAIL],
    "phone": [PHONE, PHONE.replace(" ", ""), "900461"],
    "postcode": [POSTCODE, POSTCODE.replace(" ", "")],
    "NHS number": [NHS_NUMBER, NHS_NUMBER.replace(" ", "")],
}


def test_the_canary_nhs_number_is_valid() -> None:
    """A number failing its checksum would be left alone by a good redactor, proving nothing."""
    digits = [int(d) for d in NHS_NUMBER.replace(" ", "")]
    check = 11 - sum(d * (10 - i) for i, d in enumerate(digits[:9])) % 11
    assert (0 if check == 11 else check) == digits[9]


def test_a_phone_remnant_is_found_and_a_stored_time_is_not() -> None:
    stored = {"remnant": b"ring 07700 [phone] or 900461", "time": b"2026-12-02 12:01:05.900461+00", "longer": b"79004612"}
    assert hits(stored) == {"phone ('900461') in remnant": 1}
    assert hits({"whole": b'"07700 900461"'}) == {"phone ('07700 900461') in whole": 1, "phone ('900461') in whole": 1}


def hits(haystacks: dict[str, bytes]) -> dict[str, int]:
    found: dict[str, int] = {}
    for where, haystack in haystacks.items():
        lowered = haystack.lower()
        for what, needles in NEEDLES.items():
            for needle in needles:
                if count := len(_pattern(needle).findall(lowered)):
                    found[f"{what} ({needle!r}) in {where}"] = count
    return found


def _pattern(needle: str) -> re.Pattern[bytes]:
    """A needle as stored; a run of digits alone ("900461", a phone's remnant) only where it is a
    number of its own: not inside a longer one, nor the microseconds of a stored time
    ("12:01:05.900461") or the decimals of a score, which it would match one run in thousands."""
    escaped = re.escape(needle.lower().encode())
    return re.compile(rb"(?<![\d.])" + escaped + rb"(?!\d)" if needle.isdigit() else escaped)


# The database under test -------------------------------------------------------------------------


@dataclasses.dataclass
class Database:
    url: str
    pg_name: str | None = None

    def dump(self) -> dict[str, bytes]:
        """Every byte the database holds, as files or as a data dump."""
        if self.pg_name is None:
            path = Path(self.url.removeprefix("sqlite:///"))
            return {p.name: file_bytes(p) for p in path.parent.glob(path.name + "*")}
        dump = subprocess.run(
            ["pg_dump", "--data-only", "-h", "127.0.0.1", "-U", "postgres", "-d", self.pg_name],
            check=True, capture_output=True,
        )
        assert b"COPY public.answer" in dump.stdout
        return {"pg_dump --data-only": dump.stdout}

    def rows(self, query: str) -> list[tuple]:
        if self.pg_name is None:
            with sqlite3.connect(self.url.removeprefix("sqlite:///")) as connection:
                return connection.execute(query).fetchall()

        async def fetch() -> list[tuple]:
            connection = await asyncpg.connect(self.url)
            try:
                return [tuple(record) for record in await connection.fetch(query)]
            finally:
                await connection.close()

        return run_async(fetch())


@pytest.fixture(params=["sqlite", "postgres"])
def database(request: pytest.FixtureRequest, tmp_path: Path) -> Iterator[Database]:
    if request.param == "sqlite":
        yield Database(f"sqlite:///{tmp_path / 'var' / 'voices.sqlite'}")
        return
    with fresh_postgres_database("voices_audit") as (url, name):
        yield Database(url, pg_name=name)


# The real server ---------------------------------------------------------------------------------


@dataclasses.dataclass
class Server:
    base_url: str
    process: subprocess.Popen[bytes]
    output: Path


@pytest.fixture
def server(database: Database, tmp_path: Path) -> Iterator[Server]:
    var_dir = tmp_path / "var"
    var_dir.mkdir(exist_ok=True)
    env = server_env(
        database.url, var_dir,
        VOICES_MIN_SECONDS_TO_COMPLETE="1", VOICES_MAX_REQUEST_BYTES="16384", PYTHONUNBUFFERED="1",
    )
    output = tmp_path / "server-output.log"
    # Everything the server and its set-up commands print is searched afterwards.
    prepare(env, log=output)
    with live_server(env, output) as live:
        yield Server(live.url, live.process, output)


def respondent_client(base_url: str) -> httpx.Client:
    return httpx.Client(
        base_url=base_url,
        transport=httpx.HTTPTransport(local_address=RESPONDENT_ADDRESS),
        headers={"User-Agent": USER_AGENT, "Referer": REFERER},
        timeout=60,
    )


def connected_from(address: str, port: int) -> bool:
    """Whether a TCP connection from `address` to `port` is open now (read from /proc/net/tcp)."""
    local = "".join(f"{int(part):02X}" for part in reversed(address.split(".")))
    for line in Path("/proc/net/tcp").read_text().splitlines()[1:]:
        fields = line.split()
        source, destination = fields[1], fields[2]
        if source.startswith(local + ":") and int(destination.split(":")[1], 16) == port:
            return True
    return False


# What a respondent does --------------------------------------------------------------------------


class Respondent:
    """Sends the canaries through every path a respondent (or a probing script) might use."""

    def __init__(self, client: httpx.Client | httpx.AsyncClient) -> None:
        self.client = client
        self.exports: dict[str, bytes] = {}

    async def _call(self, method: str, url: str, **kwargs: object) -> httpx.Response:
        response = self.client.request(method, url, **kwargs)
        if not isinstance(response, httpx.Response):
            response = await response
        return response

    async def run(self, wait_for_timing_check: object) -> None:
        forms = {}
        for slug, texts in CANARY_TEXTS.items():
            start = await self._call("GET", f"/surveys/{slug}")
            assert start.status_code == 200
            api = await self._call("GET", f"/api/surveys/{slug}")
            self.exports[f"GET /api/surveys/{slug}"] = api.content
            forms[slug] = (hidden_fields(start.text), api.json())
        self.exports["GET /api/surveys"] = (await self._call("GET", "/api/surveys")).content
        self.exports["GET /schema/openapi.json"] = (await self._call("GET", "/schema/openapi.json")).content

        await wait_for_timing_check()  # the form tokens must be older than the minimum completion time
        await self.error_paths(forms["awareness"][1])

        for slug, texts in CANARY_TEXTS.items():
            carried, api_form = forms[slug]
            await self.send_by_form(slug, carried, texts)
            body = {"version_id": api_form["version_id"], "form_token": api_form["form_token"], "answers": texts}
            response = await self._call("POST", f"/api/surveys/{slug}/responses", json=body)
            assert response.status_code == 201, response.text
            self.exports[f"POST /api/surveys/{slug}/responses"] = response.content
        await self.send_as_group_member(wait_for_timing_check)

    async def send_as_group_member(self, wait_for_timing_check: object) -> None:
        """A wrong code, then the right one typed as a member might, then the group form."""
        form = {"content-type": "application/x-www-form-urlencoded"}
        wrong = await self._call("POST", "/groups", content=urlencode([("code", "ACD-EFG")]), headers=form)
        assert wrong.status_code == 400, wrong.text[:300]
        start = await self._call("POST", "/groups", content=urlencode([("code", INVITE_CODE.lower())]), headers=form)
        assert start.status_code == 200 and 'action="/groups"' in start.text, start.text[:500]
        await wait_for_timing_check()
        fields = [f for f in hidden_fields(start.text) if f[0] != "_step"] + [("_step", "service"), ("_return", "check")]
        fields += [("a-service", "isva")] + [(f"a-{qid}", text) for qid, text in GROUP_TEXTS.items()]
        check = await self._call("POST", "/groups", content=urlencode(fields + [("_action", "next")]), headers=form)
        assert check.status_code == 200 and "Check your answers" in check.text, check.text[:500]
        sent = await self._call(
            "POST", "/groups", content=urlencode(hidden_fields(check.text) + [("_action", "submit")]), headers=form
        )
        assert "Your answers have been sent" in sent.text, sent.text[:500]

    async def send_by_form(self, slug: str, carried: list[tuple[str, str]], texts: dict[str, str]) -> None:
        last = list(texts)[-1]
        fields = [f for f in carried if f[0] != "_step"] + [("_step", last), ("_return", "check")]
        fields += [(f"a-{qid}", text) for qid, text in texts.items()]
        form = {"content-type": "application/x-www-form-urlencoded"}
        check = await self._call("POST", f"/surveys/{slug}", content=urlencode(fields + [("_action", "next")]), headers=form)
        assert check.status_code == 200 and "Check your answers" in check.text, check.text[:500]
        sent = await self._call(
            "POST", f"/surveys/{slug}", content=urlencode(hidden_fields(check.text) + [("_action", "submit")]), headers=form
        )
        assert "Your answers have been sent" in sent.text, sent.text[:500]

    async def error_paths(self, api_form: dict) -> None:
        """Each error a respondent or a script can cause, carrying the canaries where it can."""
        slug_of_name = NAME.lower().replace(" ", "-")
        form = {"content-type": "application/x-www-form-urlencoded"}
        expected = [
            (404, "GET", f"/surveys/{slug_of_name}", {}),
            (404, "GET", f"/api/surveys/{slug_of_name}", {}),
            (404, "GET", f"/{EMAIL}", {}),
            (405, "PUT", "/api/surveys", {"content": NAME.encode()}),
            (400, "POST", "/api/surveys/awareness/responses",
             {"content": json.dumps({NAME: PHONE}).encode(), "headers": {"content-type": "application/json"}}),
            (400, "POST", "/api/surveys/awareness/responses",
             {"content": b'{"answers": {"anything_else": "' + NAME.encode(), "headers": {"content-type": "application/json"}}),
            (422, "POST", "/api/surveys/awareness/responses",
             {"json": {"version_id": api_form["version_id"], "form_token": api_form["form_token"], "answers": {NAME: EMAIL}}}),
            (422, "POST", "/api/surveys/awareness/responses",
             {"json": {"version_id": api_form["version_id"], "form_token": f"{NAME}.1.x", "answers": {}}}),
            (422, "POST", "/surveys/awareness",
             {"content": urlencode([("_step", "anything_else"), ("_action", "next"), ("a-anything_else", NAME * 200)]), "headers": form}),
            (400, "POST", "/surveys/awareness",
             {"content": urlencode([("_action", "next"), ("website", EMAIL), ("a-anything_else", NAME)]), "headers": form}),
            (413, "POST", "/api/surveys/awareness/responses",
             {"content": json.dumps({"answers": {"anything_else": NAME * 1000}}).encode(), "headers": {"content-type": "application/json"}}),
        ]
        for status, method, url, kwargs in expected:
            response = await self._call(method, url, **kwargs)
            assert response.status_code == status, (method, url, response.status_code, response.text[:300])


def open_a_group(database: Database, secret_key: str) -> None:
    """A facilitator's group with INVITE_CODE, stored as the app stores it: by its keyed hash only."""
    from voices.groups.codes import code_hash, code_key, normalise

    canonical = normalise(INVITE_CODE)
    assert canonical is not None
    digest = code_hash(code_key(secret_key), canonical)
    later = "2099-01-01T00:00:00+00:00"
    for statement in (
        (
            "INSERT INTO officer (email, role, active, session_epoch, created_at) "
            f"VALUES ('facilitator@county.example', 'facilitator', true, 0, '{later}')"
        ),
        f"INSERT INTO involvement_group (name, facilitator, created_at) SELECT 'Audit group', id, '{later}' FROM officer",
        (
            "INSERT INTO invite_code (involvement_group, code_hash, expires_at, max_uses, uses, revoked, created_at) "
            f"SELECT id, '{digest}', '{later}', 5, 0, false, '{later}' FROM involvement_group"
        ),
    ):
        database.rows(statement)


def search_the_database(database: Database, var_dir: Path) -> dict[str, int]:
    stored = database.dump()
    stored |= {f"var/{p.relative_to(var_dir)}": p.read_bytes() for p in var_dir.rglob("*") if p.is_file()}
    return hits(stored)


def submitted_on_values(database: Database) -> list[object]:
    return [row[0] for row in database.rows("SELECT submitted_on FROM submission")]


def time_columns(database: Database) -> list[tuple]:
    """Columns of respondent tables that could hold a time of day."""
    tables = ("submission", "answer", "spent_form_token")
    if database.pg_name is None:
        return [
            (table, row[1], row[2])
            for table in tables
            for row in database.rows(f"PRAGMA table_info({table})")
            if re.search(r"TIME", row[2], re.I)
        ]
    return database.rows(
        "SELECT table_name, column_name, data_type FROM information_schema.columns "
        f"WHERE table_name IN {tables} AND (data_type LIKE '%time%' OR data_type = 'interval')"
    )


# The audit -----------------------------------------------------------------------------------------


def test_real_server_stores_and_logs_nothing_that_identifies_a_respondent(
    server: Server, database: Database, tmp_path: Path
) -> None:
    port = int(server.base_url.rsplit(":", 1)[1])
    open_a_group(database, (tmp_path / "var" / "secret_key").read_text().strip())
    with respondent_client(server.base_url) as client:
        respondent = Respondent(client)

        async def wait_for_timing_check() -> None:
            assert connected_from(RESPONDENT_ADDRESS, port), "requests must really come from 127.0.0.23"
            time.sleep(2.1)

        run_async(respondent.run(wait_for_timing_check))
    server.process.terminate()
    server.process.wait(timeout=30)  # every line the server would write is now in its output

    output = server.output.read_bytes()
    assert b"Application startup complete" in output  # the output really is the server's
    # Not one line per request, so not even a log line's own timestamp dates a respondent's visit.
    lines = output.splitlines()
    started = next(i for i, line in enumerate(lines) if b"Application startup complete" in line)
    stopping = next(i for i, line in enumerate(lines) if b"Shutting down" in line)
    assert [line for line in lines[started + 1 : stopping] if b"Uvicorn running on" not in line] == []
    found = search_the_database(database, tmp_path / "var")
    found |= hits({"server output": output})
    found |= hits(respondent.exports)
    assert found == {}

    submitted = submitted_on_values(database)
    assert len(submitted) == 2 * len(CANARY_TEXTS) + 1  # and the group member's
    assert all(re.fullmatch(r"\d{4}-\d{2}-\d{2}", str(value)) for value in submitted), submitted
    assert time_columns(database) == []


class EveryRecord(logging.Handler):
    def __init__(self) -> None:
        super().__init__(level=logging.DEBUG)
        self.formatter = logging.Formatter("%(asctime)s %(levelname)s %(name)s %(message)s")
        self.lines: list[str] = []

    def emit(self, record: logging.LogRecord) -> None:
        # httpx and httpcore here are the test's own client, logging the URLs it asked for.
        if not record.name.startswith(("httpx", "httpcore")):
            self.lines.append(self.format(record))  # format() includes any traceback


def test_in_process_logging_at_every_level_records_nothing_identifying(database: Database, tmp_path: Path) -> None:
    from voices.app import create_app

    var_dir = tmp_path / "var"
    var_dir.mkdir(exist_ok=True)
    for command in (["migrate"], ["surveys", "load"]):
        subprocess.run(
            [str(VOICES), *command], env={**os.environ, "VOICES_DATABASE_URL": database.url, "VOICES_VAR_DIR": str(var_dir)},
            check=True, capture_output=True,
        )
    settings = Settings(
        database_url=database.url, var_dir=var_dir, secret_key="audit-secret-key-long-enough-for-hmac",
        surveys_dir=PROJECT_ROOT / "surveys", min_seconds_to_complete=1.0, max_request_bytes=16384,
    )
    app = create_app(settings)
    open_a_group(database, settings.secret_key)
    handler = EveryRecord()
    # Every logger that does not pass its records up gets the handler too (litestar's own, for one).
    loggers = [logging.getLogger()] + [
        logger for logger in logging.root.manager.loggerDict.values()
        if isinstance(logger, logging.Logger) and not logger.propagate
    ]
    levels = {logger: logger.level for logger in loggers}
    for logger in loggers:
        logger.addHandler(handler)
        logger.setLevel(logging.DEBUG)

    async def run() -> Respondent:
        transport = httpx.ASGITransport(app=app, client=(RESPONDENT_ADDRESS, 50123))
        async with app.lifespan(), httpx.AsyncClient(
            transport=transport, base_url="http://testserver", headers={"User-Agent": USER_AGENT, "Referer": REFERER}
        ) as client:
            respondent = Respondent(client)
            await respondent.run(lambda: asyncio.sleep(2.1))
            return respondent

    try:
        respondent = run_async(run())
    finally:
        for logger, level in levels.items():
            logger.removeHandler(handler)
            logger.setLevel(level)
    assert handler.lines, "nothing was captured: the handler is not where the records go"
    found = hits({"in-process log records": "\n".join(handler.lines).encode()})
    found |= hits(respondent.exports)
    found |= search_the_database(database, var_dir)
    assert found == {}
    assert len(submitted_on_values(database)) == 2 * len(CANARY_TEXTS) + 1
