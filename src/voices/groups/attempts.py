"""The stricter limit on wrong invite codes, so guessing one is impractical.

Wrong codes count against the client's keyed hash (privacy/abuse.py: a key that changes daily and
lives only in memory, so no address is stored). Past the limit every code is refused, right or
wrong, until the window moves on, so a script learns nothing by guessing faster. Right codes do not
count, so a member who typed theirs correctly is never held up by it. Like the other limits it is
held per app process.
"""

from __future__ import annotations

import datetime as dt
import time
from collections import deque
from dataclasses import dataclass, field

from voices.privacy.abuse import AbuseGuard

# 10 wrong codes in 10 minutes lets a member mistype a few times; 50 a day caps a patient script.
WRONG_PER_WINDOW = 10
WINDOW_SECONDS = 600.0
WRONG_PER_DAY = 50


@dataclass
class CodeAttempts:
    abuse: AbuseGuard  # for its rotating client key, not its own limit
    per_window: int = WRONG_PER_WINDOW
    window_seconds: float = WINDOW_SECONDS
    per_day: int = WRONG_PER_DAY
    refused: int = 0  # entries refused by the limit: a count, nothing more
    _day: dt.date | None = None
    _wrong: dict[str, deque[float]] = field(default_factory=dict)

    def blocked(self, client_address: str, now: float | None = None) -> bool:
        """True when this client has had too many wrong codes: refuse before looking at the code."""
        now = time.monotonic() if now is None else now
        wrong = self._bucket(client_address)
        recent = sum(1 for at in wrong if now - at <= self.window_seconds)
        if recent >= self.per_window or len(wrong) >= self.per_day:
            self.refused += 1
            return True
        return False

    def record_wrong(self, client_address: str, now: float | None = None) -> None:
        self._bucket(client_address).append(time.monotonic() if now is None else now)

    def _bucket(self, client_address: str) -> deque[float]:
        key = self.abuse.client_key(client_address)
        today = self.abuse.today()
        if today != self._day:
            # The client key changed with the day: yesterday's counts can no longer be reached.
            self._day, self._wrong = today, {}
        return self._wrong.setdefault(key, deque())
