"""Officer accounts: creating, finding, disabling, and one-time set-password links.

A new officer, or one whose password was reset, has no password until they choose one through a
link: the link carries a random token, the database keeps only its hash, and the link works once,
for `LINK_LIFETIME`.
"""

from __future__ import annotations

import hashlib
import secrets
from datetime import timedelta

from voices.db.tables import Officer, SetPasswordLink
from voices.officers.clock import Clock

LINK_LIFETIME = timedelta(hours=24)
SET_PASSWORD_PATH = "/officers/set-password"


def normalise_email(email: str) -> str:
    return email.strip().lower()


def _token_hash(token: str) -> str:
    return hashlib.sha256(token.encode()).hexdigest()


def set_password_url(site_url: str, token: str) -> str:
    return f"{site_url.rstrip('/')}{SET_PASSWORD_PATH}/{token}"


async def find_officer(email: str) -> Officer | None:
    return await Officer.objects().where(Officer.email == normalise_email(email)).first()


async def officer_by_id(officer_id: int) -> Officer | None:
    return await Officer.objects().where(Officer.id == officer_id).first()


async def create_officer(email: str, role: Officer.Role, clock: Clock) -> Officer:
    officer = Officer(email=normalise_email(email), role=role.value, created_at=clock())
    await officer.save()
    return officer


async def list_officers() -> list[Officer]:
    return await Officer.objects().order_by(Officer.email)


async def end_sessions(officer_id: int) -> None:
    """Every session carries the epoch it began in; raising it ends them all at their next request."""
    await Officer.update({Officer.session_epoch: Officer.session_epoch + 1}).where(Officer.id == officer_id)


async def disable(officer_id: int) -> None:
    await Officer.update({Officer.active: False}).where(Officer.id == officer_id)
    await end_sessions(officer_id)


async def clear_password(officer_id: int) -> None:
    await Officer.update({Officer.password_hash: None}).where(Officer.id == officer_id)
    await end_sessions(officer_id)


async def issue_link(officer_id: int, clock: Clock) -> str:
    """A new set-password token for the officer; any earlier link of theirs stops working."""
    token = secrets.token_urlsafe(32)
    await SetPasswordLink.delete().where(SetPasswordLink.officer == officer_id)
    await SetPasswordLink.insert(
        SetPasswordLink(officer=officer_id, token_hash=_token_hash(token), expires_at=clock() + LINK_LIFETIME)
    )
    return token


async def link_holder(token: str, clock: Clock) -> Officer | None:
    """The active officer a link is for, while it is unused and unexpired."""
    link = await SetPasswordLink.objects().where(SetPasswordLink.token_hash == _token_hash(token)).first()
    if link is None or link.expires_at <= clock():
        return None
    officer = await officer_by_id(link.officer)
    return officer if officer is not None and officer.active else None


async def use_link(token: str, password_hash: str, clock: Clock) -> Officer | None:
    """Set the password the link was for and spend the link; None if it was already spent or expired.

    The delete decides: of two requests racing with one link, only one deletes the row.
    """
    officer = await link_holder(token, clock)
    if officer is None:
        return None
    spent = await SetPasswordLink.delete().where(SetPasswordLink.token_hash == _token_hash(token)).returning(
        SetPasswordLink.id
    )
    if not spent:
        return None
    await Officer.update({Officer.password_hash: password_hash}).where(Officer.id == officer.id)
    await end_sessions(officer.id)
    return officer
