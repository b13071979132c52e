"""Who is signed in: Litestar's authentication middleware over the officers' session.

Every request to an officer route not marked `exclude_from_auth` needs a session that names an
active officer, began in the officer's current session epoch, and is younger than `SIGNED_IN_FOR`;
otherwise the answer is 401, which the page error handlers turn into a redirect to sign in.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from typing import Any

from litestar.connection import ASGIConnection
from litestar.enums import ScopeType
from litestar.exceptions import NotAuthorizedException
from litestar.middleware.authentication import (
    AbstractAuthenticationMiddleware,
    AuthenticationResult,
)
from litestar.types import ASGIApp

from voices.db.tables import Officer
from voices.officers.accounts import officer_by_id
from voices.officers.audit import Actor
from voices.officers.clock import Clock
from voices.officers.sessions import COOKIE_NAME, ROTATE, SIGNED_IN_FOR, STORE_NAME

EXCLUDE_FROM_AUTH = "exclude_from_auth"
# Keys of the session dictionary.
OFFICER = "officer"
EPOCH = "epoch"
SIGNED_IN_AT = "signed_in_at"


@dataclass(frozen=True, slots=True)
class SignedIn:
    """The officer a request is from (`request.user`)."""

    id: int
    email: str
    role: Officer.Role
    has_authenticator: bool

    @property
    def actor(self) -> Actor:
        return Actor(self.email, self.id)


def signed_in_session(officer: Officer, now: datetime) -> dict[str, Any]:
    """The session of a newly signed-in officer, under a new id."""
    return {ROTATE: True, OFFICER: officer.id, EPOCH: officer.session_epoch, SIGNED_IN_AT: now.timestamp()}


async def current_officer(session: dict[str, Any], now: datetime) -> SignedIn | None:
    officer_id, signed_in_at = session.get(OFFICER), session.get(SIGNED_IN_AT)
    if not isinstance(officer_id, int) or not isinstance(signed_in_at, float):
        return None
    if now.timestamp() - signed_in_at >= SIGNED_IN_FOR.total_seconds():
        return None
    officer = await officer_by_id(officer_id)
    if officer is None or not officer.active or officer.session_epoch != session.get(EPOCH):
        return None
    return SignedIn(officer.id, officer.email, Officer.Role(officer.role), officer.totp_secret is not None)


class OfficerAuthentication(AbstractAuthenticationMiddleware):
    def __init__(self, app: ASGIApp, clock: Clock) -> None:
        super().__init__(app=app, exclude_from_auth_key=EXCLUDE_FROM_AUTH, scopes={ScopeType.HTTP})
        self.clock = clock

    async def authenticate_request(self, connection: ASGIConnection) -> AuthenticationResult:
        session = connection.scope.get("session") or {}
        officer = await current_officer(session, self.clock())
        if officer is None:
            if OFFICER in session and (session_id := connection.cookies.get(COOKIE_NAME)):
                # Over its 12 hours, or the officer was disabled: the session ends now, not when idle.
                # (A session half-way through signing in is left to finish.)
                await connection.app.stores.get(STORE_NAME).delete(session_id)
            raise NotAuthorizedException()
        return AuthenticationResult(user=officer, auth=None)
