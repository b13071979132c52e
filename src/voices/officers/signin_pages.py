"""Signing in and out, and choosing a password through a one-time link."""

from __future__ import annotations

from typing import Annotated, Any

from litestar import Controller, Request, Response, get, post
from litestar.di import NamedDependency
from litestar.params import FromPath, FromQuery, QueryParameter
from litestar.response import Redirect

from voices.db.tables import Officer
from voices.officers import accounts
from voices.officers.audit import Action
from voices.officers.auth import EPOCH, EXCLUDE_FROM_AUTH, SignedIn, signed_in_session
from voices.officers.passwords import password_problem
from voices.officers.roles import Permission, requires
from voices.officers.sessions import ROTATE
from voices.officers.signin import CODE_FAILED, SIGN_IN_FAILED, actor_for
from voices.officers.totp import new_secret, provisioning_uri, qr_code_svg
from voices.officers.views import officer_page, safe_next
from voices.officers.workspace import Officers
from voices.pages.render import ErrorLink, Renderer

SIGN_IN = "/officers/sign-in"
CODE = "/officers/sign-in/code"
SET_UP = "/officers/sign-in/authenticator"
# A password step is good for this long while the officer finds their phone.
PENDING_SECONDS = 5 * 60
# Keys of the session between the two steps.
PENDING = "pending"
PENDING_AT = "pending_at"
NEXT = "next"
NEW_SECRET = "new_secret"

PUBLIC = {EXCLUDE_FROM_AUTH: True}


def pending_session(officer: Officer, next_path: str, now: float) -> dict[str, Any]:
    return {ROTATE: True, PENDING: officer.id, PENDING_AT: now, EPOCH: officer.session_epoch, NEXT: next_path}


async def pending_officer(request: Request, officers: Officers) -> Officer | None:
    """The officer half-way through signing in on this session, while that is still fresh."""
    session = request.session
    officer_id, started = session.get(PENDING), session.get(PENDING_AT)
    if not isinstance(officer_id, int) or not isinstance(started, float):
        return None
    if officers.clock().timestamp() - started > PENDING_SECONDS:
        return None
    officer = await accounts.officer_by_id(officer_id)
    if officer is None or not officer.active or officer.session_epoch != session.get(EPOCH):
        return None
    return officer


def secret_being_set_up(request: Request, officers: Officers, officer_id: int) -> str | None:
    """The authenticator secret offered on this session and not yet confirmed with a code."""
    stored = request.session.get(NEW_SECRET)
    return officers.sealer.open(stored, officer_id) if isinstance(stored, str) else None


def offer_secret(request: Request, officers: Officers, officer_id: int) -> str:
    """The secret to show for setting up (the same one on every reload), kept sealed in the session:
    the session row is in the database too."""
    secret = secret_being_set_up(request, officers, officer_id) or new_secret()
    request.session[NEW_SECRET] = officers.sealer.seal(secret, officer_id)
    return secret


async def finish(request: Request, officers: Officers, officer: Officer, next_path: str | None) -> str:
    """Sign the officer in under a new session id; where to send them next."""
    await officers.sign_in.completed(officer)
    request.set_session(signed_in_session(officer, officers.clock()))
    return safe_next(next_path)


