"""What every officer page is rendered with: the officer's navigation and the CSRF token."""

from __future__ import annotations

from typing import Any

from litestar import Request, Response
from litestar.utils.scope.state import ScopeState

from voices.officers.auth import SignedIn
from voices.officers.roles import Permission, may
from voices.pages.error_handlers import ErrorPage
from voices.pages.render import ErrorLink, Renderer

HOME = "/officers"
# Every page an officer may have in the header, with the permission it needs.
_NAVIGATION: list[tuple[str, str, Permission]] = [
    (HOME, "Home", Permission.sign_in),
    ("/officers/reports", "Reports", Permission.read_reports),
    ("/officers/you-said", "You said, we did", Permission.review_themes),
    ("/officers/groups", "Groups", Permission.facilitate_groups),
    ("/officers/admin/officers", "Officers", Permission.manage_officers),
    ("/officers/admin/audit", "Audit log", Permission.read_audit),
    ("/officers/admin/jobs", "Jobs", Permission.read_jobs),
    ("/officers/account", "Your account", Permission.sign_in),
]


def csrf_token(request: Request) -> str:
    """The token Litestar's CSRF middleware set for this request; every form posts it back."""
    token = ScopeState.from_scope(request.scope).csrf_token
    return token if isinstance(token, str) else ""


def navigation(officer: SignedIn | None, path: str) -> list[tuple[str, str, bool]]:
    if officer is None:
        return []
    return [(href, label, href == path) for href, label, permission in _NAVIGATION if may(officer.role, permission)]


def officer_page(
    renderer: Renderer,
    request: Request,
    template: str,
    status_code: int = 200,
    errors: list[ErrorLink] | None = None,
    **context: Any,
) -> Response[str]:
    officer = request.scope.get("user")
    return renderer.page(
        template,
        "en",
        status_code,
        officer=officer,
        navigation=navigation(officer, request.url.path),
        csrf_token=csrf_token(request),
        error_summary=errors or [],
        **context,
    )


def officer_error_page(renderer: Renderer) -> ErrorPage:
    """Errors under /officers drawn on the officers' layout: their name and navigation, no exit button."""

    def draw(request: Request, status: int, heading: str, body: str) -> Response[str]:
        return officer_page(renderer, request, "officers/message.html", status, heading=heading, body=body)

    return draw


def safe_next(next_path: str | None) -> str:
    """Where to go after signing in: an officer page of this site, never another site."""
    if next_path and next_path.startswith("/officers") and "//" not in next_path and "\\" not in next_path:
        return next_path
    return HOME
