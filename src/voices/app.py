"""create_app(settings): wiring only."""

from __future__ import annotations

from litestar import Litestar, Router
from litestar.config.compression import CompressionConfig
from litestar.logging import LoggingConfig
from litestar.openapi import OpenAPIConfig
from litestar.openapi.plugins import JsonRenderPlugin
from litestar.static_files import create_static_files_router

from voices.errors import STATUS
from voices.groups.member_pages import GroupMemberPages
from voices.officers.sessions import STORE_NAME
from voices.officers.views import officer_error_page
from voices.officers.web import officers_router
from voices.pages.error_handlers import (
    OFFICER_WORDS,
    by_address,
    json_errors,
    page_errors,
    respondent_error_page,
)
from voices.pages.head import answer_head_as_get
from voices.pages.headers import safety_headers_hook
from voices.pages.health import health
from voices.pages.safety import SafetyPages
from voices.services import Services, build_services
from voices.settings import Settings
from voices.surveys.api import SurveyApi
from voices.surveys.web import RespondentPages
from voices.you_said.public_pages import YouSaidPublicPage


def create_app(settings: Settings) -> Litestar:
    return app_for(build_services(settings))


def app_for(services: Services) -> Litestar:
    """The app around ``services`` (tests build them first to look inside what the app shares)."""
    settings = services.settings
    # Each router answers errors in its own kind and layout; the app's own handlers answer requests
    # that no route took, by the start of their address (no router is known for them).
    pages = page_errors(respondent_error_page(services.renderer), settings.max_request_bytes)
    officer_pages = page_errors(
        officer_error_page(services.renderer), settings.max_request_bytes, OFFICER_WORDS
    )
    as_json = json_errors(settings.max_request_bytes)
    app = Litestar(
        route_handlers=[
            Router(
                "/",
                route_handlers=[RespondentPages, GroupMemberPages, SafetyPages, YouSaidPublicPage],
                exception_handlers=pages,
            ),
            Router("/api", route_handlers=[SurveyApi], exception_handlers=as_json),
            Router("/", route_handlers=[health], exception_handlers=as_json),
            # Officers' pages: the only router with sessions, sign-in and CSRF middleware.
            officers_router(services.officers, officer_pages),
            create_static_files_router(
                path="/static", directories=[settings.frontend_dir / "dist"], include_in_schema=False
            ),
        ],
        lifespan=[services.running],
        stores={STORE_NAME: services.officers.store},
        dependencies=services.dependencies(),
        compression_config=CompressionConfig(backend="gzip", minimum_size=512, gzip_compress_level=6),
        exception_handlers=by_address(
            pages, {"/officers": officer_pages, "/api": as_json, "/schema": as_json}
        ),
        # before_send, not after_request: error responses (404, 413, 500) need the headers too.
        before_send=[safety_headers_hook(https=settings.https)],
        request_max_body_size=settings.max_request_bytes,
        # Only the JSON schema: the default documentation page loads scripts from a third-party CDN.
        openapi_config=OpenAPIConfig(
            title="voices",
            version="1",
            render_plugins=[JsonRenderPlugin()],
            # Litestar's own router for the schema, as it would build it, but answering errors in JSON.
            openapi_router=Router(
                "/schema",
                route_handlers=[],
                include_in_schema=False,
                dto=None,
                return_dto=None,
                exception_handlers=as_json,
            ),
        ),
        # No request logging: addresses and user agents must never reach a log.
        # Client errors are not logged: their messages can echo what was typed (unknown field names).
        logging_config=LoggingConfig(
            # The scheduler's own chatter ("job added", "running job at …") is dropped: while serving,
            # the server prints nothing per request, and of a job only its result (purge counts).
            loggers={"apscheduler": {"level": "WARNING"}},
            log_exceptions="always",
            disable_stack_trace={400, 401, 403, 404, 405, 409, 413, 415, 422, 429, *STATUS},
        ),
        debug=settings.debug,
    )
    # Wrapped before routing, so HEAD reaches every GET route, those added later included.
    app.asgi_handler = answer_head_as_get(app.asgi_handler)
    return app
