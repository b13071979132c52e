"""The officers' home page and each officer's own account: role, and an authenticator app."""

from __future__ import annotations

from typing import Any

from litestar import Controller, Request, Response, get, post
from litestar.di import NamedDependency
from litestar.response import Redirect

from voices.officers.accounts import officer_by_id
from voices.officers.auth import SignedIn
from voices.officers.roles import ROLE_SUMMARIES, Permission, requires
from voices.officers.signin_pages import NEW_SECRET, offer_secret, secret_being_set_up, set_up_page
from voices.officers.views import officer_page
from voices.officers.workspace import Officers
from voices.pages.render import Renderer

AUTHENTICATOR = "/officers/account/authenticator"
_SIGNED_IN = [requires(Permission.sign_in)]


class AccountPages(Controller):
    include_in_schema = False

    @get("/", guards=_SIGNED_IN)
    async def home(self, request: Request, renderer: NamedDependency[Renderer]) -> Response[str]:
        officer: SignedIn = request.user
        return officer_page(renderer, request, "officers/home.html", role_summary=ROLE_SUMMARIES[officer.role])

    @get("/account", guards=_SIGNED_IN)
    async def account(self, request: Request, renderer: NamedDependency[Renderer]) -> Response[str]:
        officer: SignedIn = request.user
        return officer_page(renderer, request, "officers/account.html", role_summary=ROLE_SUMMARIES[officer.role])

    @get("/account/authenticator", guards=_SIGNED_IN)
    async def set_up_form(
        self, request: Request, renderer: NamedDependency[Renderer], officers: NamedDependency[Officers]
    ) -> Response[str]:
        officer: SignedIn = request.user
        secret = offer_secret(request, officers, officer.id)
        return set_up_page(renderer, request, officer.email, secret, AUTHENTICATOR)

    @post("/account/authenticator", guards=_SIGNED_IN, status_code=200)
    async def set_up(
        self, request: Request, renderer: NamedDependency[Renderer], officers: NamedDependency[Officers]
    ) -> Response[Any]:
        signed_in: SignedIn = request.user
        secret = secret_being_set_up(request, officers, signed_in.id)
        officer = await officer_by_id(signed_in.id)
        if secret is None or officer is None:
            return Redirect(AUTHENTICATOR, status_code=303)
        typed = (await request.form()).get("code", "")
        codes = await officers.sign_in.set_up_authenticator(officer, secret, typed)
        if codes is None:
            return set_up_page(renderer, request, officer.email, secret, AUTHENTICATOR, wrong=bool(typed.strip()))
        request.session.pop(NEW_SECRET, None)
        return officer_page(renderer, request, "officers/recovery_codes.html", codes=codes, next_path="/officers/account")
