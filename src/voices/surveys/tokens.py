"""One-time form tokens: random, signed, and linked to nothing stored about the person.

A token carries the time the form was first shown so a submission made implausibly fast can be
refused; that time is checked and forgotten, never stored. Only a hash of the random part is kept,
once the token is spent, so a double submit stores nothing twice.
"""

from __future__ import annotations

import base64
import datetime as dt
import hashlib
import hmac
import secrets
import time
from dataclasses import dataclass, field

from voices.errors import InvalidToken
from voices.privacy.retention import cutoff


@dataclass(frozen=True, slots=True)
class VerifiedToken:
    token_hash: str
    age_seconds: float
    issued_on: dt.date  # the day the form was first shown; used, never stored


def issue_token(secret: str, now: float | None = None) -> str:
    nonce = base64.urlsafe_b64encode(secrets.token_bytes(18)).decode()
    issued = str(int(now if now is not None else time.time()))
    return f"{nonce}.{issued}.{_sign(secret, nonce, issued)}"


def verify_token(secret: str, token: str, now: float | None = None, max_age_days: int | None = None) -> VerifiedToken:
    """The token's hash and age. Raises InvalidToken if it is not ours, altered, or older than
    ``max_age_days`` (the retention period: past it, the record of its use may be purged)."""
    try:
        nonce, issued, signature = token.split(".")
        issued_at = int(issued)
    except ValueError:
        raise InvalidToken("malformed form token") from None
    if not hmac.compare_digest(signature, _sign(secret, nonce, issued)):
        raise InvalidToken("form token signature does not match")
    current = now if now is not None else time.time()
    age = current - issued_at
    issued_on = dt.date.fromtimestamp(issued_at)
    # In days, as the purge counts them: a spent token is forgotten on the same day its form expires.
    if max_age_days is not None and issued_on < cutoff(dt.date.fromtimestamp(current), max_age_days):
        raise InvalidToken("form token has expired")
    return VerifiedToken(hashlib.sha256(nonce.encode()).hexdigest(), age, issued_on)


def started_on(secret: str, token: str) -> dt.date | None:
    """The day a genuine form token was issued; None for a missing or altered one."""
    try:
        return verify_token(secret, token).issued_on
    except InvalidToken:
        return None


@dataclass(frozen=True, slots=True)
class FormTokens:
    """Issue and check form tokens with the deployment's secret; refused once past retention."""

    secret: str = field(repr=False)
    max_age_days: int

    def issue(self) -> str:
        return issue_token(self.secret)

    def verify(self, token: str) -> VerifiedToken:
        return verify_token(self.secret, token, max_age_days=self.max_age_days)

    def started_on(self, token: str) -> dt.date | None:
        return started_on(self.secret, token)


def _sign(secret: str, nonce: str, issued: str) -> str:
    digest = hmac.new(secret.encode(), f"form-token|{nonce}|{issued}".encode(), hashlib.sha256)
    return base64.urlsafe_b64encode(digest.digest()[:18]).decode()
