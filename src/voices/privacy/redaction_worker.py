"""Redaction off the event loop: a process of its own on the second core, fed in batches.

The entity model costs milliseconds for a comment that names someone; run on the event loop, it
would hold up every other request for that long. Here requests queue their texts and await them;
while the process redacts one batch the next gathers, so a busy server batches by itself (the
model runs several times cheaper per comment in a batch) and an idle one sends each text at once.

The raw text crosses a pipe to the child and comes back redacted: it is never written anywhere.
If the child dies, the batch in hand is retried once in a fresh one.
"""

from __future__ import annotations

import asyncio
import gc
import logging
import multiprocessing
import os
import threading
import time
from collections import deque
from collections.abc import Sequence
from concurrent.futures import ProcessPoolExecutor
from concurrent.futures.process import BrokenProcessPool
from pathlib import Path

from voices.privacy.redact import RedactionResult, Redactor, load_redactor

logger = logging.getLogger(__name__)

MAX_BATCH = 128  # texts sent to the child at once
_ORPHAN_CHECK_SECONDS = 0.5
# Runs every component, the entity model included, before the heap is frozen.
_WARM_UP = "Thanks to Ngozi Adebayo at the Fernhill Leisure Centre, call 07700 900123 or a@b.org."

_child_redactor: Redactor | None = None
_Request = tuple[Sequence[str], "asyncio.Future[list[RedactionResult]]"]


def _load_in_child(models_dir: str, parent_pid: int) -> None:
    global _child_redactor
    threading.Thread(target=_exit_with_parent, args=(parent_pid,), daemon=True).start()
    _child_redactor = load_redactor(Path(models_dir))
    _child_redactor.redact_many([_WARM_UP])  # what the first comment allocates is kept frozen too
    # As in the server (serve.app_from_environment): the pipeline lives as long as the process, and
    # a full collection re-scanning its quarter of a million objects stalls every request waiting
    # on this process for about 90 ms.
    gc.collect()
    gc.freeze()


def _exit_with_parent(parent_pid: int) -> None:
    """A server killed outright (kill -9) cannot stop its child, and the child waiting on its pipe
    would never notice: so it watches for itself and leaves once it has been orphaned."""
    while os.getppid() == parent_pid:
        time.sleep(_ORPHAN_CHECK_SECONDS)
    os._exit(0)


def _redact_in_child(texts: list[str]) -> list[RedactionResult]:
    assert _child_redactor is not None, "the initializer loads the redactor first"
    return _child_redactor.redact_many(texts)


class InProcessRedaction:
    """Redacts on the calling thread: for tests and for commands that have no event loop to spare."""

    def __init__(self, redactor: Redactor) -> None:
        self.redactor = redactor

    async def start(self) -> None:
        return None

    async def stop(self) -> None:
        return None

    async def redact_texts(self, texts: Sequence[str]) -> list[RedactionResult]:
        return self.redactor.redact_many(texts) if texts else []


class RedactionWorker:
    """One child process that loads the redactor once and redacts whatever batch it is handed."""

    def __init__(self, models_dir: Path) -> None:
        self.models_dir = models_dir
        self._pool: ProcessPoolExecutor | None = None
        self._waiting: deque[_Request] = deque()
        self._arrived = asyncio.Event()
        self._dispatcher: asyncio.Task[None] | None = None

    async def start(self) -> None:
        self._pool = self._new_pool()
        # Start the child now (its initializer loads and warms the pipeline), so the first
        # respondent does not wait seconds for it.
        await asyncio.get_running_loop().run_in_executor(self._pool, _redact_in_child, [])
        self._dispatcher = asyncio.create_task(self._dispatch(), name="redaction-dispatcher")

    async def stop(self) -> None:
        if self._dispatcher is not None:
            self._dispatcher.cancel()
            await asyncio.gather(self._dispatcher, return_exceptions=True)
        for _, future in self._waiting:
            if not future.done():
                future.set_exception(RuntimeError("the redaction worker stopped"))
        self._waiting.clear()
        if self._pool is not None:
            self._pool.shutdown(wait=True, cancel_futures=True)

    async def redact_texts(self, texts: Sequence[str]) -> list[RedactionResult]:
        if not texts:
            return []
        future: asyncio.Future[list[RedactionResult]] = asyncio.get_running_loop().create_future()
        self._waiting.append((texts, future))
        self._arrived.set()
        return await future

    def _new_pool(self) -> ProcessPoolExecutor:
        # spawn, not fork: the parent runs an event loop and threads that a forked child must not inherit.
        return ProcessPoolExecutor(
            max_workers=1,
            mp_context=multiprocessing.get_context("spawn"),
            initializer=_load_in_child,
            initargs=(str(self.models_dir), os.getpid()),
        )

    async def _dispatch(self) -> None:
        while True:
            await self._arrived.wait()
            self._arrived.clear()
            while self._waiting:
                batch = self._take_batch()
                texts = [text for request, _ in batch for text in request]
                try:
                    results = await self._run(texts)
                except Exception as error:  # noqa: BLE001 - each waiting request gets the failure
                    for _, future in batch:
                        if not future.done():
                            future.set_exception(error)
                    continue
                position = 0
                for request, future in batch:
                    if not future.done():
                        future.set_result(results[position : position + len(request)])
                    position += len(request)

    def _take_batch(self) -> list[_Request]:
        batch: list[_Request] = []
        size = 0
        while self._waiting and (not batch or size + len(self._waiting[0][0]) <= MAX_BATCH):
            request = self._waiting.popleft()
            batch.append(request)
            size += len(request[0])
        return batch

    async def _run(self, texts: list[str]) -> list[RedactionResult]:
        loop = asyncio.get_running_loop()
        assert self._pool is not None, "start() first"
        try:
            return await loop.run_in_executor(self._pool, _redact_in_child, texts)
        except BrokenProcessPool:
            logger.warning("the redaction worker died; starting a new one and retrying its batch")
            self._pool = self._new_pool()
            return await loop.run_in_executor(self._pool, _redact_in_child, texts)
