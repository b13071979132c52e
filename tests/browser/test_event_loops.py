"""Browser tests and async tests take turns on one worker, in whatever order they come.

Playwright's sync API marks its own event loop as running in the main thread, and pytest-asyncio
cannot start a test inside it (tests/conftest.py, PlaywrightLoop). When a pytest-xdist worker
crashed in CI, its pending async tests were handed to the other worker after its browser tests,
and every one of them failed to start. This runs that order in a pytest of its own.
"""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest

from voices.settings import PROJECT_ROOT

TURNS = '''
import asyncio

import pytest


@pytest.mark.browser
def test_a_browser_test_first(browser):
    page = browser.new_page()
    page.set_content("<p>first</p>")
    assert page.text_content("p") == "first"
    page.close()


async def test_an_async_test_after_it():
    await asyncio.sleep(0)


@pytest.mark.browser
def test_a_browser_test_again(browser):
    page = browser.new_page()
    page.set_content("<p>again</p>")
    assert page.text_content("p") == "again"
    page.close()


async def test_the_session_ends_on_an_async_test():
    await asyncio.sleep(0)
'''


@pytest.mark.browser
def test_browser_and_async_tests_alternate_on_one_worker(tmp_path: Path) -> None:
    (tmp_path / "test_turns.py").write_text(TURNS)
    result = subprocess.run(
        [
            sys.executable, "-m", "pytest", "-q", "-p", "no:cacheprovider",
            "-p", "tests.conftest", "-p", "tests.browser.conftest",
            "-o", "asyncio_mode=auto",
            "-o", "asyncio_default_fixture_loop_scope=session",
            "-o", "asyncio_default_test_loop_scope=session",
            "test_turns.py",
        ],
        cwd=tmp_path,
        # Not a worker of this run: its faulthandler file would land in this run's directory.
        env={**{k: v for k, v in os.environ.items() if not k.startswith("PYTEST_XDIST")}, "PYTHONPATH": str(PROJECT_ROOT)},
        capture_output=True,
        text=True,
        timeout=300,
    )
    assert result.returncode == 0, result.stdout + result.stderr
    assert "4 passed" in result.stdout and "error" not in result.stdout.lower(), result.stdout
