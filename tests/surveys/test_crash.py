"""An acknowledged submission survives kill -9 and a restart; a half-written one leaves nothing."""

from __future__ import annotations

import asyncio
import signal
from pathlib import Path

import httpx

from tests.conftest import FIXTURE_SURVEYS
from tests.live_server import live_server, prepare, server_env
from voices.db.tables import Answer, Submission

SUBMISSIONS = 160


async def test_acknowledged_submissions_survive_kill_9(db: str, tmp_path: Path) -> None:
    env = server_env(db, tmp_path, VOICES_MIN_SECONDS_TO_COMPLETE="1", VOICES_RATE_LIMIT_POSTS="100000")
    prepare(env, FIXTURE_SURVEYS)
    acknowledged = 0
    with live_server(env, tmp_path / "server.log") as server:
        async with httpx.AsyncClient(base_url=server.url, timeout=30) as client:
            pages = await asyncio.gather(*(client.get("/api/surveys/bilingual") for _ in range(SUBMISSIONS)))
            forms = [page.json() for page in pages]
            await asyncio.sleep(1.1)  # past the minimum completion time

            async def send(form: dict) -> bool:
                body = {"version_id": form["version_id"], "form_token": form["form_token"],
                        "answers": {"feel_safe": "agree", "comments": "Better lighting by the bus station"}}
                try:
                    response = await client.post("/api/surveys/bilingual/responses", json=body)
                except httpx.TransportError:
                    return False  # the server died before answering: not acknowledged
                return response.status_code == 201

            tasks = [asyncio.create_task(send(form)) for form in forms]
            while sum(task.done() and task.result() for task in tasks) < SUBMISSIONS // 4:
                await asyncio.sleep(0.005)
            server.process.send_signal(signal.SIGKILL)  # no shutdown, no flush: a crash
            results = await asyncio.gather(*tasks)
            acknowledged = sum(results)
    assert 0 < acknowledged < SUBMISSIONS

    with live_server(env, tmp_path / "server.log") as server:
        assert httpx.get(server.url + "/api/surveys").status_code == 200
    stored = await Submission.count()
    assert stored >= acknowledged
    # All answers or none: every stored submission has both of its answers.
    assert await Answer.count() == 2 * stored
