"""The baselines the HTTP benchmark compares against: a bare Litestar "hello" endpoint and a bare
endpoint inserting one row with Piccolo into the same database, served the same way as voices."""

from __future__ import annotations

import argparse
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager

import uvicorn
from litestar import Litestar, get, post
from piccolo.columns import Text
from piccolo.engine.postgres import PostgresEngine
from piccolo.table import Table

from voices.db.engine import engine_from_url


class BenchRow(Table):
    text = Text()


@get("/hello", sync_to_thread=False)
def hello() -> str:
    return "hello"


@post("/insert", status_code=201)
async def insert(data: dict[str, str]) -> dict[str, int]:
    rows = await BenchRow.insert(BenchRow(text=data.get("text", ""))).returning(BenchRow.id)
    return {"id": rows[0]["id"]}


def build(database_url: str) -> Litestar:
    engine = engine_from_url(database_url)
    BenchRow._meta.db = engine

    @asynccontextmanager
    async def lifespan(app: Litestar) -> AsyncIterator[None]:
        if isinstance(engine, PostgresEngine):
            await engine.start_connection_pool(min_size=2, max_size=10)
        await BenchRow.create_table(if_not_exists=True)
        yield
        if isinstance(engine, PostgresEngine):
            await engine.close_connection_pool()

    return Litestar([hello, insert], lifespan=[lifespan])


if __name__ == "__main__":
    parser = argparse.ArgumentParser()
    parser.add_argument("--port", type=int, required=True)
    parser.add_argument("--database-url", required=True)
    args = parser.parse_args()
    uvicorn.run(build(args.database_url), host="127.0.0.1", port=args.port, access_log=False, log_level="warning")
