"""`voices serve`: run the app under uvicorn with access logging off."""

from __future__ import annotations

import gc

import click
import uvicorn

from voices.app import create_app
from voices.settings import Settings


@click.command("serve")
@click.option("--host", default="127.0.0.1", show_default=True)
@click.option("--port", default=8000, show_default=True, type=int)
def serve(host: str, port: int) -> None:
    """Serve the respondent pages and API."""
    app = create_app(Settings.from_env())
    # The language pipelines and templates loaded above are kept for the life of the process;
    # freezing them keeps the garbage collector from re-scanning them in full collections,
    # which otherwise stall every request in flight for tens of milliseconds.
    gc.collect()
    gc.freeze()
    # access_log=False: an access log would record every respondent's address and user agent.
    uvicorn.run(app, host=host, port=port, access_log=False, server_header=False, proxy_headers=False)
