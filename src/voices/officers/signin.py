"""The two steps of signing in, apart from HTTP: password (with the throttle), then a code.

Every way the first step can fail (no such account, disabled, no password yet, wrong password,
locked) gives the same answer, after the same Argon2 work, so nothing tells an outsider which
addresses have accounts. A wrong code in the second step counts against the same throttle.
"""

from __future__ import annotations

from dataclasses import dataclass

from piccolo.columns import Column

from voices.db.tables import Officer, RecoveryCode
from voices.officers.accounts import normalise_email, officer_by_id
from voices.officers.audit import UNKNOWN_ACCOUNT, Action, Actor, AuditLog
from voices.officers.clock import Clock
from voices.officers.lockout import Throttle
from voices.officers.passwords import Passwords
from voices.officers.sealing import SecretSealer, is_sealed
from voices.officers.sessions import DatabaseStore
from voices.officers.totp import (
    looks_like_recovery_code,
    matching_step,
    new_recovery_codes,
    recovery_code_hash,
)

SIGN_IN_FAILED = (
    "Enter a correct email address and password. "
    "After several wrong tries, signing in is paused for 15 minutes"
)
CODE_FAILED = "Enter a correct code from your authenticator app, or one of your recovery codes"


def actor_for(officer: Officer) -> Actor:
    return Actor(officer.email, officer.id)


@dataclass(frozen=True, slots=True)
class SignIn:
    passwords: Passwords
    throttle: Throttle
    audit: AuditLog
    store: DatabaseStore
    clock: Clock
    sealer: SecretSealer

    async def check_password(self, email: str, password: str) -> Officer | None:
        """The officer, when the password is theirs and signing in is allowed; else None."""
        email = normalise_email(email)
        officer = await Officer.objects().where(Officer.email == email).first()
        usable = officer is not None and officer.active
        actor = actor_for(officer) if usable and officer is not None else Actor(UNKNOWN_ACCOUNT)
        admitted = await self.throttle.admit(email, actor)
        password_hash = officer.password_hash if usable and admitted and officer is not None else None
        # Run even when the answer is already no: the same work, the same time, for every refusal.
        matched = await self.passwords.verify(password_hash, password)
        if not matched or officer is None:
            if admitted:
                await self.throttle.failed(email, actor)
            await self.audit.record(actor, Action.sign_in_failed, "officer", actor.officer_id or "")
            return None
        if self.passwords.needs_rehash(password_hash or ""):
            await Officer.update({Officer.password_hash: await self.passwords.hash(password)}).where(
                Officer.id == officer.id
            )
        return officer

    async def check_code(self, officer_id: int, typed: str) -> Officer | None:
        """The officer, when `typed` is a fresh code from their app or an unused recovery code."""
        officer = await officer_by_id(officer_id)
        if officer is None or not officer.active or officer.totp_secret is None:
            return None
        actor = actor_for(officer)
        if not await self.throttle.admit(officer.email, actor):
            return None
        if await self._code_matches(officer, typed):
            return officer
        await self.throttle.failed(officer.email, actor)
        await self.audit.record(actor, Action.sign_in_failed, "authenticator code", officer.id)
        return None

    async def _code_matches(self, officer: Officer, typed: str) -> bool:
        if looks_like_recovery_code(typed):
            used = await RecoveryCode.delete().where(
                (RecoveryCode.officer == officer.id) & (RecoveryCode.code_hash == recovery_code_hash(typed))
            ).returning(RecoveryCode.id)
            if used:
                await self.audit.record(actor_for(officer), Action.recovery_code_used, "officer", officer.id)
            return bool(used)
        stored = officer.totp_secret or ""
        secret = self.sealer.open(stored, officer.id)
        if secret is None:
            return False
        step = matching_step(secret, typed, officer.totp_last_step, self.clock())
        if step is None:
            return False
        changes: dict[Column, object] = {Officer.totp_last_step: step}
        if not is_sealed(stored):
            # Written before secrets were sealed: sealed now, with the step that proved it.
            changes[Officer.totp_secret] = self.sealer.seal(secret, officer.id)
        # Conditional on the step stored, so two processes cannot both accept one code.
        taken = await Officer.update(changes).where(
            (Officer.id == officer.id) & (Officer.totp_last_step.is_null() | (Officer.totp_last_step < step))
        ).returning(Officer.id)
        return bool(taken)

    async def set_up_authenticator(self, officer: Officer, secret: str, typed: str) -> list[str] | None:
        """Keep `secret` once `typed` proves the app has it; the new recovery codes, shown once."""
        step = matching_step(secret, typed, None, self.clock())
        if step is None:
            return None
        codes = new_recovery_codes()
        sealed = self.sealer.seal(secret, officer.id)
        await Officer.update({Officer.totp_secret: sealed, Officer.totp_last_step: step}).where(Officer.id == officer.id)
        await RecoveryCode.delete().where(RecoveryCode.officer == officer.id)
        await RecoveryCode.insert(*(RecoveryCode(officer=officer.id, code_hash=recovery_code_hash(code)) for code in codes))
        await self.audit.record(actor_for(officer), Action.authenticator_set_up, "officer", officer.id)
        return codes

    async def completed(self, officer: Officer) -> None:
        await self.throttle.succeeded(officer.email)
        await Officer.update({Officer.last_sign_in_at: self.clock()}).where(Officer.id == officer.id)
        await self.audit.record(actor_for(officer), Action.signed_in, "officer", officer.id)
        # Housekeeping at each sign-in, so neither table grows without end.
        await self.store.delete_expired()
        await self.throttle.forget_stale()
