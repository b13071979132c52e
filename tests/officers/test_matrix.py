"""Every officer route x every role x signed out: a page, 403, or a redirect to sign in."""

from __future__ import annotations

from dataclasses import replace
from datetime import timedelta
from urllib.parse import quote

import pytest
from litestar.routes import HTTPRoute

from tests.officers.conftest import Harness
from tests.officers.routes import EVERY_ROLE, OFFICER_ROUTES, OfficerRoute, Role
from voices.groups import registry
from voices.officers import accounts
from voices.officers.auth import EXCLUDE_FROM_AUTH

METHODS = {"GET", "POST", "PUT", "PATCH", "DELETE"}


def officer_routes(officer_app: Harness) -> list[HTTPRoute]:
    return [r for r in officer_app.client.app.routes if isinstance(r, HTTPRoute) and r.path.startswith("/officers")]


async def test_the_route_list_covers_every_officer_route(officer_app: Harness) -> None:
    registered = {(method, route.path) for route in officer_routes(officer_app) for method in route.methods & METHODS}
    listed = {(route.method, route.pattern) for route in OFFICER_ROUTES}
    assert registered == listed


async def test_every_route_that_is_not_public_has_a_guard(officer_app: Harness) -> None:
    public = {(route.method, route.pattern) for route in OFFICER_ROUTES if route.roles is None}
    for route in officer_routes(officer_app):
        for handler in route.route_handlers:
            for method in handler.http_methods & METHODS:
                is_public = bool(handler.opt.get(EXCLUDE_FROM_AUTH))
                assert is_public == ((method, route.path) in public), (method, route.path)
                if not is_public:
                    assert handler.resolve_guards(), (method, route.path)


async def answer(officer_app: Harness, route: OfficerRoute) -> tuple[int, str]:
    if route.method == "GET":
        response = await officer_app.client.get(route.path, follow_redirects=False)
    else:
        response = await officer_app.post(route.path, route.data)
    return response.status_code, response.headers.get("location", "")


def expected(route: OfficerRoute, role: Role | None) -> tuple[int, str]:
    if route.roles is None:
        return route.status, "/officers/sign-in" if route.status == 303 else ""
    if role is None:
        return 303, f"/officers/sign-in?next={quote(route.path, safe='')}"
    if role not in route.roles:
        return 403, ""
    if role in route.statuses:
        return route.statuses[role], ""
    return route.status, "/officers/sign-in?done=signed-out" if route.last else route.location


def others_group(officer_app: Harness) -> dict[str, str]:
    """A group, with a code, run by a facilitator other than the one signed in."""
    officer_app.add("other-facilitator@county.example", Role.facilitator.value)

    async def create() -> dict[str, str]:
        owner = await accounts.find_officer("other-facilitator@county.example")
        assert owner is not None
        now = officer_app.clock()
        group_id = await registry.create_group(registry.Viewer(owner.id, Role.facilitator), "Thursday group", now)
        _, code_id = await registry.create_code(group_id, b"k" * 32, now + timedelta(days=7), 5, now)
        return {"group": str(group_id), "code": str(code_id)}

    return officer_app.run(create)


def filled(route: OfficerRoute, ids: dict[str, str]) -> OfficerRoute:
    return replace(route, path=route.path.format_map(ids), location=route.location.format_map(ids))


@pytest.mark.parametrize("role", [None, *Role], ids=lambda role: role.value if role else "signed-out")
async def test_each_route_answers_each_role(officer_app: Harness, role: Role | None) -> None:
    assert set(Role) == EVERY_ROLE
    if role is not None:
        secret = officer_app.add(f"{role.value}@county.example", role.value, authenticator=role is Role.admin)
        assert (await officer_app.sign_in(f"{role.value}@county.example", secret=secret)).status_code == 303
    else:
        await officer_app.form("/officers/sign-in")
    ids = others_group(officer_app)
    routes = [filled(route, ids) for route in OFFICER_ROUTES]
    answers = {}
    for route in sorted(routes, key=lambda route: route.last):
        answers[route.method, route.path] = await answer(officer_app, route)
    assert answers == {(route.method, route.path): expected(route, role) for route in routes}
