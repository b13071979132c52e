"""The theme review pages under /officers/reports/{slug}/review, for analysts and admins.

Reading a theme's comments, or one comment, is recorded in the audit log (survey and theme, or the
answer id: never words); each change is recorded as ``themes changed`` and kept in the change
history (``changes.py``), where the latest can be undone. Every form posts with the officers' CSRF
token and works without JavaScript; after a change the page redirects to where the analyst was,
with a notice in the address.
"""

from __future__ import annotations

from typing import Any

from litestar import Controller, Request, Response, get, post
from litestar.connection import ASGIConnection
from litestar.di import NamedDependency
from litestar.exceptions import NotFoundException
from litestar.handlers.base import BaseRouteHandler
from litestar.params import FromPath, FromQuery
from litestar.response import Redirect

from voices.insight.responses import check_survey_has_report, survey_versions
from voices.insight.workspace import Insight
from voices.officers.audit import Action as AuditAction
from voices.officers.auth import SignedIn
from voices.officers.roles import Permission, requires
from voices.officers.views import officer_page
from voices.officers.workspace import Officers
from voices.pages.render import Renderer
from voices.review import changes, reading
from voices.review.changes import NotInSurvey, ReviewRefused, Reviewer
from voices.surveys.definition import translate

async def _survey_with_a_report(connection: ASGIConnection[Any, Any, Any, Any], _: BaseRouteHandler) -> None:
    """Every review page and change, read or posted, is of a survey with a report of its own: an
    unknown survey, or one reported in another, is "not found" before anything is read or written."""
    await check_survey_has_report(connection.path_params["slug"])


_REVIEWERS = [requires(Permission.review_themes), _survey_with_a_report]
# What the page says after a change (the address carries it across the redirect).
NOTICES = {
    "saved": "The comment's themes were saved. The next theme run keeps them.",
    "renamed": "The theme was renamed.",
    "merged": "The themes were merged.",
    "moved": "The comment was moved.",
    "noise": "The theme was marked as noise and left out of the report.",
    "undone": "The last change was undone.",
}


