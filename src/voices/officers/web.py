"""The officers' router: every officer page under /officers, with the middleware only they get.

Sessions, authentication and CSRF are middleware of this router alone, so a respondent page or
the API never sets or reads an officer cookie.
"""

from __future__ import annotations

from litestar import Router
from litestar.config.csrf import CSRFConfig
from litestar.middleware import DefineMiddleware
from litestar.middleware.csrf import CSRFMiddleware
from litestar.types import ExceptionHandlersMap

from voices.groups.note_pages import NotePages
from voices.groups.officer_pages import GroupPages
from voices.insight.exports.web import ReportExports
from voices.insight.monthly_web import MonthlyReportPages
from voices.insight.web import ReportPages
from voices.jobs.web import JobPages
from voices.officers.account_pages import AccountPages
from voices.officers.admin_pages import AdminPages
from voices.officers.auth import OfficerAuthentication
from voices.officers.sessions import session_config
from voices.officers.signin_pages import SignInPages
from voices.officers.workspace import Officers
from voices.review.model_pages import ModelPages
from voices.review.pages import ReviewPages
from voices.you_said.officer_pages import YouSaidPages

CSRF_COOKIE = "voices_csrf"


def officers_router(officers: Officers, exception_handlers: ExceptionHandlersMap) -> Router:
    csrf = CSRFConfig(
        secret=officers.csrf_secret,
        cookie_name=CSRF_COOKIE,
        cookie_path="/officers",
        cookie_secure=officers.https,
        cookie_httponly=True,  # the token reaches forms from the page, never from script
        cookie_samesite="strict",
    )
    return Router(
        "/officers",
        route_handlers=[
            SignInPages, AccountPages, AdminPages, ReportPages, ReportExports, ReviewPages, GroupPages, NotePages,
            JobPages, ModelPages, YouSaidPages, MonthlyReportPages,
        ],
        # Outermost first: load the session, know the officer, then check the form's token.
        middleware=[
            session_config(officers.https).middleware,
            # A function reading the clock, not the clock itself: Litestar copies middleware
            # arguments as it builds routes, and a copied test clock would stand still.
            DefineMiddleware(OfficerAuthentication, clock=lambda: officers.clock()),
            DefineMiddleware(CSRFMiddleware, config=csrf),
        ],
        exception_handlers=exception_handlers,
        include_in_schema=False,
    )
