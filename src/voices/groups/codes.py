"""Invite codes: random, short enough to read aloud and type on a phone, stored only as a keyed hash.

A code is six characters from an alphabet without look-alikes (no 0/O, 1/I/L, 2/Z, 5/S, 8/B),
written as two groups of three (`KT7-9QM`). What someone types is forgiven its case, spaces and
dashes before it is hashed, so `kt7 9qm` opens the same form.
"""

from __future__ import annotations

import hashlib
import hmac
import secrets

ALPHABET = "ACDEFGHJKMNPQRTUVWXY34679"
LENGTH = 6
GROUP = 3
KEYSPACE = len(ALPHABET) ** LENGTH  # 25**6 = 244,140,625


def new_code() -> str:
    """A fresh code, drawn from the operating system's secure random source."""
    raw = "".join(secrets.choice(ALPHABET) for _ in range(LENGTH))
    return "-".join(raw[start : start + GROUP] for start in range(0, LENGTH, GROUP))


def normalise(typed: str) -> str | None:
    """The code's canonical form (upper case, no separators), or None when it cannot be a code
    (wrong length, or a character no code contains): refused like any other wrong code."""
    compact = "".join(ch for ch in typed.upper() if ch not in " -_.\t")
    if len(compact) != LENGTH or any(ch not in ALPHABET for ch in compact):
        return None
    return compact


def code_key(secret_key: str) -> bytes:
    """A key of its own for invite codes, derived from the deployment's secret."""
    return hmac.new(secret_key.encode(), b"voices invite codes", hashlib.sha256).digest()


def code_hash(key: bytes, canonical: str) -> str:
    """HMAC-SHA256 of a canonical code: without the key, the stored hash cannot be tried against
    the 244 million possible codes."""
    return hmac.new(key, canonical.encode(), hashlib.sha256).hexdigest()
