"""Admins' pages: the officers and the audit log."""

from __future__ import annotations

from datetime import date

from litestar import Controller, Request, Response, get
from litestar.di import NamedDependency
from litestar.params import FromQuery

from voices.officers.accounts import list_officers
from voices.officers.audit import OBJECT_REF_LENGTH, Action, AuditFilter, search
from voices.officers.roles import ROLE_SUMMARIES, Permission, requires
from voices.officers.views import officer_page
from voices.pages.render import ErrorLink, Renderer


class AdminPages(Controller):
    path = "/admin"
    include_in_schema = False

    @get("/officers", guards=[requires(Permission.manage_officers)])
    async def officers(self, request: Request, renderer: NamedDependency[Renderer]) -> Response[str]:
        return officer_page(
            renderer, request, "officers/officers.html", officers=await list_officers(), role_summaries=ROLE_SUMMARIES
        )

    @get("/audit", guards=[requires(Permission.read_audit)])
    async def audit(
        self,
        request: Request,
        renderer: NamedDependency[Renderer],
        action: FromQuery[str] = "",
        actor: FromQuery[str] = "",
        object: FromQuery[str] = "",  # noqa: A002 - the query's name, as the page's field
        since: FromQuery[str] = "",
        until: FromQuery[str] = "",
        page: FromQuery[int] = 1,
    ) -> Response[str]:
        errors = []
        days: dict[str, date | None] = {}
        for name, value in (("since", since), ("until", until)):
            try:
                days[name] = date.fromisoformat(value.strip()) if value.strip() else None
            except ValueError:
                days[name] = None
                errors.append(ErrorLink(name, "Enter a date like 2026-11-30"))
        if action and action not in {a.value for a in Action}:
            action = ""
        # Nothing stored is longer, so a longer search could only match nothing: say so instead.
        typed_object = object.strip()
        if len(typed_object) > OBJECT_REF_LENGTH:
            errors.append(ErrorLink("object", f"Enter at most {OBJECT_REF_LENGTH} characters"))
            typed_object = ""
        chosen = AuditFilter(
            action=action,
            actor=actor.strip(),
            object=typed_object,
            since=days["since"],
            until=days["until"],
            page=max(page, 1),
        )
        found = await search(chosen)
        return officer_page(
            renderer,
            request,
            "officers/audit.html",
            400 if errors else 200,
            errors,
            events=found.events,
            has_more=found.has_more,
            chosen=chosen,
            typed={"object": object, "since": since, "until": until},
            actions=[a.value for a in Action],
        )
