"""SQLite's disk fills up under the server: sending is refused clearly (503, Retry-After, no stack
trace) by the API and by the respondent pages alike, nothing is acknowledged that was not stored,
and a restart with room again loses nothing.

The disk is "filled" with a file-size limit on the server process (RLIMIT_FSIZE): past it every
write fails as on a full disk (Python ignores SIGXFSZ), with no root and no mount needed.
"""

from __future__ import annotations

import asyncio
import html
import re
import resource
from pathlib import Path
from urllib.parse import urlencode

import httpx
import pytest

from tests.conftest import FIXTURE_SURVEYS
from tests.live_server import database_of_its_own, live_server, prepare, server_env
from tests.surveys.test_crash import LIKERT, stored_submissions

ROOM = 3 * 1024 * 1024  # bytes any one file of the server may grow to
AGES = ["under_25", "from_25", "prefer_not_to_say"]
TRIES = len(LIKERT) * 32 * len(AGES)  # answers tell this many submissions apart
COMMENT = "More lighting and patrols please. " * 14
PAGE_TRIES = 5  # respondent pages' sends tried once the API is refused (the first is refused here)
HIDDEN = re.compile(r'<input type="hidden" name="([^"]+)" value="([^"]*)"')
SENT = "Your answers have been sent"


def answers_of(n: int) -> dict[str, object]:
    return {
        "feel_safe": LIKERT[n % len(LIKERT)],
        "nights_out": n // len(LIKERT) % 32,
        "age_band": AGES[n // (len(LIKERT) * 32)],
        "comments": COMMENT,
    }


def key(answers: dict[str, object]) -> tuple[str, int, str]:
    return str(answers["feel_safe"]), int(str(answers["nights_out"])), str(answers["age_band"])


async def page_step(
    client: httpx.AsyncClient, page: str, action: str, answers: dict[str, object] | None = None
) -> httpx.Response:
    """One step of the respondent pages, posted as a browser without JavaScript posts it."""
    hidden = [(name, html.unescape(value)) for name, value in HIDDEN.findall(page)]
    typed = [(f"a-{question}", str(value)) for question, value in (answers or {}).items()]
    data = [*hidden, ("_action", action), *typed]
    content_type = {"content-type": "application/x-www-form-urlencoded"}
    return await client.post("/surveys/bilingual", content=urlencode(data), headers=content_type)


async def check_page(client: httpx.AsyncClient, answers: dict[str, object]) -> str:
    """The respondent pages' last step, every answer on it, ready to send (nothing stored yet)."""
    page = (await client.get("/surveys/bilingual")).text
    page = (await page_step(client, page, "start")).text
    page = (await page_step(client, page, "next", answers)).text
    page = (await page_step(client, page, "change:feel_safe")).text
    page = (await page_step(client, page, "next", answers)).text
    assert 'value="submit"' in page and 'name="a-age_band"' in page, page
    return page


def a_small_disk() -> None:
    resource.setrlimit(resource.RLIMIT_FSIZE, (ROOM, ROOM))


async def test_a_full_disk_refuses_clearly_and_acknowledges_only_what_was_stored(
    db: str, engine_name: str, tmp_path: Path
) -> None:
    with database_of_its_own(db, tmp_path) as url:
        if engine_name != "sqlite":
            pytest.skip("a full disk under PostgreSQL is the database server's; this is SQLite's own file")
        env = server_env(url, tmp_path, VOICES_MIN_SECONDS_TO_COMPLETE="1", VOICES_RATE_LIMIT_POSTS="100000")
        prepare(env, FIXTURE_SURVEYS)
        acknowledged: set[tuple[str, int, str]] = set()
        refusal: httpx.Response | None = None
        with live_server(env, tmp_path / "server.log", before_start=a_small_disk) as server:
            async with httpx.AsyncClient(base_url=server.url, timeout=30) as client:
                pages = [(n, await check_page(client, answers_of(n))) for n in range(PAGE_TRIES)]
                forms = [(await client.get("/api/surveys/bilingual")).json() for _ in range(TRIES)]
                await asyncio.sleep(1.1)  # past the minimum completion time
                for n, form in enumerate(forms):
                    body = {
                        "version_id": form["version_id"],
                        "form_token": form["form_token"],
                        "answers": answers_of(n),
                    }
                    response = await client.post("/api/surveys/bilingual/responses", json=body)
                    if response.status_code == 201:
                        acknowledged.add(key(body["answers"]))
                        continue
                    refusal = response
                    break
                # The respondent pages' send, on the same full disk: refused the same way, with the
                # answers back on the page to send again.
                unsent: httpx.Response | None = None
                for n, page in pages:
                    response = await page_step(client, page, "submit")
                    if SENT in response.text:
                        acknowledged.add(key(answers_of(n)))
                        continue
                    unsent = response
                    break
        assert refusal is not None, f"the disk never filled after {len(acknowledged)} submissions"
        assert refusal.status_code == 503 and refusal.headers["retry-after"] == "30"
        assert "database" in refusal.json()["detail"] and "Traceback" not in refusal.text
        assert unsent is not None, f"all {PAGE_TRIES} sends from the respondent pages were stored on a full disk"
        assert unsent.status_code == 503 and unsent.headers["retry-after"] == "30", unsent.text
        assert "could not be saved just now" in unsent.text and "Traceback" not in unsent.text
        assert 'name="a-comments"' in unsent.text

        with live_server(env, tmp_path / "server.log"):
            pass  # a restart with room again: recovery runs
        stored = await stored_submissions()
        assert {key(answers) for answers in stored.values()} == acknowledged