class ReviewPages(Controller):
    path = "/reports/{slug:str}/review"
    include_in_schema = False
    guards = _REVIEWERS

    @get("/")
    async def overview(
        self, request: Request, slug: FromPath[str], renderer: NamedDependency[Renderer],
        insight: NamedDependency[Insight], officers: NamedDependency[Officers], done: FromQuery[str] = "",
    ) -> Response[str]:
        title = await _title(slug)
        queue = await reading.queue(slug, insight.tagger)
        if queue:
            await _viewed(request, officers, "survey", f"{slug} review queue")
        return officer_page(
            renderer, request, "officers/review/overview.html", slug=slug, title=title,
            themes=await reading.run_themes(slug), queue=queue, labels=insight.labels,
            changes=await changes.history(slug), notice=NOTICES.get(done, ""),
        )  # fmt: skip

    @get("/themes/{key:str}")
    async def theme(
        self, request: Request, slug: FromPath[str], key: FromPath[str], renderer: NamedDependency[Renderer],
        officers: NamedDependency[Officers], page: FromQuery[int] = 1, done: FromQuery[str] = "",
    ) -> Response[str]:
        title = await _title(slug)
        themes = await reading.run_themes(slug)
        theme = next((t for t in themes if t.key == key), None)
        if theme is None:
            raise NotFoundException()
        comments, more = await reading.theme_comments(slug, key, page)
        await _viewed(request, officers, "theme", f"{slug}/{key}")
        others = [t for t in themes if t.source == "emergent" and t.key != key]
        return officer_page(
            renderer, request, "officers/review/theme.html", slug=slug, title=title, theme=theme,
            comments=comments, page=max(page, 1), more=more, others=others, notice=NOTICES.get(done, ""),
        )  # fmt: skip

    @get("/comments/{answer_id:int}")
    async def comment(
        self, request: Request, slug: FromPath[str], answer_id: FromPath[int], renderer: NamedDependency[Renderer],
        insight: NamedDependency[Insight], officers: NamedDependency[Officers], done: FromQuery[str] = "",
        theme: FromQuery[str] = "",
    ) -> Response[str]:
        title = await _title(slug)
        found = await _found(reading.comment_themes(slug, answer_id))
        await _viewed(request, officers, "answer", answer_id)
        ticked = {t for t, applies in found.labels.items() if applies} if found.labels else set(found.codebook)
        emergent = [t for t in await reading.run_themes(slug) if t.source == "emergent"]
        return officer_page(
            renderer, request, "officers/review/comment.html", slug=slug, title=title, found=found,
            labels=insight.labels, ticked=ticked, emergent=emergent, back_theme=theme, notice=NOTICES.get(done, ""),
        )  # fmt: skip

    @post("/comments/{answer_id:int}/themes")
    async def set_themes(
        self, request: Request, slug: FromPath[str], answer_id: FromPath[int], renderer: NamedDependency[Renderer],
        insight: NamedDependency[Insight], officers: NamedDependency[Officers],
    ) -> Response[Any]:
        form = await request.form()
        chosen = [str(theme) for theme in form.getall("theme")] if "theme" in form else []
        change = changes.set_comment_themes(_reviewer(request, officers), slug, answer_id, chosen, insight.labels)
        then = f"comments/{answer_id}"
        return await _changed(request, renderer, officers, change, slug, then, "saved", "answer", answer_id)

    @post("/comments/{answer_id:int}/move")
    async def move(
        self, request: Request, slug: FromPath[str], answer_id: FromPath[int], renderer: NamedDependency[Renderer],
        officers: NamedDependency[Officers],
    ) -> Response[Any]:
        to = str((await request.form()).get("to", ""))
        change = changes.move_comment(_reviewer(request, officers), slug, answer_id, to)
        then = f"comments/{answer_id}"
        return await _changed(request, renderer, officers, change, slug, then, "moved", "answer", answer_id)

    @post("/themes/{key:str}/rename")
    async def rename(
        self, request: Request, slug: FromPath[str], key: FromPath[str], renderer: NamedDependency[Renderer],
        officers: NamedDependency[Officers],
    ) -> Response[Any]:
        label = str((await request.form()).get("label", ""))
        change = changes.rename_theme(_reviewer(request, officers), slug, key, label)
        then = f"themes/{key}"
        return await _changed(request, renderer, officers, change, slug, then, "renamed", "theme", f"{slug}/{key}")

    @post("/themes/{key:str}/merge")
    async def merge(
        self, request: Request, slug: FromPath[str], key: FromPath[str], renderer: NamedDependency[Renderer],
        officers: NamedDependency[Officers],
    ) -> Response[Any]:
        into = str((await request.form()).get("into", ""))
        change = changes.merge_themes(_reviewer(request, officers), slug, key, into)
        then = f"themes/{into}"
        return await _changed(request, renderer, officers, change, slug, then, "merged", "theme", f"{slug}/{key}")

    @post("/themes/{key:str}/noise")
    async def noise(
        self, request: Request, slug: FromPath[str], key: FromPath[str], renderer: NamedDependency[Renderer],
        officers: NamedDependency[Officers],
    ) -> Response[Any]:
        change = changes.mark_noise(_reviewer(request, officers), slug, key)
        return await _changed(request, renderer, officers, change, slug, "", "noise", "theme", f"{slug}/{key}")

    @post("/undo")
    async def undo(
        self, request: Request, slug: FromPath[str], renderer: NamedDependency[Renderer],
        officers: NamedDependency[Officers],
    ) -> Response[Any]:
        change = changes.undo_last(_reviewer(request, officers), slug)
        return await _changed(request, renderer, officers, change, slug, "", "undone", "survey", slug)


def _reviewer(request: Request, officers: Officers) -> Reviewer:
    officer: SignedIn = request.user
    return Reviewer(officer.email, officer.id, officers.clock())


async def _title(slug: str) -> str:
    definition, _ = await survey_versions(slug)  # an unknown survey is "not found"
    return translate(definition.title, "en")


async def _found(reading_: Any) -> Any:
    try:
        return await reading_
    except NotInSurvey as error:
        raise NotFoundException() from error


async def _viewed(request: Request, officers: Officers, kind: str, ref: str | int) -> None:
    officer: SignedIn = request.user
    await officers.audit.record(officer.actor, AuditAction.comments_viewed, kind, ref)


async def _changed(
    request: Request, renderer: Renderer, officers: Officers, change: Any, slug: str, then: str, notice: str,
    kind: str, ref: str | int,
) -> Response[Any]:
    """Make the change, audit it and go back to the page (``then``, under the review pages); a
    refused change is shown on a page of its own, saying why."""
    try:
        change_id = await change
    except NotInSurvey as error:
        raise NotFoundException() from error
    except ReviewRefused as refusal:
        return officer_page(
            renderer, request, "officers/message.html", 422, heading="That change was not made", body=str(refusal),
        )
    officer: SignedIn = request.user
    await officers.audit.record(officer.actor, AuditAction.themes_changed, kind, f"{ref} (change {change_id})")
    base = f"/officers/reports/{slug}/review"
    return Redirect(f"{base}/{then}?done={notice}" if then else f"{base}?done={notice}", status_code=303)
