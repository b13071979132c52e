"""Repeated failed sign-ins are slowed, then locked for a while; the lock and its release are audited.

Failures are counted per typed email address, under a keyed hash, whether or not an account has
it: an unknown address is slowed and locked exactly like a real one, so neither the answer nor its
timing tells anyone which addresses have accounts. Counts live in the database, so every app
process sees the same ones.
"""

from __future__ import annotations

import hashlib
import hmac
from dataclasses import dataclass
from datetime import timedelta

from voices.db.tables import SignInThrottle
from voices.officers.audit import Action, Actor, AuditLog
from voices.officers.clock import Clock, Sleep


@dataclass(frozen=True, slots=True)
class ThrottlePolicy:
    slow_after: int = 3
    lock_after: int = 10  # the NCSC suggests allowing about 10 tries before a lock
    lock_for: timedelta = timedelta(minutes=15)
    max_delay_seconds: float = 8.0
    # Failures with none newer for this long are forgotten: a typo last week slows nobody today, and
    # rows made by trying many made-up addresses do not pile up.
    forget_after: timedelta = timedelta(hours=24)

    def delay(self, failures: int) -> float:
        """Seconds to wait before checking: 1, 2, 4, 8 ... from the `slow_after`th failure on."""
        if failures < self.slow_after:
            return 0.0
        return min(2.0 ** (failures - self.slow_after), self.max_delay_seconds)


class Throttle:
    def __init__(self, secret_key: str, clock: Clock, sleep: Sleep, audit: AuditLog, policy: ThrottlePolicy) -> None:
        self._key = secret_key.encode()
        self.clock = clock
        self.sleep = sleep
        self.audit = audit
        self.policy = policy

    def key_hash(self, email: str) -> str:
        return hmac.new(self._key, b"sign-in:" + email.encode(), hashlib.sha256).hexdigest()

    async def admit(self, email: str, actor: Actor) -> bool:
        """Wait as long as earlier failures ask; False while the address is locked."""
        row = await SignInThrottle.objects().where(SignInThrottle.key_hash == self.key_hash(email)).first()
        if row is None:
            return True
        if row.locked_until is not None:
            if self.clock() < row.locked_until:
                return False
            await self.release(email, actor, actor.officer_id or "")
            return True
        if row.last_failure_at is not None and self.clock() - row.last_failure_at >= self.policy.forget_after:
            await SignInThrottle.delete().where(
                (SignInThrottle.id == row.id) & SignInThrottle.locked_until.is_null()
            )
            return True
        if delay := self.policy.delay(row.failures):
            await self.sleep(delay)
        return True

    async def failed(self, email: str, actor: Actor) -> None:
        key = self.key_hash(email)
        await SignInThrottle.insert(SignInThrottle(key_hash=key, failures=0)).on_conflict(
            target=SignInThrottle.key_hash, action="DO NOTHING"
        )
        # Counted in SQL, so two processes' failures both count.
        rows = await (
            SignInThrottle.update(
                {SignInThrottle.failures: SignInThrottle.failures + 1, SignInThrottle.last_failure_at: self.clock()}
            )
            .where(SignInThrottle.key_hash == key)
            .returning(SignInThrottle.failures)
        )
        if rows and rows[0]["failures"] == self.policy.lock_after:
            until = self.clock() + self.policy.lock_for
            await SignInThrottle.update({SignInThrottle.locked_until: until}).where(SignInThrottle.key_hash == key)
            await self.audit.record(actor, Action.sign_in_locked, "officer", actor.officer_id or "")

    async def succeeded(self, email: str) -> None:
        await SignInThrottle.delete().where(SignInThrottle.key_hash == self.key_hash(email))

    async def forget_stale(self) -> None:
        """Delete the rows of failures long forgotten (locked rows wait for their release)."""
        await SignInThrottle.delete().where(
            SignInThrottle.locked_until.is_null()
            & (SignInThrottle.last_failure_at < self.clock() - self.policy.forget_after)
        )

    async def release(self, email: str, actor: Actor, officer_ref: int | str) -> None:
        """End a lock (it ran out, or an administrator reset the password); audited when there was one."""
        released = await (
            SignInThrottle.delete()
            .where((SignInThrottle.key_hash == self.key_hash(email)) & SignInThrottle.locked_until.is_not_null())
            .returning(SignInThrottle.id)
        )
        await SignInThrottle.delete().where(SignInThrottle.key_hash == self.key_hash(email))
        if released:
            await self.audit.record(actor, Action.sign_in_released, "officer", officer_ref)
