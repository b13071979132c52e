"""An acknowledged submission survives kill -9 and a restart; a half-written one leaves nothing.

The API gives a respondent no submission id (a receipt that finds a row would link them to it), so
each submission here is told apart by its answers: a Likert choice and a number no other one has.
"""

from __future__ import annotations

import asyncio
import json
import signal
from collections import Counter, defaultdict
from pathlib import Path

import httpx

from tests.conftest import FIXTURE_SURVEYS
from tests.live_server import database_of_its_own, live_server, prepare, server_env
from voices.db.tables import Answer, Submission
from voices.surveys.definition import LIKERT_IDS

SUBMISSIONS = 160
LIKERT = sorted(LIKERT_IDS)
COMMENT = "Better lighting by the bus station"


def answers_of(n: int) -> dict[str, object]:
    """The answers of submission ``n``: (Likert choice, number) is unique for n < 6 x 32."""
    return {"feel_safe": LIKERT[n % len(LIKERT)], "nights_out": n // len(LIKERT), "comments": COMMENT}


def key(answers: dict[str, object]) -> tuple[str, int]:
    return str(answers["feel_safe"]), int(str(answers["nights_out"]))


async def stored_submissions() -> dict[int, dict[str, object]]:
    rows = await Answer.select(Answer.submission, Answer.question_id, Answer.value, Answer.text)
    by_submission: dict[int, dict[str, object]] = defaultdict(dict)
    for row in rows:
        # JSON comes back as text, except that SQLite hands a bare number back as a number.
        value = json.loads(row["value"]) if isinstance(row["value"], str) else row["value"]
        by_submission[row["submission"]][row["question_id"]] = value if row["text"] is None else row["text"]
    return by_submission


async def test_acknowledged_submissions_survive_kill_9(db: str, tmp_path: Path) -> None:
    with database_of_its_own(db, tmp_path) as url:
        env = server_env(url, tmp_path, VOICES_MIN_SECONDS_TO_COMPLETE="1", VOICES_RATE_LIMIT_POSTS="100000")
        prepare(env, FIXTURE_SURVEYS)
        with live_server(env, tmp_path / "server.log") as server:
            async with httpx.AsyncClient(base_url=server.url, timeout=30) as client:
                pages = await asyncio.gather(*(client.get("/api/surveys/bilingual") for _ in range(SUBMISSIONS)))
                forms = [page.json() for page in pages]
                await asyncio.sleep(1.1)  # past the minimum completion time

                async def send(n: int, form: dict) -> bool:
                    body = {
                        "version_id": form["version_id"],
                        "form_token": form["form_token"],
                        "answers": answers_of(n),
                    }
                    try:
                        response = await client.post("/api/surveys/bilingual/responses", json=body)
                    except httpx.TransportError:
                        return False  # the server died before answering: not acknowledged
                    return response.status_code == 201

                tasks = [asyncio.create_task(send(n, form)) for n, form in enumerate(forms)]
                while sum(task.done() and task.result() for task in tasks) < SUBMISSIONS // 4:
                    await asyncio.sleep(0.005)
                server.process.send_signal(signal.SIGKILL)  # no shutdown, no flush: a crash
                results = await asyncio.gather(*tasks)
        acknowledged = {key(answers_of(n)) for n, ok in enumerate(results) if ok}
        assert 0 < len(acknowledged) < SUBMISSIONS

        with live_server(env, tmp_path / "server.log") as server:
            assert httpx.get(server.url + "/api/surveys").status_code == 200
        stored = await stored_submissions()
        # None half-written: every stored submission has all three of its answers, and no answer is alone.
        assert set(stored) == {row["id"] for row in await Submission.select(Submission.id)}
        assert all(set(answers) == {"feel_safe", "nights_out", "comments"} for answers in stored.values())
        # None twice, and every acknowledged one is there.
        keys = Counter(key(answers) for answers in stored.values())
        assert max(keys.values()) == 1
        assert acknowledged <= set(keys), sorted(acknowledged - set(keys))[:10]
