"""The stricter limit on wrong invite codes, so guessing one is impractical, shared by every app
process.

Wrong codes are stored in `wrong_code_attempt`, keyed by a hash of the client's address under a key
that changes every day (derived from the deployment's secret and the date, so every process on one
database computes the same key without sharing it any other way). Rows are deleted once they are a
day old, and with them the only way to tell which attempts came from one connection. Past the
limit every code is refused, right or wrong, until the window moves on, so a script learns nothing
by guessing faster. Right codes do not count, so a member who typed theirs correctly is never held
up by it.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import hmac
from dataclasses import dataclass, field

from voices.db.tables import WrongCodeAttempt
from voices.officers.clock import Clock

# 10 wrong codes in 10 minutes lets a member mistype a few times; 50 a day caps a patient script.
WRONG_PER_WINDOW = 10
WINDOW_SECONDS = 600.0
WRONG_PER_DAY = 50
KEPT = dt.timedelta(days=1)  # long enough for the daily cap, and no longer


@dataclass
class CodeAttempts:
    secret_key: str
    clock: Clock
    per_window: int = WRONG_PER_WINDOW
    window_seconds: float = WINDOW_SECONDS
    per_day: int = WRONG_PER_DAY
    refused: int = 0  # entries this process refused by the limit: a count, nothing more
    _keys: dict[dt.date, bytes] = field(default_factory=dict)

    async def blocked(self, client_address: str) -> bool:
        """True when this client has had too many wrong codes: refuse before looking at the code."""
        now = self.clock()
        mine = WrongCodeAttempt.client_key == self.client_key(client_address, now.date())
        since = now - dt.timedelta(seconds=self.window_seconds)
        today = await WrongCodeAttempt.count().where(mine)
        recent = await WrongCodeAttempt.count().where(mine & (WrongCodeAttempt.attempted_at > since))
        if recent >= self.per_window or today >= self.per_day:
            self.refused += 1
            return True
        return False

    async def record_wrong(self, client_address: str) -> None:
        now = self.clock()
        await WrongCodeAttempt.insert(
            WrongCodeAttempt(client_key=self.client_key(client_address, now.date()), attempted_at=now)
        )
        # Yesterday's rows can no longer be matched (the key changed): nothing is kept past a day.
        await WrongCodeAttempt.delete().where(WrongCodeAttempt.attempted_at < now - KEPT)

    def client_key(self, client_address: str, day: dt.date) -> str:
        """The day's keyed hash of `client_address`: the only form in which an address is kept."""
        key = self._keys.get(day)
        if key is None:
            key = hmac.new(self.secret_key.encode(), f"voices wrong codes {day}".encode(), hashlib.sha256).digest()
            self._keys = {day: key}  # yesterday's key is forgotten
        return hmac.new(key, client_address.encode(), hashlib.sha256).hexdigest()
