"""Abuse resistance that identifies no one: counts, a spam trap, timing and keyed rate limits.

A client address is turned into a keyed hash whose key lives only in memory and changes every
day, so the limiter can tell repeat posts apart today without anything about the address being
stored, logged or linkable tomorrow.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import hmac
import secrets
import time
from collections import deque
from collections.abc import Callable
from dataclasses import dataclass, field

from litestar import Request

from voices.errors import BotSubmission, RateLimited

# Above this many clients in memory, buckets with nothing in the window are swept away.
_SWEEP_ABOVE = 10_000


def client_address(request: Request, trusted_proxies: frozenset[str] = frozenset()) -> str:
    """The address to key the rate limiter by; used only for that, never stored or logged.

    Behind a load balancer every peer is the balancer, so when the peer is one of the deployment's
    trusted proxies the address it forwarded (the last one it appended) is used instead.
    """
    peer = request.client.host if request.client else ""
    if peer in trusted_proxies:
        forwarded = request.headers.get("x-forwarded-for", "")
        hops = [hop.strip() for hop in forwarded.split(",") if hop.strip()]
        if hops:
            return hops[-1]
    return peer


@dataclass
class AbuseCounts:
    bots: int = 0
    too_fast: int = 0
    rate_limited: int = 0


@dataclass
class AbuseGuard:
    min_seconds_to_complete: float = 3.0
    max_posts: int = 60
    window_seconds: float = 600.0
    today: Callable[[], dt.date] = dt.date.today
    counts: AbuseCounts = field(default_factory=AbuseCounts)
    _day: dt.date | None = None
    _key: bytes = b""
    _recent: dict[str, deque[float]] = field(default_factory=dict)

    def count_bot(self) -> None:
        self.counts.bots += 1

    def check_timing(self, seconds_since_form_shown: float) -> None:
        """People take more than a few seconds to answer anything; scripts do not."""
        if seconds_since_form_shown < self.min_seconds_to_complete:
            self.counts.too_fast += 1
            raise BotSubmission("submitted too quickly")

    def check_rate(self, client_address: str, now: float | None = None) -> None:
        now = time.monotonic() if now is None else now
        key = self.client_key(client_address)
        if len(self._recent) > _SWEEP_ABOVE:
            self._sweep(now)
        bucket = self._recent.setdefault(key, deque())
        while bucket and now - bucket[0] > self.window_seconds:
            bucket.popleft()
        if len(bucket) >= self.max_posts:
            self.counts.rate_limited += 1
            raise RateLimited("too many submissions from one connection")
        bucket.append(now)

    def client_key(self, client_address: str) -> str:
        """Today's keyed hash of `client_address`: the only form in which an address is kept."""
        today = self.today()
        if today != self._day:
            # A new day: a new key, and yesterday's buckets are forgotten with the old one.
            self._day, self._key, self._recent = today, secrets.token_bytes(32), {}
        return hmac.new(self._key, client_address.encode(), hashlib.sha256).hexdigest()[:32]

    def _sweep(self, now: float) -> None:
        self._recent = {
            key: bucket for key, bucket in self._recent.items() if bucket and now - bucket[-1] <= self.window_seconds
        }
