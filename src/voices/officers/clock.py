"""The time, as officers' code reads it: injected, so tests move it instead of sleeping."""

from __future__ import annotations

from collections.abc import Awaitable, Callable
from datetime import UTC, datetime

import anyio

Clock = Callable[[], datetime]
Sleep = Callable[[float], Awaitable[None]]


def utc_now() -> datetime:
    return datetime.now(UTC)


async def real_sleep(seconds: float) -> None:
    await anyio.sleep(seconds)
