"""Abuse resistance that identifies no one: counts, a spam trap, timing and keyed rate limits.

A client address is turned into a keyed hash whose key lives only in memory and changes every
day, so the limiter can tell repeat posts apart today without anything about the address being
stored, logged or linkable tomorrow.

Shared addresses. Many people reach the site from one address: a mobile carrier's CGNAT, a
college or a workplace network, exactly when a campaign peaks. A strict limit per address (60
sends in 10 minutes) refused most of 200 people answering together, so sends are judged by what
they carry, and only a send nobody could have vouched for stays on the strict limit:

- A send *vouched for by its form token*: the token's signature is ours, it is not spent (as far
  as this process has seen), it has been tried fewer than `TRIES_PER_TOKEN` times here, and it has
  aged past the minimum completion time. These count against a much higher ceiling per address
  (`max_vouched_posts`), which a crowd behind one address does not reach.
- Any other send (no token, a forged, expired or too-young one, or one already spent, a replay)
  counts against the strict limit (`max_posts`), and once that is full such sends are refused with
  429 before any work is done. A vouched send is never refused because that bucket is full, so a
  script hammering from a shared address does not lock its neighbours out.

What a script replaying a captured send can and cannot do:
- It cannot forge a token or move its issue time (both are signed), so it cannot skip the wait.
- It cannot store a send twice: a token is spent once across every process (the database's
  unique spent-token row, in the same transaction as the submission). A replay of a spent token
  is a strict send; each process remembers the tokens it has seen spent, so after the first
  refusal a replay costs a set look-up, not a redaction. The same token tried over and over with
  answers that do not fit stops being vouched for after `TRIES_PER_TOKEN` tries, so one token
  cannot fill the ceiling that the people behind its address share.
- It can fetch fresh forms (reading is never limited, so that help numbers always show), wait the
  minimum time and send them: it is then indistinguishable from a person, which no check that
  works without JavaScript and without identifying anyone can change. The vouched ceiling bounds
  what it stores per address per window, and every refusal is counted for the operator. Proof of
  work could raise the price of each such send, but only as an extra: respondent pages must work
  without JavaScript, so it can never be the gate.
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

from voices.errors import BotSubmission, FormTokenUsed, RateLimited

# Above this many clients in memory, buckets with nothing in the window are swept away.
_SWEEP_ABOVE = 10_000
# A person corrects a refused send a few times at most; more tries of one token are a script's.
TRIES_PER_TOKEN = 5
# Above this many tokens remembered, they are forgotten: a forgotten spent token costs one more
# refusal by the database, a forgotten count a few more tries.
_FORGET_TOKENS_ABOVE = 200_000


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
    max_posts: int = 60  # sends no form token vouches for, per address and window
    max_vouched_posts: int = 2000  # sends a form token vouches for, per address and window
    window_seconds: float = 600.0
    today: Callable[[], dt.date] = dt.date.today
    counts: AbuseCounts = field(default_factory=AbuseCounts)
    _day: dt.date | None = None
    _key: bytes = b""
    _recent: dict[str, deque[float]] = field(default_factory=dict)
    _vouched: dict[str, deque[float]] = field(default_factory=dict)
    _tries: dict[str, int] = field(default_factory=dict)  # by token hash
    _spent: set[str] = field(default_factory=set)  # token hashes seen spent

    def count_bot(self) -> None:
        self.counts.bots += 1

    def check_timing(self, seconds_since_form_shown: float) -> None:
        """People take more than a few seconds to answer anything; scripts do not."""
        if seconds_since_form_shown < self.min_seconds_to_complete:
            self.counts.too_fast += 1
            raise BotSubmission("submitted too quickly")

    def check_rate(self, client_address: str, now: float | None = None) -> None:
        """The strict limit, for a send no form token vouches for. Raises RateLimited past it."""
        key = self.client_key(client_address)  # first: a new day replaces the buckets
        self._take(self._recent, key, self.max_posts, now)

    def check_vouched(self, client_address: str, token_hash: str, token_age: float, now: float | None = None) -> None:
        """Count a send carrying a genuine token against the high ceiling, if the token vouches for it.

        Raises FormTokenUsed for a token seen spent, BotSubmission for one too young or tried too
        often (the caller then counts the send as a strict one), RateLimited past the ceiling.
        """
        self._forget_if_new_day()
        if token_hash in self._spent:
            raise FormTokenUsed("this form was already submitted")
        tries = self._tries.get(token_hash, 0) + 1
        if tries > TRIES_PER_TOKEN:
            raise BotSubmission("form token tried too often")
        self.check_timing(token_age)
        if len(self._tries) > _FORGET_TOKENS_ABOVE:
            self._tries = {}
        self._tries[token_hash] = tries
        key = self.client_key(client_address)
        self._take(self._vouched, key, self.max_vouched_posts, now)

    def spent(self, token_hash: str) -> None:
        """Remember that `token_hash` is spent, so a replay of it is refused without work."""
        self._forget_if_new_day()
        if len(self._spent) > _FORGET_TOKENS_ABOVE:
            self._spent = set()
        self._spent.add(token_hash)
        self._tries.pop(token_hash, None)

    def client_key(self, client_address: str) -> str:
        """Today's keyed hash of `client_address`: the only form in which an address is kept."""
        self._forget_if_new_day()
        return hmac.new(self._key, client_address.encode(), hashlib.sha256).hexdigest()[:32]

    def _forget_if_new_day(self) -> None:
        today = self.today()
        if today != self._day:
            # A new day: a new key, and yesterday's buckets are forgotten with the old one.
            self._day, self._key = today, secrets.token_bytes(32)
            self._recent, self._vouched, self._tries, self._spent = {}, {}, {}, set()

    def _take(self, buckets: dict[str, deque[float]], key: str, limit: int, now: float | None) -> None:
        now = time.monotonic() if now is None else now
        if len(buckets) > _SWEEP_ABOVE:
            self._sweep(buckets, now)
        bucket = buckets.setdefault(key, deque())
        while bucket and now - bucket[0] > self.window_seconds:
            bucket.popleft()
        if len(bucket) >= limit:
            self.counts.rate_limited += 1
            raise RateLimited("too many submissions from one connection")
        bucket.append(now)

    def _sweep(self, buckets: dict[str, deque[float]], now: float) -> None:
        stale = [key for key, bucket in buckets.items() if not bucket or now - bucket[-1] > self.window_seconds]
        for key in stale:
            del buckets[key]
