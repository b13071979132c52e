"""SQLite's file cannot be written (a read-only mount, a wrong owner after a restore): sending is
refused clearly (503, Retry-After, no stack trace) by the API and by the respondent pages alike,
nothing is acknowledged, and once the file can be written again a restarted server takes the same
answers.

The file is made immutable (`chattr +i`), which stops even root, as the suite runs here, from
writing it, with no mount needed; SQLite then opens it read-only, as it would on a read-only mount.
"""

from __future__ import annotations

import asyncio
import os
import shutil
import subprocess
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

import httpx
import pytest

from tests.conftest import FIXTURE_SURVEYS
from tests.live_server import database_of_its_own, live_server, prepare, server_env
from tests.surveys.test_crash import stored_submissions
from tests.surveys.test_disk_full import answers_of, check_page, page_step


@contextmanager
def immutable(path: Path) -> Iterator[None]:
    subprocess.run(["chattr", "+i", str(path)], check=True)
    try:
        yield
    finally:
        subprocess.run(["chattr", "-i", str(path)], check=True)


async def send_one(server_url: str) -> httpx.Response:
    async with httpx.AsyncClient(base_url=server_url, timeout=30) as client:
        form = (await client.get("/api/surveys/bilingual")).json()
        await asyncio.sleep(1.1)  # past the minimum completion time
        body = {"version_id": form["version_id"], "form_token": form["form_token"], "answers": answers_of(0)}
        return await client.post("/api/surveys/bilingual/responses", json=body)


async def send_one_page(server_url: str) -> httpx.Response:
    """One send from the respondent pages, as a browser without JavaScript makes it."""
    async with httpx.AsyncClient(base_url=server_url, timeout=30) as client:
        page = await check_page(client, answers_of(1))
        await asyncio.sleep(1.1)  # past the minimum completion time
        return await page_step(client, page, "submit")


async def test_a_read_only_database_file_refuses_clearly_and_takes_answers_once_writable(
    db: str, engine_name: str, tmp_path: Path
) -> None:
    with database_of_its_own(db, tmp_path) as url:
        if engine_name != "sqlite":
            pytest.skip("a read-only file is SQLite's; PostgreSQL's storage is its own server's")
        if (os.geteuid() != 0 or shutil.which("chattr") is None) and not os.environ.get("CI"):
            pytest.skip("needs root and chattr to make the file immutable")
        env = server_env(url, tmp_path, VOICES_MIN_SECONDS_TO_COMPLETE="1")
        prepare(env, FIXTURE_SURVEYS)
        with immutable(tmp_path / "own.sqlite"):
            with live_server(env, tmp_path / "server.log") as server:
                refusal = await send_one(server.url)
                unsent = await send_one_page(server.url)
        assert refusal.status_code == 503 and refusal.headers["retry-after"] == "30", refusal.text
        assert "database" in refusal.json()["detail"] and "Traceback" not in refusal.text
        assert unsent.status_code == 503 and unsent.headers["retry-after"] == "30", unsent.text
        assert "could not be saved just now" in unsent.text and "Traceback" not in unsent.text
        assert await stored_submissions() == {}

        with live_server(env, tmp_path / "server.log") as server:
            accepted = await send_one(server.url)
        assert accepted.status_code == 201, accepted.text
        assert len(await stored_submissions()) == 1
