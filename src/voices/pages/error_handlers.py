"""Turn errors into responses: JSON for the API, a plain page for people. The one place that does."""

from __future__ import annotations

from litestar import Request, Response
from litestar.exceptions import HTTPException
from litestar.response import Template

from voices.errors import STATUS, BotSubmission, InvalidAnswers, RateLimited, SurveyClosed, VoicesError
from voices.pages.messages import messages_for
from voices.pages.render import page

_PAGE_WORDS = {
    SurveyClosed: ("closed_heading", "closed_body"),
    RateLimited: ("too_many_heading", "too_many_body"),
    BotSubmission: ("problem_heading", "problem_body"),
}


def voices_error(request: Request, error: VoicesError) -> Response | Template:
    status = STATUS.get(type(error), 400)
    if request.url.path.startswith("/api/"):
        body: dict[str, object] = {"status_code": status, "detail": str(error)}
        if isinstance(error, InvalidAnswers):
            body = {"status_code": status, "detail": "Some answers do not fit the survey", "errors": error.errors}
        return Response(body, status_code=status)
    heading, text = _PAGE_WORDS.get(type(error), ("not_found_heading", "not_found_body"))
    t = messages_for("en")
    return page("message.html", request.app.state.contacts, "en", status, heading=t[heading], body=t[text])


def http_error(request: Request, error: HTTPException) -> Response | Template:
    """Litestar's own errors (404, 405, 413, validation): specific JSON for the API, a page otherwise."""
    if request.url.path.startswith("/api/") or request.url.path.startswith("/schema"):
        body: dict[str, object] = {"status_code": error.status_code, "detail": error.detail}
        if error.extra:
            body["extra"] = error.extra
        return Response(body, status_code=error.status_code, headers=error.headers)
    t = messages_for("en")
    if error.status_code == 404:
        heading, text = t["not_found_heading"], t["not_found_body"]
    else:
        heading, text = t["problem_heading"], str(error.detail)
    return page("message.html", request.app.state.contacts, "en", error.status_code, heading=heading, body=text)
