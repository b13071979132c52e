"""/officers/groups/{id}/notes: a facilitator records what a session said, for their own groups only.

The note goes through the same intake as a member's answers (token, checks, markup cleaning,
redaction before anything is stored), with channel `facilitated`; the audit log records that a note
was written, never its words.
"""

from __future__ import annotations

import datetime as dt
from typing import Any

from litestar import Controller, Request, Response, get, post
from litestar.di import NamedDependency
from litestar.params import FromPath
from litestar.response import Redirect

from voices.errors import FormTokenUsed, InvalidAnswers, InvalidToken
from voices.groups import notes
from voices.groups.officer_pages import group_or_404
from voices.groups.registry import GroupRow
from voices.groups.workspace import Groups
from voices.officers.audit import Action
from voices.officers.auth import SignedIn
from voices.officers.roles import Permission, requires
from voices.officers.views import officer_page
from voices.officers.workspace import Officers
from voices.pages.render import ErrorLink, Renderer
from voices.surveys.catalogue import Catalogue, PublishedSurvey
from voices.surveys.submit import Intake

_FACILITATORS = [requires(Permission.facilitate_groups)]
NOT_SENT = "The note was not saved: the form had expired. Check it and select Save note again."


class NotePages(Controller):
    path = "/groups/{group_id:int}/notes"
    include_in_schema = False

    @get("/", guards=_FACILITATORS)
    async def note_form(
        self,
        request: Request,
        group_id: FromPath[int],
        renderer: NamedDependency[Renderer],
        catalogue: NamedDependency[Catalogue],
        intake: NamedDependency[Intake],
        groups: NamedDependency[Groups],
    ) -> Response[str]:
        group = await group_or_404(request, group_id)
        published = await _form(catalogue, groups)
        empty = notes.NoteForm("", "", {})
        return _page(renderer, request, group, published, groups, intake.tokens.issue(), empty)

    @post("/", guards=_FACILITATORS, status_code=200)
    async def record(
        self,
        request: Request,
        group_id: FromPath[int],
        renderer: NamedDependency[Renderer],
        catalogue: NamedDependency[Catalogue],
        intake: NamedDependency[Intake],
        groups: NamedDependency[Groups],
        officers: NamedDependency[Officers],
    ) -> Response[Any]:
        group = await group_or_404(request, group_id)
        published = await _form(catalogue, groups)
        posted = await request.form()
        note = notes.NoteForm.read(posted)
        token = posted.get("_token", "")
        today = groups.clock().date()
        found = notes.problems(note, notes.services(published.definition), notes.months(today))
        if not found:
            try:
                receipt = await intake.record(
                    published, note.answers(), token, notes.CHANNEL, group.id, notes.first_day(note.month)
                )
            except InvalidAnswers as error:
                found = error.errors
            except InvalidToken:
                found = {"save": NOT_SENT}
                token = intake.tokens.issue()
            except FormTokenUsed:
                # A double click: the first press saved it.
                return Redirect(f"/officers/groups/{group.id}", status_code=303)
            else:
                officer: SignedIn = request.user
                await officers.audit.record(
                    officer.actor, Action.note_recorded, "submission", receipt.submission_id
                )
                return Redirect(f"/officers/groups/{group.id}", status_code=303)
        return _page(renderer, request, group, published, groups, token, note, found)


async def _form(catalogue: Catalogue, groups: Groups) -> PublishedSurvey:
    # The feedback form as published today, whether or not it is open to members.
    return await catalogue.current(groups.survey_slug, dt.date.today(), dt.date.today(), audience="groups")


def _page(
    renderer: Renderer,
    request: Request,
    group: GroupRow,
    published: PublishedSurvey,
    groups: Groups,
    token: str,
    note: notes.NoteForm,
    found: dict[str, str] | None = None,
) -> Response[str]:
    found = found or {}
    return officer_page(
        renderer,
        request,
        "officers/note.html",
        400 if found else 200,
        [ErrorLink(field, message) for field, message in found.items()],
        group=group,
        note=note,
        field_errors=found,
        services=notes.services(published.definition),
        prompts=notes.prompts(published.definition),
        months=notes.months(groups.clock().date()),
        form_token=token,
    )
