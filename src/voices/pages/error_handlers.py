"""Turn errors into responses: a page for people, JSON for API clients. The one place that does.

Which a request gets is chosen by where its handler is registered, not by its URL: the respondent
pages' router uses ``page_errors`` drawn on the respondent layout, the officers' router the same
handlers drawn on theirs, the API and schema routers ``json_errors``. Every family answers each
error the same way in words: the page says it to a person, the JSON to a client. A request that
no route takes (an unknown address, a method the address does not take) reaches no router, so
for it alone the app's handlers (``by_address``) go by the start of its path.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from dataclasses import dataclass
from urllib.parse import quote

from litestar import Request, Response
from litestar.exceptions import HTTPException
from litestar.response import Redirect
from litestar.types import ExceptionHandler, ExceptionHandlersMap

from voices.db.availability import RETRY_AFTER_SECONDS, database_unavailable
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
# Draws an error page: (request, status, heading, body) to a response.
ErrorPage = Callable[[Request, int, str, str], Response]


@dataclass(frozen=True, slots=True)
class PageWords:
    """Keys of pages/messages.py, as (heading, body), for the errors whose words depend on the reader."""

    not_found: tuple[str, str]  # an address with nothing at it
    broken: tuple[str, str]  # an unexpected fault (500)


# Respondents only ever look for surveys, and a fault most often meets them as they send answers.
RESPONDENT_WORDS = PageWords(("not_found_heading", "not_found_body"), ("problem_heading", "problem_body"))
OFFICER_WORDS = PageWords(
    ("not_found_heading", "officer_not_found_body"), ("problem_heading", "general_problem_body")
)
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
_FORBIDDEN_WORDS = ("not_allowed_heading", "not_allowed_body")
# A bot is told nothing about which check it failed; a person is told how to carry on.
_BOT_DETAIL = "Your answers could not be accepted. Fetch the survey again and send them from the new form."
_RATE_LIMITED_DETAIL = "Too many submissions from this connection. Wait a few minutes and send them again."
_SIGN_IN_DETAIL = "Sign in to use this"
_NOT_ALLOWED_DETAIL = "You are not allowed to see this page"
_TOO_LARGE_HEADING = "Your answers are too long to send"
_INTERNAL = {"status_code": 500, "detail": "Internal Server Error"}
# The database is away (stopped, unreachable, full): nothing was stored, and trying later will work.
_UNAVAILABLE_HEADING = "Sorry, the service is unavailable just now"
_UNAVAILABLE_DETAIL = "voices cannot reach its database just now, so nothing was changed. Try again in a minute."
_UNAVAILABLE_HEADERS = {"Retry-After": str(RETRY_AFTER_SECONDS)}
_UNAVAILABLE = {"status_code": 503, "detail": _UNAVAILABLE_DETAIL}


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


def respondent_error_page(renderer: Renderer) -> ErrorPage:
    """Errors drawn on the respondent layout: the way out and the help numbers stay on the page."""

    def draw(request: Request, status: int, heading: str, body: str) -> Response:
        return renderer.page("message.html", "en", status, heading=heading, body=body)

    return draw


def page_errors(
    draw: ErrorPage, max_request_bytes: int, words: PageWords = RESPONDENT_WORDS
) -> ExceptionHandlersMap:
    """Handlers answering with a page drawn by ``draw``, in ``words`` where readers differ."""

    def page(
        request: Request, status: int, heading: str, body: str, headers: dict[str, str] | None = None
    ) -> Response:
        response = draw(request, status, heading, body)
        if headers:
            response.headers.update(headers)
        return response

    def voices_error(request: Request, error: VoicesError) -> Response:
        if isinstance(error, NotAuthenticated):
            return sign_in_redirect(request)
        t = messages_for("en")
        heading, body = _PAGE_WORDS.get(type(error), _GENERAL_WORDS)
        return page(request, STATUS.get(type(error), 400), t[heading], t[body], _retry_after(error))

    def http_error(request: Request, error: HTTPException) -> Response:
        """Litestar's own errors (401 and 403 from guards, 404, 405, 413, validation)."""
        if error.status_code == 401:
            return sign_in_redirect(request)
        t = messages_for("en")
        if error.status_code in (403, 404):
            heading, body = (
                t[key] for key in (_FORBIDDEN_WORDS if error.status_code == 403 else words.not_found)
            )
        elif error.status_code == 413:
            heading, body = _TOO_LARGE_HEADING, _too_large(max_request_bytes)
        else:
            heading, body = t["problem_heading"], str(error.detail)
        return page(request, error.status_code, heading, body)

    def internal_error(request: Request, error: Exception) -> Response:
        """Anything unexpected: logged for operators; a person still gets a page in their layout."""
        t = messages_for("en")
        try:
            if database_unavailable(error):
                return page(request, 503, _UNAVAILABLE_HEADING, _UNAVAILABLE_DETAIL, _UNAVAILABLE_HEADERS)
            return page(request, 500, t[words.broken[0]], t[words.broken[1]])
        except Exception:  # noqa: BLE001 - the error page must not fail in its turn
            return Response(_INTERNAL, status_code=500)

    return {VoicesError: voices_error, HTTPException: http_error, 500: internal_error}


def by_address(
    default: ExceptionHandlersMap, prefixes: Mapping[str, ExceptionHandlersMap]
) -> ExceptionHandlersMap:
    """The app's own handlers: each error goes to the family of the first of ``prefixes`` its path
    is under, else to ``default``. Routers with handlers of their own override these for their
    routes, so only requests no route took are answered here by address."""
    for prefix, family in prefixes.items():
        if family.keys() != default.keys():
            raise ValueError(f"the handlers for {prefix} answer other errors than the default ones")

    def family_of(request: Request) -> ExceptionHandlersMap:
        path = request.url.path
        for prefix, family in prefixes.items():
            if path == prefix or path.startswith(prefix + "/"):
                return family
        return default

    def dispatch(key: object) -> ExceptionHandler:
        def handler(request: Request, error: Exception) -> Response:
            return family_of(request)[key](request, error)  # type: ignore[index]

        return handler

    return {key: dispatch(key) for key in default}


def json_errors(max_request_bytes: int) -> ExceptionHandlersMap:
    """Handlers answering ``{"status_code", "detail"}`` (and ``errors`` naming each answer that does not fit)."""

    def voices_error(request: Request, error: VoicesError) -> Response:
        status = STATUS.get(type(error), 400)
        body: dict[str, object] = {"status_code": status, "detail": str(error)}
        if isinstance(error, InvalidAnswers):
            body = {
                "status_code": status,
                "detail": "Some answers do not fit the survey",
                "errors": error.errors,
            }
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
        detail = {401: _SIGN_IN_DETAIL, 403: _NOT_ALLOWED_DETAIL, 413: _too_large(max_request_bytes)}.get(
            error.status_code, error.detail
        )
        body: dict[str, object] = {"status_code": error.status_code, "detail": detail}
        if error.extra:
            body["extra"] = error.extra
        return Response(body, status_code=error.status_code, headers=error.headers)

    def internal_error(request: Request, error: Exception) -> Response:
        if database_unavailable(error):
            return Response(_UNAVAILABLE, status_code=503, headers=_UNAVAILABLE_HEADERS)
        return Response(_INTERNAL, status_code=500)

    return {VoicesError: voices_error, HTTPException: http_error, 500: internal_error}
