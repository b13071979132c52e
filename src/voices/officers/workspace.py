"""What the officers' pages share, built once from the settings; the clock and the sleep are
parameters so tests can move time and skip the sign-in slow-down."""

from __future__ import annotations

import hashlib
import hmac
from dataclasses import dataclass

from argon2 import PasswordHasher

from voices.officers.audit import AuditLog
from voices.officers.clock import Clock, Sleep, real_sleep, utc_now
from voices.officers.lockout import Throttle, ThrottlePolicy
from voices.officers.passwords import Passwords, argon2_hasher
from voices.officers.sealing import SecretSealer
from voices.officers.sessions import DatabaseStore
from voices.officers.signin import SignIn
from voices.settings import Settings


@dataclass(frozen=True, slots=True)
class Officers:
    clock: Clock
    passwords: Passwords
    audit: AuditLog
    throttle: Throttle
    store: DatabaseStore
    sign_in: SignIn
    sealer: SecretSealer
    https: bool
    csrf_secret: str


def build_officers(
    settings: Settings,
    clock: Clock = utc_now,
    sleep: Sleep = real_sleep,
    hasher: PasswordHasher | None = None,
    policy: ThrottlePolicy | None = None,
) -> Officers:
    passwords = Passwords(hasher or argon2_hasher())
    audit = AuditLog(clock)
    throttle = Throttle(settings.secret_key, clock, sleep, audit, policy or ThrottlePolicy())
    store = DatabaseStore(clock)
    sealer = SecretSealer(settings.secret_key)
    return Officers(
        clock=clock,
        passwords=passwords,
        audit=audit,
        throttle=throttle,
        store=store,
        sign_in=SignIn(passwords, throttle, audit, store, clock, sealer),
        sealer=sealer,
        https=settings.https,
        # Its own key, derived from the deployment's: the CSRF tokens never share a key with anything.
        csrf_secret=hmac.new(settings.secret_key.encode(), b"officers-csrf", hashlib.sha256).hexdigest(),
    )
