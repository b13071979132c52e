"""Redaction in a process of its own: answers come back to the request that asked, a dead child is
replaced without losing the batch, and a child outlives no server."""

from __future__ import annotations

import asyncio
import gc
import os
import signal
import subprocess
import sys
import time
from collections.abc import AsyncIterator

import pytest_asyncio

from voices.privacy.redact import load_redactor
from voices.privacy.redaction_worker import InProcessRedaction, RedactionWorker
from voices.settings import PROJECT_ROOT

MODELS = PROJECT_ROOT / "nlp_models"


@pytest_asyncio.fixture(loop_scope="session", scope="module")
async def worker() -> AsyncIterator[RedactionWorker]:
    started = RedactionWorker(MODELS)
    await started.start()
    yield started
    await started.stop()


async def test_concurrent_requests_each_get_their_own_texts_back(worker: RedactionWorker) -> None:
    requests = [[f"Ngozi rang me on 07700 900{n:03d}", f"comment {n} has nothing personal"] for n in range(200)]
    results = await asyncio.gather(*(worker.redact_texts(texts) for texts in requests))
    for n, (first, second) in enumerate(results):
        assert first.text == "[name] rang me on [phone]"
        assert second.text == f"comment {n} has nothing personal"


async def test_the_worker_redacts_exactly_as_the_redactor_does(worker: RedactionWorker) -> None:
    texts = ["Siobhán stayed with me at the SARC", "my ISVA Krzysztof Wiśniewski rang", "I hope so"]
    expected = await InProcessRedaction(load_redactor(MODELS)).redact_texts(texts)
    assert await worker.redact_texts(texts) == expected


async def test_the_childs_pipeline_is_kept_out_of_full_collections(worker: RedactionWorker) -> None:
    # Unfrozen, a full collection re-scans the pipeline's objects and stalls every waiting request.
    assert worker._pool is not None
    frozen = await asyncio.get_running_loop().run_in_executor(worker._pool, gc.get_freeze_count)  # noqa: SLF001
    assert frozen > 100_000


async def test_a_killed_child_is_replaced_and_its_batch_retried(worker: RedactionWorker) -> None:
    assert worker._pool is not None
    for pid in list(worker._pool._processes):  # noqa: SLF001 - the test kills the real child
        os.kill(pid, signal.SIGKILL)
    result = await worker.redact_texts(["Tariq said it was fine"])
    assert result[0].text == "[name] said it was fine"


def test_the_child_leaves_when_its_server_is_killed(tmp_path: object) -> None:
    script = (
        "import asyncio, os, sys\n"
        "from voices.privacy.redaction_worker import RedactionWorker\n"
        "from voices.settings import PROJECT_ROOT\n"
        "async def main():\n"
        "    worker = RedactionWorker(PROJECT_ROOT / 'nlp_models')\n"
        "    await worker.start()\n"
        "    print(*worker._pool._processes, flush=True)\n"
        "    await asyncio.sleep(60)\n"
        "if __name__ == '__main__':\n"
        "    asyncio.run(main())\n"
    )
    server = subprocess.Popen([sys.executable, "-c", script], stdout=subprocess.PIPE, text=True)
    try:
        assert server.stdout is not None
        child = int(server.stdout.readline())
        server.send_signal(signal.SIGKILL)
        server.wait(timeout=10)
        deadline = time.monotonic() + 10
        while time.monotonic() < deadline and _alive(child):
            time.sleep(0.1)
        assert not _alive(child), "the redaction child outlived its server"
    finally:
        server.kill()


def _alive(pid: int) -> bool:
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    # A zombie is gone in all but name: it holds no memory and runs nothing.
    with open(f"/proc/{pid}/stat", encoding="ascii") as stat:
        return stat.read().split(") ", 1)[1][0] != "Z"
