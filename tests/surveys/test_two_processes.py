"""The scale-out shape: two app processes on one PostgreSQL database, behind no shared memory."""

from __future__ import annotations

import asyncio
from pathlib import Path

import httpx
import pytest

from tests.conftest import FIXTURE_SURVEYS
from tests.live_server import live_server, prepare, server_env
from voices.db.tables import Submission


async def test_two_processes_share_one_database_and_spend_each_token_once(
    db: str, engine_name: str, tmp_path: Path
) -> None:
    if engine_name != "postgres":
        pytest.skip("several app processes are a PostgreSQL deployment; SQLite has one writer")
    env = server_env(db, tmp_path, VOICES_MIN_SECONDS_TO_COMPLETE="1", VOICES_SECRET_KEY="shared-secret-" * 4)
    prepare(env, FIXTURE_SURVEYS)
    with live_server(env, tmp_path / "a.log") as first, live_server(env, tmp_path / "b.log") as second:
        async with httpx.AsyncClient(timeout=30) as client:
            forms = [(await client.get(f"{first.url}/api/surveys/bilingual")).json() for _ in range(40)]
            await asyncio.sleep(1.1)

            async def send(base: str, form: dict) -> int:
                body = {"version_id": form["version_id"], "form_token": form["form_token"],
                        "answers": {"feel_safe": "disagree"}}
                response = await client.post(f"{base}/api/surveys/bilingual/responses", json=body)
                return response.status_code

            # Each form is sent to both processes at once: exactly one of them may store it.
            statuses = await asyncio.gather(
                *(send(server.url, form) for form in forms for server in (first, second))
            )
    assert statuses.count(201) == len(forms)
    assert statuses.count(409) == len(forms)
    assert await Submission.count() == len(forms)
