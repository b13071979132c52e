"""create_app(settings): wiring only."""

from __future__ import annotations

from collections.abc import AsyncIterator
from contextlib import asynccontextmanager

from litestar import Litestar
from litestar.config.compression import CompressionConfig
from litestar.datastructures import State
from litestar.exceptions import HTTPException
from litestar.logging import LoggingConfig
from litestar.openapi import OpenAPIConfig
from litestar.openapi.plugins import JsonRenderPlugin
from litestar.static_files import create_static_files_router
from piccolo.engine.postgres import PostgresEngine

from voices.db.engine import bind, engine_from_url
from voices.errors import STATUS, VoicesError
from voices.jobs import build_scheduler
from voices.pages.error_handlers import http_error, internal_error, voices_error
from voices.pages.headers import safety_headers_hook
from voices.pages.safety import SafetyPages
from voices.pages.render import Renderer
from voices.pages.support import load_support_contacts
from voices.privacy.abuse import AbuseGuard
from voices.privacy.redact import load_redactor
from voices.settings import Settings
from voices.surveys.api import SurveyApi
from voices.surveys.catalogue import Catalogue
from voices.surveys.services import Services
from voices.surveys.web import RespondentPages
from voices.surveys.writer import writer_for


def create_app(settings: Settings) -> Litestar:
    engine = engine_from_url(settings.database_url)
    services = Services(
        settings=settings,
        catalogue=Catalogue(),
        writer=writer_for(engine),
        redactor=load_redactor(settings.nlp_models_dir),
        renderer=Renderer(settings.frontend_dir / "templates", load_support_contacts(settings.support_contacts_file)),
        abuse=AbuseGuard(
            min_seconds_to_complete=settings.min_seconds_to_complete,
            max_posts=settings.rate_limit_posts,
            window_seconds=settings.rate_limit_window_seconds,
        ),
    )

    scheduler = build_scheduler(settings.retention_days)

    @asynccontextmanager
    async def lifespan(app: Litestar) -> AsyncIterator[None]:
        bind(engine)
        if isinstance(engine, PostgresEngine):
            await engine.start_connection_pool(min_size=2, max_size=12)
        await services.catalogue.refresh()
        await services.writer.start()
        scheduler.start()
        try:
            yield
        finally:
            scheduler.shutdown(wait=False)
            await services.writer.stop()
            if isinstance(engine, PostgresEngine):
                await engine.close_connection_pool()

    return Litestar(
        route_handlers=[
            RespondentPages,
            SafetyPages,
            SurveyApi,
            create_static_files_router(
                path="/static", directories=[settings.frontend_dir / "dist"], include_in_schema=False
            ),
        ],
        lifespan=[lifespan],
        state=State({
            "services": services, "renderer": services.renderer, "exit_url": settings.neutral_exit_url,
            "scheduler": scheduler,
        }),
        compression_config=CompressionConfig(backend="gzip", minimum_size=512, gzip_compress_level=6),
        exception_handlers={VoicesError: voices_error, HTTPException: http_error, 500: internal_error},
        # before_send, not after_request: error responses (404, 413, 500) need the headers too.
        before_send=[safety_headers_hook(https=settings.https)],
        request_max_body_size=settings.max_request_bytes,
        # Only the JSON schema: the default documentation page loads scripts from a third-party CDN.
        openapi_config=OpenAPIConfig(
            title="voices", version="1", path="/schema", render_plugins=[JsonRenderPlugin()]
        ),
        # No request logging: addresses and user agents must never reach a log.
        # Client errors are not logged: their messages can echo what was typed (unknown field names).
        logging_config=LoggingConfig(
            # The scheduler's own chatter ("job added", "running job at …") is dropped: while serving,
            # the server prints nothing per request, and of a job only its result (purge counts).
            loggers={"apscheduler": {"level": "WARNING"}},
            log_exceptions="always",
            disable_stack_trace={400, 404, 405, 409, 413, 415, 422, 429, *STATUS},
        ),
        debug=settings.debug,
    )
