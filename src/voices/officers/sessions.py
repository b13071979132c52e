"""Officers' sessions: Litestar's server-side sessions, kept in the database.

`DatabaseStore` is a Litestar `Store` over the `officer_session` table, so several app processes on
one PostgreSQL share every session. It keeps only a hash of each session id: a copy of the table
signs nobody in. `OfficerSessionConfig` is Litestar's `ServerSideSessionConfig` with two changes
to what is written back: a visitor with an empty session gets no cookie and no row, and a session
marked with `ROTATE` moves to a fresh id (sign-in does this, so an id known before sign-in is
worthless after it).

Timeouts: the store row and the cookie expire `IDLE_TIMEOUT` after the last response (each
response writes the session again); `SIGNED_IN_FOR` since sign-in is checked by `auth.py`.
"""

from __future__ import annotations

import hashlib
from dataclasses import dataclass
from datetime import timedelta
from typing import Any

from litestar.connection import ASGIConnection
from litestar.datastructures import Cookie, MutableScopeHeaders
from litestar.middleware.session.server_side import (
    ServerSideSessionBackend,
    ServerSideSessionConfig,
)
from litestar.stores.base import Store
from litestar.types import Empty, Message, ScopeSession
from litestar.utils.dataclass import extract_dataclass_items

from voices.db.tables import OfficerSession
from voices.officers.clock import Clock

COOKIE_NAME = "voices_officer"
STORE_NAME = "officer_sessions"
IDLE_TIMEOUT = timedelta(minutes=30)
SIGNED_IN_FOR = timedelta(hours=12)
ROTATE = "_rotate"


def _hash(session_id: str) -> str:
    return hashlib.sha256(session_id.encode()).hexdigest()


class DatabaseStore(Store):
    """Litestar's key-value store interface over one table; expiry is checked against `clock`."""

    __slots__ = ("clock",)

    def __init__(self, clock: Clock) -> None:
        self.clock = clock

    async def set(self, key: str, value: str | bytes, expires_in: int | timedelta | None = None) -> None:
        data = value.encode() if isinstance(value, str) else value
        row = OfficerSession(key_hash=_hash(key), data=data, expires_at=self._expiry(expires_in))
        await OfficerSession.insert(row).on_conflict(
            target=OfficerSession.key_hash,
            action="DO UPDATE",
            values=[OfficerSession.data, OfficerSession.expires_at],
        )

    async def get(self, key: str, renew_for: int | timedelta | None = None) -> bytes | None:
        row = await OfficerSession.select(OfficerSession.data, OfficerSession.expires_at).where(
            OfficerSession.key_hash == _hash(key)
        ).first()
        if row is None:
            return None
        if row["expires_at"] is not None and row["expires_at"] <= self.clock():
            await self.delete(key)
            return None
        if renew_for is not None and row["expires_at"] is not None:
            await OfficerSession.update({OfficerSession.expires_at: self._expiry(renew_for)}).where(
                OfficerSession.key_hash == _hash(key)
            )
        return bytes(row["data"])

    async def delete(self, key: str) -> None:
        await OfficerSession.delete().where(OfficerSession.key_hash == _hash(key))

    async def delete_all(self) -> None:
        await OfficerSession.delete(force=True)

    async def delete_expired(self) -> None:
        """Rows of sessions nobody came back to; run at each sign-in, so the table stays small."""
        await OfficerSession.delete().where(OfficerSession.expires_at <= self.clock())

    async def exists(self, key: str) -> bool:
        return await self.get(key) is not None

    async def expires_in(self, key: str) -> int | None:
        row = await OfficerSession.select(OfficerSession.expires_at).where(
            OfficerSession.key_hash == _hash(key)
        ).first()
        if row is None or row["expires_at"] is None:
            return None
        return int((row["expires_at"] - self.clock()).total_seconds())

    def _expiry(self, expires_in: int | timedelta | None) -> Any:
        if expires_in is None:
            return None
        delta = expires_in if isinstance(expires_in, timedelta) else timedelta(seconds=expires_in)
        return self.clock() + delta


class OfficerSessionBackend(ServerSideSessionBackend):
    async def store_in_message(self, scope_session: ScopeSession, message: Message, connection: ASGIConnection) -> None:
        store = self.config.get_store_from_app(connection.scope["app"])
        headers = MutableScopeHeaders.from_message(message)
        cookie_id = connection.cookies.get(self.config.key)
        if cookie_id == "null":
            cookie_id = None
        params = dict(extract_dataclass_items(self.config, exclude_none=True, include=Cookie.__dict__.keys()))
        if scope_session is Empty or not scope_session:
            # Nothing to keep: forget any old session, and give a mere visitor no cookie at all.
            if cookie_id:
                await self.delete(cookie_id, store=store)
                headers.add("Set-Cookie", Cookie(value="", key=self.config.key, expires=0, **{**params, "max_age": 0}).to_header(header=""))
            return
        data = dict(scope_session)
        rotate = bool(data.pop(ROTATE, False))
        session_id = cookie_id
        if rotate or session_id is None:
            if session_id is not None:
                await self.delete(session_id, store=store)
            session_id = self.generate_session_id()
        await self.set(session_id=session_id, data=self.serialize_data(data, connection.scope), store=store)
        headers.add("Set-Cookie", Cookie(value=session_id, key=self.config.key, **params).to_header(header=""))


@dataclass
class OfficerSessionConfig(ServerSideSessionConfig):
    _backend_class = OfficerSessionBackend


def session_config(https: bool) -> OfficerSessionConfig:
    return OfficerSessionConfig(
        key=COOKIE_NAME,
        store=STORE_NAME,
        # Sent only to officers' pages: a respondent's browser never holds it for their pages.
        path="/officers",
        max_age=int(IDLE_TIMEOUT.total_seconds()),
        httponly=True,
        samesite="strict",
        secure=https,
    )
