"""Turn errors into responses: JSON for the API, a plain page for people. The one place that does."""

from __future__ import annotations

from litestar import Request, Response
from litestar.exceptions import HTTPException
from litestar.types import ExceptionHandlersMap

from voices.errors import STATUS, BotSubmission, InvalidAnswers, RateLimited, SurveyClosed, VoicesError
from voices.pages.messages import messages_for
from voices.pages.render import Renderer

_PAGE_WORDS = {
    SurveyClosed: ("closed_heading", "closed_body"),
    RateLimited: ("too_many_heading", "too_many_body"),
    BotSubmission: ("problem_heading", "problem_body"),
}
# A bot is told nothing about which check it failed; a person is told how to carry on.
_BOT_DETAIL = "Your answers could not be accepted. Fetch the survey again and send them from the new form."
_RATE_LIMITED_DETAIL = "Too many submissions from this connection. Wait a few minutes and send them again."
_TOO_LARGE_HEADING = "Your answers are too long to send"


def _too_large(limit: int) -> str:
    return (
        f"The request is larger than this site accepts ({limit:,} bytes). "
        "Shorten your longest answers and send them again."
    )


def error_handlers(renderer: Renderer, max_request_bytes: int) -> ExceptionHandlersMap:
    """The handlers, given what they render with rather than reaching into the app for it."""

    def voices_error(request: Request, error: VoicesError) -> Response:
        status = STATUS.get(type(error), 400)
        headers = {"Retry-After": "300"} if isinstance(error, RateLimited) else None
        if request.url.path.startswith("/api/"):
            body: dict[str, object] = {"status_code": status, "detail": str(error)}
            if isinstance(error, InvalidAnswers):
                body = {"status_code": status, "detail": "Some answers do not fit the survey", "errors": error.errors}
            elif isinstance(error, BotSubmission):
                body["detail"] = _BOT_DETAIL
            elif isinstance(error, RateLimited):
                body["detail"] = _RATE_LIMITED_DETAIL
            return Response(body, status_code=status, headers=headers)
        heading, text = _PAGE_WORDS.get(type(error), ("not_found_heading", "not_found_body"))
        t = messages_for("en")
        response = renderer.page("message.html", "en", status, heading=t[heading], body=t[text])
        if headers:
            response.headers.update(headers)
        return response


    def http_error(request: Request, error: HTTPException) -> Response:
        """Litestar's own errors (404, 405, 413, validation): specific JSON for the API, a page otherwise."""
        detail = error.detail
        if error.status_code == 413:
            detail = _too_large(max_request_bytes)
        if request.url.path.startswith("/api/") or request.url.path.startswith("/schema"):
            body: dict[str, object] = {"status_code": error.status_code, "detail": detail}
            if error.extra:
                body["extra"] = error.extra
            return Response(body, status_code=error.status_code, headers=error.headers)
        t = messages_for("en")
        if error.status_code == 404:
            heading, text = t["not_found_heading"], t["not_found_body"]
        elif error.status_code == 413:
            heading, text = _TOO_LARGE_HEADING, detail
        else:
            heading, text = t["problem_heading"], str(detail)
        return renderer.page("message.html", "en", error.status_code, heading=heading, body=text)


    def internal_error(request: Request, error: Exception) -> Response:
        """Anything unexpected: logged for operators; a person still gets a page with the way out."""
        body = {"status_code": 500, "detail": "Internal Server Error"}
        if request.url.path.startswith(("/api/", "/schema")):
            return Response(body, status_code=500)
        t = messages_for("en")
        try:
            return renderer.page(
                "message.html", "en", 500, heading=t["problem_heading"], body=t["problem_body"]
            )
        except Exception:  # noqa: BLE001 - the error page must not fail in its turn
            return Response(body, status_code=500)

    return {VoicesError: voices_error, HTTPException: http_error, 500: internal_error}
