"""`voices serve`: run the app under uvicorn with access logging off, in one process or several."""

from __future__ import annotations

import gc
from typing import TYPE_CHECKING

import click
import uvicorn

from voices.settings import Settings

if TYPE_CHECKING:
    from litestar import Litestar

# Passed to every uvicorn run. access_log=False: an access log would record every respondent's
# address. proxy_headers=False: the client is the TCP peer; only the rate limiter looks past a
# trusted proxy (VOICES_TRUSTED_PROXIES), and only to key its counts.
_QUIET = {"access_log": False, "server_header": False, "proxy_headers": False}
WORKER_HEALTHCHECK_SECONDS = 60


@click.command("serve")
@click.option("--host", default="127.0.0.1", show_default=True)
@click.option("--port", default=8000, show_default=True, type=int)
@click.option(
    "--workers",
    default=1,
    show_default=True,
    type=click.IntRange(min=1),
    help="App processes sharing the port (PostgreSQL only).",
)
@click.pass_context
def serve(ctx: click.Context, host: str, port: int, workers: int) -> None:
    """Serve the respondent pages and API."""
    settings = Settings.from_env()
    if workers == 1:
        uvicorn.run(app_from_environment(settings), host=host, port=port, **_QUIET)
        return
    if not settings.is_postgres:
        # SQLite's one writer lives in one process: two would each hold it and wait on the other.
        click.echo(
            f"voices: --workers {workers} needs PostgreSQL (VOICES_DATABASE_URL=postgres://…); "
            "SQLite has one writer, so serve it with --workers 1",
            err=True,
        )
        ctx.exit(2)
    # Made once, here: workers each creating var/secret_key at the same moment would race for it.
    settings.with_secret()
    # Each worker process calls the factory and builds its own app; this process only watches
    # them (a worker that dies is replaced) and never loads the app itself.
    uvicorn.run(
        "voices.serve:app_from_environment",
        factory=True,
        workers=workers,
        host=host,
        port=port,
        # The supervisor kills a worker that does not answer its ping within this. A worker loading
        # spaCy on a busy machine can hold the interpreter for longer than uvicorn's 5 s default, and
        # was killed as hung, again and again, before it ever served.
        timeout_worker_healthcheck=WORKER_HEALTHCHECK_SECONDS,
        **_QUIET,
    )


def app_from_environment(settings: Settings | None = None) -> Litestar:
    """The app for one server process, its start-up heap kept out of garbage collection."""
    from voices.app import create_app  # spaCy and the rest: only in the processes that serve

    app = create_app(settings or Settings.from_env())
    # The language pipelines and templates loaded above are kept for the life of the process;
    # freezing them keeps the garbage collector from re-scanning them in full collections,
    # which otherwise stall every request in flight for tens of milliseconds.
    gc.collect()
    gc.freeze()
    return app
