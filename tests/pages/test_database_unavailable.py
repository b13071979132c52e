"""The database goes away (the connection cut by a proxy this test controls): every path answers
503 with Retry-After and no stack trace (the server log keeps it), and works again once the database
is back, with no restart."""

from __future__ import annotations

import asyncio
import html
import re
import threading
import time
from collections.abc import Iterator
from contextlib import contextmanager, suppress
from pathlib import Path
from urllib.parse import urlencode, urlparse

import httpx
import pytest

from tests.conftest import FIXTURE_SURVEYS
from tests.live_server import free_port, live_server, prepare, server_env

FORM = "application/x-www-form-urlencoded"
CSRF_FIELD = re.compile(r'name="_csrf_token" value="([^"]+)"')


class Proxy:
    """A TCP proxy on its own thread (the test's own code blocks while the server starts)."""

    def __init__(self, host: str, port: int) -> None:
        self.target = (host, port)
        self.port = free_port()
        self.loop = asyncio.new_event_loop()
        self.server: asyncio.Server | None = None
        self.links: set[asyncio.StreamWriter] = set()
        threading.Thread(target=self.loop.run_forever, daemon=True).start()

    def call(self, coroutine) -> None:  # type: ignore[no-untyped-def]
        asyncio.run_coroutine_threadsafe(coroutine, self.loop).result(timeout=10)

    def open(self) -> None:
        self.call(self._open())

    def cut(self) -> None:
        """Refuse new connections and break every open one, as a stopped database would."""
        self.call(self._cut())

    def stop(self) -> None:
        self.cut()
        self.loop.call_soon_threadsafe(self.loop.stop)

    async def _open(self) -> None:
        self.server = await asyncio.start_server(self._link, "127.0.0.1", self.port)

    async def _cut(self) -> None:
        if self.server is not None:
            self.server.close()
            self.server = None
        for writer in list(self.links):
            writer.transport.abort()
        self.links.clear()

    async def _link(self, client_reader: asyncio.StreamReader, client_writer: asyncio.StreamWriter) -> None:
        try:
            upstream_reader, upstream_writer = await asyncio.open_connection(*self.target)
        except OSError:
            client_writer.transport.abort()
            return
        self.links |= {client_writer, upstream_writer}
        await asyncio.gather(
            self._pipe(client_reader, upstream_writer), self._pipe(upstream_reader, client_writer)
        )

    async def _pipe(self, reader: asyncio.StreamReader, writer: asyncio.StreamWriter) -> None:
        with suppress(OSError, asyncio.IncompleteReadError):
            while data := await reader.read(65536):
                writer.write(data)
                await writer.drain()
        writer.transport.abort()


@contextmanager
def proxied(database_url: str) -> Iterator[tuple[Proxy, str]]:
    parsed = urlparse(database_url)
    proxy = Proxy(parsed.hostname or "127.0.0.1", parsed.port or 5432)
    proxy.open()
    try:
        yield proxy, parsed._replace(netloc=f"{parsed.username}@127.0.0.1:{proxy.port}").geturl()
    finally:
        proxy.stop()


def step(client: httpx.Client, page: str, action: str, **answers: str) -> httpx.Response:
    """One step of the respondent form, as a browser without JavaScript posts it."""
    hidden = [
        (n, html.unescape(v))
        for n, v in re.findall(r'<input type="hidden" name="([^"]+)" value="([^"]*)"', page)
    ]
    data = hidden + [("_action", action)] + [(f"a-{name}", value) for name, value in answers.items()]
    return client.post("/surveys/bilingual", content=urlencode(data), headers={"content-type": FORM})


def send(client: httpx.Client, form: dict) -> httpx.Response:
    body = {
        "version_id": form["version_id"],
        "form_token": form["form_token"],
        "answers": {"feel_safe": "agree"},
    }
    return client.post("/api/surveys/bilingual/responses", json=body)


def test_every_path_answers_503_while_the_database_is_away_and_recovers(
    db: str, engine_name: str, tmp_path: Path
) -> None:
    if engine_name != "postgres":
        pytest.skip("cutting the connection is PostgreSQL's failure; SQLite's file is another test")
    with proxied(db) as (proxy, url):
        env = server_env(url, tmp_path, VOICES_MIN_SECONDS_TO_COMPLETE="1")
        prepare(env, FIXTURE_SURVEYS)
        log = tmp_path / "server.log"
        with live_server(env, log) as server, httpx.Client(base_url=server.url, timeout=30) as client:
            forms = [client.get("/api/surveys/bilingual").json() for _ in range(2)]
            page = step(client, client.get("/surveys/bilingual").text, "start").text
            page = step(client, page, "next", feel_safe="agree").text
            check = step(client, step(client, page, "change:feel_safe").text, "next", feel_safe="agree").text
            sign_in = client.get("/officers/sign-in")
            token = CSRF_FIELD.search(sign_in.text)
            assert token is not None
            time.sleep(1.1)
            proxy.cut()

            response = send(client, forms[0])
            assert response.status_code == 503, response.text
            assert response.headers["retry-after"] == "30"
            assert response.json() == {"status_code": 503, "detail": response.json()["detail"]}
            assert "database" in response.json()["detail"]

            page = client.post(
                "/officers/sign-in",
                data={"email": "someone@county.example", "password": "x" * 12, "_csrf_token": token[1]},
            )
            assert page.status_code == 503 and page.headers["retry-after"] == "30"
            assert "the service is unavailable just now" in page.text and "<html" in page.text

            # The respondent's send: their answers are all still on the page to send again.
            unsent = step(client, check, "submit")
            assert unsent.status_code == 503 and "could not be saved just now" in unsent.text
            assert unsent.headers["retry-after"] == "30"
            assert 'name="a-feel_safe" value="agree"' in unsent.text

            for answer in (response.text, page.text, unsent.text):
                assert not any(
                    word in answer for word in ("Traceback", "asyncpg", "ConnectionRefused", "OSError")
                )

            proxy.open()
            deadline = time.monotonic() + 30
            while (response := send(client, forms[0])).status_code == 503 and time.monotonic() < deadline:
                time.sleep(0.5)
            assert response.status_code == 201, response.text
            assert send(client, forms[1]).status_code == 201
            # The page that came back carries a fresh token, which must be older than the minimum
            # completion time (1 s here) like any other, however soon the database came back.
            time.sleep(1.1)
            sent = step(client, unsent.text, "submit").text
            assert "Your answers have been sent" in sent, re.findall(r"error-summary__list.*?</ul>", sent, re.S)
    # The operator's log keeps what went wrong.
    assert "Traceback" in log.read_text()
