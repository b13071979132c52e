"""The real server in a subprocess, Debian's Chromium on a phone-sized screen, and a record of
every request the browser makes.

The browser tests are plain `def` functions: Playwright's sync API runs its own event loop and
refuses to start inside a running one, and pytest-asyncio only runs a loop for `async def` tests.
"""

from __future__ import annotations

import asyncio
import os
import shutil
import socket
import subprocess
import tempfile
import threading
import time
import urllib.error
import urllib.request
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from http.server import ThreadingHTTPServer
from pathlib import Path

import pytest
from playwright.sync_api import Browser, BrowserContext, Page, Playwright, Request, sync_playwright

from tests.browser.harness import (
    AXE_PATH,
    AXE_SCRIPT,
    BIN,
    CHROMIUM,
    CHROMIUM_ARGS,
    FIXTURE_SURVEYS,
    MIN_SECONDS_TO_COMPLETE,
    PHONE,
    SHIPPED_SURVEYS,
    NeutralSite,
    Server,
    off_site_requests,
)
from tests.conftest import PlaywrightLoop
from voices.settings import PROJECT_ROOT


def _free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


@pytest.fixture(scope="session")
def neutral_site() -> Iterator[str]:
    # A local stand-in rather than page.route() on the real default: with this Chromium,
    # route() never sees the redirect from /exit when a script started the navigation (Shift
    # three times) or page.goto did, so the browser would try to reach the real site.
    httpd = ThreadingHTTPServer(("127.0.0.1", 0), NeutralSite)
    thread = threading.Thread(target=httpd.serve_forever, daemon=True)
    thread.start()
    yield f"http://127.0.0.1:{httpd.server_port}/weather"
    httpd.shutdown()
    httpd.server_close()


@pytest.fixture(scope="session")
def server(request: pytest.FixtureRequest, neutral_site: str) -> Iterator[Server]:
    """The server most browser tests share; a module whose data would disturb others starts its own
    with `running_server` (a fixture of the same name at module scope)."""
    with running_server(request, neutral_site) as started:
        yield started


@contextmanager
def running_server(request: pytest.FixtureRequest, neutral_site: str) -> Iterator[Server]:
    """`voices migrate`, `voices surveys load`, `voices serve` on a fresh SQLite file and port."""
    # Not tmp_path_factory: another pytest session on this machine may prune its directories
    # while this one is still serving from there.
    var_dir = Path(tempfile.mkdtemp(prefix="voices-browser-"))
    port = _free_port()
    env = {
        **os.environ,
        "VOICES_VAR_DIR": str(var_dir),
        "VOICES_DATABASE_URL": f"sqlite:///{var_dir / 'voices.sqlite'}",
        "VOICES_MIN_SECONDS_TO_COMPLETE": str(MIN_SECONDS_TO_COMPLETE),
        "VOICES_EXIT_URL": neutral_site,
        # One browser posts every step of every test from one address.
        "VOICES_RATE_LIMIT_POSTS": "100000",
        # No scheduled jobs, as tests/live_server.py: the theming job, due every 30 minutes of the
        # clock, would theme a test's seeded comments again under it (seen at 00:00 UTC).
        "VOICES_JOBS": "0",
    }
    # The shipped surveys and the bilingual fixture (it has the number question), in one load.
    surveys_dir = var_dir / "surveys"
    surveys_dir.mkdir()
    for definition in [*SHIPPED_SURVEYS.glob("*.yaml"), FIXTURE_SURVEYS / "bilingual.yaml"]:
        shutil.copy(definition, surveys_dir)
    env["VOICES_SURVEYS_DIR"] = str(surveys_dir)
    log = var_dir / "server.log"
    with log.open("ab") as out:
        for command in (["migrate"], ["surveys", "load"]):
            subprocess.run([BIN / "voices", *command], env=env, stdout=out, stderr=out, check=True, cwd=PROJECT_ROOT)
        process = subprocess.Popen(
            [BIN / "voices", "serve", "--port", str(port)], env=env, stdout=out, stderr=out, cwd=PROJECT_ROOT
        )
    base_url = f"http://127.0.0.1:{port}"
    try:
        _wait_until_answering(base_url, process, log)
        yield Server(base_url=base_url, exit_url=neutral_site, log=log)
    finally:
        process.terminate()
        try:
            process.wait(timeout=15)
        except subprocess.TimeoutExpired:
            process.kill()
            process.wait()
        if request.session.testsfailed:
            print(f"\nbrowser tests: server log kept at {log}")
        else:
            shutil.rmtree(var_dir, ignore_errors=True)


def _wait_until_answering(base_url: str, process: subprocess.Popen[bytes], log: Path) -> None:
    deadline = time.monotonic() + 90  # the redaction pipeline loads before the first request
    while time.monotonic() < deadline:
        if process.poll() is not None:
            pytest.fail(f"voices serve exited with {process.returncode}:\n{log.read_text()}")
        try:
            with urllib.request.urlopen(base_url + "/", timeout=2) as response:
                if response.status == 200:
                    return
        except (urllib.error.URLError, ConnectionError, TimeoutError):
            time.sleep(0.2)
    pytest.fail(f"voices serve did not answer within 90 seconds:\n{log.read_text()}")


@pytest.fixture(scope="session")
def playwright() -> Iterator[Playwright]:
    with sync_playwright() as p:
        PlaywrightLoop.loop = asyncio.events._get_running_loop()  # noqa: SLF001 - tests/conftest.py
        yield p
        PlaywrightLoop.resume()  # the session may end on a test that is not a browser test
    PlaywrightLoop.pause()
    PlaywrightLoop.loop = None


@pytest.fixture(scope="session")
def browser(playwright: Playwright) -> Iterator[Browser]:
    browser = playwright.chromium.launch(executable_path=CHROMIUM, headless=True, args=CHROMIUM_ARGS)
    yield browser
    PlaywrightLoop.resume()
    browser.close()


@pytest.fixture
def new_context(browser: Browser, server: Server) -> Iterator[Callable[..., BrowserContext]]:
    """Open a phone-sized context (JavaScript on unless told); every request is recorded and,
    when the test ends, checked: nothing may go anywhere but the app."""
    contexts: list[BrowserContext] = []
    requests: list[Request] = []

    def open_context(javascript: bool = True) -> BrowserContext:
        context = browser.new_context(viewport=PHONE, java_script_enabled=javascript, locale="en-GB")
        context.set_default_timeout(15_000)
        context.on("request", lambda request: requests.append(request))
        context.route(
            server.url(AXE_PATH),
            lambda route: route.fulfill(path=AXE_SCRIPT, content_type="application/javascript"),
        )
        contexts.append(context)
        return context

    yield open_context
    for context in contexts:
        context.close()
    problems = off_site_requests(server, requests)
    assert not problems, "requests left the app:\n" + "\n".join(problems)


@pytest.fixture
def page(new_context: Callable[..., BrowserContext]) -> Page:
    return new_context().new_page()


@pytest.fixture
def page_without_js(new_context: Callable[..., BrowserContext]) -> Page:
    return new_context(javascript=False).new_page()
