"""Turn errors into responses: a page for people, JSON for API clients. The one place that does.

Which of the two a request gets is chosen by where its handler is registered, not by its URL:
the app (and so any address that matches no route) and the page routers use ``page_errors``;
the API and schema routers use ``json_errors``. Both answer every error the same way in words:
the page says it to a person, the JSON to a client.
"""

from __future__ import annotations

from urllib.parse import quote

from litestar import Request, Response
from litestar.exceptions import HTTPException
from litestar.response import Redirect
from litestar.types import ExceptionHandlersMap

from voices.errors import (
    STATUS,
    BotSubmission,
    InvalidAnswers,
    NotAllowed,
    NotAuthenticated,
    RateLimited,
    SurveyClosed,
    SurveyNotFound,
    VoicesError,
)
from voices.pages.messages import messages_for
from voices.pages.render import Renderer

SIGN_IN_PATH = "/officers/sign-in"
# Keys of pages/messages.py: (heading, body) shown for each error people meet.
_PAGE_WORDS: dict[type[VoicesError], tuple[str, str]] = {
    SurveyNotFound: ("not_found_heading", "not_found_body"),
    SurveyClosed: ("closed_heading", "closed_body"),
    RateLimited: ("too_many_heading", "too_many_body"),
    BotSubmission: ("problem_heading", "problem_body"),
    NotAllowed: ("not_allowed_heading", "not_allowed_body"),
}
# Anything else the app raises on purpose: a general page, never one that names surveys.
_GENERAL_WORDS = ("problem_heading", "general_problem_body")
_STATUS_WORDS = {404: ("not_found_heading", "not_found_body"), 403: ("not_allowed_heading", "not_allowed_body")}
# A bot is told nothing about which check it failed; a person is told how to carry on.
_BOT_DETAIL = "Your answers could not be accepted. Fetch the survey again and send them from the new form."
_RATE_LIMITED_DETAIL = "Too many submissions from this connection. Wait a few minutes and send them again."
_SIGN_IN_DETAIL = "Sign in to use this"
_NOT_ALLOWED_DETAIL = "You are not allowed to see this page"
_TOO_LARGE_HEADING = "Your answers are too long to send"
_INTERNAL = {"status_code": 500, "detail": "Internal Server Error"}


def _too_large(limit: int) -> str:
    return (
        f"The request is larger than this site accepts ({limit:,} bytes). "
        "Shorten your longest answers and send them again."
    )


def _retry_after(error: Exception) -> dict[str, str] | None:
    return {"Retry-After": "300"} if isinstance(error, RateLimited) else None


def sign_in_redirect(request: Request) -> Redirect:
    """To the officers' sign-in, coming back to this address afterwards (a local path only)."""
    here = request.url.path + (f"?{request.url.query}" if request.url.query else "")
    return Redirect(f"{SIGN_IN_PATH}?next={quote(here, safe='')}", status_code=303)


def page_errors(renderer: Renderer, max_request_bytes: int) -> ExceptionHandlersMap:
    """Handlers answering with a page that keeps the site's way out and help."""

    def page(status: int, heading: str, body: str, headers: dict[str, str] | None = None) -> Response:
        response = renderer.page("message.html", "en", status, heading=heading, body=body)
        if headers:
            response.headers.update(headers)
        return response

    def voices_error(request: Request, error: VoicesError) -> Response:
        if isinstance(error, NotAuthenticated):
            return sign_in_redirect(request)
        t = messages_for("en")
        heading, body = _PAGE_WORDS.get(type(error), _GENERAL_WORDS)
        return page(STATUS.get(type(error), 400), t[heading], t[body], _retry_after(error))

    def http_error(request: Request, error: HTTPException) -> Response:
        """Litestar's own errors (401 and 403 from guards, 404, 405, 413, validation)."""
        if error.status_code == 401:
            return sign_in_redirect(request)
        t = messages_for("en")
        if error.status_code in _STATUS_WORDS:
            heading, body = (t[key] for key in _STATUS_WORDS[error.status_code])
        elif error.status_code == 413:
            heading, body = _TOO_LARGE_HEADING, _too_large(max_request_bytes)
        else:
            heading, body = t["problem_heading"], str(error.detail)
        return page(error.status_code, heading, body)

    def internal_error(request: Request, error: Exception) -> Response:
        """Anything unexpected: logged for operators; a person still gets a page with the way out."""
        t = messages_for("en")
        try:
            return page(500, t["problem_heading"], t["problem_body"])
        except Exception:  # noqa: BLE001 - the error page must not fail in its turn
            return Response(_INTERNAL, status_code=500)

    return {VoicesError: voices_error, HTTPException: http_error, 500: internal_error}


def json_errors(max_request_bytes: int) -> ExceptionHandlersMap:
    """Handlers answering ``{"status_code", "detail"}`` (and ``errors`` naming each answer that does not fit)."""

    def voices_error(request: Request, error: VoicesError) -> Response:
        status = STATUS.get(type(error), 400)
        body: dict[str, object] = {"status_code": status, "detail": str(error)}
        if isinstance(error, InvalidAnswers):
            body = {"status_code": status, "detail": "Some answers do not fit the survey", "errors": error.errors}
        elif isinstance(error, BotSubmission):
            body["detail"] = _BOT_DETAIL
        elif isinstance(error, RateLimited):
            body["detail"] = _RATE_LIMITED_DETAIL
        elif isinstance(error, NotAuthenticated):
            body["detail"] = _SIGN_IN_DETAIL
        elif isinstance(error, NotAllowed):
            body["detail"] = _NOT_ALLOWED_DETAIL
        return Response(body, status_code=status, headers=_retry_after(error))

    def http_error(request: Request, error: HTTPException) -> Response:
        detail = {
            401: _SIGN_IN_DETAIL, 403: _NOT_ALLOWED_DETAIL, 413: _too_large(max_request_bytes)
        }.get(error.status_code, error.detail)
        body: dict[str, object] = {"status_code": error.status_code, "detail": detail}
        if error.extra:
            body["extra"] = error.extra
        return Response(body, status_code=error.status_code, headers=error.headers)

    def internal_error(request: Request, error: Exception) -> Response:
        return Response(_INTERNAL, status_code=500)

    return {VoicesError: voices_error, HTTPException: http_error, 500: internal_error}
