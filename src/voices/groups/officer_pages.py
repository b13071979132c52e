"""Facilitators' pages under /officers/groups: their groups, and each group's invite codes.

A facilitator sees and changes only the groups they run; an admin, every group. A group one may not
see is "not found", the same as a group that does not exist. Every change is in the audit log, by id.
"""

from __future__ import annotations

from typing import Any

from litestar import Controller, Request, Response, get, post
from litestar.di import NamedDependency
from litestar.exceptions import NotFoundException
from litestar.params import FromPath
from litestar.response import Redirect

from voices.groups import registry
from voices.groups.notes import count_notes
from voices.groups.registry import GroupRow, Viewer
from voices.groups.workspace import Groups
from voices.officers.audit import Action
from voices.officers.auth import SignedIn
from voices.officers.roles import Permission, requires
from voices.officers.views import officer_page
from voices.officers.workspace import Officers
from voices.pages.render import ErrorLink, Renderer

_FACILITATORS = [requires(Permission.facilitate_groups)]
NAME_LENGTH = 100
# How long a code may stay open: long enough for a course of sessions, short enough that a code
# passed on beyond the group stops working.
EXPIRY_DAYS = (1, 7, 30, 90)
DEFAULT_EXPIRY_DAYS = 7
MAX_USES = 200
DEFAULT_USES = 20


def viewer_of(request: Request) -> Viewer:
    officer: SignedIn = request.user
    return Viewer(officer.id, officer.role)


async def group_or_404(request: Request, group_id: int) -> GroupRow:
    group = await registry.visible_group(viewer_of(request), group_id)
    if group is None:
        raise NotFoundException()
    return group


class GroupPages(Controller):
    path = "/groups"
    include_in_schema = False

    @get("/", guards=_FACILITATORS)
    async def groups(self, request: Request, renderer: NamedDependency[Renderer]) -> Response[str]:
        return await _groups_page(renderer, request)

    @post("/", guards=_FACILITATORS, status_code=200)
    async def create_group(
        self, request: Request, renderer: NamedDependency[Renderer], officers: NamedDependency[Officers]
    ) -> Response[Any]:
        name = " ".join((await request.form()).get("name", "").split())
        if not name or len(name) > NAME_LENGTH:
            message = (
                "Enter a name for the group"
                if not name
                else f"Name must be {NAME_LENGTH} characters or fewer"
            )
            return await _groups_page(renderer, request, [ErrorLink("name", message)], name)
        officer: SignedIn = request.user
        group_id = await registry.create_group(viewer_of(request), name, officers.clock())
        await officers.audit.record(officer.actor, Action.group_created, "group", group_id)
        return Redirect(f"/officers/groups/{group_id}", status_code=303)

    @get("/{group_id:int}", guards=_FACILITATORS)
    async def group(
        self,
        request: Request,
        group_id: FromPath[int],
        renderer: NamedDependency[Renderer],
        officers: NamedDependency[Officers],
    ) -> Response[str]:
        group = await group_or_404(request, group_id)
        return await _group_page(renderer, request, officers, group)

    @post("/{group_id:int}/codes", guards=_FACILITATORS, status_code=200)
    async def create_code(
        self,
        request: Request,
        group_id: FromPath[int],
        renderer: NamedDependency[Renderer],
        officers: NamedDependency[Officers],
        groups: NamedDependency[Groups],
    ) -> Response[str]:
        group = await group_or_404(request, group_id)
        form = await request.form()
        days, uses, errors = _code_settings(form.get("expires_in", ""), form.get("max_uses", ""))
        if errors:
            return await _group_page(renderer, request, officers, group, errors, dict(form))
        now = officers.clock()
        code, code_id = await registry.create_code(
            group.id, groups.code_key, registry.expiry(now, days), uses, now
        )
        officer: SignedIn = request.user
        await officers.audit.record(officer.actor, Action.invite_code_created, "invite code", code_id)
        # The only time the code is shown: it is stored as a keyed hash and cannot be shown again.
        return officer_page(
            renderer, request, "officers/invite_code.html", group=group, code=code, days=days, uses=uses
        )

    @post("/{group_id:int}/codes/{code_id:int}/revoke", guards=_FACILITATORS)
    async def revoke_code(
        self,
        request: Request,
        group_id: FromPath[int],
        code_id: FromPath[int],
        officers: NamedDependency[Officers],
    ) -> Redirect:
        group = await group_or_404(request, group_id)
        if not await registry.revoke_code(group.id, code_id, officers.clock()):
            raise NotFoundException()
        officer: SignedIn = request.user
        await officers.audit.record(officer.actor, Action.invite_code_revoked, "invite code", code_id)
        return Redirect(f"/officers/groups/{group.id}", status_code=303)


def _code_settings(expires_in: str, max_uses: str) -> tuple[int, int, list[ErrorLink]]:
    errors = []
    days = int(expires_in) if expires_in.isascii() and expires_in.isdigit() else 0
    if days not in EXPIRY_DAYS:
        errors.append(ErrorLink("expires_in", "Choose how long the code works for"))
    typed = max_uses.strip()
    uses = int(typed) if typed.isascii() and typed.isdigit() else 0
    if not 1 <= uses <= MAX_USES:
        errors.append(
            ErrorLink("max_uses", f"Enter how many people can use the code, a number from 1 to {MAX_USES}")
        )
    return days, uses, errors


async def _groups_page(
    renderer: Renderer, request: Request, errors: list[ErrorLink] | None = None, typed_name: str = ""
) -> Response[str]:
    return officer_page(
        renderer,
        request,
        "officers/groups.html",
        400 if errors else 200,
        errors,
        groups=await registry.visible_groups(viewer_of(request)),
        typed_name=typed_name,
        name_length=NAME_LENGTH,
    )


async def _group_page(
    renderer: Renderer,
    request: Request,
    officers: Officers,
    group: GroupRow,
    errors: list[ErrorLink] | None = None,
    typed: dict[str, str] | None = None,
) -> Response[str]:
    now = officers.clock()
    codes = await registry.codes_of(group.id)
    return officer_page(
        renderer,
        request,
        "officers/group.html",
        400 if errors else 200,
        errors,
        group=group,
        codes=[(code, code.status(now)) for code in codes],
        expiry_days=EXPIRY_DAYS,
        typed={"expires_in": str(DEFAULT_EXPIRY_DAYS), "max_uses": str(DEFAULT_USES), **(typed or {})},
        max_uses=MAX_USES,
        note_count=await count_notes(group.id),
    )