class SignInPages(Controller):
    include_in_schema = False

    @get("/sign-in", opt=PUBLIC)
    async def sign_in_form(
        self,
        request: Request,
        renderer: NamedDependency[Renderer],
        next_path: Annotated[str, QueryParameter(name="next")] = "",
        done: FromQuery[str] = "",
    ) -> Response[str]:
        return officer_page(renderer, request, "officers/sign_in.html", next_path=safe_next(next_path), done=done)

    @post("/sign-in", opt=PUBLIC, status_code=200)
    async def sign_in(
        self, request: Request, renderer: NamedDependency[Renderer], officers: NamedDependency[Officers]
    ) -> Response[Any]:
        form = await request.form()
        email, password = form.get("email", "").strip(), form.get("password", "")
        next_path = safe_next(form.get("next"))
        errors = []
        if not email:
            errors.append(ErrorLink("email", "Enter your email address"))
        if not password:
            errors.append(ErrorLink("password", "Enter your password"))
        officer = None if errors else await officers.sign_in.check_password(email, password)
        if officer is None:
            errors = errors or [ErrorLink("email", SIGN_IN_FAILED)]
            return officer_page(
                renderer, request, "officers/sign_in.html", 400, errors, email=email, next_path=next_path
            )
        now = officers.clock().timestamp()
        if officer.totp_secret is not None:
            request.set_session(pending_session(officer, next_path, now))
            return Redirect(CODE, status_code=303)
        if officer.role == Officer.Role.admin:
            # Admins must have a second step: they set one up before they are signed in.
            request.set_session(pending_session(officer, next_path, now))
            return Redirect(SET_UP, status_code=303)
        return Redirect(await finish(request, officers, officer, next_path), status_code=303)

    @get("/sign-in/code", opt=PUBLIC)
    async def code_form(
        self, request: Request, renderer: NamedDependency[Renderer], officers: NamedDependency[Officers]
    ) -> Response[Any]:
        officer = await pending_officer(request, officers)
        if officer is None or officer.totp_secret is None:
            return Redirect(SIGN_IN, status_code=303)
        return officer_page(renderer, request, "officers/code.html")

    @post("/sign-in/code", opt=PUBLIC, status_code=200)
    async def code(
        self, request: Request, renderer: NamedDependency[Renderer], officers: NamedDependency[Officers]
    ) -> Response[Any]:
        officer = await pending_officer(request, officers)
        if officer is None or officer.totp_secret is None:
            return Redirect(SIGN_IN, status_code=303)
        typed = (await request.form()).get("code", "")
        checked = await officers.sign_in.check_code(officer.id, typed) if typed.strip() else None
        if checked is None:
            message = CODE_FAILED if typed.strip() else "Enter the code from your authenticator app"
            return officer_page(renderer, request, "officers/code.html", 400, [ErrorLink("code", message)])
        return Redirect(await finish(request, officers, checked, request.session.get(NEXT)), status_code=303)

    @get("/sign-in/authenticator", opt=PUBLIC)
    async def set_up_form(
        self, request: Request, renderer: NamedDependency[Renderer], officers: NamedDependency[Officers]
    ) -> Response[Any]:
        officer = await pending_officer(request, officers)
        if officer is None:
            return Redirect(SIGN_IN, status_code=303)
        secret = offer_secret(request, officers, officer.id)
        return set_up_page(renderer, request, officer.email, secret, SET_UP)

    @post("/sign-in/authenticator", opt=PUBLIC, status_code=200)
    async def set_up(
        self, request: Request, renderer: NamedDependency[Renderer], officers: NamedDependency[Officers]
    ) -> Response[Any]:
        officer = await pending_officer(request, officers)
        secret = None if officer is None else secret_being_set_up(request, officers, officer.id)
        if officer is None or secret is None:
            return Redirect(SIGN_IN, status_code=303)
        typed = (await request.form()).get("code", "")
        codes = await officers.sign_in.set_up_authenticator(officer, secret, typed)
        if codes is None:
            return set_up_page(renderer, request, officer.email, secret, SET_UP, wrong=bool(typed.strip()))
        next_path = await finish(request, officers, officer, request.session.get(NEXT))
        return officer_page(renderer, request, "officers/recovery_codes.html", codes=codes, next_path=next_path)

    @post("/sign-out", guards=[requires(Permission.sign_in)], status_code=303)
    async def sign_out(self, request: Request, officers: NamedDependency[Officers]) -> Redirect:
        officer: SignedIn = request.user
        await officers.audit.record(officer.actor, Action.signed_out, "officer", officer.id)
        request.clear_session()
        return Redirect(f"{SIGN_IN}?done=signed-out", status_code=303)

    @get("/set-password/{token:str}", opt=PUBLIC)
    async def set_password_form(
        self,
        request: Request,
        token: FromPath[str],
        renderer: NamedDependency[Renderer],
        officers: NamedDependency[Officers],
    ) -> Response[str]:
        officer = await accounts.link_holder(token, officers.clock)
        if officer is None:
            return officer_page(renderer, request, "officers/link_invalid.html", 404)
        return officer_page(renderer, request, "officers/set_password.html", email=officer.email)

    @post("/set-password/{token:str}", opt=PUBLIC, status_code=200)
    async def set_password(
        self,
        request: Request,
        token: FromPath[str],
        renderer: NamedDependency[Renderer],
        officers: NamedDependency[Officers],
    ) -> Response[Any]:
        officer = await accounts.link_holder(token, officers.clock)
        if officer is None:
            return officer_page(renderer, request, "officers/link_invalid.html", 404)
        form = await request.form()
        password, confirm = form.get("password", ""), form.get("confirm", "")
        problem = password_problem(password, officer.email)
        errors = [ErrorLink("password", problem)] if problem else []
        if not problem and password != confirm:
            errors.append(ErrorLink("confirm", "Enter the same password twice"))
        if errors:
            return officer_page(renderer, request, "officers/set_password.html", 400, errors, email=officer.email)
        if await accounts.use_link(token, await officers.passwords.hash(password), officers.clock) is None:
            return officer_page(renderer, request, "officers/link_invalid.html", 404)
        await officers.audit.record(actor_for(officer), Action.password_set, "officer", officer.id)
        return Redirect(f"{SIGN_IN}?done=password-set", status_code=303)


def set_up_page(
    renderer: Renderer, request: Request, email: str, secret: str, action: str, wrong: bool = False
) -> Response[str]:
    """The page to set up an authenticator app: QR code, the same as text, and a code to prove it."""
    uri = provisioning_uri(secret, email)
    errors = []
    if request.method == "POST":
        message = "Enter a correct code from your authenticator app" if wrong else "Enter the code from your authenticator app"
        errors = [ErrorLink("code", message)]
    return officer_page(
        renderer,
        request,
        "officers/set_up_authenticator.html",
        400 if errors else 200,
        errors,
        qr_code=qr_code_svg(uri),
        secret=" ".join(secret[i : i + 4] for i in range(0, len(secret), 4)),
        uri=uri,
        action=action,
    )
