"""GET /health: can this app process use its database? For monitors and load balancers.

It answers ok or unavailable and nothing else (no version, count or path), sets no cookie and is
never rate limited, so a monitor may ask as often as it likes.
"""

from __future__ import annotations

import asyncio

from litestar import Response, get

from voices.db.availability import RETRY_AFTER_SECONDS, database_unavailable
from voices.db.tables import Survey

# A database that does not answer within this is as good as away: monitors time out too.
QUERY_TIMEOUT_SECONDS = 5


@get("/health", include_in_schema=False)
async def health() -> Response[dict[str, str]]:
    try:
        await asyncio.wait_for(Survey.raw("SELECT 1").run(), QUERY_TIMEOUT_SECONDS)
    except Exception as error:
        if not database_unavailable(error):
            raise  # a fault in voices, answered 500 and logged like any other
        return Response(
            {"status": "unavailable"}, status_code=503, headers={"Retry-After": str(RETRY_AFTER_SECONDS)}
        )
    return Response({"status": "ok"})
