"""Two-step sign-in: TOTP codes from an authenticator app (pyotp), and recovery codes.

Each code is accepted once: the time step of the last code used is kept, and a code from that step
or an earlier one is refused, so a code seen over someone's shoulder cannot be replayed.
"""

from __future__ import annotations

import hashlib
import hmac
import secrets
from datetime import datetime

import pyotp
import segno
from markupsafe import Markup

ISSUER = "voices"
STEP_SECONDS = 30
# One step either side: phones' clocks drift, and typing a code takes a few seconds.
DRIFT_STEPS = 1
RECOVERY_CODE_COUNT = 10
# No 0/o, 1/l/i: a recovery code is read off paper and typed, often years later.
_RECOVERY_ALPHABET = "abcdefghjkmnpqrstuvwxyz23456789"
_RECOVERY_LENGTH = 10  # about 50 bits each: plenty against guessing, with the sign-in lockout


def new_secret() -> str:
    """A 160-bit base32 secret, the size RFC 4226 recommends."""
    return pyotp.random_base32(length=32)


def provisioning_uri(secret: str, email: str) -> str:
    """The otpauth:// address an authenticator app reads from the QR code (or typed in)."""
    return pyotp.TOTP(secret, interval=STEP_SECONDS).provisioning_uri(name=email, issuer_name=ISSUER)


def qr_code_svg(uri: str) -> Markup:
    """The QR code as inline SVG, drawn here: no image service sees the secret."""
    svg = segno.make(uri, error="m").svg_inline(scale=4, dark="#0b0c0c", light="#ffffff", title="QR code for your authenticator app")
    return Markup(svg)


def matching_step(secret: str, code: str, last_step: int | None, now: datetime) -> int | None:
    """The time step `code` belongs to, if it is right for now and newer than `last_step`; else None."""
    code = "".join(code.split())
    if len(code) != 6 or not code.isdigit():
        return None
    totp = pyotp.TOTP(secret, interval=STEP_SECONDS)
    current = int(now.timestamp()) // STEP_SECONDS
    for step in range(current - DRIFT_STEPS, current + DRIFT_STEPS + 1):
        if last_step is not None and step <= last_step:
            continue
        if hmac.compare_digest(totp.generate_otp(step), code):
            return step
    return None


def new_recovery_codes() -> list[str]:
    """Codes shown to the officer once; only their hashes are kept (`recovery_code_hash`)."""
    codes = []
    for _ in range(RECOVERY_CODE_COUNT):
        raw = "".join(secrets.choice(_RECOVERY_ALPHABET) for _ in range(_RECOVERY_LENGTH))
        codes.append(f"{raw[:5]}-{raw[5:]}")
    return codes


def looks_like_recovery_code(typed: str) -> bool:
    return len(_normalise(typed)) == _RECOVERY_LENGTH


def recovery_code_hash(code: str) -> str:
    # A plain hash is enough here, unlike for passwords: the codes are random and long, so there
    # is no dictionary to try against a stolen hash.
    return hashlib.sha256(_normalise(code).encode()).hexdigest()


def _normalise(code: str) -> str:
    return "".join(character for character in code.lower() if character.isalnum())
